"""Journey 10 of DESIGN.md in a real browser, in part: the LRT secretary opens the evaluation figures
from the monitoring tabs, reads the tables beside their charts, and downloads all tables as XLSX.
(The period filter, the PDF report, the BagIt archive and read-only mode are covered through the
test client in tests/monitoring/test_evaluation.py, tests/loket/test_archive.py and
tests/loket/test_closing.py; not yet walked in the browser.)"""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_journey_10_lrt_secretary_reads_the_evaluation_figures_and_downloads_them(
    page, live_url, login_as, assert_accessible
):
    login_as(page, "lrt-secretaris")
    page.goto(live_url("/monitoring/"))
    page.get_by_role("navigation", name="Monitoring").get_by_role("link", name="Evaluatie").click()
    expect(page.locator("h1")).to_have_text("Evaluatiecijfers van het arrangement")
    for caption in ("Vragen per thema", "Vragen per maand"):
        table = page.get_by_role("table", name=caption)
        expect(table).to_be_visible()
        assert table.locator("tbody tr").count() >= 1
    # Every chart is an image with a title, and its figures stand in the table beside it.
    charts = page.locator("main svg[role='img']")
    assert charts.count() >= 4
    assert all(charts.nth(i).locator("title").count() == 1 for i in range(charts.count()))
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Alle tabellen als Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    assert {"Vragen per thema", "Vragen per provincie"} <= set(workbook.sheetnames)
    assert workbook["Vragen per thema"].max_row > 1
