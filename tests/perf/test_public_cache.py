"""The anonymous page cache of the public pages (issue 9): served from the cache, never for a
logged-in user, emptied when a publication changes."""

import pytest
from django.test import Client
from django.utils import timezone

from loket.publications.models import Publication

pytestmark = pytest.mark.django_db


def _publish(title: str, slug: str) -> Publication:
    return Publication.objects.create(
        kind="nieuws", title=title, slug=slug, summary="Samenvatting", body="Tekst", status="gepubliceerd",
        published_at=timezone.now() - timezone.timedelta(minutes=1),
    )  # fmt: skip


def test_anonymous_home_is_cached_and_renewed_when_a_publication_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _publish("Eerste bericht over opvang", "eerste")
    assert first.title in client.get("/").content.decode()
    with django_assert_num_queries(0):  # from the cache: not one query
        assert first.title in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        second = _publish("Tweede bericht over capaciteit", "tweede")
    # Not yet committed: the cached page stays (a visitor now must not store it as the new one).
    assert second.title not in client.get("/").content.decode()
    for callback in pending:
        callback()
    assert second.title in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second.title = "Tweede bericht, gewijzigd"
        second.save()
    assert "Tweede bericht, gewijzigd" in client.get("/publicaties/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert "Tweede bericht" not in client.get("/publicaties/").content.decode()


def test_logged_in_users_never_get_the_anonymous_page(client, client_for):
    _publish("Bericht", "bericht")
    client.get("/")  # fills the cache for anonymous visitors
    page = client_for("prt_utrecht").get("/").content.decode()
    assert "Uitloggen" in page and "csrfmiddlewaretoken" in page
    assert "Uitloggen" not in Client().get("/").content.decode()


def test_search_results_are_cached_per_query(client):
    _publish("Verdeelsleutel voor de opvang", "verdeelsleutel")
    assert "Verdeelsleutel" in client.get("/zoeken/?q=verdeelsleutel").content.decode()
    assert "Verdeelsleutel voor de opvang" not in client.get("/zoeken/?q=draagvlak").content.decode()
