"""The end of the arrangement (issue 17): the period's notice on every page, the audited read-only
switch (core team after the end date, undone by the Beheerder only), every write URL of every app
refused in read-only mode (resolved from the URLconf, so new URLs are covered), and the mail intake
answering with where to go now."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from loket.accounts.models import AuditAction, AuditEvent
from loket.core.arrangement import forget_arrangement
from loket.core.models import Arrangement
from loket.core.readonly import write_allowed
from loket.portal.context_processors import arrangement_notice
from tests.conftest import PASSWORD
from tests.security.test_permission_matrix import all_url_names, matrix_objects, project_url_names, url_for  # noqa: F401

pytestmark = pytest.mark.django_db

CLOSED = "Het portaal is gesloten"


def arrangement(**fields):
    row, _ = Arrangement.objects.update_or_create(pk=1, defaults=fields)
    forget_arrangement()
    return row


def ended(**extra):
    today = timezone.localdate()
    return arrangement(start_date=today - timedelta(days=200), end_date=today - timedelta(days=1), **extra)


def test_no_notice_without_an_end_date_or_long_before_it(client):
    assert "ondersteuningsarrangement loopt tot en met" not in client.get("/contact/").content.decode()
    arrangement(end_date=timezone.localdate() + timedelta(days=60))
    assert "ondersteuningsarrangement loopt tot en met" not in client.get("/contact/").content.decode()


def test_notice_on_every_page_from_a_month_before_the_end(client_for):
    arrangement(end_date=timezone.localdate() + timedelta(days=20), successor_text="Mail naar vragen@rijk.example.nl")
    for role, path in ((None, "/contact/"), (None, "/vragen/stellen/"), ("kernteam", "/kernteam/vragen/")):
        body = client_for(role).get(path).content.decode()
        assert "Het ondersteuningsarrangement loopt tot en met" in body, path
        assert "Mail naar vragen@rijk.example.nl" in body


def test_notice_costs_no_query_once_cached(client, django_assert_num_queries):
    arrangement(end_date=timezone.localdate() + timedelta(days=20))
    client.get("/contact/")
    with django_assert_num_queries(0):
        assert arrangement_notice()["end_date"] is not None


def test_the_core_team_switches_on_after_the_end_date_and_only_the_beheerder_undoes_it(client_for):
    arrangement(end_date=timezone.localdate() + timedelta(days=3))
    core = client_for("kernteam")
    body = core.post("/kernteam/afsluiten/", {"zet": "aan"}, follow=True).content.decode()
    assert "pas na de einddatum" in body and not Arrangement.objects.get().read_only
    ended(successor_text="Bel 0800-1234")
    response = core.post("/kernteam/afsluiten/", {"zet": "aan"}, follow=True)
    assert "Het portaal staat nu op alleen-lezen." in response.content.decode()
    assert Arrangement.objects.get().read_only
    event = AuditEvent.objects.get(action=AuditAction.READ_ONLY_ON)
    assert event.actor.username == "kernteam"
    assert core.post("/kernteam/afsluiten/", {"zet": "uit"}).status_code == 403
    body = core.get("/vragen/stellen/").content.decode()
    assert "Het portaal is gesloten: u kunt alles nog lezen" in body and "Bel 0800-1234" in body
    beheerder = client_for("beheerder")
    assert "Alleen-lezen opheffen" in beheerder.get("/kernteam/afsluiten/").content.decode()
    response = beheerder.post("/kernteam/afsluiten/", {"zet": "uit"}, follow=True)
    assert "Alleen-lezen is opgeheven." in response.content.decode()
    assert not Arrangement.objects.get().read_only
    assert AuditEvent.objects.filter(action=AuditAction.READ_ONLY_OFF, actor__username="beheerder").exists()


def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.label != "sessions.Session"}


def test_every_write_url_of_every_app_is_refused_in_read_only_mode(client_for, matrix_objects):  # noqa: F811
    ended(read_only=True, successor_text="Ga naar rijksoverheid.nl")
    names = sorted(project_url_names())
    assert len(names) > 50
    urls = {name: url_for(name, matrix_objects) for name in names}  # before counting: some make their object
    before = _counts()
    refused = []
    for role in ("kernteam", None, "prt_utrecht", "beheerder"):
        client = client_for(role)
        for name in names:
            if write_allowed(name):
                continue
            response = client.post(urls[name], {"body": "x", "title": "x", "zet": "aan"})
            assert response.status_code == 403, (role, name, response.status_code)
            body = response.content.decode()
            assert CLOSED in body and "Ga naar rijksoverheid.nl" in body, name
            refused.append(name)
    assert {"questions:ask", "monitoring:signal_create", "plans:location_create", "loket:subscribe"} <= set(refused)
    after = _counts()
    # only the role clients logging in wrote something (their login, access log and second-factor device)
    changed = {k for k in before if before[k] != after[k]} - {
        "loket.AuditEvent",
        "axes.AccessLog",
        "otp_totp.TOTPDevice",
    }
    assert not changed


def test_the_allowed_writes_are_few_and_named():
    allowed = settings.READ_ONLY_ALLOWED_URLS
    assert allowed == {
        "loket:login", "loket:logout", "loket:password_reset", "loket:password_reset_confirm", "loket:unsubscribe",
        "loket:closing", "loket:archive", "two_factor:*", "admin:*",
    }  # fmt: skip
    known = {name for name, _ in all_url_names()}
    for name in allowed:
        assert name.endswith(":*") or name in known, name


def test_login_and_logout_still_work_in_read_only_mode(client, users):
    ended(read_only=True)
    response = client.post("/inloggen/", {"username": "prt-utrecht", "password": PASSWORD})
    assert response.status_code in (200, 302) and CLOSED not in response.content.decode()
    assert client.post("/uitloggen/").status_code == 302


def test_the_beheerder_sets_the_period_in_the_admin_and_every_page_knows_at_once(
    client_for, django_capture_on_commit_callbacks
):
    end = timezone.localdate() + timedelta(days=10)
    assert "loopt tot en met" not in client_for(None).get("/contact/").content.decode()  # now cached
    admin = client_for("beheerder")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/beheer/loket/arrangement/add/",
            {"end_date": end.isoformat(), "successor_text": "Vragen: Rijksoverheid"},
        )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Arrangement.objects.get().end_date == end
    # read-only is never switched in the admin (only on the closing page, audited)
    change = admin.get("/beheer/loket/arrangement/1/change/")
    assert change.status_code == 200 and 'name="read_only"' not in change.content.decode()
    body = client_for(None).get("/contact/").content.decode()
    assert "Het ondersteuningsarrangement loopt tot en met" in body and "Vragen: Rijksoverheid" in body
    # read-only is never switched in the admin (only on the closing page, audited)


def test_in_read_only_mode_the_question_and_newsletter_forms_give_way_to_the_notice(client):
    for path, button in (("/vragen/stellen/", "Vraag versturen"), ("/nieuwsbrief/", "Aanmelden")):
        assert button in client.get(path).content.decode(), path
    ended(read_only=True, successor_text="Mail naar vragen@rijk.example.nl")
    for path, button in (("/vragen/stellen/", "Vraag versturen"), ("/nieuwsbrief/", "Aanmelden")):
        body = client.get(path).content.decode()
        assert f">{button}</button>" not in body and 'method="post" enctype' not in body, path
        assert "Dit kan niet meer" in body and "Mail naar vragen@rijk.example.nl" in body, path
    assert "u kunt hier geen vraag meer stellen" in client.get("/vragen/stellen/").content.decode()
    assert "Afmelden kan altijd" in client.get("/nieuwsbrief/").content.decode()
