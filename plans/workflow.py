"""States of a provincial plan version (journey 5 of DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core import workflow


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    IN_PRT = "in_prt", _("In PRT")
    SUBMITTED = "ingediend", _("Ingediend")
    ADOPTED = "vastgesteld", _("Vastgesteld")


TRANSITIONS: dict[Status, frozenset[Status]] = {
    # The draft goes to the steering table for discussion.
    Status.CONCEPT: frozenset({Status.IN_PRT}),
    # The PRT sends it back for more work, or submits it.
    Status.IN_PRT: frozenset({Status.CONCEPT, Status.SUBMITTED}),
    # A submitted version is frozen; it can only be adopted (a revision starts a new concept).
    Status.SUBMITTED: frozenset({Status.ADOPTED}),
    # Adopted is final.
    Status.ADOPTED: frozenset(),
}

EDITABLE = frozenset({Status.CONCEPT, Status.IN_PRT})
FROZEN = frozenset({Status.SUBMITTED, Status.ADOPTED})


def can_transition(source: str, target: str) -> bool:
    return workflow.can_transition(TRANSITIONS, source, target)


class RoundStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
