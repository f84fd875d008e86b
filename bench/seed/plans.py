"""Two published prognosis rounds, and per province a plan with versions and planned locations
(plans.builders)."""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import PLANS_AT_TEN, SeedContext
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, MUNICIPALITIES, PLACE_WORDS
from plans import quarters
from plans.builders import NewVersion, build_plan_versions, build_prognosis_round, plan_for
from plans.models import LocationStatus, PlannedLocation, PlanVersion, PrognosisRound
from plans.workflow import Status

ROUND_SOURCE = "Benchmark: meerjarenproductieprognose (fictief)"


def seed_plans(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    n_versions = max(1, round(ctx.volume["plan_versions"] * min(ctx.scale, 1)))
    n_locations = max(1, round(ctx.volume["locations_per_version"] * min(ctx.scale, 1)))
    if ctx.scale >= 10:  # issue 21's second size
        n_versions, n_locations = PLANS_AT_TEN["plan_versions"], PLANS_AT_TEN["locations_per_version"]
    this_quarter = quarters.encode(ctx.now.year, (ctx.now.month - 1) // 3 + 1)
    author = ctx.users.get("bench-prt-utrecht")

    # Two published prognosis rounds, split by population (largest remainder), for the capacity picture.
    rounds = 0
    for months_back, national in ((12, 96_000), (6, 102_000)):
        ref = (ctx.now - timedelta(days=30 * months_back)).date()
        if PrognosisRound.objects.filter(reference_date=ref, source__startswith="Benchmark").exists():
            continue
        build_prognosis_round(
            reference_date=ref,
            national_total=national,
            source=ROUND_SOURCE,
            published_at=ctx.now - timedelta(days=30 * months_back),
            # Unlinked, as the bench always had them: docs/benchmark.md and the query budgets of
            # tests/perf measured the prognosis page without the change since the previous round.
            previous_round=None,
        )
        rounds += 1

    versions = []
    statuses = [Status.ADOPTED, Status.SUBMITTED, Status.SUBMITTED, Status.IN_PRT, Status.CONCEPT]
    for province in ctx.provinces:
        plan = plan_for(province)
        for v in range(n_versions):
            created = ctx.now - timedelta(days=(n_versions - v) * 60 + rng.randint(0, 20))
            # the newest version is the concept being drafted; the older ones (beyond five) adopted
            status = statuses[max(v - n_versions, -len(statuses))]
            versions.append(
                PlanVersion(
                    plan=plan,
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

    loc_statuses = [LocationStatus.EXISTING, LocationStatus.DECIDED, LocationStatus.INTENDED]
    items = []
    for version in versions:
        locations = []
        for j in range(n_locations):
            lt = rng.choice(ctx.location_types)
            capacity = rng.choice([50, 75, 100, 150, 200, 250, 300, 400, 600, 1000])
            first = this_quarter + rng.randint(-4, 6)
            last = first + rng.randint(2, 16) if rng.random() < 0.6 else None
            municipality = rng.choice(MUNICIPALITIES)
            locations.append(
                PlannedLocation(
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
        items.append(NewVersion(version, locations=locations))
    build_plan_versions(items)
    return {
        "prognoserondes": rounds,
        "planversies": len(items),
        "geplande locaties": sum(len(item.locations) for item in items),
    }
