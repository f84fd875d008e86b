"""States of a consultation round and the moves between them (through
`loket.publications.consultations.services.consultation_transition`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "afgerond", _("Afgerond")


TRANSITIONS: dict[ConsultationStatus, frozenset[ConsultationStatus]] = {
    # The core team closes the round once every comment has an answer (checked by the service).
    ConsultationStatus.OPEN: frozenset({ConsultationStatus.CLOSED}),
    # A closed round stays closed: its reactienota belongs to the published version.
    ConsultationStatus.CLOSED: frozenset(),
}


class Handling(models.TextChoices):
    ADOPTED = "overgenomen", _("Overgenomen")
    PARTLY = "deels", _("Deels overgenomen")
    NOT_ADOPTED = "niet", _("Niet overgenomen")
