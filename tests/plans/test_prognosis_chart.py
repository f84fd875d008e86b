"""The chart on the prognosis pages (issue 19, item 16): the opgave per province as SVG bars from the one
chart geometry (loket.core.charts), locale-free coordinates, a title and the table as its text alternative."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from loket.core.formats import number
from plans.models import ProvincePrognosis
from plans.services import prognosis_round_create, prognosis_round_publish

pytestmark = pytest.mark.django_db


def chart_of(html: str) -> str:
    match = re.search(r'<figure class="bar-chart">.*?</figure>', html, flags=re.S)
    assert match, "geen grafiek op de pagina"
    return match.group(0)


@pytest.mark.parametrize("published", [True, False])
def test_prognosis_page_has_a_bar_per_province_beside_the_table(client_for, users, published):
    round_ = prognosis_round_create(
        reference_date=date(2026, 7, 1), national_total=31001, source="MPP", by=users["kernteam"]
    )
    if published:
        round_ = prognosis_round_publish(round_=round_, by=users["kernteam"])
    urls = [reverse("plans:prognosis_detail", kwargs={"pk": round_.pk})]
    if published:
        urls.append(reverse("plans:prognosis"))
    figures = dict(ProvincePrognosis.objects.filter(round=round_).values_list("province__name", "figure"))
    client = client_for("kernteam" if not published else None)
    for url in urls:
        with translation.override("nl"):
            html = client.get(url).content.decode()
        chart = chart_of(html)
        assert 'role="img"' in chart and "<title" in chart and "Opgave per provincie" in chart
        assert chart.count("<rect") == 12
        for name, figure in figures.items():
            assert f">{name}<" in chart and f">{number(figure)}<" in chart
        # Coordinates without a locale: never "12,5" in an attribute.
        assert not re.search(r'(?:x|y|width|height)="[0-9]+,[0-9]', chart)
        # The table with the same figures stands beside it (the text alternative).
        assert "Opgave per provincie en de verandering sinds de vorige ronde" in html
        assert "de cijfers staan ook in de tabel" in chart


def test_no_chart_without_a_published_round(client):
    html = client.get(reverse("plans:prognosis")).content.decode()
    assert "bar-chart" not in html
