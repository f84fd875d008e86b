"""Base layout, navigation per role, refusals, error pages, health check, demo data."""

import json
import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.utils import OperationalError
from django.template.loader import render_to_string
from django.urls import reverse

from loket.core.models import ContactDetails
from loket.portal import health


def test_home_is_dutch_and_accessible(client, db):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in content
    assert 'href="#inhoud"' in content and '<main id="inhoud"' in content
    assert content.count("<h1") == 1
    assert "Kennis- en informatieloket" in content
    for function in (
        "Kennis en informatie",
        "Kaders",
        "Ondersteuning bij de plannen",
        "Netwerk van deskundigen",
        "Monitoring en signalering",
    ):
        assert function in content


def test_home_shows_contact_details_from_the_admin(client, db):
    ContactDetails.objects.create(mailbox="vraag@loket.example.nl", phone="070 123 45 67")
    content = client.get("/").content.decode()
    assert "vraag@loket.example.nl" in content and "070 123 45 67" in content


NAV = {
    None: {"Publicaties", "Vraag stellen"},
    "prt_utrecht": {"Mijn vragen", "Deskundigen", "Monitoring"},
    "cdk_utrecht": {"Mijn vragen", "Deskundigen", "Monitoring"},
    "kernteam": {"Kernteam", "Deskundigen", "Monitoring", "Beheer"},
    "lrt": {"Monitoring", "Deskundigen"},
    "beheerder": {"Beheer"},
}
NOT_IN_NAV = {
    None: {"Kernteam", "Mijn vragen", "Monitoring", "Beheer", "Deskundigen"},
    "prt_utrecht": {"Kernteam", "Beheer"},
    "cdk_utrecht": {"Kernteam", "Beheer"},
    "lrt": {"Kernteam", "Beheer"},
    "expert": {"Kernteam", "Monitoring", "Beheer"},
}


def nav_labels(response) -> set[str]:
    html = response.content.decode()
    nav = html.split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]

    return set(re.findall(r">([^<>]+)</a>", nav))


@pytest.mark.parametrize("role", [*list(NAV), "expert"])
def test_navigation_shows_each_role_what_it_may_use(client_for, role):
    labels = nav_labels(client_for(role).get("/"))
    assert NAV.get(role, set()) <= labels
    assert not (NOT_IN_NAV.get(role, set()) & labels)


@pytest.mark.parametrize(
    "role,expected",
    [(None, 302), ("prt_utrecht", 403), ("cdk_utrecht", 403), ("lrt", 403), ("expert", 403), ("kernteam", 200)],
)
def test_core_team_dashboard_is_refused_to_others(client_for, role, expected):
    response = client_for(role).get(reverse("loket:dashboard"))
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("loket:login"))
    if expected == 403:
        assert "Geen toegang" in response.content.decode()


@pytest.mark.parametrize(
    "role,allowed", [("beheerder", True), ("kernteam", True), ("prt_utrecht", False), ("lrt", False), (None, False)]
)
def test_admin_only_for_staff_roles(client_for, role, allowed):
    response = client_for(role).get("/beheer/")
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 302


def test_custom_404_in_the_layout(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert 'lang="nl"' in response.content.decode()


def test_custom_500_renders_without_request_context(db):
    html = render_to_string("500.html")
    assert "Er ging iets mis" in html


def test_security_headers(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp


def test_health_up(client, db):
    response = client.get("/gezondheid/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_reports_database_down(client, db, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise OperationalError("verbinding geweigerd door db.intern:5432 met wachtwoord x")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = client.get("/gezondheid/")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "storing"
    assert "5432" not in json.dumps(body) and "wachtwoord" not in json.dumps(body)


def test_health_reports_broker_down(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/gezondheid/")
    assert response.status_code == 503
    assert response.json() == {"status": "storing", "database": "ok", "broker": "storing"}


def test_load_demo_is_idempotent_and_creates_the_accounts(client, db):
    call_command("load_demo")
    call_command("load_demo")

    users = get_user_model().objects
    expected = {
        "beheerder": ("Beheerder", None),
        "kernteam": ("Kernteam", None),
        "kernteam2": ("Kernteam", None),
        "prt-utrecht": ("PRT-lid", "Utrecht"),
        "prt-gelderland": ("PRT-lid", "Gelderland"),
        "cdk-utrecht": ("CdK-medewerker", "Utrecht"),
        "lrt-secretaris": ("LRT-secretaris", None),
        "deskundige": ("Deskundige", None),
    }
    for username, (group, province) in expected.items():
        user = users.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert (user.profile.province.name if user.profile.province else None) == province
        assert user.profile.organisation is not None
        assert user.check_password("demo-loket-2020")
    response = client.post(reverse("loket:login"), {"username": "prt-utrecht", "password": "demo-loket-2020"})
    assert response.status_code == 302


@pytest.mark.broker
def test_health_reaches_a_real_broker(client, db, settings):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("geen Redis-broker ingesteld (CELERY_BROKER_URL): draait in CI")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = broker
    response = client.get("/gezondheid/")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_every_page_has_a_search_box_in_the_header(client, db):
    html = client.get("/").content.decode()
    header = html.split("</header>", 1)[0]
    assert 'role="search"' in header and 'action="/zoeken/"' in header
    assert '<label class="rhc-visually-hidden" for="site-search-q">' in header


def test_every_page_links_a_favicon_that_exists(client, db):
    html = client.get("/").content.decode()
    links = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert any(link.endswith("favicon.svg") for link in links)
    assert any(link.endswith(".png") or link.endswith(".ico") for link in links)
    static_dir = os.path.join(os.path.dirname(__file__), "..", "..", "static", "img")
    for name in ("favicon.svg", "favicon.png", "favicon.ico"):
        assert os.path.getsize(os.path.join(static_dir, name)) > 0
