"""Realisation of planned locations."""

from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from .. import quarters
from ..models import (
    LocationRealisation,
    PlannedLocation,
    PlanVersion,
)
from ..workflow import SETTLED, RealisationState


def realisations_of(plan_id: int) -> dict:
    """Location key -> its LocationRealisation (one row per key, across versions). One query."""
    return {r.key: r for r in LocationRealisation.objects.filter(plan_id=plan_id)}


def realisation_history(plan_id: int, key) -> list:
    return list(
        LocationRealisation.history.filter(plan_id=plan_id, key=key)
        .select_related("history_user")
        .order_by("-history_date")[:25]
    )


def realisation_annotations(outer_plan: str = "version__plan_id") -> dict:
    """Subqueries that give a planned location the quarters of its realisation (by plan and key)."""
    row = LocationRealisation.objects.filter(plan_id=OuterRef(outer_plan), key=OuterRef("key"))
    return {
        "realised_from": Subquery(row.values("in_use_quarter")[:1]),
        "realised_until": Subquery(row.values("closed_quarter")[:1]),
        "realisation_state": Subquery(row.values("state")[:1]),
    }


def realised_in(q: int) -> Q:
    """A location counts as realised in quarter q from the quarter it went in use up to, not including,
    the quarter it was closed."""
    return Q(realised_from__lte=q) & (Q(realised_until__isnull=True) | Q(realised_until__gt=q))


def implementation_progress(*, today: date | None = None) -> dict[int, dict]:
    """Province pk -> implementation of its current version (the newest not settled): places planned
    to be in use in the current quarter, of those realised, their share (%), and the locations late
    against their first quarter (that quarter has passed and they are not in use). One query."""
    today = today or timezone.localdate()
    now = quarters.of_date(today)
    newest = PlanVersion.objects.filter(plan=OuterRef("version__plan")).exclude(status__in=SETTLED).order_by("-number")
    active_now = Q(first_quarter__lte=now) & (Q(last_quarter__isnull=True) | Q(last_quarter__gte=now))
    rows = (
        PlannedLocation.objects.annotate(newest=Subquery(newest.values("pk")[:1]), **realisation_annotations())
        .filter(version_id=F("newest"))
        .values("version__plan__province_id")
        .annotate(
            planned=Sum("capacity", filter=active_now),
            realised=Sum("capacity", filter=active_now & realised_in(now)),
            late=Count(
                "pk",
                filter=Q(first_quarter__lt=now)
                & (Q(realisation_state__isnull=True) | Q(realisation_state=RealisationState.PREPARING)),
            ),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        planned, realised = row["planned"] or 0, row["realised"] or 0
        result[row["version__plan__province_id"]] = {
            "planned": planned,
            "realised": realised,
            "share": round(100 * realised / planned) if planned else None,
            "late": row["late"],
        }
    return result
