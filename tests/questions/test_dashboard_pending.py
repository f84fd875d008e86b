"""The core-team dashboard also shows what awaits action in the other apps."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experts.selectors import referrals_awaiting_review
from loket.portal.dashboard import core_team_pending, count_each
from monitoring.models import Signal, SignalKind
from monitoring.workflow import Status


def pending_count(html: str, label: str) -> int:
    match = re.search(re.escape(label) + r"</a>: <strong>(\d+)</strong>", html)
    assert match, label
    return int(match.group(1))


def test_dashboard_counts_new_signals(client_for):
    client = client_for("kernteam")
    label = "Nieuwe signalen om op te pakken"
    before = pending_count(client.get(reverse("loket:dashboard")).content.decode(), label)
    Signal.objects.create(kind=SignalKind.RISK, title="Locatie valt weg", description="x", impact=3, likelihood=2)
    html = client.get(reverse("loket:dashboard")).content.decode()
    assert pending_count(html, label) == before + 1
    for other in ("Antwoorden van deskundigen om te beoordelen", "Ingediende planversies om vast te stellen"):
        assert pending_count(html, other) == 0


def test_pending_counts_in_one_statement_equal_each_count(users, django_assert_num_queries):
    """The six querysets of the other apps are counted in one SQL statement (the consultations app gives
    its count as a number: one more query); each count is what `.count()` says, an empty queryset 0."""
    Signal.objects.create(kind=SignalKind.RISK, title="Locatie valt weg", description="x", impact=3, likelihood=2)
    querysets = [Signal.objects.all(), Signal.objects.none(), referrals_awaiting_review(), Signal.objects.filter(pk=0)]
    expected = [1, 0, 0, 0]
    assert [qs.count() for qs in querysets] == expected
    with django_assert_num_queries(1):
        assert count_each(querysets) == expected
    core_team_pending(users["kernteam"])  # the user's roles are read once and kept on the user
    with django_assert_num_queries(2):
        items = core_team_pending(users["kernteam"])
    assert [item.count for item in items if item.label == "Nieuwe signalen om op te pakken"] == [1]
    assert len(items) == 7


def test_count_each_sums_a_column_for_a_pair(db):
    """A pair (queryset, column) counts the sum of that column of its rows: 0 for no rows."""
    Signal.objects.create(kind=SignalKind.RISK, title="a", description="x", impact=3, likelihood=2)
    Signal.objects.create(kind=SignalKind.ISSUE, title="b", description="x", impact=1, likelihood=1)
    signals = Signal.objects.all()
    assert count_each([(signals, "impact"), (signals.filter(pk=0), "impact"), signals, (signals.none(), "impact")]) == [
        4,
        0,
        2,
        0,
    ]


def test_new_signal_count_comes_from_the_tally_and_follows_every_change(users):
    """For the core team the number of open signals is the sum of the tally's rows (kept by triggers),
    not a count over the signals: the one statement never reads the signals table, and the number is
    a recount after creating, closing, re-opening and deleting signals."""
    kernteam = users["kernteam"]
    core_team_pending(kernteam)  # the user's roles, read once

    def shown() -> int:
        with CaptureQueriesContext(connection) as queries:
            (n,) = [i.count for i in core_team_pending(kernteam) if i.label == "Nieuwe signalen om op te pakken"]
        counted = [q["sql"] for q in queries.captured_queries if "monitoring_signaltally" in q["sql"]]
        assert len(counted) == 1 and not re.search(r'"monitoring_signal"\s', counted[0]), counted
        return n

    def recount() -> int:
        return Signal.objects.filter(status=Status.OPEN).count()

    first, second = (
        Signal.objects.create(kind=kind, title=kind, description="x", impact=3, likelihood=2)
        for kind in (SignalKind.RISK, SignalKind.OPPORTUNITY)
    )
    assert shown() == recount() == 2
    Signal.objects.filter(pk=first.pk).update(status=Status.CLOSED)
    assert shown() == recount() == 1
    Signal.objects.filter(pk=first.pk).update(status=Status.OPEN, kind=SignalKind.ISSUE)
    assert shown() == recount() == 2
    second.delete()
    assert shown() == recount() == 1
