"""Logging filters (named in settings.LOGGING)."""

from __future__ import annotations

import logging
import threading
import time


class OncePerInterval(logging.Filter):
    """Let one record per (logger, message) through every `seconds`: an outage (Redis unreachable,
    every cache read failing) is logged once a minute instead of once per read."""

    def __init__(self, seconds: float = 60, name: str = "") -> None:
        super().__init__(name)
        self.seconds = seconds
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.seconds:
                return False
            self._last[key] = now
        return True

    def forget(self) -> None:
        """Let the next record of every message through again (a test that counts the records of an
        outage it starts, whatever an earlier one in the same process logged)."""
        with self._lock:
            self._last.clear()
