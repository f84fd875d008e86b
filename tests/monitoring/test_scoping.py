"""Who sees which signals: one scoping function for list, detail, matrix and export."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from monitoring.selectors import signals_visible_to
from monitoring.services import signal_create, signal_update

from .factories import SignalFactory, make_question


@pytest.fixture
def signals(db, utrecht, gelderland):
    return {
        "utrecht": SignalFactory(provinces=[utrecht], title="Utrechts signaal", internal_notes="GEHEIM-UTRECHT"),
        "both": SignalFactory(provinces=[utrecht, gelderland], title="Gedeeld signaal", internal_notes="GEHEIM-BEIDE"),
        "gelderland": SignalFactory(provinces=[gelderland], title="Gelders signaal", internal_notes="GEHEIM-GLD"),
        "national": SignalFactory(title="Landelijk signaal", internal_notes="GEHEIM-NL"),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("kernteam", {"utrecht", "both", "gelderland", "national"}),
        ("lrt", {"utrecht", "both", "gelderland", "national"}),
        ("prt_utrecht", {"utrecht", "both"}),
        ("cdk_utrecht", {"utrecht", "both"}),
        ("prt_gelderland", {"both", "gelderland"}),
        ("expert", set()),
        ("no_role", set()),
        ("beheerder", set()),
    ],
)
def test_signals_visible_to(users, signals, role, expected):
    visible = signals_visible_to(users[role])
    assert set(visible.values_list("pk", flat=True)) == {signals[name].pk for name in expected}
    assert visible.count() == len(expected)  # one row per signal, even with two provinces


def test_anonymous_sees_nothing(signals):
    assert not signals_visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize("role", ["prt_utrecht", "cdk_utrecht"])
def test_partner_pages_never_show_internal_notes(client_for, signals, role):
    client = client_for(role)
    register = client.get("/monitoring/").content.decode()
    ids = {int(pk) for pk in re.findall(r'href="/monitoring/signalen/(\d+)/"', register)}
    assert ids == {signals["utrecht"].pk, signals["both"].pk}
    for name in ("utrecht", "both"):
        body = client.get(f"/monitoring/signalen/{signals[name].pk}/").content.decode()
        assert "GEHEIM" not in body and "Interne notities" not in body
    assert "GEHEIM" not in register
    # Searching for words in the internal notes finds nothing (no leak through the filter).
    search = client.get("/monitoring/?q=GEHEIM-UTRECHT").content.decode()
    assert "0 signalen gevonden" in search


def test_core_team_sees_internal_notes(client_for, signals):
    body = client_for("kernteam").get(f"/monitoring/signalen/{signals['gelderland'].pk}/").content.decode()
    assert "GEHEIM-GLD" in body and "Interne notities" in body


def test_audit_trail_hides_internal_note_changes_from_partners(client_for, users, utrecht):
    signal = signal_create(
        by=users["kernteam"], kind="kans", title="T", description="D", impact=1, likelihood=1, provinces=[utrecht]
    )
    signal_update(signal=signal, by=users["kernteam"], internal_notes="VERTROUWELIJK")
    assert "VERTROUWELIJK" in client_for("kernteam").get(f"/monitoring/signalen/{signal.pk}/").content.decode()
    assert "VERTROUWELIJK" not in client_for("prt_utrecht").get(f"/monitoring/signalen/{signal.pk}/").content.decode()


def test_linked_questions_only_shown_when_visible(client_for, users, utrecht):
    question = make_question(province=utrecht, subject="Vraag over huisvesting")
    signal = SignalFactory(provinces=[utrecht])
    signal.questions.add(question)
    assert question.reference in client_for("kernteam").get(f"/monitoring/signalen/{signal.pk}/").content.decode()
    partner = client_for("prt_utrecht").get(f"/monitoring/signalen/{signal.pk}/").content.decode()
    assert question.reference not in partner and "1 gekoppelde vraag" in partner
