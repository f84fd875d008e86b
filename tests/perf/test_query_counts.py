"""Issue 9, item 3: every list and dashboard page runs the SAME maximum number of SQL queries at 10
and at 500 rows (no query per row). The data comes from the benchmark's own seeders (seed_bench) at
two volumes; the pages are requested as a user who may see them (core team; a partner for "Mijn
vragen"), through the real login with two-factor authentication (tests.conftest.login)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from bench import seed
from bench.querybudget import PAGES, page_url
from loket.core.models import Province
from loket.mailings.models import Mailing
from questions.models import Question
from tests.conftest import login

pytestmark = pytest.mark.django_db


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
        "review_comments": n,
        "review_comments_on_version": max(1, n // 5),
        "consultations": 1 if n < 100 else 5,
        "consultation_comments": n,
        "lessons": n,
        "support_requests": n,
    }


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
        url = page_url(spec)
        client = clients[username]
        # the worst case: nothing cached (anonymous page cache, reference lists, filter forms);
        # the sessions live in the database as well, so the logins survive
        cache.clear()
        with django_assert_max_num_queries(budget, info=label):
            response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)


def test_list_pages_at_10_rows(django_assert_max_num_queries):
    _check_all_pages(10, django_assert_max_num_queries)


def test_list_pages_at_500_rows(django_assert_max_num_queries):
    _check_all_pages(500, django_assert_max_num_queries)
