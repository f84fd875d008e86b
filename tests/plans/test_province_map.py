"""The map of the provinces (issue 18, item 3) on the capacity picture and the prognosis page: a link
per province with its figures in text, a legend that does not rely on colour, the same figures in
the table beside it, the quarter to show chosen with ?kaart=."""

import re
from datetime import date

import pytest
from django.urls import reverse

from plans import quarters
from plans.selectors import horizon
from plans.workflow import Status
from tests.loket.factories import make_round
from tests.plans.factories import add_locations, version_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(db):
    now = horizon()[0]
    make_round(reference_date=date(2026, 1, 1), national_total=96000, figures={"PV26": 500, "PV25": 1200})
    add_locations(version_for("PV26", status=Status.ADOPTED), 3, capacity=100, first_quarter=now)  # 300 of 500
    add_locations(version_for("PV25", status=Status.ADOPTED), 2, capacity=1000, first_quarter=now + 1)  # from next
    return now


def map_of(html: str) -> str:
    match = re.search(r'<section class="province-map".*?</section>', html, re.S)
    assert match, "the page has a map"
    return match.group(0)


def test_capacity_picture_has_an_accessible_map(client, picture):
    html = client.get(reverse("plans:capacity")).content.decode()
    part = map_of(html)
    # A tile's name is its visible text (no aria-label beside it: axe's label-content-name-mismatch).
    tile = r'<a href="([^"]+)" class="province-map__tile province-map__tile--(\w+)">(.*?)</a>'
    links = [
        (href, state, "; ".join(re.findall(r"<text[^>]*>([^<]*)</text>", body)).replace("; ", ": ", 1))
        for href, state, body in re.findall(tile, part, re.S)
    ]
    assert len(links) == 12
    by_name = {label.split(":")[0]: (href, state, label) for href, state, label in links}
    href, state, label = by_name["Utrecht"]
    assert href == reverse("plans:plan_detail", kwargs={"province_code": "PV26"})
    assert state == "short" and label == "Utrecht: gepland 300; opgave 500; ▼ tekort 200"
    assert by_name["Gelderland"][2] == "Gelderland: gepland 0; opgave 1.200; ▼ tekort 1.200"
    assert by_name["Zeeland"][1] == "unknown" and "geen opgave" in by_name["Zeeland"][2]
    # The legend says it in words and signs, not only in colour; the table repeats the figures.
    assert "▼ Tekort: minder gepland dan de opgave (rood, gestreept; 2 provincies)" in part
    assert "<td>gepland 300; opgave 500; ▼ tekort 200</td>" in part
    assert 'style="' not in part  # the strict CSP: classes only
    assert quarters.label(picture) in part


def test_the_map_shows_the_chosen_quarter(client, picture):
    later = quarters.label(picture + 1)
    part = map_of(client.get(reverse("plans:capacity"), {"kaart": later}).content.decode())
    assert f'<strong aria-current="true">{later}</strong>' in part
    assert "<td>gepland 2.000; opgave 1.200; ▲ 800 over</td>" in part
    # An unknown quarter shows the first, never an error.
    fallback = client.get(reverse("plans:capacity"), {"kaart": "1999-K9"})
    assert fallback.status_code == 200
    assert f'<strong aria-current="true">{quarters.label(picture)}</strong>' in map_of(fallback.content.decode())


def test_prognosis_page_has_the_map_of_now(client, picture):
    part = map_of(client.get(reverse("plans:prognosis")).content.decode())
    assert "<td>gepland 300; opgave 500; ▼ tekort 200</td>" in part
    assert quarters.label(picture) in part


def test_no_map_without_a_published_prognosis_on_the_prognosis_page(client):
    assert 'class="province-map"' not in client.get(reverse("plans:prognosis")).content.decode()
