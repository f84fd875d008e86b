"""Role x page -> expected status. Utrecht has an adopted v1 and a concept v2; Gelderland a concept v1."""

import pytest
from django.urls import reverse

from plans.workflow import Status

from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db

ROLES = ["anon", "prt_utrecht", "prt_gelderland", "cdk_utrecht", "kernteam", "lrt", "expert", "no_role"]


@pytest.fixture
def plans(db):
    adopted = version_for("PV26", Status.ADOPTED, number=1)
    concept = version_for("PV26", Status.CONCEPT, number=2)
    gelderland = version_for("PV25", Status.CONCEPT, number=1)
    for version in (adopted, concept, gelderland):
        add_locations(version, 2)
    return {"adopted": adopted, "concept": concept, "gelderland": gelderland}


def v(code, number, name="plans:version_detail", **extra):
    return reverse(name, kwargs={"province_code": code, "number": number, **extra})


# page -> expected per role, in the order of ROLES
READ_PAGES = {
    "index": (reverse("plans:index"), [200, 200, 200, 200, 200, 200, 200, 200]),
    "capacity": (reverse("plans:capacity"), [200] * 8),
    "prognosis": (reverse("plans:prognosis"), [200] * 8),
    "plan_detail": (reverse("plans:plan_detail", kwargs={"province_code": "PV26"}), [200] * 8),
    "unknown_province": ("/plannen/PV99/", [404] * 8),
    "utrecht_adopted": (v("PV26", 1), [200] * 8),
    "utrecht_concept": (v("PV26", 2), [404, 200, 404, 200, 200, 200, 404, 404]),
    "gelderland_concept": (v("PV25", 1), [404, 404, 200, 404, 200, 200, 404, 404]),
    "utrecht_concept_export": (v("PV26", 2, "plans:version_export"), [404, 200, 404, 200, 200, 200, 404, 404]),
    "utrecht_compare": (reverse("plans:version_compare", kwargs={"province_code": "PV26"}), [200] * 8),
    "missing_version": (v("PV26", 9), [404] * 8),
}
EDIT_PAGES = {
    # The concept of Utrecht: only Utrecht's PRT-lid edits it.
    "edit_texts": (v("PV26", 2, "plans:version_edit"), [302, 200, 404, 403, 403, 403, 403, 403]),
    "add_location": (v("PV26", 2, "plans:location_create"), [302, 200, 404, 403, 403, 403, 403, 403]),
    "import": (v("PV26", 2, "plans:location_import"), [302, 200, 404, 403, 403, 403, 403, 403]),
    # Gelderland's concept: its own PRT-lid only.
    "gelderland_edit": (v("PV25", 1, "plans:version_edit"), [302, 404, 200, 403, 403, 403, 403, 403]),
    # The adopted version is frozen: the own PRT is sent back with a message, others as above.
    "adopted_edit": (v("PV26", 1, "plans:version_edit"), [302, 302, 404, 403, 403, 403, 403, 403]),
    "prognosis_create": (reverse("plans:prognosis_create"), [302, 403, 403, 403, 200, 403, 403, 403]),
}


@pytest.mark.parametrize("page", list(READ_PAGES) + list(EDIT_PAGES))
def test_role_by_page(client_for, plans, page):
    url, expected = {**READ_PAGES, **EDIT_PAGES}[page]
    for role, status in zip(ROLES, expected, strict=True):
        response = client_for(None if role == "anon" else role).get(url)
        assert response.status_code == status, (page, role, response.status_code)
        if status == 302 and role == "anon":
            assert response["Location"].startswith("/inloggen/")


def test_visitors_see_only_adopted_versions_in_lists(client_for, plans):
    page = client_for(None).get(reverse("plans:plan_detail", kwargs={"province_code": "PV26"})).content.decode()
    assert "versie 1" in page and "versie 2" not in page
    page = client_for("prt_gelderland").get(reverse("plans:index")).content.decode()
    assert "versie 1" in page and "versie 2" not in page  # Utrecht v1 adopted, own Gelderland v1 concept
    page = client_for("kernteam").get(reverse("plans:index")).content.decode()
    assert "versie 2" in page


def test_transition_post_by_role(client_for, plans):
    add_locations(plans["gelderland"], 1)
    url = v("PV25", 1, "plans:version_transition")
    assert client_for(None).post(url, {"to": "in_prt"}).status_code == 302
    assert client_for("expert").post(url, {"to": "in_prt"}).status_code == 403
    # The CdK-medewerker may move versions of their own province only (issue 16): another province is 404.
    assert client_for("cdk_utrecht").post(url, {"to": "in_prt"}).status_code == 404
    assert client_for("prt_utrecht").post(url, {"to": "in_prt"}).status_code == 404
    plans["gelderland"].refresh_from_db()
    assert plans["gelderland"].status == Status.CONCEPT
    assert client_for("prt_gelderland").post(url, {"to": "in_prt"}).status_code == 302
    plans["gelderland"].refresh_from_db()
    assert plans["gelderland"].status == Status.IN_PRT


def test_other_province_cannot_post_edits(client_for, plans):
    location = plans["concept"].locations.first()
    client = client_for("prt_gelderland")
    assert client.post(v("PV26", 2, "plans:version_edit"), {"scaling": "x"}).status_code == 404
    assert client.post(v("PV26", 2, "plans:location_delete", pk=location.pk)).status_code == 404
    assert plans["concept"].locations.count() == 2
    # A location of another version through this version's URL: 404.
    other = plans["gelderland"].locations.first()
    assert client_for("prt_utrecht").post(v("PV26", 2, "plans:location_delete", pk=other.pk)).status_code == 404
    assert plans["gelderland"].locations.count() == 2


@pytest.mark.parametrize("size", [10, 500])
def test_list_pages_constant_queries(client_for, django_assert_max_num_queries, size):
    for code in ("PV26", "PV25", "PV27"):
        for number in (1, 2, 3):
            version = version_for(code, Status.ADOPTED if number < 3 else Status.CONCEPT, number=number)
            add_locations(version, size // 9 + 1)
    client = client_for("kernteam")
    for url in (
        reverse("plans:index"),
        reverse("plans:plan_detail", kwargs={"province_code": "PV26"}),
        v("PV26", 3),
        v("PV26", 3, "plans:version_export"),
        reverse("plans:version_compare", kwargs={"province_code": "PV26"}) + "?van=1&met=3",
        reverse("plans:prognosis"),
    ):
        # 18: the version page also reads open review comments, realisations and the regions (issue 16).
        with django_assert_max_num_queries(18):
            assert client.get(url).status_code == 200, url
