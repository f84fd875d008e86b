"""The arrangement's period and read-only switch, as every page and the mail intake read it.

`current_arrangement()` reads the one `Arrangement` row once per process and keeps it for TTL
seconds (a page asks for it through the context processor, so it must not cost a query each time);
`forget_arrangement()` is the one invalidation path, called by the admin and the closing service
after a save: it raises a generation number in the shared cache, which every process compares on
each read (one cache lookup, together with the other generation tokens: `loket.core.generations`), so a
switch to read-only holds at once in every worker."""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.core.cache import cache

from loket.core import generations
from loket.core.models import Arrangement

GENERATION_KEY = generations.register("arrangement:generation")
TTL = 60.0
NOTICE_BEFORE_END = timedelta(days=31)

_memo: dict = {"value": None, "at": 0.0, "generation": None}


def current_arrangement() -> Arrangement:
    generation = generations.read(GENERATION_KEY)
    now = time.monotonic()
    if _memo["value"] is None or now - _memo["at"] > TTL or generation != _memo["generation"]:
        _memo.update(value=Arrangement.objects.filter(pk=1).first() or Arrangement(pk=1), at=now, generation=generation)
    return _memo["value"]


def forget_arrangement() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
    generations.changed()
    _memo["value"] = None


def assume_no_arrangement() -> None:
    """For a fresh (test) database without the row: this process knows it, without a query."""
    _memo.update(value=Arrangement(pk=1), at=time.monotonic(), generation=cache.get(GENERATION_KEY))


def is_read_only() -> bool:
    return current_arrangement().read_only


def ending_soon(today: date, arrangement: Arrangement | None = None) -> bool:
    """From a month before the end date on (also after it): the portal says the arrangement ends."""
    arrangement = arrangement or current_arrangement()
    return arrangement.end_date is not None and today >= arrangement.end_date - NOTICE_BEFORE_END


def may_close(today: date, arrangement: Arrangement | None = None) -> bool:
    """Read-only mode can be switched on after the end date."""
    arrangement = arrangement or current_arrangement()
    return arrangement.end_date is not None and today > arrangement.end_date
