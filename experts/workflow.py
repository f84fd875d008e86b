"""States of a referral (a question put to an expert), of an introduction and of a partner's
request for one, with the moves between them (journey 4 of DESIGN.md).

Each move goes through its one service in experts/services.py (`referral_transition`,
`introduction_transition`, `introduction_request_transition`), which locks the row, checks the move
against the table below with `loket.core.workflow.check_transition` and writes a history row.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from questions.workflow import OPEN_STATUSES as OPEN_QUESTION_STATUSES


class ReferralStatus(models.TextChoices):
    SENT = "verstuurd", _("Verstuurd")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "afgewezen", _("Afgewezen")
    ANSWERED = "beantwoord", _("Beantwoord")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")
    EXPIRED = "verlopen", _("Verlopen")


# A question can be referred while it is open: an answered or closed question is done (a reply of
# the asker reopens it first).
REFERABLE_QUESTION_STATUSES = OPEN_QUESTION_STATUSES


REFERRAL_TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    # The expert accepts, declines or answers straight away (through the signed link); the core
    # team withdraws it (or the expert left the network, or the question was answered otherwise);
    # the link expires without a reaction.
    ReferralStatus.SENT: frozenset(
        {
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED,
            ReferralStatus.ANSWERED,
            ReferralStatus.WITHDRAWN,
            ReferralStatus.EXPIRED,
        }
    ),
    # After accepting, the expert answers or still declines; withdrawal and expiry as above.
    ReferralStatus.ACCEPTED: frozenset(
        {ReferralStatus.DECLINED, ReferralStatus.ANSWERED, ReferralStatus.WITHDRAWN, ReferralStatus.EXPIRED}
    ),
    # The answer goes to the core team's review (answer_sent_at records that); the referral is done.
    ReferralStatus.ANSWERED: frozenset(),
    # Declined, withdrawn and expired are final: the core team refers the question anew if needed.
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
    ReferralStatus.EXPIRED: frozenset(),
}

OPEN_REFERRAL_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class IntroductionStatus(models.TextChoices):
    PENDING = "wacht", _("Wacht op instemming")
    INTRODUCED = "geintroduceerd", _("Geïntroduceerd")
    DECLINED = "afgewezen", _("Niet doorgegaan")


INTRODUCTION_TRANSITIONS: dict[IntroductionStatus, frozenset[IntroductionStatus]] = {
    # Both parties agreed (one mail introduces them), or one of them said no.
    IntroductionStatus.PENDING: frozenset({IntroductionStatus.INTRODUCED, IntroductionStatus.DECLINED}),
    # Both are final: a new introduction is a new row.
    IntroductionStatus.INTRODUCED: frozenset(),
    IntroductionStatus.DECLINED: frozenset(),
}


class IntroductionRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "afgehandeld", _("Afgehandeld")
    REJECTED = "afgewezen", _("Afgewezen")


INTRODUCTION_REQUEST_TRANSITIONS: dict[IntroductionRequestStatus, frozenset[IntroductionRequestStatus]] = {
    # The core team makes the introduction, or closes the request without one.
    IntroductionRequestStatus.OPEN: frozenset({IntroductionRequestStatus.HANDLED, IntroductionRequestStatus.REJECTED}),
    # Both are final: the partner can ask again.
    IntroductionRequestStatus.HANDLED: frozenset(),
    IntroductionRequestStatus.REJECTED: frozenset(),
}
