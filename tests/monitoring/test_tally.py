"""The tally of signals per kind and status (monitoring/tally.py, issue 21) equals a recount of the
signals after every kind of write: the services, the bulk builders, queryset updates and deletes; the
data migration fills it; and the register takes its size from it only where the tally can say it."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from monitoring import services
from monitoring.builders import NewSignal, build_signals
from monitoring.models import Signal, SignalKind, SignalTally
from monitoring.tally import counted
from monitoring.workflow import Status

from .factories import SignalFactory

pytestmark = pytest.mark.django_db


def tally() -> dict[tuple[str, str], int]:
    return {(k, s): n for k, s, n in SignalTally.objects.values_list("kind", "status", "n") if n}


def assert_tally_is_a_recount():
    assert tally() == counted(Signal.objects.all())


def test_tally_follows_the_services(users, utrecht):
    core = users["kernteam"]
    assert_tally_is_a_recount()
    signal = services.signal_create(
        by=core, kind=SignalKind.RISK, title="Tekort", description="Omschrijving", impact=3, likelihood=4
    )
    assert tally()[(SignalKind.RISK, Status.OPEN)] >= 1
    assert_tally_is_a_recount()
    services.signal_transition(signal=signal, to=Status.IN_PROGRESS, by=core)
    assert_tally_is_a_recount()
    services.signal_update(signal=signal, by=core, kind=SignalKind.ISSUE, title="Nu een issue")
    assert_tally_is_a_recount()
    services.signal_update(signal=signal, by=core, impact=5)  # nothing to count
    assert_tally_is_a_recount()
    services.signal_report(
        by=users["prt_utrecht"], kind=SignalKind.OPPORTUNITY, title="Kans", description="D", impact=2, likelihood=2
    )
    assert_tally_is_a_recount()
    assert tally() == {(SignalKind.ISSUE, Status.IN_PROGRESS): 1, (SignalKind.OPPORTUNITY, Status.OPEN): 1}


def test_tally_follows_bulk_writes_updates_and_deletes(utrecht):
    build_signals(
        [
            NewSignal(Signal(kind=SignalKind.RISK, title=f"S{i}", description="D", impact=2, likelihood=3), [utrecht])
            for i in range(5)
        ]
    )
    SignalFactory(kind=SignalKind.ISSUE, status=Status.CLOSED)
    assert_tally_is_a_recount()
    Signal.objects.filter(kind=SignalKind.RISK).update(status=Status.ESCALATED)
    assert_tally_is_a_recount()
    Signal.objects.filter(status=Status.ESCALATED).update(kind=SignalKind.OPPORTUNITY, status=Status.DECIDED)
    assert_tally_is_a_recount()
    Signal.objects.update(title="Zelfde telling")  # no count changes
    assert_tally_is_a_recount()
    Signal.objects.order_by("pk").first().delete()
    assert_tally_is_a_recount()
    Signal.objects.filter(kind=SignalKind.OPPORTUNITY).delete()
    assert_tally_is_a_recount()
    assert tally() == {(SignalKind.ISSUE, Status.CLOSED): 1}


def _counts_signals(queries) -> bool:
    """A COUNT over the signals (the paginator's), not the count of a row's open actions."""
    return any(
        q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "monitoring_signal"') for q in queries.captured_queries
    )


def found(html: str) -> int:
    return int(re.search(r"(\d+) signa(?:al|len) gevonden", html).group(1))


def test_register_size_from_the_tally_where_it_can(client_for, utrecht, gelderland):
    SignalFactory(kind=SignalKind.RISK, provinces=[utrecht])
    SignalFactory(kind=SignalKind.RISK, provinces=[gelderland], status=Status.CLOSED)
    SignalFactory(kind=SignalKind.OPPORTUNITY, provinces=[utrecht], impact=5, likelihood=5)
    SignalFactory(kind=SignalKind.ISSUE)
    core = client_for("kernteam")
    cases = {
        "": (4, False),
        "sort=-score&page=1": (4, False),
        "kind=risico": (2, False),
        "kind=kans&sort=-score": (1, False),
        "status=afgesloten": (1, False),
        "kind=risico&status=open": (1, False),
        "kind=onzin": (4, False),  # an invalid choice filters nothing (as before): the whole register
        "province=PV26": (2, True),
        "score_min=20": (1, True),
        "overdue=on": (0, True),
        "q=Signaal": (4, True),
    }
    for query, (expected, counted_by_query) in cases.items():
        with CaptureQueriesContext(connection) as queries:
            html = core.get(f"/monitoring/?{query}").content.decode()
        assert found(html) == expected, query
        assert _counts_signals(queries) == counted_by_query, query
    # someone who sees only their own province: never the tally of everything; unfiltered, the number
    # of its links (one per signal, also for a signal of two provinces), filtered a COUNT
    SignalFactory(kind=SignalKind.ISSUE, provinces=[utrecht, gelderland])
    partner = client_for("prt_utrecht")
    for query, (expected, counted_by_query) in {
        "": (3, False),
        "kind=issue": (1, True),
        "q=Signaal": (3, True),
    }.items():
        with CaptureQueriesContext(connection) as queries:
            html = partner.get(f"/monitoring/?{query}").content.decode()
        assert found(html) == expected, query
        assert _counts_signals(queries) == counted_by_query, query


BEFORE = [("monitoring", "0007_decision_mailed_to")]
AFTER = [("monitoring", "0008_signal_tally")]


@pytest.fixture
def back_to_the_latest_migrations():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_fills_the_tally(back_to_the_latest_migrations):
    SignalFactory(kind=SignalKind.RISK)
    SignalFactory(kind=SignalKind.RISK)
    SignalFactory(kind=SignalKind.ISSUE, status=Status.CLOSED)
    expected = counted(Signal.objects.all())
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("monitoring", "Signal")
    old.objects.filter(kind=SignalKind.ISSUE).update(status=Status.DECIDED)  # written without the triggers
    expected[(SignalKind.ISSUE, Status.DECIDED)] = expected.pop((SignalKind.ISSUE, Status.CLOSED))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert tally() == expected == counted(Signal.objects.all())
    SignalFactory(kind=SignalKind.OPPORTUNITY)  # and the triggers are back
    assert_tally_is_a_recount()
