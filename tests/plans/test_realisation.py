"""Issue 16 item 5 (realisation of locations), item 2 (regions) and item 6 (capacity picture clarity)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Signal
from monitoring.selectors import plan_monitoring
from plans import quarters
from plans.models import LocationRealisation, Region
from plans.services import plan_version_start, prognosis_round_create, prognosis_round_publish
from plans.workflow import RealisationState, Status

from .factories import PlannedLocationFactory, add_locations, version_for

pytestmark = pytest.mark.django_db


def realisation_url(location):
    version = location.version
    return reverse(
        "plans:location_realisation",
        kwargs={"province_code": version.plan.province.code, "number": version.number, "pk": location.pk},
    )


@pytest.fixture
def utrecht(db):
    """Utrecht v1 with two locations: one planned from four quarters ago, one from the current quarter."""
    now = quarters.of_date(timezone.localdate())
    version = version_for("PV26", Status.IN_PRT, number=1)
    PlannedLocationFactory(version=version, name="Oud Kamp", capacity=300, first_quarter=now - 4)
    PlannedLocationFactory(version=version, name="Nieuw Hof", capacity=200, first_quarter=now)
    return version


def test_prt_marks_a_location_in_use_and_the_picture_shows_realised(client_for, users, utrecht):
    location = utrecht.locations.get(name="Oud Kamp")
    prt = client_for("prt_utrecht")
    since = quarters.start_date(location.first_quarter) + timedelta(days=5)
    response = prt.post(realisation_url(location), {"state": "in_gebruik", "in_use_since": since.isoformat()})
    assert response.status_code == 302
    row = LocationRealisation.objects.get(plan=utrecht.plan, key=location.key)
    assert row.state == RealisationState.IN_USE and row.in_use_since == since
    assert utrecht.locations.count() == 2 and utrecht.plan.versions.count() == 1  # no new version

    # The capacity picture: realised beside planned, for the province and the country.
    page = client_for("kernteam").get(reverse("plans:capacity"), {"province": "PV26"}).content.decode()
    focus = page.split('id="grafiek-kop"', 1)[1].split('id="provincies-kop"', 1)[0]
    assert "In gebruik" in focus
    first_row = focus.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">500</td><td class="num">300</td>' in first_row  # planned 500, in use 300
    assert "in gebruik 300" in page.split('id="provincies-kop"', 1)[1]

    # Plan monitoring: 300 of 500 places in use (60 %), no location late (Nieuw Hof starts this quarter).
    rows = {row["province"].code: row for row in plan_monitoring()}
    assert rows["PV26"]["implementation"] == {"planned": 500, "realised": 300, "share": 60, "late": 0}

    # It holds across versions: v2 (a copy) shows the same state for the same location key.
    client_for("prt_utrecht").post(
        reverse("plans:version_transition", kwargs={"province_code": "PV26", "number": 1}), {"to": "ingediend"}
    )
    v2 = plan_version_start(province=utrecht.plan.province, by=users["prt_utrecht"])
    page = prt.get(reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": v2.number}))
    assert "in gebruik" in page.content.decode()

    # Closed: history is kept.
    copy = v2.locations.get(name="Oud Kamp")
    closed = timezone.localdate()
    prt.post(
        realisation_url(copy),
        {"state": "afgebouwd", "in_use_since": since.isoformat(), "closed_since": closed.isoformat()},
    )
    row.refresh_from_db()
    assert row.state == RealisationState.CLOSED and row.history.count() == 2
    history = prt.get(realisation_url(copy)).content.decode()
    assert "Geschiedenis van de realisatie" in history and "Afgebouwd" in history


def test_late_locations_are_counted(utrecht):
    rows = {row["province"].code: row for row in plan_monitoring()}
    assert rows["PV26"]["implementation"]["late"] == 1  # Oud Kamp: its first quarter passed, not in use
    assert rows["PV26"]["implementation"]["share"] == 0


def test_bad_dates_are_refused_with_nothing_stored(client_for, utrecht):
    location = utrecht.locations.get(name="Nieuw Hof")
    prt = client_for("prt_utrecht")
    before = quarters.start_date(location.first_quarter) - timedelta(days=1)
    response = prt.post(realisation_url(location), {"state": "in_gebruik", "in_use_since": before.isoformat()})
    assert response.status_code == 200
    assert "vóór het eerste kwartaal van de locatie" in response.content.decode()
    future = timezone.localdate() + timedelta(days=3)
    response = prt.post(realisation_url(location), {"state": "in_gebruik", "in_use_since": future.isoformat()})
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    response = prt.post(realisation_url(location), {"state": "afgebouwd", "in_use_since": timezone.localdate()})
    assert "Vul in sinds wanneer de locatie is afgebouwd." in response.content.decode()
    assert LocationRealisation.objects.count() == 0
    # Only the PRT-lid of the province.
    assert client_for("cdk_utrecht").post(realisation_url(location), {"state": "voorbereiding"}).status_code == 403
    assert client_for("prt_gelderland").post(realisation_url(location), {"state": "voorbereiding"}).status_code == 404
    assert LocationRealisation.objects.count() == 0


def test_regions_filter_and_subtotal(client_for, utrecht):
    # The seeded example set has Utrecht's safety region; a transactional test elsewhere may have flushed it.
    region, _created = Region.objects.get_or_create(
        code="VR09", defaults={"name": "Utrecht", "province": utrecht.plan.province}
    )
    location = utrecht.locations.get(name="Oud Kamp")
    location.region = region
    location.save()
    page = client_for("prt_utrecht").get(reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1}))
    part = page.content.decode().split('id="regio-kop"', 1)[1]
    assert "Utrecht" in part and "Geen regio" in part
    filtered = client_for("prt_utrecht").get(
        reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1}), {"region": region.pk}
    )
    assert "Oud Kamp" in filtered.content.decode() and "Nieuw Hof" not in filtered.content.decode()
    picture = client_for("kernteam").get(reverse("plans:capacity"), {"region": "VR09"}).content.decode()
    assert "Utrecht per regio" in picture
    table = picture.split('id="regio-kop"', 1)[1].split("</table>", 1)[0]
    assert "Geen regio" not in table  # only the chosen region counts


def test_capacity_picture_says_which_version_counts_and_toggles(client_for, utrecht):
    round_ = prognosis_round_create(reference_date=date(2027, 1, 1), national_total=1000, source="t", by=None)
    prognosis_round_publish(round_=round_, by=None)
    page = client_for("prt_utrecht").get(reverse("plans:capacity")).content.decode()
    assert "<strong>Utrecht</strong>: versie 1, de nieuwste versie die u mag zien, nog niet vastgesteld" in page
    assert "Toon het officiële beeld (alleen vastgestelde versies)" in page
    assert "peildatum 1 januari 2027" in page
    official = client_for("prt_utrecht").get(reverse("plans:capacity"), {"basis": "vastgesteld"}).content.decode()
    assert "Officieel beeld: alleen vastgestelde versies" in official
    assert "<strong>Utrecht</strong>: geen vastgestelde versie" in official
    anonymous = client_for(None).get(reverse("plans:capacity")).content.decode()
    assert "<strong>Utrecht</strong>: geen versie die u mag zien" in anonymous


def test_coa_reads_every_draft_and_changes_nothing(client_for, utrecht):
    gelderland = version_for("PV25", Status.CONCEPT, number=1)
    PlannedLocationFactory(version=gelderland, name="Arnhem Zuid")
    coa = client_for("coa_landelijk")
    for version in (utrecht, gelderland):
        code = version.plan.province.code
        page = coa.get(reverse("plans:version_detail", kwargs={"province_code": code, "number": 1}))
        assert page.status_code == 200
        assert "Status wijzigen" not in page.content.decode() and "Locatie toevoegen" not in page.content.decode()
    picture = coa.get(reverse("plans:capacity")).content.decode()
    assert "versie 1, de nieuwste versie die u mag zien" in picture.split("<strong>Gelderland</strong>", 1)[1]
    url = reverse("plans:version_transition", kwargs={"province_code": "PV25", "number": 1})
    assert coa.post(url, {"to": "in_prt"}).status_code == 403
    edit = reverse("plans:version_edit", kwargs={"province_code": "PV25", "number": 1})
    assert coa.post(edit, {"scaling": "x"}).status_code == 403


def test_cdk_sees_own_plan_monitoring_and_reports_a_signal(client_for, users, utrecht):
    cdk = client_for("cdk_utrecht")
    page = cdk.get(reverse("monitoring:plan_monitoring"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Utrecht" in body and "Gelderland" not in body and "Termijnen:" in body
    response = cdk.post(
        reverse("monitoring:signal_report"),
        {
            "kind": "risico",
            "title": "Locatie onzeker",
            "description": "De huur loopt af.",
            "impact": 3,
            "likelihood": 3,
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get(title="Locatie onzeker")
    assert list(signal.provinces.values_list("code", flat=True)) == ["PV26"]


@pytest.mark.parametrize("size", [4, 80])
def test_monitoring_and_picture_constant_queries(client_for, django_assert_max_num_queries, size):
    for code in ("PV26", "PV25"):
        version = version_for(code, Status.IN_PRT, number=1)
        add_locations(version, size)
        for location in version.locations.all()[: size // 2]:
            LocationRealisation.objects.create(
                plan=version.plan, key=location.key, state="in_gebruik", in_use_since=date(2020, 1, 1), in_use_quarter=0
            )
    client = client_for("kernteam")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("monitoring:plan_monitoring")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("plans:capacity"), {"province": "PV26"}).status_code == 200
