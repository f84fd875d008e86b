"""Every list of the API runs the same number of SQL queries at a small and a larger data size."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.accounts.services import api_token_create
from loket.core.models import Province, Theme
from plans.selectors import horizon
from plans.workflow import Status
from tests.loket.factories import PublicationFactory, make_round
from tests.plans.factories import add_locations, version_for

pytestmark = pytest.mark.django_db

# (url, with the PRT-lid's key, maximum number of queries)
LISTS = [
    (reverse("api:publication-list"), False, 4),
    (reverse("api:publication-list") + "?thema=KWA&soort=nieuws", False, 4),
    (reverse("api:prognosis-list"), False, 3),
    (reverse("api:prognosis-list") + "?format=csv", False, 3),
    (reverse("api:capacity"), False, 8),
    (reverse("api:capacity") + "?locatietype=AZC&provincie=PV26", False, 8),
    (reverse("api:capacity_provinces"), False, 7),
    (reverse("api:location-list", kwargs={"provincie": "PV26"}), True, 6),
]


@pytest.fixture
def versions(db):
    adopted = [version_for(code, status=Status.ADOPTED, number=1) for code in ("PV26", "PV25", "PV20")]
    return adopted, version_for("PV26", status=Status.CONCEPT, number=2)


def seed(n: int, versions) -> None:
    adopted, draft = versions
    themes = list(Theme.objects.order_by("pk")[:3])
    for i in range(n):
        PublicationFactory(title=f"Publicatie {n}-{i}", themes=themes)
    for i in range(max(1, n // 5)):
        make_round(
            reference_date=date(2020, 1, 1) + timedelta(days=30 * i + n),
            national_total=1000 + i,
            figures={p.code: 10 + i for p in Province.objects.all()},
        )
    first = horizon()[0]
    for version in (*adopted, draft):
        add_locations(version, n, first_quarter=first)


def count(api, url: str) -> tuple[int, object]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries), response


@pytest.mark.parametrize(("url", "keyed", "most"), LISTS)
def test_same_number_of_queries_at_two_sizes(api, users, versions, url, keyed, most):
    if keyed:
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=users['prt_utrecht'])}")
        api.get(url)  # the key's first use notes its date (once a minute at most): not counted
    seed(3, versions)
    small, _ = count(api, url)
    seed(40, versions)
    large, _ = count(api, url)
    assert small == large <= most, f"{url}: {small} queries at the small size, {large} at the larger"
