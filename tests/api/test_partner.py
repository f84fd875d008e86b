"""Partner systems (issue 18, item 5): an API key per user, made on the profile page; the draft plan
locations of a province read and changed by the web's rules, form and service."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from loket.accounts.models import ApiToken
from plans import quarters
from plans.models import PlannedLocation
from plans.workflow import Status
from tests.plans.factories import add_locations, version_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def utrecht_draft(db):
    version = version_for("PV26", status=Status.CONCEPT)
    add_locations(version, 2, capacity=100)
    return version


def locations_url(code="PV26"):
    return reverse("api:location-list", kwargs={"provincie": code})


def location_url(location, code="PV26"):
    return reverse("api:location-detail", kwargs={"provincie": code, "pk": location.pk})


def test_key_is_made_on_the_profile_page_shown_once_and_stored_as_digest(client_for, users, utrecht_draft):
    client = client_for("prt_utrecht")
    profile = client.get(reverse("loket:profile")).content.decode()
    assert "API-sleutel voor koppelingen" in profile and "Sleutel maken" in profile

    made = client.post(reverse("loket:api_token"), {"actie": "maken"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    key = made.context["key"]
    assert key.startswith("lfa_") and key in made.content.decode()
    token = ApiToken.objects.get(user=users["prt_utrecht"])
    assert key not in (token.digest, token.prefix) and key[4:12] == token.prefix

    partner = APIClient()
    partner.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert partner.get(locations_url()).status_code == 200
    assert f"lfa_{token.prefix}" in client.get(reverse("loket:profile")).content.decode()

    # A new key replaces the old one; revoking stops it.
    newer = client.post(reverse("loket:api_token"), {"actie": "maken"}).context["key"]
    assert partner.get(locations_url()).status_code == 401
    partner.credentials(HTTP_AUTHORIZATION=f"Token {newer}")
    assert partner.get(locations_url()).status_code == 200
    client.post(reverse("loket:api_token"), {"actie": "intrekken"})
    assert partner.get(locations_url()).status_code == 401
    assert not ApiToken.objects.filter(user=users["prt_utrecht"]).exists()


def test_wrong_or_missing_key(api, utrecht_draft):
    assert api.get(locations_url()).status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token lfa_bestaatniet")
    response = api.get(locations_url())
    assert response.status_code == 401 and "ongeldig" in response.json()["detail"]
    api.credentials(HTTP_AUTHORIZATION="Token")
    assert api.get(locations_url()).status_code == 401
    # Open data stays open, but a wrong key is refused there too (no silent anonymous fallback).
    assert api.get(reverse("api:publication-list")).status_code == 401


def test_scoped_like_the_web(api_for, utrecht_draft):
    location = utrecht_draft.locations.first()
    rows = api_for("prt_utrecht").get(locations_url()).json()["results"]
    assert len(rows) == 2 and rows[0]["eerste_kwartaal"] == "2026-K1" and rows[0]["locatietype"] == "AZC"
    assert api_for("cdk_utrecht").get(locations_url()).status_code == 200  # CdK reads its own province
    assert api_for("kernteam").get(location_url(location)).status_code == 200
    for outsider in ("prt_gelderland", "expert", "beheerder", "no_role"):
        assert api_for(outsider).get(locations_url()).status_code == 404, outsider
        assert api_for(outsider).get(location_url(location)).status_code == 404, outsider
    # Another province's id under this province's address: 404.
    gelderland = version_for("PV25", status=Status.CONCEPT)
    add_locations(gelderland, 1)
    other = gelderland.locations.get()
    assert api_for("prt_utrecht").get(location_url(other)).status_code == 404


def test_only_the_own_prt_changes_the_draft(api_for, utrecht_draft):
    location = utrecht_draft.locations.first()
    change = {"capaciteit": 150, "row_version": location.row_version}
    for reader in ("cdk_utrecht", "kernteam", "lrt"):
        response = api_for(reader).patch(location_url(location), change, format="json")
        assert response.status_code == 403, reader
    assert api_for("prt_gelderland").patch(location_url(location), change, format="json").status_code == 404
    location.refresh_from_db()
    assert location.capacity == 100


def test_change_and_add_through_the_web_form_rules(api_for, utrecht_draft):
    api = api_for("prt_utrecht")
    location = utrecht_draft.locations.order_by("pk").first()
    changed = api.patch(location_url(location), {"capaciteit": 250, "row_version": location.row_version}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["capaciteit"] == 250 and changed.json()["row_version"] == location.row_version + 1
    location.refresh_from_db()
    assert (location.capacity, location.name) == (250, "Locatie 0")

    added = api.post(
        locations_url(),
        {
            "naam": "Noodopvang Zeist",
            "gemeente": "Zeist",
            "locatietype": "azc",
            "capaciteit": 80,
            "plaatsen_amv": 10,
            "eerste_kwartaal": "2027-K2",
            "status": "voornemen",
            "flexibel": True,
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    new = PlannedLocation.objects.get(pk=added.json()["id"])
    assert (new.version_id, new.first_quarter, new.flexible) == (utrecht_draft.pk, quarters.encode(2027, 2), True)


def test_bad_values_get_the_web_forms_dutch_messages_and_nothing_is_stored(api_for, utrecht_draft):
    api = api_for("prt_utrecht")
    location = utrecht_draft.locations.first()
    before = list(PlannedLocation.objects.order_by("pk").values())
    bad = api.patch(
        location_url(location),
        {
            "capaciteit": 10,
            "plaatsen_amv": 20,
            "eerste_kwartaal": "2027-K1",
            "laatste_kwartaal": "2026-K4",
            "row_version": location.row_version,
        },
        format="json",
    )
    assert bad.status_code == 400
    errors = bad.json()
    assert errors["plaatsen_amv"] == ["Er zijn meer plaatsen voor amv dan de capaciteit."]
    assert errors["laatste_kwartaal"] == ["Het laatste kwartaal ligt vóór het eerste kwartaal."]

    missing = api.post(
        locations_url(), {"naam": "Half", "eerste_kwartaal": "volgend jaar", "locatietype": "XYZ"}, format="json"
    )
    assert missing.status_code == 400
    errors = missing.json()
    assert "Dit veld is verplicht." in errors["gemeente"]
    assert "geen kwartaal" in errors["eerste_kwartaal"][0]
    assert errors["locatietype"] == ["Kies een van de mogelijkheden uit de lijst."]

    assert api.patch(location_url(location), {"capaciteit": 5}, format="json").status_code == 400  # no row_version
    assert api.post(locations_url(), ["geen", "object"], format="json").status_code == 400
    assert api.post(locations_url(), "naam=x", content_type="application/x-www-form-urlencoded").status_code == 415
    assert list(PlannedLocation.objects.order_by("pk").values()) == before


def test_a_stale_change_is_refused_with_409(api_for, utrecht_draft):
    api = api_for("prt_utrecht")
    location = utrecht_draft.locations.first()
    stale = location.row_version
    assert (
        api.patch(location_url(location), {"capaciteit": 120, "row_version": stale}, format="json").status_code == 200
    )
    again = api.patch(location_url(location), {"capaciteit": 130, "row_version": stale}, format="json")
    assert again.status_code == 409 and "collega" in again.json()["detail"]
    location.refresh_from_db()
    assert location.capacity == 120


def test_a_submitted_version_is_no_draft(api_for, utrecht_draft):
    utrecht_draft.status = Status.SUBMITTED
    utrecht_draft.save()
    response = api_for("prt_utrecht").get(locations_url())
    assert response.status_code == 404 and "conceptversie" in response.json()["detail"]


def test_keyed_requests_have_their_own_rate_limit(api_for, utrecht_draft, settings):
    settings.LOKET_RATE_LIMITS = {**settings.LOKET_RATE_LIMITS, "api.token": "2/m", "api.ip": "100/m"}
    cache.clear()
    api = api_for("prt_utrecht")
    assert [api.get(locations_url()).status_code for _ in range(3)] == [200, 200, 429]
