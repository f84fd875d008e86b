"""Journey 10 of DESIGN.md in a real browser: the end of the arrangement.

1. The LRT secretary opens the evaluation figures from the monitoring tabs, reads the tables beside
   their charts (questions, support requests, consultations, signals), filters them to a period and
   downloads that period as a PDF report and as XLSX.
2. The Beheerder sets the arrangement's end date in the admin; the core team switches the portal to
   read-only from its dashboard; a form a visitor still had open is refused, and the question form
   gives way to the notice;
   the Beheerder makes the archive and follows its progress page to "Klaar en gecontroleerd", then
   undoes read-only mode, and the form works again.
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import bagit
import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from loket.accounts.models import AuditAction, AuditEvent
from loket.core.models import Arrangement
from loket.mailings.models import Subscription
from loket.portal.models import ArchiveRun

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CLOSED = "Het portaal is gesloten"


def test_journey_10_the_evaluation_per_period_as_pdf_and_xlsx(page, live_url, login_as, assert_accessible):
    login_as(page, "lrt-secretaris")
    page.goto(live_url("/monitoring/"))
    page.get_by_role("navigation", name="Monitoring").get_by_role("link", name="Evaluatie").click()
    expect(page.locator("h1")).to_have_text("Evaluatiecijfers van het arrangement")
    expect(page.locator("main")).to_contain_text("Cijfers over de hele looptijd.")
    for caption in (
        "Reactietijd",
        "Verdeling van de reactietijd",
        "Vragen per hoofdthema",
        "Praktische ondersteuning per soort en status",
        "Consultatierondes, genodigden en reacties",
        "Verwerking van de consultatiereacties",
        "Signalen per soort en provincie",
    ):
        # A table's caption differs from its section heading: "Tabel: " and the title.
        table = page.get_by_role("table", name=f"Tabel: {caption}", exact=True)
        expect(table).to_be_visible()
        assert table.locator("tbody tr").count() >= 1, caption
    # Every chart is an image with a title, and its figures stand in the table beside it.
    charts = page.locator("main svg[role='img']")
    assert charts.count() >= 12
    assert all(charts.nth(i).locator("title").count() == 1 for i in range(charts.count()))
    assert_accessible(page)

    # The period filter: the last twelve months up to today.
    today = timezone.localdate()
    page.get_by_label("Van", exact=True).fill((today - timedelta(days=365)).isoformat())
    page.get_by_label("Tot en met", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Toon periode").click()
    expect(page.locator("main")).to_contain_text("tot en met")
    assert f"van={(today - timedelta(days=365)).isoformat()}" in page.url
    response = page.get_by_role("table", name="Tabel: Reactietijd", exact=True)
    expect(response.get_by_role("row", name=re.compile("Gestelde vragen"))).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Evaluatierapport als PDF").click()
    report = info.value
    assert report.suggested_filename.startswith("evaluatierapport-") and report.suggested_filename.endswith(".pdf")
    assert Path(report.path()).read_bytes().startswith(b"%PDF")

    with page.expect_download() as info:
        page.get_by_role("link", name="Alle tabellen als Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert {"Reactietijd", "Praktische ondersteuning per so", "Consultatierondes, genodigden e"} <= set(
        workbook.sheetnames
    )
    assert workbook["Reactietijd"].max_row > 1


def test_journey_10_closing_read_only_with_undo_and_the_archive_with_progress(
    page, browser, live_url, login_as, assert_accessible, settings, tmp_path
):
    settings.ARCHIVE_ROOT = tmp_path
    end = timezone.localdate() - timedelta(days=1)

    # The Beheerder sets the period in the admin.
    login_as(page, "beheerder")
    page.goto(live_url("/beheer/loket/arrangement/add/"))
    page.fill("#id_start_date", (end - timedelta(days=200)).isoformat())
    page.fill("#id_end_date", end.isoformat())
    page.fill("#id_successor_text", "Stel uw vraag voortaan aan vragen@asielketen.example.nl")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Arrangement.objects.get().end_date == end

    # A visitor has the newsletter form open in a tab while the portal closes.
    visitor = browser.new_context(locale="nl-NL", bypass_csp=True, base_url=live_url("/")).new_page()
    visitor.goto(live_url("/nieuwsbrief/"))
    visitor.get_by_label("E-mailadres").fill("lezer@example.nl")

    # The core team switches the portal to read-only, from its dashboard.
    core = browser.new_context(locale="nl-NL", bypass_csp=True, base_url=live_url("/")).new_page()
    login_as(core, "kernteam")
    core.goto(live_url("/kernteam/"))
    core.get_by_role("link", name="Periode, alleen-lezen en archief").click()
    expect(core.locator("h1")).to_have_text("Einde van het arrangement")
    core.get_by_role("button", name="Zet het portaal op alleen-lezen").click()
    expect(core.locator("main")).to_contain_text("Het portaal staat nu op alleen-lezen.")
    expect(core.get_by_role("button", name="Alleen-lezen opheffen")).to_have_count(0)  # only the Beheerder
    assert AuditEvent.objects.filter(action=AuditAction.READ_ONLY_ON, actor__username="kernteam").exists()

    # The form still open is refused on sending; nothing is stored.
    visitor.get_by_role("button", name="Aanmelden").click()
    expect(visitor.locator("h1")).to_have_text(CLOSED)
    expect(visitor.locator("main")).to_contain_text("Wat u net verstuurde, is niet opgeslagen.")
    assert not Subscription.objects.filter(email="lezer@example.nl").exists()

    # The notice stands on every page; the question form gives way to it.
    visitor.goto(live_url("/vragen/stellen/"))
    notice = visitor.get_by_role("status").filter(has_text=CLOSED)
    expect(notice).to_contain_text("vragen@asielketen.example.nl")
    gone = visitor.get_by_role("status").filter(has_text="Dit kan niet meer")
    expect(gone).to_contain_text("geen vraag meer stellen")
    expect(visitor.get_by_role("button", name="Vraag versturen")).to_have_count(0)
    assert_accessible(visitor)

    # The Beheerder makes the archive and follows its progress to the end.
    page.goto(live_url("/"))
    page.get_by_role("link", name="Einde arrangement").click()
    expect(page.locator("h1")).to_have_text("Einde van het arrangement")
    page.get_by_role("button", name="Maak het archief").click()
    expect(page.locator("h1")).to_have_text("Archiefexport")
    expect(page.get_by_role("progressbar", name="Voortgang")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Klaar en gecontroleerd", timeout=120_000)
    expect(page.locator("main")).to_contain_text("(100%)")
    run = ArchiveRun.objects.get()
    bagit.Bag(run.output).validate(processes=1)
    assert (Path(run.output) / "data" / "renditions" / "evaluatierapport.pdf").exists()

    # ... and undoes read-only mode; the visitor can use the form again.
    page.get_by_role("link", name="Terug naar het einde van het arrangement").click()
    page.get_by_role("button", name="Alleen-lezen opheffen").click()
    expect(page.locator("main")).to_contain_text("Alleen-lezen is opgeheven.")
    assert AuditEvent.objects.filter(action=AuditAction.READ_ONLY_OFF, actor__username="beheerder").exists()
    visitor.goto(live_url("/vragen/stellen/"))
    expect(visitor.locator("main")).not_to_contain_text(CLOSED)
    expect(visitor.get_by_role("button", name="Vraag versturen")).to_be_enabled()
