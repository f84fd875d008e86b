"""Generation tokens: how a process knows that its own copy of rarely changed data is still current.

A module that keeps such a copy (the arrangement, the reference lists) registers the cache key of its
token here; after a change it replaces the token in the shared cache and calls `changed()`. Inside a
request the tokens of all registered keys are read together, with one cache round trip at the first
`read`, and kept for the rest of the request; outside a request (tasks, commands, tests) every `read`
asks the cache."""

from __future__ import annotations

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started

_keys: list[str] = []
_request = Local()


def register(key: str) -> str:
    if key not in _keys:
        _keys.append(key)
    return key


def read(key: str):
    """The token under `key` (None: none yet)."""
    if key not in _keys or not getattr(_request, "active", False):
        return cache.get(key)
    values = getattr(_request, "values", None)
    if values is None:
        values = _request.values = cache.get_many(_keys)
    return values.get(key)


def changed() -> None:
    """A token was replaced in this process: the rest of the request reads the tokens again."""
    _request.values = None


def _request_started(**_kwargs) -> None:
    _request.values = None
    _request.active = True


def _request_finished(**_kwargs) -> None:
    _request.values = None
    _request.active = False


request_started.connect(_request_started, dispatch_uid="generations-request-started")
request_finished.connect(_request_finished, dispatch_uid="generations-request-finished")
