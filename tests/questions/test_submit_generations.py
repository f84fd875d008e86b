"""The generation tokens (loket/core/generations.py): inside a request all of them in one cache round
trip, a change in this process seen at once, a change in another process at the next request."""

import pytest
from django.core.cache import cache

import loket.core.generations as generations
from loket.core import arrangement, reference_lists
from loket.core.models import Arrangement
from loket.publications import public_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_calls(monkeypatch):
    calls = []

    class CountingCache:
        def __getattr__(self, name):
            return getattr(cache, name)

        def get(self, key, *args, **kwargs):
            calls.append(("get", key))
            return cache.get(key, *args, **kwargs)

        def get_many(self, keys, *args, **kwargs):
            calls.append(("get_many", tuple(keys)))
            return cache.get_many(keys, *args, **kwargs)

    monkeypatch.setattr(generations, "cache", CountingCache())
    return calls


def _token_reads(calls):
    tokens = {arrangement.GENERATION_KEY, reference_lists.GENERATION_KEY}
    return [c for c in calls if (c[0] == "get" and c[1] in tokens) or (c[0] == "get_many" and tokens & set(c[1]))]


def test_a_question_submission_reads_the_tokens_once(client, ask_data, cache_calls):
    assert client.post("/vragen/stellen/", {**ask_data, "subject": "De eerste"}).status_code == 302
    cache_calls.clear()
    response = client.post("/vragen/stellen/", ask_data)
    assert response.status_code == 302
    reads = _token_reads(cache_calls)
    assert len(reads) == 1 and reads[0][0] == "get_many", cache_calls


def test_read_only_switched_on_in_another_process_holds_at_the_next_request(client, ask_data):
    assert client.post("/vragen/stellen/", {**ask_data, "subject": "De eerste"}).status_code == 302
    Arrangement.objects.update_or_create(pk=1, defaults={"read_only": True})
    cache.set(arrangement.GENERATION_KEY, 99, None)  # what the other worker's forget_arrangement does
    response = client.post("/vragen/stellen/", ask_data)
    assert response.status_code == 403


def test_a_change_in_this_process_is_seen_within_the_same_request(db, cache_calls):
    generations._request_started()
    try:
        before = arrangement.current_arrangement()
        Arrangement.objects.update_or_create(pk=1, defaults={"read_only": True})
        arrangement.forget_arrangement()
        assert arrangement.current_arrangement().read_only and not before.read_only
    finally:
        generations._request_finished()


def test_outside_a_request_every_read_asks_the_cache(db, cache_calls):
    arrangement.current_arrangement()
    arrangement.current_arrangement()
    assert len(_token_reads(cache_calls)) == 2


def test_an_anonymous_public_page_reads_all_its_tokens_once(client, cache_calls, monkeypatch):
    """The public page cache's key (loket/publications/public_cache.py) holds its own generation and the
    arrangement's: both come from the one round trip of the request's tokens, not from reads of their own."""
    monkeypatch.setattr(public_cache, "cache", generations.cache)  # the counting cache of the fixture
    assert client.get("/").status_code == 200  # the page into the cache, the tokens made
    cache_calls.clear()
    assert client.get("/").status_code == 200
    tokens = {arrangement.GENERATION_KEY, reference_lists.GENERATION_KEY, public_cache.GENERATION_KEY}
    own = [c for c in cache_calls if c[0] == "get" and c[1] in tokens]
    together = [c for c in cache_calls if c[0] == "get_many" and tokens <= set(c[1])]
    assert not own and len(together) == 1, cache_calls
