"""Caches across processes (issue 13.7, issue 21): a change made in one process (the admin of a
Beheerder, a write to the plans) takes effect in another process that serves pages at its next request.
Runs where a second process can see the same data: PostgreSQL for the database and Redis for the cache
(the second CI run).

The second process is a real `manage.py runserver` on the test database; this process changes a theme
and a routing rule through the admin, as the Beheerder does."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection

from loket.core.models import Province, Theme
from monitoring.models import Signal, SignalKind
from plans import quarters
from plans.models import PlannedLocation
from plans.services import prognosis_round_create, prognosis_round_publish
from plans.workflow import Status
from questions.models import Question, RoutingRule
from tests.plans.factories import add_locations, version_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="twee processen delen alleen PostgreSQL en Redis (draait in CI)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _shared_cache_url() -> str:
    """The Redis server of REDIS_URL, database 7: this test's own, emptied first."""
    parts = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/7", "", ""))


@pytest.fixture
def other_process(django_db_serialized_rollback, transactional_db, settings):
    """A second process serving the portal on the test database and the shared cache (the other
    tests each get a private in-memory cache; this one shares Redis with the second process)."""
    cache_url = _shared_cache_url()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",  # as in production (config/settings.py)
            "LOCATION": cache_url,
            "KEY_PREFIX": "loket",
            "OPTIONS": dict(settings.REDIS_CACHE_OPTIONS),
        }
    }
    cache.clear()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": cache_url, "DEBUG": "true", "LOKET_ANON_CACHE_SECONDS": "0"}
    env.pop("CELERY_BROKER_URL", None)  # its mail runs in-process: nothing queued for the test workers
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/gezondheid/", timeout=2)  # noqa: S310 - loopback
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def _get(opener, url: str) -> str:
    with opener.open(url, timeout=10) as response:
        return response.read().decode()


def test_admin_changes_reach_the_other_process_at_its_next_request(other_process, client_for, users, ask_data):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    theme = Theme.objects.get(code="KWA-PRO")
    page = _get(opener, other_process + "/vragen/stellen/")
    assert theme.name in page  # the other process now holds its lists and the rendered form

    admin = client_for("beheerder")
    response = admin.post(
        f"/beheer/loket/theme/{theme.pk}/change/",
        {"code": theme.code, "name": "Prognose, hernoemd", "parent": theme.parent_id or "", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Prognose, hernoemd" in _get(opener, other_process + "/vragen/stellen/")

    kernteam2 = users["kernteam2"]
    response = admin.post(
        "/beheer/questions/routingrule/add/",
        {
            "order": "1",
            "name": "Prognose naar kernteam2",
            "is_active": "on",
            "theme": theme.pk,
            "province": "",
            "organisation_type": "",
            "assignee": kernteam2.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RoutingRule.objects.filter(name="Prognose naar kernteam2").exists()

    page = _get(opener, other_process + "/vragen/stellen/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    key = re.search(r'name="submission_key" value="([0-9a-f]{32})"', page).group(1)  # the form's one-time key
    data = {
        **ask_data,
        "csrfmiddlewaretoken": token,
        "submission_key": key,
        "send": "1",
        "subject": "Via het andere proces",
    }
    body = urllib.parse.urlencode(data, doseq=True).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        other_process + "/vragen/stellen/", data=body, headers={"Referer": other_process + "/vragen/stellen/"}
    )
    opener.open(request, timeout=10)
    question = Question.objects.get(subject="Via het andere proces")
    assert question.assignee_id == kernteam2.pk


def test_a_plan_change_reaches_the_capacity_picture_of_the_other_process(other_process, users):
    """The capacity picture is cached per data version of the plans (loket.core.data_versions): a write
    committed here, by any path (this one is a queryset update, which sends no signal), is a new version
    for the other process at its next request."""
    table = {p.pk: 0 for p in Province.objects.all()}
    table[Province.objects.get(code="PV26").pk] = 500
    round_ = prognosis_round_create(
        reference_date=date(2027, 1, 1), method="tabel", table=table, source="test", by=users["kernteam"]
    )
    prognosis_round_publish(round_=round_, by=users["kernteam"])
    add_locations(version_for("PV26", Status.ADOPTED), 1, capacity=1000, first_quarter=quarters.encode(2026, 1))
    opener = urllib.request.build_opener()
    url = other_process + "/plannen/capaciteit/?start=2027-K1&province=PV26"
    page = _get(opener, url)
    assert "1.000" in page and "1.234" not in page
    assert _get(opener, url) == page  # the other process now serves it from the shared cache

    PlannedLocation.objects.filter(version__plan__province__code="PV26").update(capacity=1234)
    page = _get(opener, url)
    assert "1.234" in page and "1.000" not in page


def test_pending_work_reaches_the_dashboard_of_the_other_process(other_process, client_for):
    """The dashboard's list "Wacht verder op actie" is cached in the shared cache per data version
    "pending" (loket.portal.dashboard.pending_list): a signal recorded here, its tally written by the
    database's triggers, is counted by the other process at its next request."""
    session = client_for("kernteam").cookies[django_settings.SESSION_COOKIE_NAME].value  # 2FA passed
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"{django_settings.SESSION_COOKIE_NAME}={session}")]
    label = "Nieuwe signalen om op te pakken"

    def shown() -> int:
        page = _get(opener, other_process + "/kernteam/")
        match = re.search(re.escape(label) + r"</a>: <strong>(\d+)</strong>", page)
        assert match, page[:2000]
        return int(match.group(1))

    before = shown()
    assert cache.keys("loket:fragment:pending:*")  # the other process stored the list in the shared cache
    assert shown() == before
    Signal.objects.create(kind=SignalKind.RISK, title="Locatie valt weg", description="x", impact=3, likelihood=2)
    assert shown() == before + 1
