"""Page hygiene (one h1, no inline styles or scripts) and a constant query count on the detail page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from monitoring.services import action_add, escalation_decide, signal_create, signal_escalate, signal_update

from .factories import LrtMeetingFactory

PAGES = [
    "/monitoring/",
    "/monitoring/matrix/",
    "/monitoring/signalen/{pk}/",
    "/monitoring/signalen/nieuw/",
    "/monitoring/signalen/{pk}/bewerken/",
    "/monitoring/overleggen/",
    "/monitoring/overleggen/nieuw/",
    "/monitoring/overleggen/{meeting}/",
    "/monitoring/planmonitoring/",
    "/monitoring/planmonitoring/termijnen/",
    "/monitoring/evaluatie/",
]


@pytest.fixture
def decided(db, users, gelderland):
    signal = signal_create(
        by=users["kernteam"],
        kind="risico",
        title="Risico",
        description="D",
        impact=4,
        likelihood=4,
        provinces=[gelderland],
    )
    meeting = LrtMeetingFactory(date=timezone.localdate() + timedelta(days=3))
    signal_escalate(signal=signal, meeting=meeting, proposal="Voorstel", by=users["kernteam"])
    escalation_decide(meeting=meeting, signal=signal, decision="Besluit", by=users["lrt"])
    return signal, meeting


@pytest.mark.parametrize("page", PAGES)
def test_pages_have_one_h1_and_no_inline_style_or_script(client_for, decided, page):
    signal, meeting = decided
    body = client_for("kernteam").get(page.format(pk=signal.pk, meeting=meeting.pk)).content.decode()
    assert body.count("<h1") == 1
    assert "style=" not in body
    assert "<script>" not in body


def test_detail_query_count_constant(client_for, decided, users, django_assert_max_num_queries):
    signal, _meeting = decided
    client = client_for("kernteam")
    url = f"/monitoring/signalen/{signal.pk}/"
    client.get(url)
    for n in (3, 30):
        for i in range(n):
            action_add(signal=signal, by=users["kernteam"], what=f"Actie {i}", who="Kernteam")
            signal_update(signal=signal, by=users["kernteam"], title=f"Risico {i}")
        with django_assert_max_num_queries(24):
            assert client.get(url).status_code == 200
