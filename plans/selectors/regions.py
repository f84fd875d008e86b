"""Regions, location types and a version's capacity per region."""

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext

from loket.core.models import LocationType

from ..models import (
    PlanVersion,
    Region,
)
from .versions import _in_quarter_sum


def location_types() -> list[LocationType]:
    """Every location type, by code (the capacity picture's columns and its filter's choices)."""
    return list(LocationType.objects.order_by("code"))


def regions_of(province_id: int) -> QuerySet[Region]:
    return Region.objects.filter(province_id=province_id, active=True).order_by("name")


def version_by_region(version: PlanVersion, quarter_list: list[int], locations=None) -> list[dict]:
    """Per region of the version's locations (and "no region"): location count, capacity and capacity
    per quarter. One query."""
    locations = version.locations.all() if locations is None else locations
    rows = (
        locations.values("region_id", "region__name")
        .annotate(n=Count("pk"), total=Sum("capacity"), **{f"q{q}": _in_quarter_sum(q) for q in quarter_list})
        .order_by("region__name")
    )
    return [
        {
            "region": row["region__name"] or gettext("Geen regio"),
            "count": row["n"],
            "capacity": row["total"] or 0,
            "quarters": [row[f"q{q}"] or 0 for q in quarter_list],
        }
        for row in rows
    ]
