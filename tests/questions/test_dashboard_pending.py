"""The core-team dashboard also shows what awaits action in the other apps."""

import re

from django.urls import reverse

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
