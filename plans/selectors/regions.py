"""Regions, location types and a version's capacity per region."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext

from loket.core.models import LocationType

from ..models import (
    PlanVersion,
    Region,
)
from .versions import quarter_sums


def location_types() -> list[LocationType]:
    """Every location type, by code (the capacity picture's columns and its filter's choices)."""
    return list(LocationType.objects.order_by("code"))


def regions_of(province_id: int) -> QuerySet[Region]:
    return Region.objects.filter(province_id=province_id, active=True).order_by("name")


def version_by_region(version: PlanVersion, quarter_list: list[int], locations=None) -> list[dict]:
    """Per region of the version's locations (and "no region"): location count, capacity and capacity
    per quarter. One query: the SQL of `locations` (a queryset of the version's locations, e.g. filtered;
    default all of them) inside an aggregation written as SQL (versions.quarter_sums, issue 21)."""
    locations = version.locations.all() if locations is None else locations
    try:
        base_sql, base_params = (
            locations.order_by()
            .values("region_id", "capacity", "first_quarter", "last_quarter")
            .query.sql_with_params()
        )
    except EmptyResultSet:  # nothing can match
        return []
    sums, params = quarter_sums(quarter_list)
    sql = (
        f"SELECT g.name, COUNT(*), SUM(l.capacity){''.join(', ' + s for s in sums)} "  # noqa: S608 - no user text
        f"FROM ({base_sql}) l LEFT JOIN {Region._meta.db_table} g ON g.id = l.region_id "
        "GROUP BY l.region_id, g.name ORDER BY g.name"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *base_params))
        rows = cursor.fetchall()
    return [
        {
            "region": name or gettext("Geen regio"),
            "count": n,
            "capacity": total or 0,
            "quarters": [value or 0 for value in values],
        }
        for name, n, total, *values in rows
    ]
