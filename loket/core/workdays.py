"""The one working-day calendar: weekends, Dutch public holidays (the `holidays` package) and the
policy the Beheerder keeps in the admin (`DayOff`: extra days off such as 5 May, which the Rijk
gives off every year, or a holiday that counts as a working day after all).

Used by the question deadlines, the referral reminders, the overdue digests and the evaluation.
The set of days off is computed once per year per process. `forget_days_off()` is the one
invalidation path (the DayOff admin calls it on save and delete): it empties this process's sets
and raises a generation number in the shared cache, which every other process (web workers, Celery)
checks at most every CHECK_SECONDS.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import holidays
from django.core.cache import cache

from loket.core.models import DayOff, DayOffKind

GENERATION_KEY = "workdays:generation"
CHECK_SECONDS = 30.0

_sets: dict[int, frozenset[date]] = {}
_state = {"generation": None, "checked_at": 0.0}


def forget_days_off() -> None:
    """After a change to the DayOff rows: every process computes its sets again."""
    _sets.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
    _state["generation"] = cache.get(GENERATION_KEY)
    _state["checked_at"] = time.monotonic()


def _check_generation() -> None:
    now = time.monotonic()
    if now - _state["checked_at"] < CHECK_SECONDS:
        return
    generation = cache.get(GENERATION_KEY)
    if generation != _state["generation"]:
        _sets.clear()
        _state["generation"] = generation
    _state["checked_at"] = now


def _load(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("NL", years=year).keys())
    for row in DayOff.objects.all():
        day = row.day
        if row.every_year:
            try:
                day = day.replace(year=year)
            except ValueError:  # 29 February in a year without it
                continue
        elif day.year != year:
            continue
        if row.kind == DayOffKind.EXTRA:
            days.add(day)
        else:
            days.discard(day)
    return frozenset(days)


def days_off(year: int) -> frozenset[date]:
    """Public holidays and the Beheerder's extra days off of `year` (weekends not included)."""
    _check_generation()
    found = _sets.get(year)
    if found is None:
        found = _sets[year] = _load(year)
    return found


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in days_off(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (`start` itself does not count)."""
    current = start
    remaining = max(days, 0)
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def working_day_counter(first: date, last: date):
    """A fast `working_days_between` for many pairs of dates between `first` and `last` (the
    evaluation's response times): one pass over the calendar, then each pair is a subtraction."""
    index: dict[date, int] = {}
    count = 0
    day = first
    while day <= last:
        if is_working_day(day):
            count += 1
        index[day] = count
        day += timedelta(days=1)

    def between(start: date, end: date) -> int:
        if end <= start:
            return 0
        if start in index and end in index:
            return index[end] - index[start]
        return working_days_between(start, end)

    return between
