"""The reference of a question (`V-2026-00042`): year and a number from the year's counter.

One series per year (`loket.core.counters`), drawn from by the service (`question_submit`) and by the
builders (demo, bench, factories) alike."""

from __future__ import annotations

from django.db.models import Max

from loket.core.counters import counter_advance, counter_next

from .models import Question


def reference_series(year: int) -> str:
    """The name of the counter of the references of `year`."""
    return f"questions:{year}"


def next_sequences(year: int, count: int = 1) -> int:
    """Reserve `count` reference numbers of `year` in the caller's transaction; returns the first.
    The series starts after the highest number stored before it existed."""
    return counter_next(name=reference_series(year), count=count, start_after=lambda: _highest_stored(year))


def advance_sequences(year: int, to: int) -> None:
    """A number given explicitly (test data): the series of `year` continues after it."""
    counter_advance(name=reference_series(year), to=to, start_after=lambda: _highest_stored(year))


def _highest_stored(year: int) -> int:
    return Question.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0


def question_reference(year: int, sequence: int) -> str:
    return f"V-{year}-{sequence:05d}"
