import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from plans import quarters
from plans.models import PlannedLocation
from tests.conftest import download

from .conftest import HEADER, csv_file, import_rows, import_url, preview_import, xlsx_file

pytestmark = pytest.mark.django_db


def test_xlsx_import_stores_every_row(client_for, utrecht_concept):
    rows = [
        HEADER,
        ["Azc Utrecht-Noord", "Utrecht", "AZC", 400, 20, "2026-K1", "", "bestaand", "nee"],
        ["Noodopvang Jaarbeurs", "Utrecht", "nood", 250.0, None, "2026-K3", "2027-K2", "Vastgesteld", "ja"],
    ]
    response = import_rows(client_for("prt_utrecht"), utrecht_concept, xlsx_file(rows))
    assert "De import is uitgevoerd: 2 nieuw" in response.content.decode()
    locations = {loc.name: loc for loc in utrecht_concept.locations.select_related("location_type")}
    assert set(locations) == {"Azc Utrecht-Noord", "Noodopvang Jaarbeurs"}
    nood = locations["Noodopvang Jaarbeurs"]
    assert (nood.capacity, nood.minors_places, nood.location_type.code) == (250, 0, "NOOD")
    assert (nood.first_quarter_label, nood.last_quarter_label, nood.status, nood.flexible) == (
        "2026-K3",
        "2027-K2",
        "vastgesteld",
        True,
    )
    assert locations["Azc Utrecht-Noord"].last_quarter is None


def test_csv_import_with_semicolons_and_replace(client_for, utrecht_concept):
    PlannedLocation.objects.create(
        version=utrecht_concept,
        name="Oud",
        municipality="Zeist",
        location_type_id=1,
        capacity=10,
        first_quarter=quarters.encode(2026, 1),
        status="bestaand",
    )
    text = ";".join(HEADER) + "\nRol Amersfoort;Amersfoort;ROL;1.200;0;2027-K1;;voornemen;nee\n"
    response = import_rows(client_for("prt_utrecht"), utrecht_concept, csv_file(text), replace=True)
    assert "1 nieuw, 0 gewijzigd, 1 verwijderd" in response.content.decode()
    assert list(utrecht_concept.locations.values_list("name", "capacity")) == [("Rol Amersfoort", 1200)]


def test_every_error_listed_by_row_and_column_and_nothing_stored(client_for, utrecht_concept):
    rows = [
        HEADER,
        ["Goed", "Utrecht", "AZC", 100, 0, "2026-K1", "", "bestaand", "nee"],
        ["", "Utrecht", "AZC", 100, 0, "2026-K1", "", "bestaand", "nee"],
        ["Geen gemeente", "", "AZC", 100, 0, "2026-K1", "", "bestaand", "nee"],
        ["Onbekend type", "Utrecht", "XYZ", 100, 0, "2026-K1", "", "bestaand", "nee"],
        ["Nul plaatsen", "Utrecht", "AZC", 0, 0, "2026-K1", "", "bestaand", "nee"],
        ["Halve plaatsen", "Utrecht", "AZC", "12,5", 0, "2026-K1", "", "bestaand", "nee"],
        ["Slecht kwartaal", "Utrecht", "AZC", 100, 0, "2026-3", "", "bestaand", "nee"],
        ["Omgekeerd", "Utrecht", "AZC", 100, 0, "2027-K1", "2026-K4", "bestaand", "nee"],
        ["Rare status", "Utrecht", "AZC", 100, 0, "2026-K1", "", "misschien", "nee"],
        ["Te veel amv", "Utrecht", "AZC", 100, 101, "2026-K1", "", "bestaand", "nee"],
    ]
    response = preview_import(client_for("prt_utrecht"), utrecht_concept, xlsx_file(rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit bestand kan zo niet worden geïmporteerd" in page
    assert "Import bevestigen" not in page  # all rows or none: no confirmation while a row is wrong
    for expected in [
        "Regel 3, kolom naam",
        "Regel 4, kolom gemeente",
        "Regel 5, kolom locatietype",
        "Regel 6, kolom capaciteit",
        "Regel 7, kolom capaciteit",
        "Regel 8, kolom eerste kwartaal",
        "Regel 9, kolom laatste kwartaal",
        "Regel 10, kolom status",
        "Regel 11, kolom waarvan amv",
    ]:
        assert expected in page, expected
    assert "Regel 2," not in page
    assert not utrecht_concept.locations.exists()


def test_missing_columns_named(client_for, utrecht_concept):
    response = client_for("prt_utrecht").post(import_url(utrecht_concept), {"file": csv_file("naam,gemeente\nA,B\n")})
    assert "Deze kolommen ontbreken" in response.content.decode()
    assert not utrecht_concept.locations.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("plan.xlsx", b"dit is geen zip"), "geen geldig XLSX"),
        (SimpleUploadedFile("plan.pdf", b"%PDF-1.4 ..."), "Upload een XLSX- of CSV-bestand"),
        (SimpleUploadedFile("plan.csv", b"\x00\x01\x02binary"), "geen tekstbestand"),
        (SimpleUploadedFile("plan.csv", b""), "leeg"),
        (SimpleUploadedFile("plan.csv", b"a" * (2 * 1024 * 1024 + 10)), "te groot"),
    ],
)
def test_bad_files_refused_with_dutch_message(client_for, utrecht_concept, upload, message):
    response = client_for("prt_utrecht").post(import_url(utrecht_concept), {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not utrecht_concept.locations.exists()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_refused_before_opening(client_for, utrecht_concept):
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"0" * (50 * 1024 * 1024)})
    assert len(bomb) < 2 * 1024 * 1024
    response = client_for("prt_utrecht").post(import_url(utrecht_concept), {"file": SimpleUploadedFile("b.xlsx", bomb)})
    assert "uitgepakt te groot" in response.content.decode()
    assert not utrecht_concept.locations.exists()


def test_zip_that_is_not_a_workbook_refused(client_for, utrecht_concept):
    data = _zip({"hello.txt": b"hi"})
    response = client_for("prt_utrecht").post(import_url(utrecht_concept), {"file": SimpleUploadedFile("x.xlsx", data)})
    assert "geen geldig XLSX" in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_download_imports_cleanly(client_for, utrecht_concept, fmt):
    client = client_for("prt_utrecht")
    response = client.get(reverse("plans:import_template", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    upload = SimpleUploadedFile(f"sjabloon.{fmt}", content)
    import_rows(client, utrecht_concept, upload)
    assert utrecht_concept.locations.get().name == "Azc Voorbeeldstad"


def test_template_unknown_format_404(client):
    assert client.get("/plannen/sjabloon-locaties.pdf").status_code == 404


def test_version_export_roundtrips_through_import(client_for, utrecht_concept):
    client = client_for("prt_utrecht")
    rows = [HEADER, ["@Azc Utrecht", "Utrecht", "AZC", 300, 10, "2026-K2", "2028-K4", "bestaand", "ja"]]
    import_rows(client, utrecht_concept, xlsx_file(rows))
    response = client.get(reverse("plans:version_export", kwargs={"province_code": "PV26", "number": 1}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(download(response)))
    sheet = workbook["Locaties"]
    values = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    # Formula injection neutralised; the rest as imported.
    assert values[0] == "'@Azc Utrecht"
    assert values[2:8] == ["AZC", 300, 10, "2026-K2", "2028-K4", "bestaand"]
    # The last column is the stable identity of the location.
    assert values[9] == str(utrecht_concept.locations.get().key)
    assert "Capaciteit per kwartaal" in workbook.sheetnames
