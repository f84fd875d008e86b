"""States of a publication and the moves between them. Every move goes through
`loket.publications.services.publication_transition`, which locks the row, checks the move against
this table and writes a history row (PublicationStatusChange)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


TRANSITIONS: dict[PublicationStatus, frozenset[PublicationStatus]] = {
    # The core team publishes a draft, now or from a date (a new date is not a move).
    PublicationStatus.DRAFT: frozenset({PublicationStatus.PUBLISHED}),
    # A published publication is withdrawn: it is no longer public.
    PublicationStatus.PUBLISHED: frozenset({PublicationStatus.WITHDRAWN}),
    # A withdrawn publication can be published again.
    PublicationStatus.WITHDRAWN: frozenset({PublicationStatus.PUBLISHED}),
}
