"""Prognosis rounds, plan versions and planned locations for bench seeding and test factories (the
demo makes its rounds and versions through the services, with their status history).

Written once here:
- a round split by population uses the largest-remainder split of the services (`figures` instead:
  an official table, taken as it is); a published round has a publication date and follows the
  round published before it;
- a plan version belongs to the one plan of its province and takes the next number of that plan;
  a submitted or adopted version has the date it was submitted (and adopted);
- planned locations belong to their version.
Many versions and locations go in a handful of bulk inserts, without simple_history rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from loket.core.bulk import BATCH, bulk_insert
from loket.core.models import Province

from .models import Plan, PlannedLocation, PlanVersion, PrognosisRound, ProvincePrognosis, SplitMethod
from .services import split_by_population
from .workflow import FROZEN, RoundStatus, Status


def build_prognosis_round(
    *,
    reference_date: date,
    source: str,
    national_total: int | None = None,
    figures: dict[int, int] | None = None,
    status: str = RoundStatus.PUBLISHED,
    **fields,
) -> PrognosisRound:
    """A round with a figure per province (province pk -> figure). Without `figures`,
    `national_total` is split by population; with them, the national total defaults to their sum."""
    if figures is None:
        if national_total is None:
            raise ValueError("a round needs a national total or figures per province")
        figures = split_by_population(national_total)
        fields.setdefault("method", SplitMethod.POPULATION)
    round_ = PrognosisRound(
        reference_date=reference_date,
        source=source,
        national_total=sum(figures.values()) if national_total is None else national_total,
        status=status,
        **fields,
    )
    with transaction.atomic():
        if round_.status == RoundStatus.PUBLISHED:
            round_.published_at = round_.published_at or timezone.now()
            if "previous_round" not in fields and "previous_round_id" not in fields:
                round_.previous_round = (
                    PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED, published_at__lte=round_.published_at)
                    .order_by("-published_at", "-pk")
                    .first()
                )
        round_.save()
        ProvincePrognosis.objects.bulk_create(
            [ProvincePrognosis(round=round_, province_id=pk, figure=figure) for pk, figure in figures.items()]
        )
    return round_


def plan_for(province: Province) -> Plan:
    """The one plan of a province."""
    plan, _created = Plan.objects.get_or_create(province=province)
    return plan


@dataclass
class NewVersion:
    """One plan version to build: `version` is unsaved and has its plan; number may be left empty."""

    version: PlanVersion
    locations: Sequence[PlannedLocation] = ()


def _complete(items: Sequence[NewVersion]) -> None:
    plan_ids = {item.version.plan_id for item in items}
    highest = dict(
        PlanVersion.objects.filter(plan_id__in=plan_ids)
        .values("plan_id")
        .annotate(m=Max("number"))
        .values_list("plan_id", "m")
    )
    now = timezone.now()
    for item in items:
        version = item.version
        if version.number is None:
            highest[version.plan_id] = version.number = (highest.get(version.plan_id) or 0) + 1
        if version.status in FROZEN and version.submitted_at is None:
            version.submitted_at = version.created_at or now
        if version.status == Status.ADOPTED and version.adopted_at is None:
            version.adopted_at = version.submitted_at


def build_plan_versions(items: Sequence[NewVersion], *, batch_size: int = BATCH) -> list[PlanVersion]:
    """Insert the versions with their locations; returns the versions saved, in order."""
    items = list(items)
    with transaction.atomic():
        _complete(items)
        versions = bulk_insert(PlanVersion, [item.version for item in items], batch_size=batch_size)
        locations = []
        for item, version in zip(items, versions, strict=True):
            for location in item.locations:
                location.version = version
                locations.append(location)
        bulk_insert(PlannedLocation, locations, batch_size=batch_size)
    return versions


def build_plan_version(
    *, province: Province | None = None, plan: Plan | None = None, locations: Sequence[PlannedLocation] = (), **fields
) -> PlanVersion:
    """One version of the plan of `province` (or of `plan`); `fields` are PlanVersion fields."""
    version = PlanVersion(plan=plan or plan_for(province), **fields)
    return build_plan_versions([NewVersion(version, locations=list(locations))])[0]


def build_locations(*, version: PlanVersion, locations: Sequence[PlannedLocation]) -> list[PlannedLocation]:
    """Add planned locations to an existing version."""
    for location in locations:
        location.version = version
    return bulk_insert(PlannedLocation, locations)
