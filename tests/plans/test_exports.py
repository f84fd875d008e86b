"""Plan exports go through the portal's one export writer (loket.core.exports): every cell, headers
included, is neutralised against formula injection, in XLSX and in CSV."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from loket.core.exports import csv_response, table_columns
from loket.core.models import LocationType
from plans.importing import TEMPLATE_HEADER
from plans.models import PlannedLocation
from plans.views.plans import location_rows
from plans.workflow import Status
from tests.conftest import download, download_text

from .factories import PlannedLocationFactory, version_for

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example","klik")'
HOSTILE = {HYPERLINK: "+cmd", "@SUM(A1)": "-2+3", "\t=1+1": "\r=1+1"}  # name: municipality


@pytest.fixture
def hostile_version():
    version = version_for("PV26", Status.ADOPTED)
    for name, municipality in HOSTILE.items():
        PlannedLocationFactory(version=version, name=name, municipality=municipality, capacity=250)
    return version


def test_version_export_xlsx_neutralises_hostile_location_names(client_for, hostile_version):
    response = client_for("kernteam").get(
        reverse("plans:version_export", kwargs={"province_code": "PV26", "number": 1})
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(download(response)))["Locaties"]
    rows = list(sheet.iter_rows(min_row=2))
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]
    names = {row[0].value: row[1].value for row in rows}
    assert names == {"'" + name: "'" + municipality for name, municipality in HOSTILE.items()}
    assert {row[3].value for row in rows} == {250}  # numbers stay numbers
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_version_export_rows_as_csv_are_neutralised(hostile_version):
    """Plans offer no CSV of locations; the same rows through the same writer as CSV are safe too."""
    locations = PlannedLocation.objects.filter(version=hostile_version).select_related("location_type")
    response = csv_response(table_columns(TEMPLATE_HEADER), location_rows(locations), "locaties.csv")
    rows = list(csv.reader(io.StringIO(download_text(response)), delimiter=";"))
    assert rows[0] == TEMPLATE_HEADER
    assert {r[0]: r[1] for r in rows[1:]} == {"'" + n: "'" + m for n, m in HOSTILE.items()}
    assert {r[3] for r in rows[1:]} == {"250"}


def test_capacity_export_neutralises_headers_from_location_types(client_for, hostile_version):
    # A location type (reference data, edited in the admin) heads a column of the capacity export.
    LocationType.objects.create(code="=1+1", name="Formule")
    response = client_for("kernteam").get(reverse("plans:capacity_export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(download(response)))["Landelijk per locatietype"]
    header = next(sheet.iter_rows(max_row=1))
    assert "'=1+1 Formule" in [c.value for c in header]
    assert not [c.coordinate for c in header if c.data_type == "f"]
    csv_text = download_text(client_for("kernteam").get(reverse("plans:capacity_export", kwargs={"fmt": "csv"})))
    assert not [cell for row in csv.reader(io.StringIO(csv_text), delimiter=";") for cell in row if cell[:1] == "="]
