"""Fill a database with the realistic volume of issue 9 for `make bench` and `make loadtest`.

    manage.py seed_bench [--scale 0.01] [--force] [--seed N]

Deterministic (seeded random), bulk_create in batches, in one transaction. Refuses a database with
data it did not make (users or content) unless --force; a second run on a seeded database does nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from loket.bench import seed


def positive_scale(value: str) -> float:
    scale = float(value)
    if not 0 < scale <= 10:
        raise ValueError("scale must be in (0, 10]")
    return scale


class Command(BaseCommand):
    help = "Vult een (aparte) database met benchmarkgegevens op realistisch volume (issue 9)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=positive_scale, default=1.0, help="factor op het volume (bijv. 0.01)")
        parser.add_argument("--seed", type=int, default=seed.SEED, help="startwaarde van de toevalsgenerator")
        parser.add_argument("--force", action="store_true", help="ook vullen als de database al andere gegevens bevat")

    def handle(self, *args, scale: float, seed: int, force: bool, **options):
        from loket.bench import seed as seeding

        if seeding.is_seeded():
            self.stdout.write("De database bevat al benchmarkgegevens; er verandert niets.")
            return
        foreign = seeding.foreign_data()
        if foreign and not force:
            found = ", ".join(f"{label}: {count}" for label, count in foreign.items())
            raise CommandError(
                f"Deze database bevat al gegevens die niet van seed_bench zijn ({found}). "
                "Gebruik een aparte database (make bench doet dat) of geef --force."
            )
        started = time.monotonic()
        ctx = seeding.make_context(scale=scale, seed=seed)
        totals: dict[str, int] = {}
        with transaction.atomic():
            for seeder in seeding.SEEDERS:
                t0 = time.monotonic()
                counts = seeder(ctx)
                totals.update(counts)
                summary = ", ".join(f"{count} {label}" for label, count in counts.items())
                self.stdout.write(f"  {seeder.__name__}: {summary} ({time.monotonic() - t0:.1f} s)")
        # Planner statistics and visibility map, as a production database that autovacuum keeps has them.
        from loket.bench.scenarios import vacuum_analyze

        vacuum_analyze()
        self.stdout.write(
            self.style.SUCCESS(f"Benchmarkgegevens aangemaakt (schaal {scale}) in {time.monotonic() - started:.1f} s.")
        )
