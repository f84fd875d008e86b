"""Issue 21: the capacity picture is built once per data version of the plans and per group of
viewers who see the same versions (plans.views.capacity, loket.core.data_versions). What one group
sees is never served to another, and every kind of write shows at the next request."""

import pytest
from django.urls import reverse

from plans.models import PlannedLocation, PlanVersion
from plans.workflow import Status

from .test_capacity import QUERY, case  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _page(client) -> str:
    return client.get(reverse("plans:capacity"), QUERY).content.decode()


def test_each_group_of_viewers_gets_its_own_picture_whatever_the_order(case, client_for):  # noqa: F811
    """Utrecht's submitted version 2 counts for the core team and Utrecht's PRT-lid, not for a visitor
    (adopted version 1: 1,000 places). Asked in turns, each keeps seeing its own picture."""
    for _round in range(2):
        visitor = _page(client_for(None))
        assert "versie 1, de nieuwste vastgestelde versie" in visitor
        assert "Per provincie telt de nieuwste vastgestelde planversie." in visitor
        core = _page(client_for("kernteam"))
        assert "versie 2, de nieuwste versie die u mag zien" in core
        prt = _page(client_for("prt_utrecht"))
        assert "versie 2, de nieuwste versie die u mag zien" in prt
        gelderland = _page(client_for("prt_gelderland"))
        assert "versie 1, de nieuwste vastgestelde versie" in gelderland  # Utrecht's draft is not theirs
        assert "Per provincie telt de nieuwste planversie die u mag zien." in gelderland


def test_a_bulk_update_shows_at_the_next_request(case, client_for):  # noqa: F811
    client = client_for(None)
    assert "1.000" in _page(client)  # Utrecht's adopted location
    PlannedLocation.objects.filter(version__plan__province__code="PV26", version__number=1).update(capacity=1234)
    assert "1.234" in _page(client)


def test_adopting_a_version_shows_at_the_next_request(case, client_for):  # noqa: F811
    client = client_for(None)
    assert "versie 1, de nieuwste vastgestelde versie" in _page(client)
    PlanVersion.objects.filter(plan__province__code="PV26", number=2).update(status=Status.ADOPTED)
    assert "versie 2, de nieuwste vastgestelde versie" in _page(client)


def test_the_filters_and_their_errors_are_part_of_the_key(case, client_for):  # noqa: F811
    client = client_for("kernteam")
    assert "Nederland per kwartaal" in _page(client)
    focus = client.get(reverse("plans:capacity"), {**QUERY, "province": "PV26"}).content.decode()
    assert "Utrecht per kwartaal" in focus
    bad = client.get(reverse("plans:capacity"), {"start": "gisteren"}).content.decode()
    assert "gisteren" in bad and "Nederland per kwartaal" in bad


def test_the_tabs_around_the_picture_follow_the_user(case, client_for):  # noqa: F811
    """The page frame and the tabs are not cached with the picture: the support tab is the core team's."""
    assert "Praktische ondersteuning" in _page(client_for("kernteam"))
    assert "Praktische ondersteuning" not in _page(client_for(None))
