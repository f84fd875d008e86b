"""States of a mailing and of a subscription, with the moves between them. Every move goes through
`mailing_transition` (loket/mailings/services.py) or `subscription_transition`
(loket/mailings/subscriptions.py): they lock the row, check the move against the table below and
write a history row.

A subscription keeps its state in the dates the mailing queries read (`confirmed_at`,
`unsubscribed_at`); `Subscription.status` reads it from them, so there is one truth, and
`subscription_transition` is the one place that sets them. The recipient rows of a mailing
(wachtend / verzonden / mislukt) are delivery bookkeeping, flipped per row by the sending task.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailingStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SENDING = "verzenden", _("Wordt verzonden")
    SENT = "verzonden", _("Verzonden")


MAILING_TRANSITIONS: dict[MailingStatus, frozenset[MailingStatus]] = {
    # The core team sends the draft: the recipients are fixed and sending starts.
    MailingStatus.DRAFT: frozenset({MailingStatus.SENDING}),
    # Done once no recipient row is pending anymore (each one sent or failed).
    MailingStatus.SENDING: frozenset({MailingStatus.SENT}),
    # A mailing is sent once.
    MailingStatus.SENT: frozenset(),
}


class SubscriptionStatus(models.TextChoices):
    PENDING = "onbevestigd", _("Nog niet bevestigd")
    ACTIVE = "actief", _("Actief")
    UNSUBSCRIBED = "afgemeld", _("Afgemeld")


SUBSCRIPTION_TRANSITIONS: dict[SubscriptionStatus, frozenset[SubscriptionStatus]] = {
    # Confirmed through the link in the mail (or by a partner on the profile page), or the address
    # opts out before confirming (unsubscribe link, profile page).
    SubscriptionStatus.PENDING: frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.UNSUBSCRIBED}),
    # Unsubscribed by the link in every mailing, on the profile page or by the beheerder on request.
    SubscriptionStatus.ACTIVE: frozenset({SubscriptionStatus.UNSUBSCRIBED}),
    # Subscribed again: only a new confirmation (or the partner's own profile) makes it count.
    SubscriptionStatus.UNSUBSCRIBED: frozenset({SubscriptionStatus.ACTIVE}),
}
