"""The register page's rows: what `with_row_details` adds (provinces, open actions, the overdue mark)
from one statement equals what the register's annotations and `overdue_q` say."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.core.models import Province
from loket.core.reference_lists import reference_lists
from monitoring.selectors import register_queryset
from monitoring.selectors.register_page import register_base, register_rows, with_row_details
from monitoring.workflow import Status

from .factories import SignalActionFactory, SignalFactory

pytestmark = pytest.mark.django_db


def test_register_rows_say_what_the_annotations_say(client_for, users, utrecht, gelderland):
    """The page's rows get provinces, open actions and the overdue mark from one statement
    (`with_row_details`): the same as the register's annotations and `overdue_q` (exports, filter)."""
    today = timezone.localdate()
    past, future = today - timedelta(days=2), today + timedelta(days=2)
    plain = SignalFactory()
    late_deadline = SignalFactory(deadline=past, provinces=[utrecht, gelderland])
    closed_late = SignalFactory(deadline=past, status=Status.CLOSED, provinces=[gelderland])
    late_action = SignalFactory(deadline=future, provinces=[utrecht])
    SignalActionFactory(signal=late_action, due_date=past)
    SignalActionFactory(signal=late_action, due_date=None)
    SignalActionFactory(signal=late_action, due_date=past, done_at=timezone.now())
    SignalActionFactory(signal=plain, due_date=future)
    SignalActionFactory(signal=closed_late, due_date=past)
    core = users["kernteam"]
    rows = {row["pk"]: row for row in with_row_details(list(register_rows(register_base(core))))}
    for signal in register_queryset(core):
        row = rows[signal.pk]
        assert row["open_actions"] == signal.open_actions
        assert row["is_overdue"] == bool(signal.is_overdue)  # SQL says NULL for "no"
        assert row["province_names"] == [p.name for p in signal.provinces.all()]
    assert rows[late_action.pk]["open_actions"] == 2 and rows[late_action.pk]["is_overdue"]
    assert rows[late_deadline.pk]["province_names"] == ["Gelderland", "Utrecht"]
    assert not rows[closed_late.pk]["is_overdue"] and not rows[plain.pk]["is_overdue"]
    assert with_row_details([]) == []


def test_a_province_newer_than_the_cached_reference_lists_is_named(users, utrecht):
    reference_lists()  # cached without the new province (its removal from the cache waits for a commit)
    new = Province.objects.create(code="PV99", name="Aaa-provincie", population=1, population_date=timezone.localdate())
    signal = SignalFactory(provinces=[utrecht, new])
    rows = with_row_details(list(register_rows(register_base(users["kernteam"]).filter(pk=signal.pk))))
    assert rows[0]["province_names"] == ["Aaa-provincie", "Utrecht"]


def _form(html: str) -> str:
    return re.search(r'<form method="get" novalidate>.*?</form>', html, re.S).group(0)


def test_paging_the_whole_register_shows_the_same_form_and_counts_from_the_tally(client_for, users):
    for _ in range(30):
        SignalFactory()
    client = client_for("kernteam")
    first = client.get("/monitoring/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/monitoring/?page=2").content.decode()
    assert _form(second) == _form(first)
    assert "30 signalen gevonden" in second and second.count('<tr><th scope="row">') == 5
    assert not any(
        q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "monitoring_signal"') for q in queries.captured_queries
    )
    # a filtered page still shows what was chosen
    assert 'value="kans" selected' in _form(client.get("/monitoring/?kind=kans&page=2").content.decode())
