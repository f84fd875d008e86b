"""The arrangement's period and read-only switch, as every page and the mail intake read it.

`current_arrangement()` reads the one `Arrangement` row through the shared cache (a page asks for it
through the context processor, so it must not cost a query each time); `forget_arrangement()` is the
one invalidation path, called by the admin and the closing service after a save."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.cache import cache

from loket.core.models import Arrangement

CACHE_KEY = "arrangement:current"
NOTICE_BEFORE_END = timedelta(days=31)


def current_arrangement() -> Arrangement:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = Arrangement.objects.filter(pk=1).first() or Arrangement(pk=1)
        cache.set(CACHE_KEY, found, 300)
    return found


def forget_arrangement() -> None:
    cache.delete(CACHE_KEY)


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
