"""Signals for bench seeding and test factories (the demo records its signals through the services).

Written once here: impact and likelihood are scores from 1 to 5, and the provinces a signal concerns
are linked (none: national). Many signals go in a handful of bulk inserts; no status history and no
audit rows, so a builder never stands in for `services.signal_create` in the portal itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from loket.core.bulk import BATCH, bulk_insert
from loket.core.models import Province

from .models import Signal


@dataclass
class NewSignal:
    """One signal to build: `signal` is unsaved."""

    signal: Signal
    provinces: Sequence[Province] = ()


def _check_scores(signal: Signal) -> None:
    for name in ("impact", "likelihood"):
        value = getattr(signal, name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"{name} of a signal is a score from 1 to 5, not {value!r}")


def build_signals(items: Sequence[NewSignal], *, batch_size: int = BATCH) -> list[Signal]:
    """Insert the signals with their provinces; returns them saved, in order."""
    items = list(items)
    for item in items:
        _check_scores(item.signal)
    with transaction.atomic():
        signals = bulk_insert(Signal, [item.signal for item in items], batch_size=batch_size)
        through = Signal.provinces.through
        links = [
            through(signal_id=signal.pk, province_id=province.pk)
            for item, signal in zip(items, signals, strict=True)
            for province in item.provinces
        ]
        bulk_insert(through, links, batch_size=batch_size)
    return signals


def build_signal(*, provinces: Sequence[Province] = (), **fields) -> Signal:
    """One signal; `fields` are Signal fields (kind, title, description, impact, likelihood, ...)."""
    return build_signals([NewSignal(Signal(**fields), provinces=list(provinces))])[0]
