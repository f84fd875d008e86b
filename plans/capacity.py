"""The capacity picture: planned capacity per province and quarter against the published prognosis.

Who sees what (a design decision, also in the README): the picture is public. Every user sees, per
province, the newest plan version they may read (`plan_versions_visible_to`): visitors and partners of
other provinces the newest *vastgesteld* version, a PRT-lid or CdK-medewerker the newest version of
their own province, the core team and the LRT secretary the newest version of every province. Anyone may
narrow it to adopted versions only (`basis=vastgesteld`).

The aggregation runs in the database: one query over the planned locations of those versions, grouped
by province, status and location type, with one conditional SUM per quarter of the horizon. The number
of queries does not grow with the number of provinces, versions, locations or quarters.

Realised capacity (issue 16): a second query sums, per province and quarter up to the current one, the
capacity of the counted locations whose realisation (LocationRealisation, by plan and key) says they
were in use in that quarter. Later quarters have no realised figure (None). A region filter narrows
both to the locations of that region.

The required capacity of a province is its share in the latest published prognosis round; it is the
same for every quarter (a prognosis states the capacity needed by its reference date).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone

from loket.core.charts import Segment, stacked_bar_chart
from loket.core.models import LocationType, Province

from . import quarters
from .models import LocationStatus, PlannedLocation, PlanVersion
from .selectors import (
    capacity_by_quarter,
    latest_published_round,
    plan_versions_visible_to,
    realisation_annotations,
    realised_in,
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


def _in_quarter(q: int) -> Q:
    return Q(first_quarter__lte=q) & (Q(last_quarter__isnull=True) | Q(last_quarter__gte=q))


def capacity_picture(
    user,
    *,
    quarter_list: list[int],
    statuses: tuple[str, ...] = ALL_STATUSES,
    type_ids: list[int] | None = None,
    adopted_only: bool = False,
    region_ids: list[int] | None = None,
    today=None,
) -> CapacityPicture:
    visible = plan_versions_visible_to(user)
    if adopted_only:
        visible = visible.filter(status=Status.ADOPTED)
    newest = visible.filter(plan=OuterRef("plan")).order_by("-number").values("pk")[:1]
    versions = {v.plan.province_id: v for v in visible.filter(pk=Subquery(newest))}
    locations = PlannedLocation.objects.filter(
        version__in=PlanVersion.objects.filter(pk__in=[v.pk for v in versions.values()]), status__in=statuses
    )
    if type_ids:
        locations = locations.filter(location_type_id__in=type_ids)
    if region_ids:
        locations = locations.filter(region_id__in=region_ids)
    rows = (
        locations.values("version__plan__province_id", "status", "location_type_id")
        .annotate(**{f"q{q}": Sum("capacity", filter=_in_quarter(q)) for q in quarter_list})
        .order_by()
    )
    types = list(LocationType.objects.order_by("code"))
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

    provinces = list(Province.objects.order_by("name"))
    lines = {p.pk: empty(required.get(p.pk)) for p in provinces}
    national = empty(round_.national_total if round_ else None)
    for row in rows:
        line = lines[row["version__plan__province_id"]]
        for i, q in enumerate(quarter_list):
            value = row[f"q{q}"] or 0
            for target in (line, national):
                target.planned[i] += value
                target.by_status[row["status"]][i] += value
                if row["location_type_id"] in target.by_type:
                    target.by_type[row["location_type_id"]][i] += value
    now = quarters.of_date(today or timezone.localdate())
    past = [q for q in quarter_list if q <= now]
    for line in [*lines.values(), national]:
        line.realised = [0 if q <= now else None for q in quarter_list]
    if past:
        realised_rows = (
            locations.annotate(**realisation_annotations())
            .values("version__plan__province_id")
            .annotate(**{f"r{q}": Sum("capacity", filter=realised_in(q)) for q in past})
            .order_by()
        )
        for row in realised_rows:
            line = lines[row["version__plan__province_id"]]
            for i, q in enumerate(quarter_list):
                if q in past:
                    line.realised[i] += row[f"r{q}"] or 0
                    national.realised[i] += row[f"r{q}"] or 0
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
    geometry = stacked_bar_chart(
        [
            (
                label,
                [
                    Segment(
                        value=line.by_status[status][i],
                        fill=STATUS_FILL[status],
                        title=f"{label} {LocationStatus(status).label}: {line.by_status[status][i]}",
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
    geometry["legend"] = [{"label": LocationStatus(s).label, "fill": STATUS_FILL[s]} for s in statuses]
    return geometry
