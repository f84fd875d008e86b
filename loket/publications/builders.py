"""Publications for demo data, bench seeding and test factories.

Written once here: the slug follows the title when none is given, a published publication has a
publication date (now, unless given), a draft has none, and the themes are linked. Many
publications go in a handful of bulk inserts. Builders only write rows: revisions of a framework
and publishing by the core team are `publication_create` / `publication_publish` in the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from loket.core.bulk import BATCH, bulk_insert
from loket.core.models import Theme

from .models import Publication, PublicationStatus


@dataclass
class NewPublication:
    """One publication to build: `publication` is unsaved."""

    publication: Publication
    themes: Sequence[Theme] = ()


def _complete(publication: Publication, now) -> None:
    publication.slug = publication.slug or slugify(publication.title)[:240]
    if publication.status == PublicationStatus.PUBLISHED and publication.published_at is None:
        publication.published_at = now
    if publication.status == PublicationStatus.DRAFT:
        publication.published_at = None


def build_publications(items: Sequence[NewPublication], *, batch_size: int = BATCH) -> list[Publication]:
    """Insert the publications with their themes; returns them saved, in order."""
    items = list(items)
    now = timezone.now()
    for item in items:
        _complete(item.publication, now)
    with transaction.atomic():
        publications = bulk_insert(Publication, [item.publication for item in items], batch_size=batch_size)
        through = Publication.themes.through
        links = [
            through(publication_id=publication.pk, theme_id=theme.pk)
            for item, publication in zip(items, publications, strict=True)
            for theme in item.themes
        ]
        bulk_insert(through, links, batch_size=batch_size)
    return publications


def build_publication(*, themes: Sequence[Theme] = (), **fields) -> Publication:
    """One publication; `fields` are Publication fields (kind, title, body, status, published_at, ...)."""
    return build_publications([NewPublication(Publication(**fields), themes=list(themes))])[0]
