"""Reads of lessons from the field: what awaits the core team, and the published lessons that the
next mailing carries to theme subscribers (loket.mailings reads them here)."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from loket.core.models import Theme
from loket.publications.lessons.models import LessonSubmission
from loket.publications.lessons.workflow import LessonStatus
from loket.publications.models import Publication, PublicationKind


def lessons_awaiting_core_team() -> QuerySet[LessonSubmission]:
    return LessonSubmission.objects.filter(status=LessonStatus.SUBMITTED)


def lessons_published_between(start: datetime | None, end: datetime) -> list[Publication]:
    """Published lessons learned whose publication date lies in (start, end], with their themes."""
    qs = Publication.objects.published().filter(kind=PublicationKind.LESSONS, published_at__lte=end)
    if start is not None:
        qs = qs.filter(published_at__gt=start)
    return list(
        qs.prefetch_related(Prefetch("themes", queryset=Theme.objects.only("id", "code", "name", "parent_id")))
        .only("id", "title", "slug", "summary", "published_at")
        .order_by("published_at", "pk")
    )
