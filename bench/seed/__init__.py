"""Realistic volume for the benchmark (issue 9), seeded deterministically with bulk inserts.

One module per app, each with a seeder registered in `SEEDERS` in dependency order. A seeder takes
a `SeedContext` (random generator, scale, volume, reference data, bench users) and returns
{label: rows created}. To add one: write `seed_<things>(ctx)` in the module of its app and append
it to `SEEDERS`; `VOLUME` (bench/seed/context.py) says how many rows full scale means.

`seed_database()` is what `python -m bench seed_bench` and the bench's own database preparation run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from bench.scenarios import vacuum_analyze
from bench.seed.consultations import seed_consultations, seed_lessons
from bench.seed.context import SEED, VOLUME, SeedContext
from bench.seed.experts import seed_experts
from bench.seed.mailings import seed_subscribers
from bench.seed.monitoring import seed_signals
from bench.seed.plans import seed_plans
from bench.seed.publications import seed_publications
from bench.seed.questions import seed_questions
from bench.seed.reviews import seed_review_comments, seed_support_requests
from bench.seed.users import (
    BENCH_PASSWORD,
    BENCH_USERS,
    MARKER_USERNAME,
    bench_totp_code,
    bench_totp_device,
    seed_users,
)
from loket.core.models import LocationType, Organisation, Province, Theme

__all__ = [
    "BENCH_PASSWORD",
    "BENCH_USERS",
    "MARKER_USERNAME",
    "SEED",
    "SEEDERS",
    "VOLUME",
    "SeedRefused",
    "bench_totp_code",
    "bench_totp_device",
    "foreign_data",
    "is_seeded",
    "make_context",
    "seed_database",
]

SEEDERS: list[Callable[[SeedContext], dict[str, int]]] = [
    seed_users,
    seed_publications,
    seed_plans,
    seed_questions,
    seed_experts,
    seed_signals,
    seed_subscribers,
    seed_consultations,
    seed_lessons,
    seed_review_comments,
    seed_support_requests,
]

# --- state of the database ----------------------------------------------------------------------------
CONTENT_MODELS = [
    "questions.Question",
    "experts.Expert",
    "plans.PlanVersion",
    "monitoring.Signal",
    "loket.Publication",
]


class SeedRefused(CommandError):
    """The database holds data the bench did not make."""


def is_seeded() -> bool:
    return get_user_model().objects.filter(username=MARKER_USERNAME).exists()


def foreign_data() -> dict[str, int]:
    """Rows that seed_bench did not make: users other than bench users, and any content."""
    found = {}
    others = get_user_model().objects.exclude(username__in=[u[0] for u in BENCH_USERS]).count()
    if others:
        found["gebruikers"] = others
    if not is_seeded():
        for label in CONTENT_MODELS:
            count = apps.get_model(label).objects.count()
            if count:
                found[label] = count
    return found


def make_context(*, scale: float, seed: int = SEED, volume: dict[str, int] | None = None) -> SeedContext:
    themes = list(Theme.objects.filter(parent__isnull=False).order_by("code")) or list(Theme.objects.order_by("code"))
    ctx = SeedContext(
        rng=random.Random(seed),
        scale=scale,
        now=timezone.now().replace(microsecond=0),
        provinces=list(Province.objects.order_by("code")),
        themes=themes,
        organisations=list(Organisation.objects.order_by("code")),
        location_types=list(LocationType.objects.order_by("code")),
        volume=dict(volume or VOLUME),
    )
    if not (ctx.provinces and ctx.themes and ctx.organisations and ctx.location_types):
        raise RuntimeError("Referentiegegevens ontbreken: voer eerst `manage.py migrate` uit.")
    return ctx


def seed_database(
    *, scale: float, seed: int = SEED, force: bool = False, log: Callable[[str], None]
) -> dict[str, int] | None:
    """Fill the database in one transaction; None when it already holds the bench data (nothing
    changes). Refuses a database with data it did not make (users or content) unless `force`."""
    if is_seeded():
        log("De database bevat al benchmarkgegevens; er verandert niets.")
        return None
    foreign = foreign_data()
    if foreign and not force:
        found = ", ".join(f"{label}: {count}" for label, count in foreign.items())
        raise SeedRefused(
            f"Deze database bevat al gegevens die niet van seed_bench zijn ({found}). "
            "Gebruik een aparte database (make bench doet dat) of geef --force."
        )
    ctx = make_context(scale=scale, seed=seed)
    totals: dict[str, int] = {}
    with transaction.atomic():
        for seeder in SEEDERS:
            t0 = time.monotonic()
            counts = seeder(ctx)
            totals.update(counts)
            summary = ", ".join(f"{count} {label}" for label, count in counts.items())
            log(f"  {seeder.__name__}: {summary} ({time.monotonic() - t0:.1f} s)")
    # Planner statistics and visibility map, as a production database that autovacuum keeps has them.
    vacuum_analyze()
    return totals
