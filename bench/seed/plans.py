"""Two published prognosis rounds, and per province a plan with versions and planned locations."""

from __future__ import annotations

from datetime import timedelta

from django.db import models

from bench.seed.context import SeedContext, bulk, explicit_timestamps
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, MUNICIPALITIES, PLACE_WORDS
from plans import quarters
from plans.models import (
    LocationStatus,
    Plan,
    PlannedLocation,
    PlanVersion,
    PrognosisRound,
    ProvincePrognosis,
    SplitMethod,
)
from plans.workflow import RoundStatus, Status


def seed_plans(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    n_versions = max(1, round(ctx.volume["plan_versions"] * min(ctx.scale, 1)))
    n_locations = max(1, round(ctx.volume["locations_per_version"] * min(ctx.scale, 1)))
    this_quarter = quarters.encode(ctx.now.year, (ctx.now.month - 1) // 3 + 1)
    author = ctx.users.get("bench-prt-utrecht")

    # Two published prognosis rounds, split by population (largest remainder), for the capacity picture.
    total_population = sum(p.population for p in ctx.provinces)
    rounds = 0
    for months_back, national in ((12, 96_000), (6, 102_000)):
        ref = (ctx.now - timedelta(days=30 * months_back)).date()
        if PrognosisRound.objects.filter(reference_date=ref, source__startswith="Benchmark").exists():
            continue
        rnd = PrognosisRound.objects.create(
            reference_date=ref,
            national_total=national,
            method=SplitMethod.POPULATION,
            source="Benchmark: meerjarenproductieprognose (fictief)",
            status=RoundStatus.PUBLISHED,
            published_at=ctx.now - timedelta(days=30 * months_back),
        )
        shares = [
            (national * p.population // total_population, national * p.population % total_population, p)
            for p in ctx.provinces
        ]
        rest = national - sum(s[0] for s in shares)
        order = sorted(range(len(shares)), key=lambda i: (-shares[i][1], -shares[i][2].population, shares[i][2].code))
        figures = [s[0] for s in shares]
        for i in order[:rest]:
            figures[i] += 1
        ProvincePrognosis.objects.bulk_create(
            [ProvincePrognosis(round=rnd, province=s[2], figure=f) for s, f in zip(shares, figures, strict=True)]
        )
        rounds += 1

    version_objs = []
    statuses = [Status.ADOPTED, Status.SUBMITTED, Status.SUBMITTED, Status.IN_PRT, Status.CONCEPT]
    for province in ctx.provinces:
        plan, _created = Plan.objects.get_or_create(province=province)
        start = (plan.versions.aggregate(m=models.Max("number"))["m"] or 0) + 1
        for v in range(n_versions):
            created = ctx.now - timedelta(days=(n_versions - v) * 60 + rng.randint(0, 20))
            status = statuses[v - n_versions]  # the newest version is the concept being drafted
            version_objs.append(
                PlanVersion(
                    plan=plan,
                    number=start + v,
                    status=status,
                    scaling=ctx.text(BODY_SENTENCES, 3),
                    regional=ctx.text(BODY_SENTENCES, 3),
                    roles=ctx.text(ANSWER_SENTENCES, 3),
                    risks=ctx.text(BODY_SENTENCES, 2),
                    created_at=created,
                    updated_at=created + timedelta(days=5),
                    created_by=author,
                    submitted_at=created + timedelta(days=10) if status in (Status.SUBMITTED, Status.ADOPTED) else None,
                    adopted_at=created + timedelta(days=30) if status == Status.ADOPTED else None,
                )
            )
    with explicit_timestamps(PlanVersion):
        versions = bulk(PlanVersion, version_objs)

    location_objs = []
    loc_statuses = [LocationStatus.EXISTING, LocationStatus.DECIDED, LocationStatus.INTENDED]
    for version in versions:
        for j in range(n_locations):
            lt = rng.choice(ctx.location_types)
            capacity = rng.choice([50, 75, 100, 150, 200, 250, 300, 400, 600, 1000])
            first = this_quarter + rng.randint(-4, 6)
            last = first + rng.randint(2, 16) if rng.random() < 0.6 else None
            municipality = rng.choice(MUNICIPALITIES)
            location_objs.append(
                PlannedLocation(
                    version=version,
                    name=f"{rng.choice(PLACE_WORDS)} {municipality} {j + 1}",
                    municipality=municipality,
                    location_type=lt,
                    capacity=capacity,
                    minors_places=rng.choice([0, 0, 0, capacity // 10]),
                    first_quarter=first,
                    last_quarter=last,
                    status=rng.choices(loc_statuses, [50, 30, 20])[0],
                    flexible=rng.random() < 0.2,
                )
            )
    bulk(PlannedLocation, location_objs)
    return {"prognoserondes": rounds, "planversies": len(versions), "geplande locaties": len(location_objs)}
