"""loket.publications.builders: demo, bench and test publications follow the publication rules."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core.models import Theme
from loket.publications.builders import NewPublication, build_publication, build_publications
from loket.publications.models import Publication, PublicationKind, PublicationStatus

pytestmark = pytest.mark.django_db


def test_a_published_publication_has_a_date_and_a_draft_has_none():
    yesterday = timezone.now() - dt.timedelta(days=1)
    news = {"kind": PublicationKind.NEWS, "status": PublicationStatus.PUBLISHED}
    published, dated, draft = build_publications(
        [
            NewPublication(Publication(title="Nieuw kader", **news)),
            NewPublication(Publication(title="Gisteren", published_at=yesterday, **news)),
            NewPublication(Publication(kind=PublicationKind.GUIDE, title="Concept", published_at=yesterday)),
        ]
    )
    assert published.published_at is not None and dated.published_at == yesterday
    assert (draft.status, draft.published_at) == (PublicationStatus.DRAFT, None)
    assert list(Publication.objects.published().order_by("pk")) == [published, dated]


def test_the_slug_follows_the_title_and_the_themes_are_linked():
    themes = list(Theme.objects.filter(parent__isnull=True).order_by("code")[:2])
    publication = build_publication(kind=PublicationKind.FAQ, title="Telt een flexwoning mee?", themes=themes)
    assert publication.slug == "telt-een-flexwoning-mee"
    assert list(publication.themes.order_by("code")) == themes
