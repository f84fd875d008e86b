"""Journeys 5, 6 and 7 of DESIGN.md in a real browser: the plan, the prognosis, the capacity picture."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook
from playwright.sync_api import expect

from loket.core.roles import Role
from plans.models import PlanVersion, PrognosisRound
from plans.workflow import Status
from tests.e2e.helpers import mails_to, new_tab, path_in_mail

User = get_user_model()

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
    page.get_by_role("button", name="Bestand controleren").click()
    # First a preview per row; nothing is imported yet.
    expect(page.locator("h1")).to_have_text(f"Voorvertoning van de import in plan Utrecht, versie {n}")
    expect(page.locator("[data-import-summary]")).to_contain_text("2 nieuwe locaties")
    assert_accessible(page)
    assert not concept.locations.filter(name__in=["Paviljoen Houten-Zuid", "Kantoor Galecopper"]).exists()
    page.get_by_role("button", name="Import bevestigen").click()
    expect(page.locator("h1")).to_have_text(f"Plan Utrecht, versie {n}")
    expect(page.locator("main")).to_contain_text("De import is uitgevoerd: 2 nieuw")
    expect(page.locator("main")).to_contain_text("Paviljoen Houten-Zuid")
    expect(page.locator("main")).to_contain_text("Kantoor Galecopper")
    assert concept.locations.filter(name__in=["Paviljoen Houten-Zuid", "Kantoor Galecopper"]).count() == 2

    # The same file again: every row is unchanged, nothing to confirm, nothing added.
    page.get_by_role("link", name="Locaties importeren uit spreadsheet").click()
    page.get_by_label("Bestand (XLSX of CSV)").set_input_files(
        files=[{"name": "locaties.xlsx", "mimeType": "application/octet-stream", "buffer": small_xlsx()}]
    )
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.locator("[data-import-summary]")).to_contain_text("2 ongewijzigde locaties")
    expect(page.get_by_role("button", name="Import bevestigen")).to_have_count(0)
    page.get_by_role("button", name="Annuleren").click()
    expect(page.locator("h1")).to_have_text(f"Plan Utrecht, versie {n}")
    assert concept.locations.filter(name__in=["Paviljoen Houten-Zuid", "Kantoor Galecopper"]).count() == 2

    # Concept -> in PRT -> ingediend (frozen).
    page.get_by_role("button", name="Bespreken in de PRT").click()
    expect(page.locator("main dl")).to_contain_text("In PRT")
    page.get_by_label("Toelichting (optioneel)").fill("Besproken in het PRT van 12 november.")
    page.get_by_role("button", name="Indienen").click()
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


def test_journey_6_core_team_creates_and_publishes_a_prognosis_split_by_population(
    page, browser, live_url, login_as, assert_accessible
):
    page.on("dialog", lambda dialog: dialog.accept())  # "Na publiceren kan deze ronde niet meer worden gewijzigd"
    login_as(page, "kernteam")
    page.goto(live_url("/plannen/prognose/"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Nieuwe (prognose|ronde)", re.I)).click()
    assert_accessible(page)
    page.get_by_label("Peildatum").fill("2027-07-01")  # the demo has published 1 januari 2027
    page.get_by_label("Verdeelmethode").select_option(label="Naar inwonertal (grootste overschot)")
    page.get_by_label("Landelijke opgave (plaatsen)").fill("88000")
    page.get_by_label("Bron").fill("Meerjarige productieprognose (MPP), najaar 2026")
    page.get_by_role("button", name=re.compile("Opslaan|Aanmaken|Berekenen")).click()

    expect(page.locator("h1")).to_have_text("Prognose met peildatum 1 juli 2027")
    expect(page.locator("main dl")).to_contain_text("Concept: nog niet gepubliceerd")
    round_pk = int(re.search(r"/prognose/(\d+)/", page.url).group(1))
    table = page.get_by_role("table", name="Opgave per provincie en de verandering sinds de vorige ronde")
    expect(table.locator("tbody tr")).to_have_count(12)
    # Largest remainder: the parts add up to the national figure exactly.
    expect(table.locator("tfoot")).to_contain_text("88.000")
    figures = [int(t.replace(".", "")) for t in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert sum(figures) == 88000
    assert_accessible(page)

    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator("main dl")).to_contain_text("Gepubliceerd op")
    expect(page.get_by_role("button", name="Publiceren")).to_have_count(0)
    # Each PRT-lid is mailed their own province's figures, once.
    expect(page.locator("main dl")).to_contain_text("verstuurd op")
    round_ = PrognosisRound.objects.get(pk=round_pk)
    assert round_.national_total == sum(round_.provinces.values_list("figure", flat=True)) == 88000
    assert round_.mailed_at is not None and not round_.mailing_due
    subject = "Prognose benodigde opvangcapaciteit per 1 juli 2027"
    figures = {pp.province.name: pp.figure for pp in round_.provinces.select_related("province")}
    members = User.objects.filter(groups__name=Role.PRT.value, is_active=True, profile__province__isnull=False)
    assert members.count() >= 2
    for user in members.select_related("profile__province"):
        mine = [m for m in mails_to(user.email) if m.subject == subject]
        assert len(mine) == 1, (user.username, [m.subject for m in mails_to(user.email)])
        body = mine[0].body
        own = user.profile.province.name
        figure = figures[own]
        written = {str(figure), f"{figure:,}".replace(",", ".")}  # with or without a thousands separator
        assert any(f"\n{own}: {w} plaatsen" in body for w in written), (user.username, body)
        others = [name for name in figures if name != own and re.search(rf"^{re.escape(name)}: ", body, re.M)]
        assert not others, (user.username, others)  # only their own province
        assert re.search(r"^Landelijk: 88\.?000 plaatsen", body, re.M), body
    core_team = User.objects.get(username="kernteam")
    assert not [m for m in mails_to(core_team.email) if m.subject == subject]

    # The mail's link leads a PRT member to the capacity picture.
    utrecht = User.objects.get(username="prt-utrecht")
    (mine,) = [m for m in mails_to(utrecht.email) if m.subject == subject]
    prt = new_tab(browser, live_url)
    login_as(prt, "prt-utrecht")
    prt.goto(live_url(path_in_mail(mine, r"/plannen/capaciteit/[^\s]*")))
    expect(prt.locator("h1")).to_contain_text("apaciteit")
    prt.context.close()

    # Anyone (also without an account) now sees the published figures.
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(live_url("/plannen/prognose/"))
    expect(page.locator("main")).to_contain_text("1 juli 2027")


def test_journey_7_capacity_picture_shows_table_chart_and_shortfalls(page, live_url, login_as, assert_accessible):
    login_as(page, "kernteam")
    page.goto(live_url("/plannen/capaciteit/"))
    expect(page.locator("h1")).to_contain_text("apaciteit")
    tables = page.locator("main table")
    assert tables.count() >= 1
    expect(tables.first.locator("caption")).not_to_be_empty()
    # The chart is there (an image/svg or canvas with a text alternative) ...
    chart = page.locator("main svg, main canvas, main img, main figure").first
    expect(chart).to_be_visible()
    # ... and shortfalls are marked in text, not by colour alone.
    shortfall = page.locator("main .marker--danger").first
    expect(shortfall).to_be_visible()
    expect(shortfall).to_have_text(re.compile(r"\S"))
    assert_accessible(page)
