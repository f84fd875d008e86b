"""Import in two steps (preview, then confirm) with the stable location-ID; comparison of versions by it.

Issue 19, item 4: importing the same file twice added identical rows, and the comparison then said
"Toegevoegd (0 locaties)" while capacity differed by +470 per quarter (it matched by name)."""

import datetime as dt
import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from loket.core.roles import Role
from plans import quarters
from plans.models import PendingImport, PlannedLocation
from plans.services import location_save, plan_version_start, plan_version_transition
from plans.workflow import Status
from tests.conftest import download, make_user

from .conftest import HEADER, confirm_import, csv_file, import_rows, preview_import, xlsx_file
from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db

ID_HEADER = [*HEADER, "locatie-ID"]


def row(name, capacity=100, *, municipality="Utrecht", first="2026-K1", last="", status="bestaand", key=""):
    return [name, municipality, "AZC", capacity, 0, first, last, status, "nee", key]


def compare_page(client, old: int, new: int) -> str:
    url = reverse("plans:version_compare", kwargs={"province_code": "PV26"})
    return client.get(url, {"van": old, "met": new}).content.decode()


def summary(page: str) -> str:
    match = re.search(r"<ul class=\"import-summary\" data-import-summary>(.*?)</ul>", page, re.S)
    assert match, page[:3000]
    return " ".join(match.group(1).split())


def export_rows(client, version) -> list[list]:
    kwargs = {"province_code": version.plan.province.code, "number": version.number}
    workbook = load_workbook(io.BytesIO(download(client.get(reverse("plans:version_export", kwargs=kwargs)))))
    return [[("" if c is None else c) for c in r] for r in workbook["Locaties"].iter_rows(values_only=True)]


# --- the defect ----------------------------------------------------------------------------------


def test_importing_the_same_file_twice_adds_nothing_the_second_time(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    rows = [HEADER, row("Azc Papendorp", 400)[:9], row("Noodopvang Jaarbeurs", 70)[:9]]
    import_rows(client, utrecht_concept, xlsx_file(rows))
    assert utrecht_concept.locations.count() == 2

    second = preview_import(client, utrecht_concept, xlsx_file(rows))
    page = second.content.decode()
    assert "0 nieuwe locaties" in summary(page) and "2 ongewijzigde locaties" in summary(page)
    assert page.count('data-kind="unchanged"') == 2
    assert "Gekoppeld op naam" in page  # rows without an ID: matched on the name, visibly
    assert "Er verandert niets" in page and "Import bevestigen" not in page
    confirm_import(client, second)  # even a forced confirmation adds nothing
    assert utrecht_concept.locations.count() == 2


def test_exported_version_imported_again_is_unchanged_in_a_new_version(client_for):
    """The journey of the issue: export v1, start v2, import the export (and one new location)."""
    client = client_for("prt_utrecht")
    v1 = version_for("PV26", Status.CONCEPT)
    add_locations(v1, 3)
    plan_version_transition(version=v1, to=Status.IN_PRT, by=None)
    plan_version_transition(version=v1, to=Status.SUBMITTED, by=None)
    exported = export_rows(client, v1)
    assert exported[0][-1] == "locatie-ID"
    v2 = plan_version_start(province=v1.plan.province, by=None)
    assert set(v2.locations.values_list("key", flat=True)) == set(v1.locations.values_list("key", flat=True))

    rows = [*exported, row("Rol Nieuwegein", 470, municipality="Nieuwegein")]
    page = preview_import(client, v2, xlsx_file(rows)).content.decode()
    assert "1 nieuwe locatie" in summary(page) and "3 ongewijzigde locaties" in summary(page)
    import_rows(client, v2, xlsx_file(rows))
    assert v2.locations.count() == 4

    compare = compare_page(client, 1, 2)
    assert "Toegevoegd (1 locatie)" in compare and "Rol Nieuwegein" in compare
    assert "Verwijderd (0 locaties)" in compare and "Gewijzigd (0 locaties)" in compare
    assert compare.count(">+470<") == 12  # every quarter of the horizon


def test_comparison_by_identity_never_says_nothing_added_while_capacity_differs(client_for):
    """A second location with the same name (as the old import made) is an added location."""
    v1 = version_for("PV26", Status.CONCEPT)
    add_locations(v1, 1, capacity=470)
    plan_version_transition(version=v1, to=Status.IN_PRT, by=None)
    plan_version_transition(version=v1, to=Status.SUBMITTED, by=None)
    v2 = plan_version_start(province=v1.plan.province, by=None)
    copy = v2.locations.get()
    PlannedLocation.objects.create(
        version=v2,
        name=copy.name,
        municipality=copy.municipality,
        location_type=copy.location_type,
        capacity=470,
        first_quarter=copy.first_quarter,
        status=copy.status,
    )
    compare = compare_page(client_for("kernteam"), 1, 2)
    assert "Toegevoegd (0 locaties)" not in compare
    assert "Toegevoegd (1 locatie)" in compare
    assert compare.count(">+470<") == 12


def test_comparison_shows_renamed_location_as_changed_with_capacity_per_quarter(client_for):
    v1 = version_for("PV26", Status.CONCEPT)
    add_locations(v1, 2, first_quarter=quarters.encode(2020, 1))
    plan_version_transition(version=v1, to=Status.IN_PRT, by=None)
    plan_version_transition(version=v1, to=Status.SUBMITTED, by=None)
    v2 = plan_version_start(province=v1.plan.province, by=None)
    now = quarters.of_date(timezone.localdate())
    v2.locations.filter(name="Locatie 0").update(name="Azc Hernoemd", capacity=150, last_quarter=now + 3)
    v2.locations.filter(name="Locatie 1").delete()
    compare = compare_page(client_for("kernteam"), 1, 2)
    assert "Gewijzigd (1 locatie)" in compare and "Verwijderd (1 locatie)" in compare
    assert "Toegevoegd (0 locaties)" in compare  # renamed, not removed and added
    assert "Locatie 0" in compare and "Azc Hernoemd" in compare
    # +50 in the first four quarters, -100 after the new last quarter.
    first, fourth, fifth = (quarters.label(now + i) for i in (0, 3, 4))
    assert f"{first} t/m {fourth}: +50 plaatsen" in compare
    assert f"{fifth} t/m" in compare and ": -100 plaatsen" in compare


# --- the preview ---------------------------------------------------------------------------------


def test_preview_counts_new_changed_unchanged_and_errors_and_writes_nothing(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    add_locations(utrecht_concept, 3)
    a, b, c = utrecht_concept.locations.order_by("name")
    before = sorted(utrecht_concept.locations.values_list("pk", "name", "capacity", "last_quarter"))
    history_before = PlannedLocation.history.count()
    rows = [
        ID_HEADER,
        row(a.name, 100, key=str(a.key)),  # unchanged
        row(b.name, 250, key=str(b.key)),  # capacity changed
        row("Azc Hernoemd", 100, last="2027-K4", key=str(c.key)),  # renamed and closes
        row("Nieuwe locatie", 80),  # new
        row("Fout", 0),  # error: capacity
        row("Vreemd", 10, key=str(uuid.uuid4())),  # error: an ID of no location of this plan
    ]
    response = preview_import(client, utrecht_concept, xlsx_file(rows))
    page = response.content.decode()
    assert response.redirect_chain and "/importeren/" in response.redirect_chain[-1][0]
    text = summary(page)
    assert "1 nieuwe locatie" in text and "2 gewijzigde locaties" in text
    assert "1 ongewijzigde locatie" in text and "2 regels met een fout" in text
    assert "capaciteit: 100 → 250" in page
    assert "naam: Locatie 2 → Azc Hernoemd" in page and "laatste kwartaal: open einde → 2027-K4" in page
    assert "Regel 6, kolom capaciteit" in page
    assert "Regel 7, kolom locatie-ID: Deze locatie-ID hoort niet bij dit plan" in page
    assert "Import bevestigen" not in page
    # Nothing written before confirmation.
    assert sorted(utrecht_concept.locations.values_list("pk", "name", "capacity", "last_quarter")) == before
    assert PlannedLocation.history.count() == history_before
    # Confirming a preview with errors is refused too.
    confirm_import(client, response)
    assert sorted(utrecht_concept.locations.values_list("pk", "name", "capacity", "last_quarter")) == before


def test_confirm_applies_exactly_the_preview_in_one_go(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    add_locations(utrecht_concept, 3)
    a, b, _c = utrecht_concept.locations.order_by("name")
    rows = [ID_HEADER, row(a.name, key=str(a.key)), row(b.name, 250, key=str(b.key)), row("Nieuw", 80)]
    preview = preview_import(client, utrecht_concept, xlsx_file(rows), replace=True)
    assert "1 locatie wordt verwijderd" in summary(preview.content.decode())
    page = confirm_import(client, preview).content.decode()
    assert "De import is uitgevoerd: 1 nieuw, 1 gewijzigd, 1 verwijderd, 1 ongewijzigd." in page
    locations = {loc.name: loc for loc in utrecht_concept.locations.all()}
    assert set(locations) == {a.name, b.name, "Nieuw"}
    assert locations[b.name].capacity == 250 and locations[b.name].pk == b.pk and locations[b.name].key == b.key
    assert not PendingImport.objects.exists()
    # The confirmation is one-time: confirming again changes nothing.
    again = confirm_import(client, preview).content.decode()
    assert utrecht_concept.locations.count() == 3
    assert "Import bevestigen" not in again


def test_stale_preview_is_refused(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    add_locations(utrecht_concept, 1)
    location = utrecht_concept.locations.get()
    preview = preview_import(client, utrecht_concept, xlsx_file([ID_HEADER, row("Nieuw", 80)]))
    # Meanwhile the location is changed in another tab.
    location_save(version=utrecht_concept, location=location, by=None, capacity=999)
    page = confirm_import(client, preview).content.decode()
    assert "gewijzigd sinds de voorvertoning" in page and "Er is niets geïmporteerd" in page
    assert list(utrecht_concept.locations.values_list("name", "capacity")) == [(location.name, 999)]
    assert not PendingImport.objects.exists()


def test_expired_preview_is_refused(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    preview = preview_import(client, utrecht_concept, xlsx_file([ID_HEADER, row("Nieuw", 80)]))
    PendingImport.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = confirm_import(client, preview).content.decode()
    assert "Deze voorvertoning is verlopen" in page
    assert not utrecht_concept.locations.exists()
    preview = preview_import(client, utrecht_concept, xlsx_file([ID_HEADER, row("Nieuw", 80)]))
    PendingImport.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(preview.redirect_chain[-1][0], follow=True).content.decode()
    assert "Deze voorvertoning is verlopen" in page and not PendingImport.objects.exists()


def test_preview_of_a_version_that_was_submitted_meanwhile_is_refused(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    add_locations(utrecht_concept, 1)
    preview = preview_import(client, utrecht_concept, xlsx_file([ID_HEADER, row("Nieuw", 80)]))
    plan_version_transition(version=utrecht_concept, to=Status.IN_PRT, by=None)
    plan_version_transition(version=utrecht_concept, to=Status.SUBMITTED, by=None)
    page = confirm_import(client, preview).content.decode()
    assert "kan niet meer worden gewijzigd" in page
    assert utrecht_concept.locations.count() == 1


def test_preview_belongs_to_the_person_who_uploaded_it(client_for, client, utrecht_concept):
    preview = preview_import(client_for("prt_utrecht"), utrecht_concept, xlsx_file([ID_HEADER, row("Nieuw", 80)]))
    url = preview.redirect_chain[-1][0]
    other = make_user("prt-utrecht-collega", Role.PRT, "PV26", "VNG")
    client.logout()
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(url, {"bevestigen": ""}).status_code == 404
    assert not utrecht_concept.locations.exists()


def test_cancel_removes_the_preview(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    preview = preview_import(client, utrecht_concept, xlsx_file([ID_HEADER, row("Nieuw", 80)]))
    page = client.post(preview.redirect_chain[-1][0], {"annuleren": ""}, follow=True).content.decode()
    assert "De import is geannuleerd" in page
    assert not PendingImport.objects.exists() and not utrecht_concept.locations.exists()


def test_location_of_an_earlier_version_comes_back_with_its_identity(client_for):
    client = client_for("prt_utrecht")
    v1 = version_for("PV26", Status.CONCEPT)
    add_locations(v1, 2)
    exported = export_rows(client, v1)
    plan_version_transition(version=v1, to=Status.IN_PRT, by=None)
    plan_version_transition(version=v1, to=Status.SUBMITTED, by=None)
    v2 = plan_version_start(province=v1.plan.province, by=None)
    gone = v2.locations.get(name="Locatie 1")
    key = gone.key
    gone.delete()
    page = preview_import(client, v2, xlsx_file(exported)).content.decode()
    assert "komt terug" in page and "1 nieuwe locatie" in summary(page)
    import_rows(client, v2, xlsx_file(exported))
    assert v2.locations.get(name="Locatie 1").key == key
    assert "Gewijzigd (0 locaties)" in compare_page(client, 1, 2)


def test_duplicate_and_ambiguous_rows_are_errors(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    add_locations(utrecht_concept, 1)
    location = utrecht_concept.locations.get()
    rows = [ID_HEADER, row("A", key=str(location.key)), row("B", key=str(location.key)), row("C"), row("C")]
    page = preview_import(client, utrecht_concept, xlsx_file(rows)).content.decode()
    assert "Regel 3, kolom locatie-ID: Deze locatie-ID staat ook op regel 2." in page
    assert "Regel 5, kolom naam: Deze locatie staat ook op regel 4." in page
    bad = preview_import(client, utrecht_concept, xlsx_file([ID_HEADER, row("X", key="nee-id")])).content.decode()
    assert "Regel 2, kolom locatie-ID: “nee-id” is geen locatie-ID" in bad


def test_bad_file_gives_a_dutch_error_at_the_field(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    response = preview_import(client, utrecht_concept, csv_file("naam,gemeente\nA,B\n"))
    page = response.content.decode()
    assert not response.redirect_chain and response.status_code == 200
    assert 'href="#id_file"' in page  # the error summary links to the field
    assert re.search(r'id="id_file"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_file"', page)
    assert "Deze kolommen ontbreken in de kopregel: locatietype, capaciteit, eerste kwartaal, status." in page
    assert not PendingImport.objects.exists()


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 120])
def test_preview_page_query_count_constant(client_for, utrecht_concept, django_assert_max_num_queries, size):
    client = client_for("prt_utrecht")
    add_locations(utrecht_concept, size)
    rows = [HEADER] + [row(f"Locatie {i}", 100 + i)[:9] for i in range(size)] + [row("Nieuw")[:9]]
    url = preview_import(client, utrecht_concept, xlsx_file(rows)).redirect_chain[-1][0]
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert page.count('data-kind="changed"') == size - 1 and page.count('data-kind="new"') == 1


@pytest.mark.parametrize("size", [5, 120])
def test_compare_page_query_count_constant(client_for, django_assert_max_num_queries, size):
    v1 = version_for("PV26", Status.CONCEPT)
    add_locations(v1, size)
    plan_version_transition(version=v1, to=Status.IN_PRT, by=None)
    plan_version_transition(version=v1, to=Status.SUBMITTED, by=None)
    v2 = plan_version_start(province=v1.plan.province, by=None)
    v2.locations.filter(name__in=["Locatie 0", "Locatie 1"]).update(capacity=300)
    v2.locations.filter(name="Locatie 2").delete()
    add_locations(v2, 2, municipality="Zeist")
    client = client_for("kernteam")
    with django_assert_max_num_queries(9):
        page = compare_page(client, 1, 2)
    assert "Gewijzigd (2 locaties)" in page and "Verwijderd (1 locatie)" in page and "Toegevoegd (2 locaties)" in page
