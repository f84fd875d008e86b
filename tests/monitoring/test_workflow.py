"""The signal workflow: every (from, to) pair, the history it writes, and refusals in Dutch."""

import pytest
from django.core.exceptions import ValidationError

from monitoring.models import SignalStatusChange
from monitoring.services import signal_transition
from monitoring.workflow import TRANSITIONS, Status

from .factories import SignalFactory

PAIRS = [(a, b) for a in Status for b in Status]


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS)
def test_every_pair_follows_transitions(db, users, from_status, to_status):
    signal = SignalFactory(status=from_status)
    allowed = to_status in TRANSITIONS[from_status]
    if allowed:
        signal_transition(signal=signal, to=to_status, by=users["kernteam"], note="test")
        signal.refresh_from_db()
        assert signal.status == to_status
        change = SignalStatusChange.objects.get(signal=signal)
        assert (change.from_status, change.to_status, change.by) == (from_status, to_status, users["kernteam"])
        assert signal.history.first().history_user == users["kernteam"]
    else:
        with pytest.raises(ValidationError) as exc:
            signal_transition(signal=signal, to=to_status, by=users["kernteam"])
        assert "kan niet naar" in exc.value.messages[0]
        signal.refresh_from_db()
        assert signal.status == from_status
        assert not SignalStatusChange.objects.filter(signal=signal).exists()


def test_transitions_cover_every_status():
    assert set(TRANSITIONS) == set(Status)


def test_unknown_status_is_refused_in_dutch(db, users):
    signal = SignalFactory()
    with pytest.raises(ValidationError, match="Onbekende status"):
        signal_transition(signal=signal, to="verdwenen", by=users["kernteam"])


def test_transition_page_refuses_illegal_move_with_message(client_for, db):
    signal = SignalFactory(status=Status.OPEN)
    client = client_for("kernteam")
    response = client.post(f"/monitoring/signalen/{signal.pk}/status/", {"to": Status.DECIDED}, follow=True)
    assert response.status_code == 200
    assert "niet mogelijk" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == Status.OPEN
    response = client.post(f"/monitoring/signalen/{signal.pk}/status/", {"to": Status.IN_PROGRESS}, follow=True)
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS
    assert "De status is gewijzigd" in response.content.decode()
