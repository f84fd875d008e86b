"""States of a provincial plan version (journey 5 of DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core import workflow


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    IN_PRT = "in_prt", _("In PRT")
    SUBMITTED = "ingediend", _("Ingediend")
    ADOPTED = "vastgesteld", _("Vastgesteld")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")
    SUPERSEDED = "vervangen", _("Vervangen")


TRANSITIONS: dict[Status, frozenset[Status]] = {
    # The draft goes to the steering table for discussion.
    Status.CONCEPT: frozenset({Status.IN_PRT}),
    # The PRT sends it back for more work, or submits it.
    Status.IN_PRT: frozenset({Status.CONCEPT, Status.SUBMITTED}),
    # A submitted version is frozen. It is adopted; or withdrawn, when the PRT starts a revision
    # (plan_version_start does this); or superseded, when a later version is adopted.
    Status.SUBMITTED: frozenset({Status.ADOPTED, Status.WITHDRAWN, Status.SUPERSEDED}),
    # Adopted is final.
    Status.ADOPTED: frozenset(),
    # Withdrawn and superseded are final: they no longer await anything.
    Status.WITHDRAWN: frozenset(),
    Status.SUPERSEDED: frozenset(),
}

EDITABLE = frozenset({Status.CONCEPT, Status.IN_PRT})
FROZEN = frozenset({Status.SUBMITTED, Status.ADOPTED, Status.WITHDRAWN, Status.SUPERSEDED})
# Versions that have been settled by a later one: they no longer count as the plan's current stage.
SETTLED = frozenset({Status.WITHDRAWN, Status.SUPERSEDED})

# The button text for a move to each status (an action, not the bare status name).
ACTION_LABELS: dict[Status, str] = {
    Status.CONCEPT: _("Terugzetten naar concept"),
    Status.IN_PRT: _("Bespreken in de PRT"),
    Status.SUBMITTED: _("Indienen"),
    Status.ADOPTED: _("Vaststellen"),
    Status.WITHDRAWN: _("Intrekken"),
    Status.SUPERSEDED: _("Markeren als vervangen"),
}

# The reasons written in the history when a version is settled by another one.
WITHDRAWN_BY_REVISION = _("Ingetrokken: versie %(n)s is gestart als herziening.")
SUPERSEDED_BY_ADOPTION = _("Vervangen: versie %(n)s is vastgesteld.")


def can_transition(source: str, target: str) -> bool:
    return workflow.can_transition(TRANSITIONS, source, target)


class RoundStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")


# --- practical support requests (function III of the arrangement: support, never take over) ------


class SupportKind(models.TextChoices):
    THINK_ALONG = "meedenken", _("Meedenken")
    CALCULATION = "rekenhulp", _("Rekenhulp")
    REVIEW = "review", _("Review van een planonderdeel")
    MEETING = "bijeenkomst", _("Begeleiden van een bijeenkomst")
    OTHER = "anders", _("Anders")


class SupportStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aangevraagd")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "afgewezen", _("Afgewezen")
    PLANNED = "gepland", _("Gepland")
    DONE = "afgerond", _("Afgerond")


SUPPORT_TRANSITIONS: dict[SupportStatus, frozenset[SupportStatus]] = {
    # The core team accepts (and assigns a member) or declines with a reason.
    SupportStatus.REQUESTED: frozenset({SupportStatus.ACCEPTED, SupportStatus.DECLINED}),
    # An accepted request is planned on a date, or finished straight away (a short call).
    SupportStatus.ACCEPTED: frozenset({SupportStatus.PLANNED, SupportStatus.DONE}),
    # A planned request is finished with its outcome.
    SupportStatus.PLANNED: frozenset({SupportStatus.DONE}),
    # Declined and done are final.
    SupportStatus.DECLINED: frozenset(),
    SupportStatus.DONE: frozenset(),
}
SUPPORT_OPEN = frozenset({SupportStatus.REQUESTED, SupportStatus.ACCEPTED, SupportStatus.PLANNED})


def can_support_transition(source: str, target: str) -> bool:
    return workflow.can_transition(SUPPORT_TRANSITIONS, source, target)


# --- implementation of a planned location (function V: monitor the implementation too) -----------


class RealisationState(models.TextChoices):
    PREPARING = "voorbereiding", _("In voorbereiding")
    IN_USE = "in_gebruik", _("In gebruik")
    CLOSED = "afgebouwd", _("Afgebouwd")
