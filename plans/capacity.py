"""The capacity picture: planned capacity per province and quarter against the published prognosis.

Who sees what (a design decision, also in the README): the picture is public. Every user sees, per
province, the newest plan version they may read (`plan_versions_visible_to`): visitors and partners of
other provinces the newest *vastgesteld* version, a PRT-lid or CdK-medewerker the newest version of
their own province, the core team and the LRT secretary the newest version of every province. Anyone may
narrow it to adopted versions only (`basis=vastgesteld`).

The aggregation runs in the database: one query over the planned locations of those versions, grouped
by version (so by province), status and location type, with one conditional SUM per quarter of the horizon. The number
of queries does not grow with the number of provinces, versions, locations or quarters.

Realised capacity (issue 16): a second query sums, per province and quarter up to the current one, the
capacity of the counted locations whose realisation (LocationRealisation, by plan and key) says they
were in use in that quarter. Later quarters have no realised figure (None). A region filter narrows
both to the locations of that region.

The required capacity of a province is its share in the latest published prognosis round; it is the
same for every quarter (a prognosis states the capacity needed by its reference date).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import add

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from loket.core.charts import Segment, stacked_bar_chart
from loket.core.models import LocationType, Province

from . import quarters
from .models import LocationRealisation, LocationStatus, PlannedLocation, PlanVersion
from .selectors import (
    capacity_by_quarter,
    conditional_sum,
    latest_published_round,
    placeholders,
    plan_versions_visible_to,
)
from .workflow import Status

HARD_STATUSES = (LocationStatus.EXISTING, LocationStatus.DECIDED)
ALL_STATUSES = (LocationStatus.EXISTING, LocationStatus.DECIDED, LocationStatus.INTENDED)


@dataclass
class Line:
    """One province (or the country): planned capacity per quarter, split by status and by type."""

    required: int | None
    planned: list[int]
    by_status: dict[str, list[int]]
    by_type: dict[int, list[int]]
    gap: list[int | None] = field(default_factory=list)
    short: list[bool] = field(default_factory=list)
    # Per quarter the capacity in use (None for quarters after the current one).
    realised: list[int | None] = field(default_factory=list)

    def finish(self) -> None:
        self.gap = [None if self.required is None else p - self.required for p in self.planned]
        self.short = [g is not None and g < 0 for g in self.gap]

    @property
    def cells(self) -> list[dict]:
        """Per quarter: planned, gap and short together (the table renders these without lookups)."""
        realised = self.realised or [None] * len(self.planned)
        return [
            {"value": value, "gap": gap, "short": short, "realised": done}
            for value, gap, short, done in zip(self.planned, self.gap, self.short, realised, strict=False)
        ]


@dataclass
class CapacityPicture:
    quarters: list[int]
    labels: list[str]
    statuses: tuple[str, ...]
    types: list[LocationType]
    round: object | None
    provinces: list[dict]
    national: Line
    short_quarters: list[str]

    def quarter_rows(self) -> list[dict]:
        """Per quarter the national figures, for the accessible table beside the chart."""
        rows = []
        for i, label in enumerate(self.labels):
            rows.append(
                {
                    "label": label,
                    "planned": self.national.planned[i],
                    "by_status": [self.national.by_status[s][i] for s in self.statuses],
                    "required": self.national.required,
                    "gap": self.national.gap[i],
                    "short": self.national.short[i],
                    "realised": self.national.realised[i] if self.national.realised else None,
                }
            )
        return rows


# The tables the capacity page reads: a write to any of them raises the data version "plans"
# (loket.core.data_versions; the triggers come from migration plans 0013), which the cached page is keyed on.
DATA_VERSION_TABLES = (
    "plans_prognosisround",
    "plans_provinceprognosis",
    "plans_plan",
    "plans_planversion",
    "plans_region",
    "plans_plannedlocation",
    "plans_locationrealisation",
    "loket_province",
    "loket_locationtype",
)


def _picture_rows(
    version_ids: list[int],
    statuses: Sequence[str],
    type_ids: list[int] | None,
    region_ids: list[int] | None,
    quarter_list: list[int],
    past: list[int],
) -> list[tuple]:
    """Per version, status and location type of the counted locations (those of `version_ids` with one
    of `statuses`, narrowed to `type_ids` and `region_ids` when given): the planned capacity in every
    quarter of `quarter_list`, then the capacity in use in every quarter of `past` (issue 16). One
    query; its rows as the database returns them (plain tuples; an empty sum is None).

    Written as SQL: the ORM took longer to build the two dozen conditional sums (and to convert hundreds
    of rows) than PostgreSQL took to run them, and a join on the realisation (one row per plan and key)
    replaces three subqueries per location (issue 21). The versions are known by their keys (the
    province of each is known to the caller), so the query joins only the realisation and the version's
    plan, which also keeps PostgreSQL's planning short.
    """
    if not version_ids or not statuses:
        return []
    planned = conditional_sum("l.first_quarter <= %s AND (l.last_quarter IS NULL OR l.last_quarter >= %s)")
    realised = conditional_sum("r.in_use_quarter <= %s AND (r.closed_quarter IS NULL OR r.closed_quarter > %s)")
    sums = [planned] * len(quarter_list) + [realised] * len(past)
    params = [q for q in quarter_list for _ in (0, 1)] + [q for q in past for _ in (0, 1)]
    where = [f"l.version_id IN ({placeholders(version_ids)})", f"l.status IN ({placeholders(statuses)})"]
    where_params = [*version_ids, *statuses]
    if type_ids:
        where.append(f"l.location_type_id IN ({placeholders(type_ids)})")
        where_params += type_ids
    if region_ids:
        where.append(f"l.region_id IN ({placeholders(region_ids)})")
        where_params += region_ids
    sql = (
        f"SELECT l.version_id, l.status, l.location_type_id, {', '.join(sums)} "  # noqa: S608 - no user text
        f"FROM {PlannedLocation._meta.db_table} l "
        f"INNER JOIN {PlanVersion._meta.db_table} v ON v.id = l.version_id "
        f'LEFT JOIN {LocationRealisation._meta.db_table} r ON r.plan_id = v.plan_id AND r."key" = l."key" '
        f"WHERE {' AND '.join(where)} "
        "GROUP BY l.version_id, l.status, l.location_type_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *where_params))
        return cursor.fetchall()


def capacity_picture(
    user,
    *,
    quarter_list: list[int],
    statuses: tuple[str, ...] = ALL_STATUSES,
    type_ids: list[int] | None = None,
    adopted_only: bool = False,
    region_ids: list[int] | None = None,
    today=None,
    location_types: Sequence[LocationType] | None = None,
    provinces: Sequence[Province] | None = None,
) -> CapacityPicture:
    """`location_types` (by code) and `provinces` (by name): every one of them, when the caller has them
    at hand (the page reads them from loket.core.reference_lists); else read here."""
    visible = plan_versions_visible_to(user)
    if adopted_only:
        visible = visible.filter(status=Status.ADOPTED)
    newest = visible.filter(plan=OuterRef("plan")).order_by("-number").values("pk")[:1]
    # Only what the picture shows of a version (not its four texts): its number and status.
    counted = (
        visible.filter(pk=Subquery(newest))
        .select_related(None)
        .select_related("plan")
        .only("number", "status", "plan__province_id")
    )
    versions = {v.plan.province_id: v for v in counted}
    province_of = {v.pk: province_id for province_id, v in versions.items()}
    now = quarters.of_date(today or timezone.localdate())
    past = [q for q in quarter_list if q <= now]
    rows = _picture_rows(list(province_of), [str(s) for s in statuses], type_ids, region_ids, quarter_list, past)
    types = list(location_types) if location_types is not None else list(LocationType.objects.order_by("code"))
    if type_ids:
        types = [t for t in types if t.pk in set(type_ids)]
    round_ = latest_published_round()
    required = dict(round_.provinces.values_list("province_id", "figure")) if round_ else {}
    n = len(quarter_list)

    def empty(required_value):
        return Line(
            required=required_value,
            planned=[0] * n,
            by_status={s: [0] * n for s in statuses},
            by_type={t.pk: [0] * n for t in types},
        )

    provinces = list(provinces) if provinces is not None else list(Province.objects.order_by("name"))
    lines = {p.pk: empty(required.get(p.pk)) for p in provinces}
    national = empty(round_.national_total if round_ else None)
    for line in [*lines.values(), national]:
        line.realised = [0 if q <= now else None for q in quarter_list]
    n_past = len(past)
    offset = quarter_list.index(past[0]) if past else 0
    # Each row adds its quarters to its province's status and type (a province has a row per status and
    # type: hundreds of rows at the bench's size); the totals and the country follow from those sums.
    for version_id, status, type_id, *values in rows:
        line = lines[province_of[version_id]]
        planned = [value or 0 for value in values[:n]]
        line.by_status[status] = list(map(add, line.by_status[status], planned))
        if type_id in line.by_type:
            line.by_type[type_id] = list(map(add, line.by_type[type_id], planned))
        for i, value in enumerate(values[n:], start=offset):
            if value:
                line.realised[i] += value
    for line in lines.values():
        for status_values in line.by_status.values():
            line.planned = list(map(add, line.planned, status_values))
        for target, source in ((national.by_status, line.by_status), (national.by_type, line.by_type)):
            for key, values in source.items():
                target[key] = list(map(add, target[key], values))
        national.planned = list(map(add, national.planned, line.planned))
        for i in range(offset, offset + n_past):
            national.realised[i] += line.realised[i]
    for line in lines.values():
        line.finish()
    national.finish()
    labels = [quarters.label(q) for q in quarter_list]
    return CapacityPicture(
        quarters=quarter_list,
        labels=labels,
        statuses=tuple(statuses),
        types=types,
        round=round_,
        provinces=[{"province": p, "version": versions.get(p.pk), "line": lines[p.pk]} for p in provinces],
        national=national,
        short_quarters=[labels[i] for i, s in enumerate(national.short) if s],
    )


@dataclass
class TaskComparison:
    """One plan version against its province's opgave in the latest published prognosis round."""

    round: object | None
    required: int | None
    rows: list[dict]

    @property
    def short_labels(self) -> list[str]:
        return [row["label"] for row in self.rows if row["short"]]


def plan_against_task(version: PlanVersion, quarter_list: list[int]) -> TaskComparison:
    """Per quarter: the opgave (the province's figure in the latest published round, the same figure the
    capacity picture uses), the version's planned capacity (all statuses), the difference and whether it
    falls short. Three queries, whatever the number of locations or quarters."""
    round_ = latest_published_round()
    required = None
    if round_ is not None:
        required = (
            round_.provinces.filter(province_id=version.plan.province_id).values_list("figure", flat=True).first()
        )
    planned = capacity_by_quarter([version.pk], quarter_list).get(version.pk, {})
    line = Line(required=required, planned=[planned.get(q, 0) for q in quarter_list], by_status={}, by_type={})
    line.finish()
    rows = [
        {"quarter": q, "label": quarters.label(q), "required": required, "shortfall": -(cell["gap"] or 0), **cell}
        for q, cell in zip(quarter_list, line.cells, strict=True)
    ]
    return TaskComparison(round=round_, required=required, rows=rows)


# --- the chart ------------------------------------------------------------------------------------

STATUS_FILL = {
    LocationStatus.EXISTING: "#1f4e79",
    LocationStatus.DECIDED: "#4a90c2",
    LocationStatus.INTENDED: "#a9cce3",
}


def chart(line: Line, labels: list[str], statuses: tuple[str, ...]) -> dict:
    """The SVG geometry (loket.core.charts): stacked bars per quarter by status, a line for the
    required capacity, and a text mark under every quarter that falls short."""
    status_labels = {status: str(LocationStatus(status).label) for status in statuses}  # translated once
    geometry = stacked_bar_chart(
        [
            (
                label,
                [
                    Segment(
                        value=line.by_status[status][i],
                        fill=STATUS_FILL[status],
                        title=f"{label} {status_labels[status]}: {line.by_status[status][i]}",
                    )
                    for status in statuses
                ],
            )
            for i, label in enumerate(labels)
        ],
        reference=line.required,
    )
    for i, bar in enumerate(geometry["bars"]):
        bar["short"] = line.short[i] if line.short else False
        bar["total"] = line.planned[i]
    geometry["required"] = line.required
    geometry["legend"] = [{"label": status_labels[s], "fill": STATUS_FILL[s]} for s in statuses]
    return geometry
