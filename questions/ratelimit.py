"""A simple fixed-window rate limit on new questions, per IP address and per e-mail address.
The address is loket.core.http.client_ip (the same one the login lock and the audit log use)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(ip: str, email: str) -> list[str]:
    keys = []
    if ip:
        keys.append("questions:rate:ip:" + hashlib.sha256(ip.encode()).hexdigest()[:32])
    if email:
        keys.append("questions:rate:mail:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32])
    return keys


def is_limited(*, ip: str, email: str) -> bool:
    limit = settings.QUESTIONS_RATE_LIMIT
    if limit <= 0:  # 0 switches the limit off (only the benchmark server does that)
        return False
    return any((cache.get(key) or 0) >= limit for key in _keys(ip, email))


def register(*, ip: str, email: str) -> None:
    if settings.QUESTIONS_RATE_LIMIT <= 0:
        return
    for key in _keys(ip, email):
        if not cache.add(key, 1, settings.QUESTIONS_RATE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, settings.QUESTIONS_RATE_WINDOW)


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one action under `key`; True when the limit was already reached (refuse the action)."""
    if limit <= 0:  # switched off
        return False
    full = "questions:rate:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    if (cache.get(full) or 0) >= limit:
        return True
    if not cache.add(full, 1, window):
        try:
            cache.incr(full)
        except ValueError:
            cache.add(full, 1, window)
    return False
