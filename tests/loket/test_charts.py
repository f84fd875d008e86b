"""One chart geometry (loket.core.charts) for the evaluation charts and the capacity picture: every
numeric SVG attribute is a plain number under the Dutch locale (no "360,0")."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.utils import translation

from loket.core.charts import Segment, bar_chart, nice_ceiling, stacked_bar_chart, svg_number
from loket.core.models import Province, Theme
from plans.services import prognosis_round_create, prognosis_round_publish
from plans.workflow import Status
from tests.monitoring.factories import make_question
from tests.plans.factories import add_locations, version_for

NUMERIC = {"width", "height", "x", "y", "x1", "y1", "x2", "y2"}


class _SvgAttributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = 0
        self.values: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.inside += 1
        if self.inside:
            self.values += [(tag, name, value) for name, value in attrs if name in NUMERIC | {"viewbox"}]

    def handle_endtag(self, tag):
        if tag == "svg":
            self.inside -= 1


def svg_numbers(page: str) -> list[tuple[str, str, str]]:
    parser = _SvgAttributes()
    parser.feed(page)
    assert parser.values, "geen SVG-grafiek op de pagina"
    for tag, name, value in parser.values:
        parts = value.split() if name == "viewbox" else [value]
        assert len(parts) == (4 if name == "viewbox" else 1), (tag, name, value)
        for part in parts:
            try:
                float(part)
            except ValueError:
                pytest.fail(f"<{tag} {name}={value!r}> is geen getal")
    return parser.values


@pytest.fixture
def dutch(settings):
    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        yield


def test_evaluation_charts_have_plain_numbers_under_dutch_locale(dutch, client_for, utrecht, gelderland):
    theme = Theme.objects.order_by("code").first()
    for province, count in ((utrecht, 7), (gelderland, 3)):  # 360 * 3 / 7 = 154.3: a fraction
        for _ in range(count):
            make_question(province=province, theme=theme)
    page = client_for("lrt").get("/monitoring/evaluatie/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    values = svg_numbers(page)
    assert ("rect", "width", "154.3") in values and ("rect", "width", "360.0") in values


@pytest.mark.django_db
def test_capacity_chart_has_plain_numbers_under_dutch_locale(dutch, client_for, users, settings):
    settings.PLANS_HORIZON_QUARTERS = 4
    table = {p.pk: 0 for p in Province.objects.all()}
    table[Province.objects.get(code="PV26").pk] = 1234
    round_ = prognosis_round_create(
        reference_date=date(2027, 1, 1), method="tabel", table=table, source="t", by=users["kernteam"]
    )
    prognosis_round_publish(round_=round_, by=users["kernteam"])
    add_locations(version_for("PV26", Status.ADOPTED), 3, capacity=333)
    page = client_for(None).get("/plannen/capaciteit/", {"start": "2027-K1"}, HTTP_ACCEPT_LANGUAGE="nl")
    values = svg_numbers(page.content.decode())
    assert any(tag == "rect" and name == "height" and "." in value for tag, name, value in values)
    assert re.search(r'<line x1="64" x2="744" y1="[0-9.]+" y2="[0-9.]+" stroke="#8b0000"', page.content.decode())


def test_geometry_numbers_are_locale_free_strings():
    with translation.override("nl"):
        assert svg_number(360) == "360" and svg_number(154.2857) == "154.3" and svg_number(0.0) == "0.0"
    assert [nice_ceiling(v) for v in (1, 7, 12, 26, 999, 1001)] == [1, 10, 20, 50, 1000, 2000]
    bars = bar_chart([("a", 3), ("b", 7), ("c", None)], title="t")["bars"]
    assert [b["width"] for b in bars] == ["154.3", "360.0", "0.0"]
    chart = stacked_bar_chart(
        [("K1", [Segment(300, "#000", "x"), Segment(200, "#111", "y")]), ("K2", [Segment(0, "#000", "z")])],
        reference=800,
        width=760,
        height=340,
    )
    assert [t["value"] for t in chart["ticks"]] == [0, 250, 500, 750, 1000]
    assert chart["reference_y"] == svg_number(16 + 260 - 800 / 1000 * 260)
    first, second = chart["bars"]
    assert [s["height"] for s in first["segments"]] == ["78.0", "52.0"] and second["segments"] == []
    assert first["total"] == 500
