"""Exports: the same rows as the page (same FilterSet), opened and read back; empty files; formula
injection; internal notes only for those who may see them; the escalation report as a real PDF."""

import csv
import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.utils import timezone

from monitoring.models import SignalKind
from monitoring.services import escalation_decide, signal_escalate
from monitoring.workflow import Status

from .factories import LrtMeetingFactory, SignalFactory, bulk_signals


def page_ids(client, query: str) -> list[int]:
    """All ids of the register page for a query, over every page."""
    ids, page = [], 1
    while True:
        response = client.get(f"/monitoring/?{query}&page={page}")
        found = [int(pk) for pk in re.findall(r'href="/monitoring/signalen/(\d+)/"', response.content.decode())]
        ids += found
        if f"page={page + 1}" not in response.content.decode():
            return ids
        page += 1


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.worksheets[0]


@pytest.fixture
def register(db, utrecht, gelderland, theme):
    bulk_signals(30, province=utrecht, kind=SignalKind.RISK, theme=theme)
    bulk_signals(12, province=gelderland, kind=SignalKind.RISK)
    bulk_signals(9, kind=SignalKind.ISSUE)
    SignalFactory(provinces=[utrecht], status=Status.CLOSED, kind=SignalKind.RISK, impact=5, likelihood=5)


QUERIES = [
    "kind=risico&province=PV26",
    "kind=risico&sort=-score",
    "province=landelijk",
    "score_min=12",
    "status=afgesloten",
    "",
]


@pytest.mark.parametrize("query", QUERIES)
def test_csv_rows_equal_page_rows(client_for, register, query):
    client = client_for("kernteam")
    expected = page_ids(client, query)
    response = client.get(f"/monitoring/export.csv?{query}")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][:3] == ["Nummer", "Soort", "Titel"]
    assert [int(r[0]) for r in rows[1:]] == expected


@pytest.mark.parametrize("query", QUERIES)
def test_xlsx_rows_equal_page_rows(client_for, register, query):
    client = client_for("lrt")
    expected = page_ids(client, query)
    response = client.get(f"/monitoring/export.xlsx?{query}")
    assert response.status_code == 200
    assert "signalenregister-" in response["Content-Disposition"]
    sheet = read_xlsx(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == expected


def test_xlsx_layout_and_types(client_for, db, utrecht, users):
    SignalFactory(provinces=[utrecht], deadline=date(2027, 3, 1), impact=4, likelihood=2, owner=users["kernteam"])
    sheet = read_xlsx(client_for("kernteam").get("/monitoring/export.xlsx"))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["C"].width >= 40
    headers = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(headers, sheet[2], strict=True)}
    assert row["Score"] == 8 and isinstance(row["Score"], int)
    assert row["Deadline"].date() == date(2027, 3, 1)
    assert row["Provincie(s)"] == "Utrecht"


def test_empty_filter_gives_valid_empty_files(client_for, register):
    client = client_for("kernteam")
    rows = read_csv(client.get("/monitoring/export.csv?q=bestaatnietxyz"))
    assert len(rows) == 1 and rows[0][0] == "Nummer"
    sheet = read_xlsx(client.get("/monitoring/export.xlsx?q=bestaatnietxyz"))
    assert sheet.max_row == 1


def test_formula_injection_is_neutralised(client_for, db, utrecht):
    SignalFactory(provinces=[utrecht], title='=HYPERLINK("http://evil")', description="+SUM(1)")
    SignalFactory(provinces=[utrecht], title="@cmd", description="-2+3")
    client = client_for("kernteam")
    rows = read_csv(client.get("/monitoring/export.csv"))
    cells = {cell for row in rows[1:] for cell in row}
    assert '\'=HYPERLINK("http://evil")' in cells and "'+SUM(1)" in cells and "'@cmd" in cells and "'-2+3" in cells
    sheet = read_xlsx(client.get("/monitoring/export.xlsx"))
    values = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in values)
    assert '\'=HYPERLINK("http://evil")' in {c.value for c in values}


def test_internal_notes_in_export_only_for_oversight(client_for, db, utrecht):
    SignalFactory(provinces=[utrecht], internal_notes="alleen intern")
    rows = read_csv(client_for("kernteam").get("/monitoring/export.csv"))
    assert "Interne notities" in rows[0] and "alleen intern" in rows[1]
    assert client_for("prt_utrecht").get("/monitoring/export.csv").status_code == 403


def test_csv_is_streamed_with_iterator(client_for, db, utrecht, django_assert_max_num_queries):
    bulk_signals(300, province=utrecht)
    client = client_for("kernteam")
    response = client.get("/monitoring/export.csv")
    # Chunks: prefetching provinces per chunk of 2000, not per row.
    with django_assert_max_num_queries(6):
        rows = read_csv(response)
    assert len(rows) == 301


@pytest.fixture
def meeting_with_decisions(db, users, gelderland, utrecht):
    meeting = LrtMeetingFactory(date=timezone.localdate() + timedelta(days=10), title="LRT december")
    titles = ["Tekort aan plekken Arnhem", "Kans op nieuwe locatie Ede", "Landelijke regel knelt"]
    signals = [
        SignalFactory(provinces=[gelderland], title=titles[0], status=Status.IN_PROGRESS),
        SignalFactory(provinces=[gelderland, utrecht], kind=SignalKind.OPPORTUNITY, title=titles[1]),
        SignalFactory(kind=SignalKind.ISSUE, title=titles[2], status=Status.IN_PROGRESS),
    ]
    for signal in signals:
        signal_escalate(signal=signal, meeting=meeting, proposal=f"Voorstel: {signal.title}", by=users["kernteam"])
    escalation_decide(
        meeting=meeting,
        signal=signals[0],
        decision="De LRT stemt in met extra middelen.",
        actions=[{"what": "Middelen regelen", "who": "J&V", "due_date": date(2027, 1, 15)}],
        by=users["lrt"],
    )
    return meeting, titles


def test_escalation_report_xlsx_and_csv(client_for, meeting_with_decisions):
    meeting, titles = meeting_with_decisions
    client = client_for("lrt")
    response = client.get(f"/monitoring/overleggen/{meeting.pk}/rapportage.xlsx")
    assert f"escalatierapportage-lrt-{meeting.date:%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    rows = list(read_xlsx(response).iter_rows(values_only=True))
    assert {r[2] for r in rows[1:]} == set(titles)
    decided = next(r for r in rows if r[2] == titles[0])
    assert decided[7] == "De LRT stemt in met extra middelen." and "Middelen regelen" in decided[9]
    response = client.get(f"/monitoring/overleggen/{meeting.pk}/rapportage.csv")
    assert f"{meeting.date:%Y-%m-%d}" in response["Content-Disposition"]
    assert {r[2] for r in read_csv(response)[1:]} == set(titles)


def test_escalation_report_is_a_real_pdf(client_for, meeting_with_decisions):
    meeting, titles = meeting_with_decisions
    response = client_for("kernteam").get(f"/monitoring/overleggen/{meeting.pk}/rapportage.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert f"escalatierapportage-lrt-{meeting.date:%Y-%m-%d}.pdf" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF")
    assert content.rstrip().endswith(b"%%EOF")
    assert meeting.date.strftime("%d-%m-%Y").encode() in content
    for title in titles:
        assert title.encode("latin-1") in content
    assert b"De LRT stemt in met extra middelen." in content


def test_escalation_report_of_empty_meeting(client_for, db):
    meeting = LrtMeetingFactory()
    client = client_for("lrt")
    assert client.get(f"/monitoring/overleggen/{meeting.pk}/rapportage.pdf").content.startswith(b"%PDF")
    assert read_xlsx(client.get(f"/monitoring/overleggen/{meeting.pk}/rapportage.xlsx")).max_row == 1
