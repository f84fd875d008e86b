"""States of a question and the moves between them (journey 2 of DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core import workflow


class Status(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    ASSIGNED = "toegewezen", _("Toegewezen")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    WITH_EXPERT = "bij_deskundige", _("Bij deskundige")
    ANSWERED = "beantwoord", _("Beantwoord")
    CLOSED = "gesloten", _("Gesloten")
    REOPENED = "heropend", _("Heropend")


# Each allowed move, with the reason it exists.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    # A new question is assigned (by a routing rule or by hand), or answered straight away.
    Status.NEW: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED}),
    # The assignee starts, hands it back to the queue, refers it or answers it.
    Status.ASSIGNED: frozenset({Status.NEW, Status.IN_PROGRESS, Status.WITH_EXPERT, Status.ANSWERED, Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.ASSIGNED, Status.WITH_EXPERT, Status.ANSWERED, Status.CLOSED}),
    # The expert answers (the core team sends it) or the referral is withdrawn.
    Status.WITH_EXPERT: frozenset({Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED}),
    # An answered question is closed, or reopened by a reply of the asker.
    Status.ANSWERED: frozenset({Status.CLOSED, Status.REOPENED}),
    # A reply of the asker reopens a closed question too.
    Status.CLOSED: frozenset({Status.REOPENED}),
    # A reopened question is taken up again like an assigned one.
    Status.REOPENED: frozenset(
        {Status.ASSIGNED, Status.IN_PROGRESS, Status.WITH_EXPERT, Status.ANSWERED, Status.CLOSED}
    ),
}

# What each status means for the asker and what happens next (the asker's page), in plain Dutch.
ASKER_EXPLANATIONS: dict[Status, str] = {
    Status.NEW: _("Wij hebben uw vraag ontvangen. Binnenkort kiest het kernteam wie uw vraag gaat beantwoorden."),
    Status.ASSIGNED: _(
        "Een medewerker van het kernteam is aan uw vraag gekoppeld. Deze medewerker gaat er binnenkort mee aan de slag."
    ),
    Status.IN_PROGRESS: _(
        "Een medewerker van het kernteam werkt aan het antwoord. U krijgt een e-mail zodra het antwoord klaar is."
    ),
    Status.WITH_EXPERT: _(
        "Wij hebben een deskundige gevraagd om mee te denken. Het kernteam controleert het antwoord en "
        "stuurt het daarna naar u."
    ),
    Status.ANSWERED: _(
        "Uw vraag is beantwoord. Het antwoord staat hieronder en is ook naar u gemaild. "
        "Is iets niet duidelijk? Reageer dan hieronder: dan kijken wij er opnieuw naar."
    ),
    Status.CLOSED: _(
        "Wij hebben uw vraag afgesloten. Heeft u toch nog een vraag hierover? Reageer dan hieronder: "
        "dan openen wij uw vraag opnieuw."
    ),
    Status.REOPENED: _(
        "U heeft gereageerd op ons antwoord. Het kernteam kijkt opnieuw naar uw vraag en laat u weten wat er gebeurt."
    ),
}

OPEN_STATUSES = frozenset({Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WITH_EXPERT, Status.REOPENED})


def can_transition(source: str, target: str) -> bool:
    return workflow.can_transition(TRANSITIONS, source, target)
