"""Fill a database with the realistic volume of issue 9 for `make bench` and `make loadtest`.

    python -m bench seed_bench [--scale 0.01] [--force] [--seed N]

Deterministic (seeded random), bulk inserts in batches, in one transaction. Refused on a production
configuration, by the rule of `load_demo` (loket.core.environment). Refuses a database with data it
did not make (users or content) unless --force; a second run on a seeded database does nothing.
"""

import time

from django.core.management.base import BaseCommand

from bench import seed as seeding
from loket.core.environment import refuse_production_configuration


def positive_scale(value: str) -> float:
    scale = float(value)
    if not 0 < scale <= 10:
        raise ValueError("scale must be in (0, 10]")
    return scale


class Command(BaseCommand):
    help = "Vult een (aparte) database met benchmarkgegevens op realistisch volume (issue 9)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=positive_scale, default=1.0, help="factor op het volume (bijv. 0.01)")
        parser.add_argument("--seed", type=int, default=seeding.SEED, help="startwaarde van de toevalsgenerator")
        parser.add_argument("--force", action="store_true", help="ook vullen als de database al andere gegevens bevat")

    def handle(self, *args, scale: float, seed: int, force: bool, **options):
        refuse_production_configuration("seed_bench")
        started = time.monotonic()
        if seeding.seed_database(scale=scale, seed=seed, force=force, log=self.stdout.write) is None:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Benchmarkgegevens aangemaakt (schaal {scale}) in {time.monotonic() - started:.1f} s.")
        )
