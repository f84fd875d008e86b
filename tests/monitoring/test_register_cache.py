"""Issue 21: the register's results (count, rows, pages) are built once per data version of the signals,
per scope (every province or one), per query, per day and per version of the reference lists
(monitoring.views.register). What one scope sees is never served to another, every kind of write to a
table the results read shows at the next request, and the frame (buttons per role) is read per request."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from loket.core import data_versions
from loket.core.models import Theme
from monitoring.models import Signal, SignalAction
from monitoring.selectors.register_page import DATA_VERSION_TABLES
from tests.conftest import FormClient, login

from .factories import SignalActionFactory, SignalFactory

URL = "/monitoring/"
pytestmark = pytest.mark.django_db


def _clients(users, *names):
    """A client of its own per user, all logged in before the first page: a login writes auth_user
    (last_login), one of the tables the results read, so it makes the next page build them again."""
    clients = []
    for name in names:
        clients.append(FormClient())
        login(clients[-1], users[name])
    return clients


def _page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def test_each_scope_gets_its_own_results_whatever_the_order(users, utrecht, gelderland):
    SignalFactory(title="Alleen Utrecht", provinces=[utrecht])
    SignalFactory(title="Alleen Gelderland", provinces=[gelderland])
    utrecht_client, gelderland_client, core_client = _clients(users, "prt_utrecht", "prt_gelderland", "kernteam")
    for _round in range(2):
        utrecht_page = _page(utrecht_client)
        assert "Alleen Utrecht" in utrecht_page and "Alleen Gelderland" not in utrecht_page
        gelderland_page = _page(gelderland_client)
        assert "Alleen Gelderland" in gelderland_page and "Alleen Utrecht" not in gelderland_page
        core = _page(core_client)
        assert "Alleen Utrecht" in core and "Alleen Gelderland" in core


def test_the_buttons_of_the_frame_follow_the_user_not_the_cache(users, utrecht):
    SignalFactory(title="Gedeeld signaal", provinces=[utrecht])
    core_client, lrt_client = _clients(users, "kernteam", "lrt")
    core = _page(core_client)
    lrt = _page(lrt_client)  # the same scope (every province), other buttons: from the cache
    assert "Gedeeld signaal" in core and "Gedeeld signaal" in lrt
    assert "Nieuw signaal" in core and "Nieuw signaal" not in lrt


def test_writes_by_any_path_show_at_the_next_request(
    client_for, users, utrecht, gelderland, django_capture_on_commit_callbacks
):
    client = client_for("kernteam")
    signal = SignalFactory(title="Eerste titel", provinces=[utrecht])
    assert "Eerste titel" in _page(client)
    Signal.objects.filter(pk=signal.pk).update(title="Tweede titel")  # a queryset update
    page = _page(client)
    assert "Tweede titel" in page and "Eerste titel" not in page
    signal.provinces.add(gelderland)  # the province links
    assert "Gelderland" in _page(client, q="Tweede")
    gelderland.name = "Gelre"  # a name on the page (a save: the reference lists are rebuilt too)
    with django_capture_on_commit_callbacks(execute=True):
        gelderland.save()
    assert "Gelre" in _page(client, q="Tweede")
    theme = Theme.objects.order_by("code").first()
    Signal.objects.filter(pk=signal.pk).update(theme=theme)
    Theme.objects.filter(pk=theme.pk).update(name="Hernoemd thema")
    assert "Hernoemd thema" in _page(client)
    owner = users["kernteam"]
    Signal.objects.filter(pk=signal.pk).update(owner=owner)
    type(owner).objects.filter(pk=owner.pk).update(first_name="Hernoemde", last_name="Eigenaar")
    assert "Hernoemde Eigenaar" in _page(client)
    action = SignalActionFactory(signal=signal, due_date=timezone.localdate() - timedelta(days=1))
    assert "marker--danger" in _page(client)  # an open action past its date: the overdue mark
    SignalAction.objects.filter(pk=action.pk).update(done_at=timezone.now())
    assert "marker--danger" not in _page(client)
    SignalFactory(title="Nieuw signaal erbij")  # a new signal, and the count with it
    page = _page(client)
    assert "Nieuw signaal erbij" in page and "2 signalen gevonden" in page
    Signal.objects.filter(pk=signal.pk).delete()
    page = _page(client)
    assert "Tweede titel" not in page and "1 signaal gevonden" in page


def test_a_query_and_a_page_each_have_their_own_results(client_for):
    SignalFactory(title="Zetasignaal")
    SignalFactory(title="Omegasignaal")
    client = client_for("kernteam")
    assert "Omegasignaal" in _page(client) and "Zetasignaal" in _page(client)
    only = _page(client, q="Zetasignaal")
    assert "Zetasignaal" in only and "Omegasignaal" not in only


def test_the_day_is_part_of_the_key(client_for, monkeypatch):
    signal = SignalFactory(title="Met deadline", deadline=timezone.localdate() + timedelta(days=1))
    client = client_for("kernteam")
    assert "marker--danger" not in _page(client)
    tomorrow = timezone.localdate() + timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert signal.deadline < tomorrow
    assert "marker--danger" in _page(client)  # no write in between: only the day changed


def test_the_triggers_are_on_the_tables_the_register_reads():
    """Migration monitoring 0010's list is register_page.DATA_VERSION_TABLES."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s",
                ["loket_dv_signals_%"],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["loket_dv_signals_%"],
            )
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == set(DATA_VERSION_TABLES)


def test_a_write_elsewhere_leaves_the_signals_version_alone(users):
    before = data_versions.current("signals")
    users["kernteam"].profile.save()
    assert data_versions.current("signals") == before
