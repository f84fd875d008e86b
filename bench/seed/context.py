"""What every seeder shares: the volume and the context (random generator, scale, reference data,
bench users). Rows go in through the builders of the apps, or `loket.core.bulk.bulk_insert`."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench.seed.texts import FIRST_NAMES, LAST_NAMES, MUNICIPALITIES

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
    # issue 21: at `--scale 10` 2,000 review comments (100 on the measured plan version), 50 consultation
    # rounds with 500 comments (all on the open round the bench measures)
    "review_comments": 200,
    "review_comments_on_version": 10,
    "consultations": 5,
    "consultation_comments": 50,
    "lessons": 100,
    "support_requests": 100,
}
# The second size of issue 21 (`--scale 10`): every figure times ten, and the plans as the issue names
# them: per province (12) a plan with 10 versions of 200 locations (not 50 versions of 400).
PLANS_AT_TEN = {"plan_versions": 10, "locations_per_version": 200}


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


def token(rng: random.Random, length: int = 43) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(rng.choice(alphabet) for _ in range(length))
