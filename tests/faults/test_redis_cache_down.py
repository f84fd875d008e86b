"""Issue 20.9: Redis restarts during load. As a cache it is down for a moment: pages, sessions and
the question form go on without it (a miss, never a 500). Runs in every CI run: the cache points
at a closed loopback port."""

import pytest
from django.core.cache import cache

from questions.models import Question

from .smtp_sink import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis_cache(settings):
    settings.CACHES = {
        "default": {
            # the production cache (django-redis, IGNORE_EXCEPTIONS) on a port where nothing listens
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": dict(settings.REDIS_CACHE_OPTIONS),
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_a_redis_cache_that_is_down_is_a_miss_never_a_500(client, users, ask_data, dead_redis_cache):
    assert cache.get("iets", "standaard") == "standaard"
    cache.set("iets", "waarde")  # skipped, not raised
    assert cache.get("iets") is None
    assert client.get("/").status_code == 200
    assert client.get("/publicaties/").status_code == 200
    response = client.post("/vragen/stellen/", {**ask_data, "asker_email": "zonder-cache@gemeente.example.nl"})
    assert response.status_code == 302, response.content[:300]
    assert Question.objects.filter(asker_email="zonder-cache@gemeente.example.nl").exists()
    client.force_login(users["prt_utrecht"])  # a cached_db session: kept in the database too
    assert client.get("/vragen/stellen/").status_code == 200
