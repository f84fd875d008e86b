"""Issue 9, item 3: every list and dashboard page runs the SAME maximum number of SQL queries at 10
and at 500 rows (no query per row). The data comes from the benchmark's own seeders (seed_bench) at
two volumes; the pages are requested as a user who may see them (core team; a partner for "Mijn
vragen"), through the real login with two-factor authentication (tests.conftest.login)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import seed
from loket.core.models import Province
from loket.mailings.models import Mailing
from plans.models import PlanVersion
from questions.models import Question
from tests.conftest import login

pytestmark = pytest.mark.django_db

# (label, user, url or callable returning the url, maximum number of queries at both sizes, measured with
# nothing cached: a warm cache (reference lists, filter forms) saves up to five of them)
PAGES = [
    # + submitted lessons and unanswered consultation comments (issue 15), open support requests (issue 16)
    ("vragen: dashboard kernteam", "bench-kernteam", "loket:dashboard", 23),
    ("vragen: lijst kernteam", "bench-kernteam", "questions:list", 12),
    ("vragen: lijst gefilterd", "bench-kernteam", "questions:list?status=nieuw&ordering=-received_at", 12),
    ("vragen: mijn vragen", "bench-prt-utrecht", "questions:mine", 8),
    ("deskundigen: gids", "bench-kernteam", "experts:directory?q=huisvesting", 12),
    ("deskundigen: kernteam", "bench-kernteam", "experts:core", 11),
    ("plannen: overzicht", "bench-kernteam", "plans:index", 5),
    # 14: the plan against the opgave (round, province figure, planned sums) beside the locations; issue 16
    # adds four: open review comments, realisations, subtotals per region and the region filter's choices
    ("plannen: versie", "bench-kernteam", "version", 18),
    ("plannen: capaciteit", "bench-kernteam", "plans:capacity", 14),  # + realised capacity, region choices, the map
    # 12: with the map of the current quarter (plans.maps: the capacity picture of one quarter)
    ("plannen: prognose", "bench-kernteam", "plans:prognosis", 12),
    ("monitoring: register", "bench-kernteam", "monitoring:register", 15),
    ("monitoring: register gesorteerd", "bench-kernteam", "monitoring:register?kind=kans&sort=-score", 15),
    ("monitoring: matrix", "bench-kernteam", "monitoring:matrix", 12),
    ("monitoring: overleggen", "bench-kernteam", "monitoring:meeting_list", 4),
    (
        "monitoring: planmonitoring",
        "bench-kernteam",
        "monitoring:plan_monitoring",
        11,
    ),  # + comments, support, realisation
    # 20: one or two grouped queries per evaluation section (issue 17) + support requests per kind (issue 16)
    ("monitoring: evaluatie", "bench-kernteam", "monitoring:evaluation", 20),
    ("loket: publicaties", None, "loket:publications", 5),
    ("loket: zoeken (anoniem)", None, "loket:search?q=opvang", 2),
    ("loket: zoeken (kernteam)", "bench-kernteam", "loket:search?q=opvang", 9),  # + plan locations
    ("loket: mailings", "bench-kernteam", "loket:mailings", 5),
]


def _volume(n: int) -> dict[str, int]:
    return {
        "questions": n,
        "messages_per_question": 3,
        "experts": n,
        "plan_versions": 1 if n < 100 else 5,
        "locations_per_version": 1 if n < 100 else 10,
        "signals": n,
        "publications": n,
        "subscribers": n,
    }


def _url(spec: str) -> str:
    if spec == "version":
        version = PlanVersion.objects.select_related("plan__province").order_by("-number", "pk").first()
        return reverse(
            "plans:version_detail",
            kwargs={"province_code": version.plan.province.code, "number": version.number},
        )
    name, _sep, query = spec.partition("?")
    return reverse(name) + (f"?{query}" if query else "")


def _seed(n: int) -> None:
    ctx = seed.make_context(scale=1.0, volume=_volume(n))
    for seeder in seed.SEEDERS:
        seeder(ctx)
    partner = get_user_model().objects.get(username="bench-prt-utrecht")
    Question.objects.filter(pk__in=list(Question.objects.values_list("pk", flat=True)[:n])).update(
        asker=partner, province=Province.objects.get(code="PV26")
    )
    Mailing.objects.bulk_create(
        [Mailing(subject=f"Nieuwsbrief {i}", body="Tekst", created_at=timezone.now()) for i in range(n)]
    )


def _check_all_pages(n: int, django_assert_max_num_queries) -> None:
    _seed(n)
    assert Question.objects.count() >= n
    clients: dict[str | None, Client] = {None: Client()}
    for username in {p[1] for p in PAGES if p[1]}:
        clients[username] = Client()
        login(clients[username], get_user_model().objects.get(username=username))

    for label, username, spec, budget in PAGES:
        url = _url(spec)
        client = clients[username]
        # the worst case: nothing cached (anonymous page cache, reference lists, filter forms);
        # the sessions live in the database as well, so the logins survive
        cache.clear()
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)


def test_list_pages_at_10_rows(django_assert_max_num_queries):
    _check_all_pages(10, django_assert_max_num_queries)


def test_list_pages_at_500_rows(django_assert_max_num_queries):
    _check_all_pages(500, django_assert_max_num_queries)
