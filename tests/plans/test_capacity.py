import csv
import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook

from loket.core.models import LocationType, Province
from plans import quarters
from plans.capacity import HARD_STATUSES, capacity_picture
from plans.models import PlannedLocation
from plans.services import prognosis_round_create, prognosis_round_publish
from plans.workflow import Status
from tests.conftest import download, download_text

from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db

Q = quarters.encode
SPAN = [Q(2027, 1), Q(2027, 2), Q(2027, 3), Q(2027, 4)]
QUERY = {"start": "2027-K1"}


@pytest.fixture
def case(users, settings):
    """Utrecht needs 500 and Gelderland 300 places (the others 0): national 800."""
    settings.PLANS_HORIZON_QUARTERS = 4
    table = {p.pk: 0 for p in Province.objects.all()}
    table[Province.objects.get(code="PV26").pk] = 500
    table[Province.objects.get(code="PV25").pk] = 300
    round_ = prognosis_round_create(
        reference_date=date(2027, 1, 1), method="tabel", table=table, source="test", by=users["kernteam"]
    )
    prognosis_round_publish(round_=round_, by=users["kernteam"])
    azc, nood, rol = (LocationType.objects.get(code=c) for c in ("AZC", "NOOD", "ROL"))
    old = version_for("PV26", Status.ADOPTED, number=1)
    add_locations(old, 1, capacity=1000, location_type=azc, first_quarter=Q(2026, 1))
    new = version_for("PV26", Status.SUBMITTED, number=2)
    for name, cap, status, kind, first, last in [
        ("A", 200, "bestaand", azc, Q(2026, 1), None),
        ("B", 150, "vastgesteld", nood, Q(2027, 2), Q(2027, 3)),
        ("C", 100, "voornemen", azc, Q(2027, 3), None),
        ("Later", 999, "bestaand", azc, Q(2028, 1), None),
    ]:
        PlannedLocation.objects.create(
            version=new,
            name=name,
            municipality="Utrecht",
            location_type=kind,
            capacity=cap,
            status=status,
            first_quarter=first,
            last_quarter=last,
        )
    gelderland = version_for("PV25", Status.ADOPTED, number=1)
    add_locations(gelderland, 1, capacity=700, location_type=rol, first_quarter=Q(2026, 4), last_quarter=Q(2027, 2))
    return round_


def _line(picture, code):
    return next(row["line"] for row in picture.provinces if row["province"].code == code)


def test_numbers_for_core_team_use_latest_versions(case, users):
    picture = capacity_picture(users["kernteam"], quarter_list=SPAN)
    assert picture.labels == ["2027-K1", "2027-K2", "2027-K3", "2027-K4"]
    utrecht = _line(picture, "PV26")
    assert utrecht.planned == [200, 350, 450, 300]
    assert utrecht.required == 500
    assert utrecht.gap == [-300, -150, -50, -200]
    assert utrecht.short == [True, True, True, True]
    assert utrecht.by_status == {
        "bestaand": [200, 200, 200, 200],
        "vastgesteld": [0, 150, 150, 0],
        "voornemen": [0, 0, 100, 100],
    }
    nood = LocationType.objects.get(code="NOOD")
    assert utrecht.by_type[nood.pk] == [0, 150, 150, 0]
    gelderland = _line(picture, "PV25")
    assert gelderland.planned == [700, 700, 0, 0]
    assert gelderland.gap == [400, 400, -300, -300]
    assert picture.national.planned == [900, 1050, 450, 300]
    assert picture.national.required == 800
    assert picture.national.gap == [100, 250, -350, -500]
    assert picture.short_quarters == ["2027-K3", "2027-K4"]
    assert _line(picture, "PV20").planned == [0, 0, 0, 0]


def test_filters_status_and_type(case, users):
    hard = capacity_picture(users["kernteam"], quarter_list=SPAN, statuses=HARD_STATUSES)
    assert _line(hard, "PV26").planned == [200, 350, 350, 200]
    assert "voornemen" not in _line(hard, "PV26").by_status
    nood = LocationType.objects.get(code="NOOD")
    only_nood = capacity_picture(users["kernteam"], quarter_list=SPAN, type_ids=[nood.pk])
    assert _line(only_nood, "PV26").planned == [0, 150, 150, 0]
    assert only_nood.national.planned == [0, 150, 150, 0]
    adopted = capacity_picture(users["kernteam"], quarter_list=SPAN, adopted_only=True)
    assert _line(adopted, "PV26").planned == [1000, 1000, 1000, 1000]


def test_visitors_see_adopted_versions_only(case, users):
    for user in (AnonymousUser(), users["prt_gelderland"], users["expert"]):
        picture = capacity_picture(user, quarter_list=SPAN)
        assert _line(picture, "PV26").planned == [1000, 1000, 1000, 1000]
    # Utrecht's own PRT and CdK see their newest version.
    for user in (users["prt_utrecht"], users["cdk_utrecht"], users["lrt"]):
        assert _line(capacity_picture(user, quarter_list=SPAN), "PV26").planned == [200, 350, 450, 300]


def test_page_shows_table_chart_and_shortfall_text(case, client_for):
    response = client_for("kernteam").get(reverse("plans:capacity"), QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Landelijk schieten de plannen tekort in: 2027-K3, 2027-K4." in page
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert ">tekort</text>" in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert not re.search(r'(x|y|x1|x2|y1|y2|width|height)="[0-9]+,[0-9]', svg)  # no localized coordinates
    assert page.count("<h1") == 1
    focus = client_for("kernteam").get(reverse("plans:capacity"), {**QUERY, "province": "PV26"}).content.decode()
    assert "Utrecht: geplande capaciteit en opgave per kwartaal" in focus


def test_filter_form_shows_what_was_chosen(case, client_for):
    """The filter fields come from a cache keyed on the query (loket.filterforms): every choice shows."""
    client = client_for("kernteam")
    page = client.get(reverse("plans:capacity"), QUERY).content.decode()
    assert re.search(r'<input type="radio" name="scope" value="alles"[^>]*checked', page)
    assert re.search(r'<input type="radio" name="basis" value="laatste"[^>]*checked', page)
    code = LocationType.objects.order_by("code").first().code
    page = client.get(
        reverse("plans:capacity"), {**QUERY, "scope": "hard", "basis": "vastgesteld", "type": code, "province": "PV26"}
    ).content.decode()
    assert re.search(r'<input type="radio" name="scope" value="hard"[^>]*checked', page)
    assert not re.search(r'<input type="radio" name="scope" value="alles"[^>]*checked', page)
    assert re.search(r'<input type="radio" name="basis" value="vastgesteld"[^>]*checked', page)
    assert re.search(rf'<input type="checkbox" name="type" value="{code}"[^>]*checked', page)
    assert '<option value="PV26" selected>' in page
    bad = client.get(reverse("plans:capacity"), {"start": "gisteren"}).content.decode()
    assert 'value="gisteren"' in bad and "error-summary" in bad


def test_bad_filter_values_never_500(case, client_for):
    client = client_for(None)
    for params in ({"start": "gisteren"}, {"type": "XYZ"}, {"province": "PV99"}, {"scope": "??"}):
        assert client.get(reverse("plans:capacity"), params).status_code == 200


def test_csv_and_xlsx_exports(case, client_for):
    client = client_for("kernteam")
    response = client.get(reverse("plans:capacity_export", kwargs={"fmt": "csv"}), {**QUERY, "scope": "hard"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(download_text(response)), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["kwartaal", "provincie", "planversie"]
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    utrecht = by_key[("2027-K3", "Utrecht")]
    assert utrecht[header.index("geplande capaciteit")] == "350"
    assert utrecht[header.index("verschil")] == "-150"
    assert utrecht[header.index("tekort")] == "ja"
    assert by_key[("2027-K2", "Nederland")][header.index("geplande capaciteit")] == "1050"
    xlsx = client.get(reverse("plans:capacity_export", kwargs={"fmt": "xlsx"}), QUERY)
    workbook = load_workbook(io.BytesIO(download(xlsx)))
    assert workbook.sheetnames == ["Capaciteitsbeeld", "Landelijk per locatietype"]
    assert client.get("/plannen/capaciteit/export.pdf").status_code == 404


def test_no_published_prognosis_still_renders(client_for):
    page = client_for(None).get(reverse("plans:capacity")).content.decode()
    assert "Er is nog geen prognose gepubliceerd" in page


@pytest.mark.parametrize("size", [10, 500])
def test_capacity_query_count_constant(client_for, users, django_assert_max_num_queries, size, settings):
    settings.PLANS_HORIZON_QUARTERS = 12
    round_ = prognosis_round_create(reference_date=date(2027, 1, 1), national_total=1000, source="t", by=None)
    prognosis_round_publish(round_=round_, by=None)
    for code in ("PV26", "PV25", "PV20"):
        for number in (1, 2):
            version = version_for(code, Status.ADOPTED if number == 1 else Status.CONCEPT, number=number)
            add_locations(version, size // 3 + 1, last_quarter=Q(2028, 1))
    client = client_for("kernteam")
    # 16: realised capacity is one query more, the region choices another (issue 16).
    with django_assert_max_num_queries(16):
        assert client.get(reverse("plans:capacity")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("plans:capacity_export", kwargs={"fmt": "csv"})).status_code == 200


def test_type_table_follows_the_chosen_province(case, client_for):
    """#19 item 7: with a province chosen, the split by location type is that province's, not the country's."""
    client = client_for("kernteam")
    national = client.get(reverse("plans:capacity"), QUERY).content.decode()
    table = national.split('id="typen-kop"', 1)[1]
    assert "Nederland per locatietype" in national
    assert "(ROL)" in table  # Gelderland's ROL location counts nationally
    utrecht = client.get(reverse("plans:capacity"), {**QUERY, "province": "PV26"}).content.decode()
    table = utrecht.split('id="typen-kop"', 1)[1]
    assert "Utrecht per locatietype" in utrecht
    assert "(ROL)" not in table
    nood_row = table.split("(NOOD)</th>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(\d+)</td>', nood_row) == ["0", "150", "150", "0"]


def test_capacity_page_with_warm_caches_reads_lists_once_and_realisation_with_the_sums(
    case, client_for, django_assert_max_num_queries
):
    """Issue 21: the provinces come from the cached reference lists, the location types are read once for
    the filter and the picture, and the capacity in use is summed in the same query as the planned
    capacity (8 queries; it was 12: provinces and types twice, realisation in a query of its own)."""
    client = client_for("kernteam")
    client.get(reverse("plans:capacity"), QUERY)  # fills the reference lists and the filter form cache
    with django_assert_max_num_queries(8):
        page = client.get(reverse("plans:capacity"), QUERY).content.decode()
    assert "Utrecht: geplande capaciteit" not in page  # the country, without a chosen province
    assert "Nederland per kwartaal" in page
