"""The search box covers what each role may see, through the apps' scoping selectors."""

import pytest
from django.urls import reverse

from loket.core.models import Province
from tests.monitoring.factories import SignalFactory
from tests.plans.factories import PlannedLocationFactory, version_for

pytestmark = pytest.mark.django_db


def _data():
    SignalFactory(title="Zeist signaal Utrecht", provinces=[Province.objects.get(code="PV26")])
    SignalFactory(title="Zeist signaal Gelderland", provinces=[Province.objects.get(code="PV25")])
    PlannedLocationFactory(version=version_for("PV26"), name="Zeist Kamp", municipality="Zeist")
    PlannedLocationFactory(version=version_for("PV25"), name="Zeist Veluwe", municipality="Ede")


def test_partner_finds_own_province_signal_and_plan_location_never_another(client_for):
    _data()
    page = client_for("prt_utrecht").get(reverse("loket:search"), {"q": "Zeist"}).content.decode()
    assert "Zeist signaal Utrecht" in page and "Zeist Kamp" in page
    assert "Zeist signaal Gelderland" not in page and "Zeist Veluwe" not in page


def test_anonymous_finds_only_publications(client_for):
    _data()
    page = client_for(None).get(reverse("loket:search"), {"q": "Zeist"}).content.decode()
    for title in ("Zeist signaal Utrecht", "Zeist signaal Gelderland", "Zeist Kamp", "Zeist Veluwe"):
        assert title not in page
