"""The Redis cache, degrading to "no cache" while Redis cannot be reached (restart, outage).

Everything the portal keeps in the cache can be rebuilt (pages, choice lists, rate-limit counters)
or has a database behind it (sessions: `cached_db`), so a Redis that is down must never turn a page
into a 500: a read is a miss, a write is skipped, with one warning per failing call in the log.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def _degrading(name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except REDIS_DOWN as exc:
            logger.warning("Redis-cache onbereikbaar bij %s; zonder cache verder: %s", name, exc)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


def _default(key, default=None, *args, **kwargs):
    return default


def _incr(key, delta=1, *args, **kwargs):
    return delta  # a counter that cannot be kept counts as fresh: rate limits fail open


class ResilientRedisCache(RedisCache):
    get = _degrading("get", _default)
    get_many = _degrading("get_many", {})
    has_key = _degrading("has_key", False)
    set = _degrading("set", None)
    add = _degrading("add", True)  # as if stored: callers go on as with an empty cache
    touch = _degrading("touch", False)
    set_many = _degrading("set_many", [])
    delete = _degrading("delete", False)
    delete_many = _degrading("delete_many", None)
    incr = _degrading("incr", _incr)
    decr = _degrading("decr", _incr)
    clear = _degrading("clear", None)

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            self.add(key, value, timeout=timeout, version=version)
        return value
