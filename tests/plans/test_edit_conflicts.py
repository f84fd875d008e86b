"""Issue 20 item 9 for plans: no lost edit. Two PRT-leden (or two tabs) open the same form; the first
save wins, the second is answered 409 with what was typed still in the form and the colleague's stored
text beside it; nothing is overwritten. The forms are read from the page as a browser sends them
(bench/htmlforms.py), so the hidden counter comes from the page."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from bench import htmlforms
from loket.core.concurrency import StaleEdit
from loket.core.roles import Role
from plans.models import PlannedLocation, PlanVersion
from plans.services import location_save, plan_version_update
from plans.workflow import Status
from tests.conftest import login, make_user

from .conftest import HEADER, import_rows, xlsx_file
from .factories import add_locations, version_for


@pytest.fixture
def two_colleagues(users):
    """Two logged-in clients of two PRT-leden of Utrecht."""
    colleague = make_user("prt-utrecht-2", Role.PRT, "PV26", "PV26")
    first, second = Client(), Client()
    login(first, users["prt_utrecht"])
    login(second, colleague)
    return first, second


def pairs(form: htmlforms.Form, values: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in form.data(values):
        out.setdefault(key, []).append(value)
    return out


def open_form(client, path: str, field: str) -> htmlforms.Form:
    response = client.get(path)
    assert response.status_code == 200
    form = htmlforms.form_with(response.content, field=field)
    assert form is not None and "row_version" in form.names
    return form


@pytest.mark.django_db
def test_texts_the_first_save_wins_the_second_gets_409_with_its_text_kept(two_colleagues):
    version = version_for("PV26", Status.CONCEPT)
    path = reverse("plans:version_edit", kwargs={"province_code": "PV26", "number": 1})
    alice, bob = two_colleagues
    form_a, form_b = open_form(alice, path, "scaling"), open_form(bob, path, "scaling")

    assert alice.post(path, pairs(form_a, {"scaling": "Tekst van Alice"})).status_code == 302
    stale = bob.post(path, pairs(form_b, {"scaling": "Tekst van Bob", "risks": "Risico van Bob"}))

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Een collega heeft de teksten van deze versie zojuist gewijzigd" in page
    assert "Wijziging van uw collega" in page and "Tekst van Alice" in page
    again = htmlforms.form_with(stale.content, field="scaling")
    typed = dict(again.fields)
    assert typed["scaling"] == "Tekst van Bob" and typed["risks"] == "Risico van Bob"
    assert typed["row_version"] == "1"  # now on the current counter: sending again is a choice
    version.refresh_from_db()
    assert (version.scaling, version.risks, version.row_version) == ("Tekst van Alice", "", 1)

    # Bob read Alice's text and sends his own again, deliberately: now it is saved.
    assert bob.post(path, pairs(again, {})).status_code == 302
    version.refresh_from_db()
    assert (version.scaling, version.risks, version.row_version) == ("Tekst van Bob", "Risico van Bob", 2)


@pytest.mark.django_db
def test_location_edit_the_first_save_wins_the_second_gets_409(two_colleagues):
    version = version_for("PV26", Status.CONCEPT)
    add_locations(version, 1, capacity=100)
    location = version.locations.get()
    path = reverse("plans:location_update", kwargs={"province_code": "PV26", "number": 1, "pk": location.pk})
    alice, bob = two_colleagues
    form_a, form_b = open_form(alice, path, "capacity"), open_form(bob, path, "capacity")

    assert alice.post(path, pairs(form_a, {"capacity": "150", "municipality": "Zeist"})).status_code == 302
    stale = bob.post(path, pairs(form_b, {"capacity": "275"}))

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Een collega heeft deze locatie zojuist gewijzigd" in page and "Wijziging van uw collega" in page
    assert "Zeist" in page  # the colleague's stored values beside the form
    typed = dict(htmlforms.form_with(stale.content, field="capacity").fields)
    assert typed["capacity"] == "275" and typed["municipality"] == "Utrecht" and typed["row_version"] == "1"
    location.refresh_from_db()
    assert (location.capacity, location.municipality, location.row_version) == (150, "Zeist", 1)
    assert location.history.count() == 1  # Alice's change only: Bob's save wrote nothing


@pytest.mark.django_db
def test_deleting_a_location_a_colleague_just_changed_is_refused_with_409(two_colleagues):
    version = version_for("PV26", Status.CONCEPT)
    add_locations(version, 1, capacity=100)
    location = version.locations.get()
    alice, bob = two_colleagues
    detail = alice.get(reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1})).content
    delete_path = reverse("plans:location_delete", kwargs={"province_code": "PV26", "number": 1, "pk": location.pk})
    delete = next(f for f in htmlforms.forms_in(detail) if f.action == delete_path)
    edit_path = reverse("plans:location_update", kwargs={"province_code": "PV26", "number": 1, "pk": location.pk})
    assert bob.post(edit_path, pairs(open_form(bob, edit_path, "capacity"), {"capacity": "180"})).status_code == 302

    refused = alice.post(delete_path, pairs(delete, {}))

    assert refused.status_code == 409
    assert "Een collega heeft deze locatie zojuist gewijzigd" in refused.content.decode()
    location.refresh_from_db()
    assert location.capacity == 180
    # The 409 page offers the button again, on the current counter: a deliberate delete works.
    again = next(f for f in htmlforms.forms_in(refused.content) if f.action == delete_path)
    assert alice.post(delete_path, pairs(again, {})).status_code == 302
    assert not PlannedLocation.objects.filter(pk=location.pk).exists()


@pytest.mark.django_db
def test_an_import_that_changes_a_location_makes_an_open_form_of_it_stale(two_colleagues):
    version = version_for("PV26", Status.CONCEPT)
    add_locations(version, 1, capacity=100)
    location = version.locations.get()
    path = reverse("plans:location_update", kwargs={"province_code": "PV26", "number": 1, "pk": location.pk})
    alice, bob = two_colleagues
    form = open_form(alice, path, "capacity")
    sheet = [
        [*HEADER, "locatie-ID"],
        [location.name, "Utrecht", "AZC", 240, 0, "2026-K1", "", "bestaand", "nee", str(location.key)],
    ]
    import_rows(bob, version, xlsx_file(sheet))
    location.refresh_from_db()
    assert (location.capacity, location.row_version) == (240, 1)

    assert alice.post(path, pairs(form, {"capacity": "120"})).status_code == 409
    location.refresh_from_db()
    assert location.capacity == 240


@pytest.mark.django_db
def test_a_stale_service_call_writes_nothing(users):
    version = version_for("PV26", Status.CONCEPT)
    plan_version_update(version=version, by=users["prt_utrecht"], expected_row_version=0, roles="Eerste")
    with pytest.raises(StaleEdit):
        plan_version_update(version=version, by=users["prt_utrecht"], expected_row_version=0, roles="Tweede")
    version.refresh_from_db()
    assert (version.roles, version.row_version) == ("Eerste", 1)


WRITERS = 6


def all_at_once(work) -> list:
    """Run `work(n)` in WRITERS threads started together, each with its own connection."""
    barrier = threading.Barrier(WRITERS)
    errors = []

    def run(n):
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def until_saved(attempt) -> None:
    """A person whose save is refused reloads the page and saves again (bounded)."""
    for _ in range(100):
        try:
            attempt()
        except StaleEdit:
            continue
        return
    raise AssertionError("nooit opgeslagen")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="gelijktijdige transacties vragen PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_saves_never_lose_an_update(users):
    """Each writer reads the texts and a location, adds its own part and saves with the counter it
    read; a refused save reloads and tries again. Every part must end up stored: none overwritten."""
    prt = users["prt_utrecht"]
    version = version_for("PV26", Status.CONCEPT)
    add_locations(version, 1, capacity=100)
    location_pk = version.locations.get().pk

    def work(n):
        def texts():
            seen = PlanVersion.objects.get(pk=version.pk)
            plan_version_update(version=seen, by=prt, expected_row_version=seen.row_version, risks=f"{seen.risks}[{n}]")

        def place():
            seen = PlannedLocation.objects.get(pk=location_pk)
            location_save(
                version=version,
                location=seen,
                by=prt,
                expected_row_version=seen.row_version,
                capacity=seen.capacity + 1,
            )

        until_saved(texts)
        until_saved(place)

    assert all_at_once(work) == []
    stored = PlanVersion.objects.get(pk=version.pk)
    assert sorted(stored.risks.strip("[]").split("][")) == [str(n) for n in range(WRITERS)]
    assert stored.row_version == WRITERS
    location = PlannedLocation.objects.get(pk=location_pk)
    assert (location.capacity, location.row_version) == (100 + WRITERS, WRITERS)
