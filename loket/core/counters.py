"""Numbered series (question references per year, ...): one locked row per series, not "highest plus one".

`counter_next(name=..., start_after=...)` takes the next number inside the caller's transaction. It
first UPDATEs the row (`value = value + count`): on PostgreSQL that locks the row until the
caller's transaction ends, so a concurrent taker waits and then sees the new value; SQLite takes
its write lock at that first statement (so its busy timeout applies, never a failed lock upgrade).
A transaction that rolls back gives its number back: the series stays gap-free and unique without
retries. The first use of a series creates the row, starting after `start_after()` (e.g. the
highest number already stored before the series existed); two first uses at once meet at the
unique name and the loser reads the winner's row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from .models import Counter


def _ensure(name: str, start_after: Callable[[], int] | None) -> None:
    Counter.objects.get_or_create(name=name, defaults={"value": start_after() if start_after else 0})


def counter_next(*, name: str, count: int = 1, start_after: Callable[[], int] | None = None) -> int:
    """Reserve `count` consecutive numbers of series `name`; returns the first. Call it inside the
    transaction that stores what gets the number (the lock lasts until that transaction ends)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    # one statement that increments and reads (UPDATE ... RETURNING: PostgreSQL, SQLite >= 3.35); no
    # savepoint of its own: a failure rolls back the caller's transaction, which holds the number
    with transaction.atomic(savepoint=False):
        value = _increment(name, count)
        if value is None:
            _ensure(name, start_after)
            value = _increment(name, count)
        return value - count + 1


def _increment(name: str, count: int) -> int | None:
    """Add `count` to series `name` and return its new value, or None when the row does not exist."""
    table = connection.ops.quote_name(Counter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET value = value + %s WHERE name = %s RETURNING value", [count, name])  # noqa: S608 - the table name is ours
        row = cursor.fetchone()
    return row[0] if row else None


def counter_advance(*, name: str, to: int, start_after: Callable[[], int] | None = None) -> None:
    """Make sure series `name` continues after `to` (numbers given explicitly, e.g. by test data)."""
    with transaction.atomic():
        if not Counter.objects.filter(name=name).update(value=Greatest(F("value"), to)):
            _ensure(name, start_after)
            Counter.objects.filter(name=name).update(value=Greatest(F("value"), to))
