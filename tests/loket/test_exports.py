"""The one export writer (loket.core.exports): the same cells in CSV and XLSX, every text cell and
header neutralised, numbers and dates kept as numbers and dates."""

import csv
import io
from datetime import date, datetime

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from loket.core.exports import csv_response, neutralise, table_columns, xlsx_response
from tests.conftest import download

HEADERS = ["=kop", ("Aantal", 10, "0"), ("Datum", 12, "DD-MM-YYYY"), ("Tijd", 18, "DD-MM-YYYY HH:MM"), "Label"]
ROWS = [
    [
        '=HYPERLINK("http://evil.example","x")',
        -300,
        date(2027, 3, 1),
        datetime(2027, 3, 1, 9, 30),
        gettext_lazy("+lui"),
    ],
    ["gewoon", 0, None, None, "@SUM(A1)"],
]


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_every_trigger_and_nothing_else(trigger):
    assert neutralise(f"{trigger}1+1") == f"'{trigger}1+1"
    assert neutralise(f"a{trigger}1") == f"a{trigger}1"
    assert neutralise(-5) == -5 and neutralise(None) is None


def test_csv_neutralises_text_and_header_but_not_numbers():
    response = csv_response(table_columns(HEADERS), ROWS, "x.csv")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="x.csv"'
    content = download(response)
    assert content.startswith("\ufeff".encode())  # Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["'=kop", "Aantal", "Datum", "Tijd", "Label"]
    assert rows[1] == ['\'=HYPERLINK("http://evil.example","x")', "-300", "01-03-2027", "01-03-2027 09:30", "'+lui"]
    assert rows[2] == ["gewoon", "0", "", "", "'@SUM(A1)"]


def test_xlsx_same_cells_typed_with_layout():
    response = xlsx_response([("Blad", table_columns(HEADERS), ROWS)], "x.xlsx")
    sheet = load_workbook(io.BytesIO(download(response)))["Blad"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E3" and sheet["A1"].font.bold
    assert [c.value for c in sheet[1]] == ["'=kop", "Aantal", "Datum", "Tijd", "Label"]
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil.example","x")' and sheet["E2"].value == "'+lui"
    assert sheet["B2"].value == -300 and sheet["C2"].value.date() == date(2027, 3, 1)
    assert sheet["E3"].value == "'@SUM(A1)"
    assert sheet.column_dimensions["A"].width == 12 and sheet.column_dimensions["B"].width == 10


def test_xlsx_every_row_keeps_its_number_formats():
    """The writer reuses one formatted cell per column: each row still gets its own value and format."""
    rows = [(f"r{i}", i, date(2027, 3, 1 + i)) for i in range(5)]
    headers = ["Naam", ("Aantal", 10, "0"), ("Datum", 12, "DD-MM-YYYY")]
    sheet = load_workbook(io.BytesIO(download(xlsx_response([("Blad", table_columns(headers), rows)], "x.xlsx"))))[
        "Blad"
    ]
    assert [c.value for c in sheet["B"][1:]] == [0, 1, 2, 3, 4]
    assert [c.value.date() for c in sheet["C"][1:]] == [date(2027, 3, 1 + i) for i in range(5)]
    assert {c.number_format for c in sheet["B"][1:]} == {"0"} and {c.number_format for c in sheet["C"][1:]} == {
        "DD-MM-YYYY"
    }


def test_xlsx_drops_characters_xml_cannot_carry_and_keeps_the_rest():
    """A control character in a text (pasted from another program) made openpyxl refuse the whole
    export; the writer leaves it out. Text with XML's own characters, spaces at the edges, true/false
    and several sheets come through as they were."""
    rows = [["a\x01b\x0bc", " <x> & 'y' ", True, 1.5]]
    headers = ["Tekst", "Ruimte", "Waar", ("Getal", 8, "0.0")]
    response = xlsx_response(
        [("Blad", table_columns(headers), rows), ("Tweede 'blad'", table_columns(["Kop"]), [])], "x.xlsx"
    )
    workbook = load_workbook(io.BytesIO(download(response)))
    sheet = workbook["Blad"]
    assert [c.value for c in sheet[2]] == ["abc", " <x> & 'y' ", True, 1.5]
    assert sheet["D2"].number_format == "0.0"
    assert workbook.sheetnames == ["Blad", "Tweede 'blad'"] and workbook["Tweede 'blad'"]["A1"].value == "Kop"
