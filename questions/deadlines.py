"""Working-day deadlines: weekends and Dutch public holidays do not count."""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=32)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the day of receipt itself does not count)."""
    current = start
    remaining = max(days, 0)
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_for(theme_ids: Iterable[int]) -> int:
    """The term for a question on these themes: the shortest term set for one of them (the question
    must be answered in time for every theme), otherwise QUESTIONS_DEFAULT_WORKING_DAYS."""
    from .models import ThemeDeadline

    ids = list(theme_ids)
    terms = list(ThemeDeadline.objects.filter(theme_id__in=ids).values_list("working_days", flat=True)) if ids else []
    return min(terms) if terms else settings.QUESTIONS_DEFAULT_WORKING_DAYS
