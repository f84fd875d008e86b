"""Issue 21: the directory's form and results are built once per data version of the experts, per
role group (core team / partners), per query and per day (experts.views.directory). What one group
sees is never served to the other, every kind of write shows at the next request, and what belongs
to the user (their own requests) is read per request."""

import pytest
from django.contrib.auth.models import Group

from experts.models import Expert
from experts.services import introduction_request_create
from loket.core.models import Organisation, Theme
from loket.core.roles import Role

from .factories import ExpertFactory

URL = "/deskundigen/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(themes):
    return ExpertFactory(name="Anna Huisvesting", email="anna@test.example", themes=[themes["a"]])


def test_core_team_and_partners_each_get_their_own_results_whatever_the_order(client_for, anna):
    for _round in range(2):
        partner = client_for("prt_utrecht").get(URL, {"q": "huisvesting"}).content.decode()
        assert "Anna Huisvesting" in partner and "anna@test.example" not in partner  # no contact details
        assert "Breng mij in contact" in partner
        core = client_for("kernteam").get(URL, {"q": "huisvesting"}).content.decode()
        assert "anna@test.example" in core and "Breng mij in contact" not in core


def test_writes_by_any_path_show_at_the_next_request(client_for, anna, themes):
    client = client_for("prt_utrecht")
    assert "Anna Huisvesting" in client.get(URL).content.decode()
    Expert.objects.filter(pk=anna.pk).update(name="Anna Opvang")  # a queryset update
    page = client.get(URL).content.decode()
    assert "Anna Opvang" in page and "Anna Huisvesting" not in page
    anna.refresh_from_db()
    anna.themes.add(themes["b"])  # the many-to-many table
    assert Theme.objects.get(code="FLX-WON").name in client.get(URL, {"q": "Opvang"}).content.decode()
    Organisation.objects.filter(pk=anna.organisation_id).update(name="Hernoemde organisatie")
    assert "Hernoemde organisatie" in client.get(URL).content.decode()
    ExpertFactory(name="Bas Nieuw")  # a new listed expert
    assert "Bas Nieuw" in client.get(URL).content.decode()
    Expert.objects.filter(pk=anna.pk).delete()
    assert "Anna Opvang" not in client.get(URL).content.decode()


def test_the_users_own_requests_are_not_cached_with_the_results(client_for, users, anna):
    utrecht = client_for("prt_utrecht")
    assert "Uw verzoeken om contact" not in utrecht.get(URL).content.decode()
    introduction_request_create(expert=anna, by=users["prt_utrecht"], message="Graag kennismaken.")
    page = utrecht.get(URL).content.decode()
    assert "Uw verzoeken om contact" in page
    gelderland = client_for("prt_gelderland").get(URL).content.decode()
    assert "Uw verzoeken om contact" not in gelderland


def test_a_role_taken_away_is_refused_before_any_cached_result(client_for, users, anna):
    client = client_for("prt_utrecht")
    assert client.get(URL).status_code == 200
    users["prt_utrecht"].groups.remove(Group.objects.get(name=Role.PRT.value))
    assert client.get(URL).status_code == 403
