import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import quarters
from plans.models import PlannedLocation, PlanStatusChange, PlanVersion
from plans.services import plan_version_start, plan_version_transition
from plans.workflow import TRANSITIONS, Status

from .conftest import HEADER, import_rows, xlsx_file
from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(Status, Status)))
def test_all_pairs_exactly_transitions_allowed(users, from_status, to_status):
    version = version_for("PV26", from_status)
    add_locations(version, 1)
    allowed = to_status in TRANSITIONS[from_status]
    if allowed:
        plan_version_transition(version=version, to=to_status, by=users["kernteam"], note="ok")
        version.refresh_from_db()
        assert version.status == to_status
        change = PlanStatusChange.objects.get(version=version)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            from_status,
            to_status,
            users["kernteam"],
            "ok",
        )
    else:
        with pytest.raises(ValidationError):
            plan_version_transition(version=version, to=to_status, by=users["kernteam"])
        version.refresh_from_db()
        assert version.status == from_status
        assert not PlanStatusChange.objects.filter(version=version).exists()


def test_submit_sets_dates_and_refuses_empty_version(users):
    version = version_for("PV26", Status.IN_PRT)
    with pytest.raises(ValidationError, match="zonder locaties"):
        plan_version_transition(version=version, to=Status.SUBMITTED, by=users["prt_utrecht"])
    add_locations(version, 2)
    plan_version_transition(version=version, to=Status.SUBMITTED, by=users["prt_utrecht"])
    plan_version_transition(version=version, to=Status.ADOPTED, by=users["lrt"])
    version.refresh_from_db()
    assert version.submitted_at and version.adopted_at


@pytest.mark.parametrize(
    ("user", "from_status", "to_status", "allowed"),
    [
        ("prt_utrecht", Status.CONCEPT, Status.IN_PRT, True),
        ("prt_utrecht", Status.IN_PRT, Status.SUBMITTED, True),
        ("prt_utrecht", Status.IN_PRT, Status.CONCEPT, True),
        ("prt_utrecht", Status.SUBMITTED, Status.ADOPTED, False),
        ("prt_gelderland", Status.CONCEPT, Status.IN_PRT, False),
        ("cdk_utrecht", Status.CONCEPT, Status.IN_PRT, False),
        ("kernteam", Status.SUBMITTED, Status.ADOPTED, True),
        ("lrt", Status.SUBMITTED, Status.ADOPTED, True),
        ("lrt", Status.CONCEPT, Status.IN_PRT, True),
    ],
)
def test_who_may_move_a_version(users, user, from_status, to_status, allowed):
    version = version_for("PV26", from_status)
    add_locations(version, 1)
    if allowed:
        plan_version_transition(version=version, to=to_status, by=users[user])
    else:
        with pytest.raises(ValidationError):
            plan_version_transition(version=version, to=to_status, by=users[user])
        version.refresh_from_db()
        assert version.status == from_status


def test_transition_through_the_page(client_for):
    version = version_for("PV26", Status.CONCEPT)
    add_locations(version, 1)
    url = reverse("plans:version_transition", kwargs={"province_code": "PV26", "number": 1})
    client = client_for("prt_utrecht")
    assert client.post(url, {"to": "in_prt"}).status_code == 302
    assert client.post(url, {"to": "ingediend", "note": "Klaar"}).status_code == 302
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED
    # The PRT may not adopt; an unknown or illegal status is a message, never a 500.
    assert client.post(url, {"to": "vastgesteld"}).status_code == 403
    response = client.post(url, {"to": "onzin"}, follow=True)
    assert "Onbekende status" in response.content.decode()
    response = client.post(url, {"to": "concept"}, follow=True)
    assert "kan niet naar" in response.content.decode()
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ADOPTED])
def test_frozen_version_cannot_be_changed_by_any_request(client_for, status):
    version = version_for("PV26", status)
    add_locations(version, 1, capacity=100)
    location = version.locations.get()
    kwargs = {"province_code": "PV26", "number": version.number}
    client = client_for("prt_utrecht")
    posts = [
        (reverse("plans:version_edit", kwargs=kwargs), {"scaling": "gewijzigd"}),
        (
            reverse("plans:location_create", kwargs=kwargs),
            {
                "name": "Nieuw",
                "municipality": "Zeist",
                "location_type": location.location_type_id,
                "capacity": 5,
                "minors_places": 0,
                "first_quarter": "2026-K1",
                "status": "bestaand",
            },
        ),
        (reverse("plans:location_update", kwargs={**kwargs, "pk": location.pk}), {"name": "X", "capacity": 1}),
        (reverse("plans:location_delete", kwargs={**kwargs, "pk": location.pk}), {}),
        (reverse("plans:location_import", kwargs=kwargs), {"file": xlsx_file([HEADER])}),
    ]
    for user in ("prt_utrecht", "kernteam", "lrt", "cdk_utrecht", "prt_gelderland", None):
        client = client_for(user)
        for url, data in posts:
            response = client.post(url, data)
            assert response.status_code in (302, 403, 404), (user, url)
    version.refresh_from_db()
    assert version.scaling == ""
    assert list(version.locations.values_list("name", "capacity")) == [(location.name, 100)]


def test_revision_copies_latest_version_with_locations(users):
    first = version_for("PV26", Status.SUBMITTED)
    first.risks = "Risico's"
    first.save()
    add_locations(first, 3, last_quarter=quarters.encode(2027, 4))
    second = plan_version_start(province=first.plan.province, by=users["prt_utrecht"])
    assert (second.number, second.status, second.based_on, second.risks) == (2, Status.CONCEPT, first, "Risico's")
    assert second.locations.count() == 3
    assert set(second.locations.values_list("last_quarter", flat=True)) == {quarters.encode(2027, 4)}
    assert first.locations.count() == 3  # the original is untouched
    # While a concept exists, no second concept.
    with pytest.raises(ValidationError):
        plan_version_start(province=first.plan.province, by=users["prt_utrecht"])


def test_start_version_page_and_history(client_for, utrecht):
    client = client_for("prt_utrecht")
    response = client.post(reverse("plans:version_start", kwargs={"province_code": "PV26"}))
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan__province=utrecht)
    assert version.number == 1
    assert version.status_changes.get().to_status == Status.CONCEPT
    # Another province's PRT cannot start Utrecht's plan.
    client = client_for("prt_gelderland")
    assert client.post(reverse("plans:version_start", kwargs={"province_code": "PV26"})).status_code == 404


def test_location_form_edits_concept_and_keeps_history(client_for):
    version = version_for("PV26", Status.CONCEPT)
    client = client_for("prt_utrecht")
    kwargs = {"province_code": "PV26", "number": 1}
    data = {
        "name": "Azc Zeist",
        "municipality": "Zeist",
        "location_type": 1,
        "capacity": 300,
        "minors_places": 0,
        "first_quarter": "2026-K2",
        "last_quarter": "2026-K1",
        "status": "bestaand",
    }
    response = client.post(reverse("plans:location_create", kwargs=kwargs), data)
    assert response.status_code == 200
    assert "Het laatste kwartaal ligt vóór het eerste kwartaal." in response.content.decode()
    data["last_quarter"] = "2029-K1"
    data["capacity"] = "veel"
    response = client.post(reverse("plans:location_create", kwargs=kwargs), data)
    assert response.status_code == 200 and not version.locations.exists()
    data["capacity"] = 300
    assert client.post(reverse("plans:location_create", kwargs=kwargs), data).status_code == 302
    location = version.locations.get()
    data["capacity"] = 350
    data["row_version"] = location.row_version  # the edit form carries the counter it was loaded with
    client.post(reverse("plans:location_update", kwargs={**kwargs, "pk": location.pk}), data)
    location.refresh_from_db()
    assert location.capacity == 350 and location.row_version == 1
    assert location.history.count() == 2
    client.post(reverse("plans:location_delete", kwargs={**kwargs, "pk": location.pk}), {"row_version": 1})
    assert not PlannedLocation.objects.filter(pk=location.pk).exists()


def test_version_comparison_added_removed_changed_and_per_quarter(client_for, users, settings):
    settings.PLANS_HORIZON_QUARTERS = 12
    old = version_for("PV26", Status.SUBMITTED, number=1)
    add_locations(old, 1, capacity=100)  # "Locatie 0"
    PlannedLocation.objects.create(
        version=old,
        name="Weg",
        municipality="Zeist",
        location_type_id=old.locations.first().location_type_id,
        capacity=50,
        first_quarter=quarters.encode(2020, 1),
        status="bestaand",
    )
    new = plan_version_start(province=old.plan.province, by=users["prt_utrecht"])
    new.locations.filter(name="Weg").delete()
    new.locations.filter(name="Locatie 0").update(capacity=180, status="vastgesteld")
    PlannedLocation.objects.create(
        version=new,
        name="Nieuw",
        municipality="Houten",
        location_type_id=old.locations.first().location_type_id,
        capacity=30,
        first_quarter=quarters.encode(2020, 1),
        status="voornemen",
    )
    page = client_for("kernteam").get(
        reverse("plans:version_compare", kwargs={"province_code": "PV26"}), {"van": 1, "met": 2}
    )
    content = page.content.decode()
    assert "Toegevoegd (1 locatie)" in content and "Nieuw, Houten" in content
    assert "Verwijderd (1 locatie)" in content and "Weg, Zeist" in content
    assert "Gewijzigd (1 locatie)" in content and "Bestaand" in content and "Vastgesteld" in content
    # 150 before, 210 after, in every quarter of the horizon.
    assert content.count(">+60<") == 12
    # Bad version numbers are a 404, never a 500.
    assert (
        client_for("kernteam")
        .get(reverse("plans:version_compare", kwargs={"province_code": "PV26"}), {"van": "x"})
        .status_code
        == 404
    )


def test_edits_show_in_version_history(client_for):
    version_for("PV26", Status.CONCEPT)
    client = client_for("prt_utrecht")
    kwargs = {"province_code": "PV26", "number": 1}
    client.post(reverse("plans:version_edit", kwargs=kwargs), {"risks": "Nieuw risico", "row_version": 0})
    version = PlanVersion.objects.get(plan__province__code="PV26", number=1)
    rows = [HEADER, ["Azc Zeist", "Zeist", "AZC", 10, 0, "2026-K1", "", "bestaand", "nee"]]
    import_rows(client, version, xlsx_file(rows))
    page = client.get(reverse("plans:version_detail", kwargs=kwargs)).content.decode()
    assert "Locatie Azc Zeist" in page and "toegevoegd" in page
    assert "Versie (teksten of status)" in page
