"""States of a signal (opportunity, risk or issue), journey 8 of DESIGN.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core import workflow


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    ESCALATED = "geescaleerd", _("Geëscaleerd")
    DECIDED = "besloten", _("Besloten")
    CLOSED = "afgesloten", _("Afgesloten")


TRANSITIONS: dict[Status, frozenset[Status]] = {
    # The core team takes up a reported signal, or closes it at once.
    Status.OPEN: frozenset({Status.IN_PROGRESS, Status.CLOSED}),
    # Handled by the core team, escalated to the LRT, or closed.
    Status.IN_PROGRESS: frozenset({Status.ESCALATED, Status.CLOSED}),
    # The LRT decides; an escalation may be withdrawn back to the core team.
    Status.ESCALATED: frozenset({Status.DECIDED, Status.IN_PROGRESS}),
    # After the decision the actions are followed up and the signal closed.
    Status.DECIDED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    # A closed signal can be reopened when it comes back.
    Status.CLOSED: frozenset({Status.OPEN}),
}

OPEN_STATUSES = frozenset({Status.OPEN, Status.IN_PROGRESS, Status.ESCALATED, Status.DECIDED})


def can_transition(source: str, target: str) -> bool:
    return workflow.can_transition(TRANSITIONS, source, target)
