"""The plan against the province's opgave (issue 19, item 16): per quarter on the plan page and on a
version's page, opgave, planned, difference, and a Dutch label when it falls short."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.core.models import Province
from plans import quarters
from plans.services import prognosis_round_create, prognosis_round_publish
from plans.workflow import Status

from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def utrecht_plan(settings):
    """Utrecht: 300 places for good, 250 that stop after this quarter; a horizon of 3 quarters."""
    settings.PLANS_HORIZON_QUARTERS = 3
    now = quarters.of_date(timezone.localdate())
    version = version_for("PV26", Status.CONCEPT, number=1)
    add_locations(version, 1, capacity=300, first_quarter=now - 8, last_quarter=None)
    add_locations(version, 1, capacity=250, first_quarter=now - 8, last_quarter=now)
    return version, now


def publish_round(users, utrecht_figure: int):
    table = {p.pk: 0 for p in Province.objects.all()}
    table[Province.objects.get(code="PV26").pk] = utrecht_figure
    round_ = prognosis_round_create(
        reference_date=date(2027, 1, 1), method="tabel", table=table, source="test", by=users["kernteam"]
    )
    return prognosis_round_publish(round_=round_, by=users["kernteam"])


def task_rows(html: str) -> list[list[str]]:
    section = html.split('id="opgave-kop"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", section, flags=re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in rows
    ]


@pytest.mark.parametrize("page", ["plan", "version"])
def test_plan_page_compares_each_quarter_with_the_opgave(client_for, users, utrecht_plan, page):
    version, now = utrecht_plan
    publish_round(users, 500)
    url = (
        reverse("plans:plan_detail", kwargs={"province_code": "PV26"})
        if page == "plan"
        else reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": version.number})
    )
    html = client_for("prt_utrecht").get(url).content.decode()
    assert "Plan en opgave per kwartaal" in html
    assert "De opgave van Utrecht is 500 plaatsen (prognose met peildatum 1 januari 2027)" in html
    assert "In 2 kwartalen is er te weinig capaciteit." in html
    assert task_rows(html) == [
        [quarters.label(now), "500", "550", "+50", "Genoeg"],
        [quarters.label(now + 1), "500", "300", "-200", "Tekort: 200 plaatsen"],
        [quarters.label(now + 2), "500", "300", "-200", "Tekort: 200 plaatsen"],
    ]


def test_without_a_published_round_the_page_says_so_and_shows_the_plan(client_for, utrecht_plan):
    _version, now = utrecht_plan
    html = (
        client_for("prt_utrecht").get(reverse("plans:plan_detail", kwargs={"province_code": "PV26"})).content.decode()
    )
    assert "Er is nog geen gepubliceerde prognose." in html
    assert task_rows(html)[0] == [quarters.label(now), "-", "550", "-", "-"]
    assert "Tekort" not in html


def test_enough_everywhere_says_so(client_for, users, utrecht_plan):
    publish_round(users, 100)
    html = (
        client_for("prt_utrecht").get(reverse("plans:plan_detail", kwargs={"province_code": "PV26"})).content.decode()
    )
    assert "In elk kwartaal is er genoeg capaciteit." in html and "Tekort" not in html


def test_a_visitor_compares_only_the_adopted_version(client, users, utrecht_plan):
    """The plan page compares the newest version the user may see: a visitor sees no concept figures."""
    publish_round(users, 500)
    html = client.get(reverse("plans:plan_detail", kwargs={"province_code": "PV26"})).content.decode()
    assert "Plan en opgave per kwartaal" not in html and "550" not in html
