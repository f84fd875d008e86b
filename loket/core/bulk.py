"""Bulk inserts for the builders (demo data, bench seeding, test factories), not for the portal's
own writes: rows in batches, keeping the timestamps the builder gave.

Django fills `auto_now` and `auto_now_add` fields on every insert, also in `bulk_create`, so demo
and bench rows could not carry their history (received two years ago, answered a week later).
`bulk_insert` fills such a field only where the row leaves it empty and keeps every given value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from django.utils import timezone

BATCH = 1000


def _stamped_fields(model: type[models.Model]) -> list[models.DateField]:
    return [
        f for f in model._meta.concrete_fields if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Inside: auto_now(_add) fields of these models keep the values set on the objects. Builders
    only (it switches the fields for the whole process while it lasts)."""
    saved = []
    for model in model_classes:
        for f in _stamped_fields(model):
            saved.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bulk_insert(model: type[models.Model], objs: Iterable[models.Model], *, batch_size: int = BATCH) -> list:
    """bulk_create in batches; returns the objects with their primary keys set. An empty auto_now(_add)
    field gets the current time, a given one is kept."""
    objs = list(objs)
    if not objs:
        return []
    now = timezone.now()
    for f in _stamped_fields(model):
        value = now if isinstance(f, models.DateTimeField) else timezone.localdate(now)
        for obj in objs:
            if getattr(obj, f.attname) is None:
                setattr(obj, f.attname, value)
    with explicit_timestamps(model):
        return model.objects.bulk_create(objs, batch_size=batch_size)
