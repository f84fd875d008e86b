"""Review comments on plan versions."""

from django.db.models import Count

from ..models import (
    PlanVersion,
    ReviewComment,
)
from ..workflow import SETTLED


def review_comments_of(version: PlanVersion) -> list[ReviewComment]:
    """The comments of a version in order, with who answered them (the page shows that name, not who
    resolved them)."""
    return list(version.review_comments.select_related("answered_by").order_by("created_at", "pk"))


def open_comment_counts(version_ids) -> dict[int, int]:
    """Version pk -> number of unresolved review comments. One query."""
    return dict(
        ReviewComment.objects.filter(version_id__in=version_ids, resolved_at__isnull=True)
        .values("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )


def open_comments_by_province() -> dict[int, int]:
    """Province pk -> unresolved comments on the versions that still count (not settled). One query."""
    return dict(
        ReviewComment.objects.filter(resolved_at__isnull=True)
        .exclude(version__status__in=SETTLED)
        .values("version__plan__province_id")
        .annotate(n=Count("pk"))
        .values_list("version__plan__province_id", "n")
    )
