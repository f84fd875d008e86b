"""The cached choice lists (loket/core/reference_lists.py): read once, rebuilt after every committed change
to a province, theme, user or group membership, and never trusted to validate what is submitted."""

from django.contrib.auth.models import Group
from django.core.cache import cache

import loket.core.generations as generations
import loket.core.reference_lists as module
from loket.core.filterforms import _RecentlyRendered
from loket.core.models import Organisation, Province, Theme
from loket.core.reference_lists import CACHE_KEY, GENERATION_KEY, reference_lists
from loket.core.roles import Role
from questions.models import Question
from tests.questions.factories import QuestionFactory


def test_read_once_then_from_the_cache(db, django_assert_num_queries):
    with django_assert_num_queries(4):  # provinces, themes, organisations, core team
        first = reference_lists()
    with django_assert_num_queries(0):
        assert reference_lists() == first
    assert [name for _pk, name in first.provinces] == sorted(name for _pk, name in first.provinces)
    assert len(first.provinces) == 12
    assert [pk for pk, _name in first.themes] == list(Theme.objects.order_by("code").values_list("pk", flat=True))
    active = Theme.objects.filter(is_active=True).order_by("code")
    assert [pk for pk, _name in first.active_themes] == list(active.values_list("pk", flat=True))
    assert [name for _pk, name in first.organisations] == list(Organisation.objects.values_list("name", flat=True))


def test_every_committed_change_rebuilds_the_lists(users, django_capture_on_commit_callbacks):
    kernteam = users["kernteam"]
    assert (kernteam.pk, kernteam.get_full_name() or kernteam.username) in reference_lists().core_team

    def changed(change) -> None:
        reference_lists()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert cache.get(CACHE_KEY) is None, change

    theme = Theme.objects.get(code="KWA")
    changed(lambda: Theme.objects.filter(pk=theme.pk).first().save())
    changed(lambda: Theme.objects.create(code="ZZ1", name="Nieuw thema"))
    changed(lambda: Province.objects.get(code="PV26").save())
    changed(lambda: Organisation.objects.first().save())
    kernteam.first_name = "Hernoemd"
    changed(kernteam.save)
    assert (kernteam.pk, kernteam.get_full_name()) in reference_lists().core_team
    changed(lambda: kernteam.groups.remove(Group.objects.get(name=Role.KERNTEAM.value)))
    assert kernteam.pk not in [pk for pk, _name in reference_lists().core_team]
    assert "Nieuw thema" in [name for _pk, name in reference_lists().themes]


def test_a_login_does_not_clear_the_lists(users, client, django_capture_on_commit_callbacks):
    reference_lists()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(users["prt_utrecht"])  # saves last_login only
    assert cache.get(CACHE_KEY) is not None


def test_nothing_happens_before_commit(users):
    reference_lists()
    Theme.objects.create(code="ZZ2", name="Nog niet vastgelegd")  # the test transaction never commits
    assert cache.get(CACHE_KEY) is not None


def test_a_stale_list_offers_but_never_validates(client_for, users):
    """A member removed from the core team may still be offered from an old list; assigning to them is
    refused by the database check, with an error message."""
    question = QuestionFactory()
    kernteam2 = users["kernteam2"]
    reference_lists()  # cached with kernteam2 in it
    kernteam2.groups.clear()  # not committed in this test: the cached list keeps offering kernteam2
    client = client_for("kernteam")
    assert f'<option value="{kernteam2.pk}">' in client.get("/kernteam/vragen/").content.decode()
    response = client.post(
        "/kernteam/vragen/toewijzen/", {"bulk-questions": [question.pk], "bulk-assignee": kernteam2.pk}, follow=True
    )
    assert response.status_code == 200
    assert "Kies een van de mogelijkheden uit de lijst." in response.content.decode()
    assert Question.objects.get(pk=question.pk).assignee_id != kernteam2.pk


def _counting_cache(monkeypatch) -> list:
    reads = []

    class CountingCache:
        def __getattr__(self, name):
            return getattr(cache, name)

        def get(self, key, *args, **kwargs):
            reads.append(key)
            return cache.get(key, *args, **kwargs)

        def get_many(self, keys, *args, **kwargs):  # the generation tokens together (loket.core.generations)
            reads.extend(keys)
            return cache.get_many(keys, *args, **kwargs)

    monkeypatch.setattr(module, "cache", CountingCache())
    monkeypatch.setattr(generations, "cache", CountingCache())
    return reads


def test_one_small_cache_read_per_request(client_for, users, monkeypatch):
    """Inside a request the generation is read from the cache once, however many forms ask for the lists;
    the entry itself only when this process has no current copy. Outside a request every call reads the
    generation."""
    client = client_for("kernteam")
    client.get("/kernteam/vragen/")  # fills the cache
    client.get("/kernteam/vragen/")  # the generation is known from here on
    reads = _counting_cache(monkeypatch)
    assert client.get("/kernteam/vragen/", {"theme": Theme.objects.first().pk}).status_code == 200
    assert reads.count(GENERATION_KEY) == 1
    assert reads.count(CACHE_KEY) == 0
    reference_lists()
    reference_lists()
    assert reads.count(GENERATION_KEY) == 3
    assert reads.count(CACHE_KEY) == 0


def test_a_change_in_another_process_is_seen_at_the_next_read(db, monkeypatch):
    """Another worker's change replaces the generation token (and deletes the entry): this process drops
    its copy and reads the rebuilt lists."""
    reference_lists()
    first = reference_lists()  # from here on this process's copy
    reads = _counting_cache(monkeypatch)
    Theme.objects.create(code="ZZ3", name="Thema van een andere worker")
    assert reference_lists() is first  # no change announced: the copy
    cache.delete(CACHE_KEY)  # what the other worker's commit does
    cache.set(GENERATION_KEY, "een-ander-token", None)
    lists = reference_lists()
    assert reads.count(CACHE_KEY) == 1
    assert "Thema van een andere worker" in [name for _pk, name in lists.themes]


def test_a_flushed_cache_is_not_answered_from_the_copy(db):
    reference_lists()
    reference_lists()
    Theme.objects.create(code="ZZ4", name="Na het legen van de cache")
    cache.clear()  # the entry and the generation gone (a Redis restart)
    assert "Na het legen van de cache" in [name for _pk, name in reference_lists().themes]


def test_a_copy_is_trusted_for_a_limited_time(db, monkeypatch):
    reference_lists()
    reference_lists()
    Theme.objects.create(code="ZZ5", name="Pas na de tijd")
    cache.delete(CACHE_KEY)  # the entry expired; the generation did not change
    assert "Pas na de tijd" not in [name for _pk, name in reference_lists().themes]
    monkeypatch.setattr(module, "LOCAL_TTL", -1.0)
    assert "Pas na de tijd" in [name for _pk, name in reference_lists().themes]


def test_recently_rendered_forms_are_bounded():
    recent = _RecentlyRendered(size=2)
    recent.put("a", "<a>")
    recent.put("b", "<b>")
    assert recent.get("a") == "<a>"  # a is now the most recent
    recent.put("c", "<c>")
    assert recent.get("b") is None and recent.get("a") == "<a>" and recent.get("c") == "<c>"


def test_a_process_keeps_no_stale_objects(db, django_capture_on_commit_callbacks):
    """A process keeps the lists it read (only a short token is read from the cache when they did not
    change), but each rebuild is a new build: a changed field that no choice shows (a province's code)
    is there after the commit too."""
    province = Province.objects.get(code="PV26")
    assert province.pk in [p.pk for p in reference_lists().province_objects]
    with django_capture_on_commit_callbacks(execute=True):
        Province.objects.filter(pk=province.pk).update(code="PV99")
        province.refresh_from_db()
        province.save()  # a save (no name change): the lists are rebuilt after the commit
    codes = {p.pk: p.code for p in reference_lists().province_objects}
    assert codes[province.pk] == "PV99"
