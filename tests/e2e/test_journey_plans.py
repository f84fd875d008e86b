"""Journeys 5, 6 and 7 of DESIGN.md in a real browser: the plan, the prognosis, the capacity picture."""

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from plans.models import PlanVersion
from plans.workflow import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def small_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["naam", "gemeente", "locatietype", "capaciteit", "waarvan amv", "eerste kwartaal",
                  "laatste kwartaal", "status", "flexibel"])  # fmt: skip
    sheet.append(["Paviljoen Houten-Zuid", "Houten", "AZC", 180, 10, "2027-K1", "", "voornemen", "ja"])
    sheet.append(["Kantoor Galecopper", "Nieuwegein", "AZC", 120, 0, "2027-K2", "2029-K4", "voornemen", "nee"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_journey_5_prt_member_edits_imports_submits_and_compares(page, live_url, login_as, assert_accessible):
    page.on("dialog", lambda dialog: dialog.accept())  # "Na indienen kan deze versie niet meer worden gewijzigd"
    concept = PlanVersion.objects.get(plan__province__code="PV26", status=Status.CONCEPT)
    n = concept.number
    login_as(page, "prt-utrecht")

    page.goto(live_url("/plannen/"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Utrecht")).first.click()
    expect(page.locator("h1")).to_have_text("Provinciaal plan Utrecht")
    assert_accessible(page)
    page.get_by_role("link", name=f"versie {n}", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Plan Utrecht, versie {n}")
    assert_accessible(page)

    # A location by hand.
    page.get_by_role("link", name="Locatie toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Noodopvang Jaarbeurs hal 9")
    page.get_by_label("Gemeente").fill("Utrecht")
    page.get_by_label("Locatietype").select_option(index=1)
    page.get_by_label("Capaciteit (plaatsen)").fill("250")
    page.get_by_label("Waarvan plaatsen voor amv").fill("0")
    page.get_by_label("Eerste kwartaal").fill("2027-K1")
    page.get_by_label("Laatste kwartaal").fill("2027-K4")
    page.get_by_label("Status").select_option(label="Voornemen")
    page.get_by_role("button", name=re.compile("Opslaan|Toevoegen")).click()
    expect(page.locator("h1")).to_have_text(f"Plan Utrecht, versie {n}")
    expect(page.locator("main")).to_contain_text("Noodopvang Jaarbeurs hal 9")

    # Lines from a small spreadsheet.
    page.get_by_role("link", name="Locaties importeren uit spreadsheet").click()
    assert_accessible(page)
    page.get_by_label("Bestand (XLSX of CSV)").set_input_files(
        files=[{"name": "locaties.xlsx", "mimeType": "application/octet-stream", "buffer": small_xlsx()}]
    )
    page.get_by_role("button", name="Importeren").click()
    expect(page.locator("h1")).to_have_text(f"Plan Utrecht, versie {n}")
    expect(page.locator("main")).to_contain_text("Paviljoen Houten-Zuid")
    expect(page.locator("main")).to_contain_text("Kantoor Galecopper")
    assert concept.locations.filter(name__in=["Paviljoen Houten-Zuid", "Kantoor Galecopper"]).count() == 2

    # Concept -> in PRT -> ingediend (frozen).
    page.get_by_role("button", name="Naar In PRT").click()
    expect(page.locator("main dl")).to_contain_text("In PRT")
    page.get_by_label("Toelichting (optioneel)").fill("Besproken in het PRT van 12 november.")
    page.get_by_role("button", name="Naar Ingediend").click()
    expect(page.locator("main dl")).to_contain_text("bevroren")
    expect(page.get_by_role("link", name="Locatie toevoegen")).to_have_count(0)
    concept.refresh_from_db()
    assert concept.status == Status.SUBMITTED

    # Compare with the previous version.
    page.get_by_role("link", name="Vergelijken met een andere versie").click()
    expect(page.locator("h1")).to_contain_text("vergeleken")
    expect(page.locator("main")).to_contain_text("Noodopvang Jaarbeurs hal 9")
    expect(page.locator("main")).to_contain_text("Paviljoen Houten-Zuid, Houten: 180 plaatsen")
    assert_accessible(page)
