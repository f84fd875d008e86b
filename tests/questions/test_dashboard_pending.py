"""The core-team dashboard also shows what awaits action in the other apps."""

import re

from django.urls import reverse

from experts.selectors import referrals_awaiting_review
from loket.portal.dashboard import core_team_pending, count_each
from monitoring.models import Signal, SignalKind


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
