"""What every seeder shares: the volume, the context (random generator, scale, reference data,
bench users) and bulk inserts in batches."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models

from bench.seed.texts import FIRST_NAMES, LAST_NAMES, MUNICIPALITIES

BATCH = 1000
SEED = 20_260_901  # deterministic: the same database every run

# Full-scale volume of issue 9. `--scale` multiplies every figure (plans: versions and locations).
VOLUME = {
    "questions": 10_000,
    "messages_per_question": 3,
    "experts": 1_000,
    "plan_versions": 5,
    "locations_per_version": 40,
    "signals": 5_000,
    "publications": 2_000,
    "subscribers": 5_000,
}


@dataclass
class SeedContext:
    rng: random.Random
    scale: float
    now: datetime
    provinces: list = field(default_factory=list)
    themes: list = field(default_factory=list)  # second-level themes (fall back to all)
    organisations: list = field(default_factory=list)
    location_types: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # username -> User
    volume: dict = field(default_factory=lambda: dict(VOLUME))  # full scale; `scale` multiplies it

    def count(self, key: str) -> int:
        return max(1, round(self.volume[key] * self.scale))

    def core_team(self) -> list:
        return [u for name, u in self.users.items() if name.startswith("bench-kernteam")]

    def words(self, **extra) -> dict:
        """Values for the text templates, drawn from the reference data."""
        rng = self.rng
        theme = rng.choice(self.themes)
        location_type = rng.choice(self.location_types)
        values = {
            "theme": theme.name,
            "theme_lc": theme.name[0].lower() + theme.name[1:],
            "province": rng.choice(self.provinces).name,
            "organisation": rng.choice(self.organisations).name,
            "location_type_lc": location_type.name.lower(),
            "municipality": rng.choice(MUNICIPALITIES),
        }
        values.update(extra)
        return values

    def text(self, sentences: list[str], n: int, **extra) -> str:
        values = self.words(**extra)
        return " ".join(s.format(**values) for s in self.rng.sample(sentences, min(n, len(sentences))))

    def when(self, *, days_back: int = 730) -> datetime:
        return self.now - timedelta(minutes=self.rng.randrange(days_back * 24 * 60))

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)


def batched(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk(model, objs: list, *, size: int = BATCH) -> list:
    """bulk_create in batches; returns the objects with their primary keys set."""
    created = []
    for chunk in batched(objs, size):
        created.extend(model.objects.bulk_create(chunk, batch_size=size))
    return created


@contextmanager
def explicit_timestamps(*model_classes) -> Iterator[None]:
    """Let seeded rows keep their historic created/updated times (auto_now(_add) would overwrite)."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def token(rng: random.Random, length: int = 43) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(rng.choice(alphabet) for _ in range(length))
