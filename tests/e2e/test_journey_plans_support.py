"""Journey 5b (issue 16) in a real browser: the CdK-medewerker of Utrecht comments on Utrecht's draft and
submits it; COA landelijk reads all drafts; the core team's review comment is answered and resolved; a
PRT-lid asks for and receives practical support; a location is marked in use and the capacity picture
shows realised against planned."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from plans import quarters
from plans.models import PlanVersion, ReviewComment, SupportRequest
from plans.workflow import Status, SupportStatus
from tests.e2e.helpers import mails_to, new_tab

User = get_user_model()

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_journey_5b_review_support_and_realisation(page, browser, live_url, login_as, assert_accessible):
    page.on("dialog", lambda dialog: dialog.accept())
    concept = PlanVersion.objects.get(plan__province__code="PV26", status=Status.CONCEPT)
    n = concept.number
    version_path = f"/plannen/PV26/v{n}/"
    now_q = quarters.of_date(timezone.localdate())
    location = concept.locations.filter(first_quarter__lt=now_q).order_by("name").first()

    # The PRT-lid takes the draft to the PRT.
    login_as(page, "prt-utrecht")
    page.goto(live_url(version_path))
    page.get_by_role("button", name="Bespreken in de PRT").click()
    expect(page.locator("main")).to_contain_text("Nieuwe status van de versie: In PRT.")

    # The core team comments on the whole version.
    core = new_tab(browser, live_url)
    login_as(core, "kernteam")
    core.goto(live_url(version_path + "opmerkingen/"))
    core.get_by_role("textbox", name=re.compile("^Opmerking")).fill(
        "Graag de afspraken met COA over de huur toevoegen."
    )
    core.get_by_role("button", name="Plaatsen").click()
    expect(core.locator("main")).to_contain_text("Uw opmerking is geplaatst.")

    # The CdK-medewerker comments on a location line.
    cdk = new_tab(browser, live_url)
    cdk.on("dialog", lambda dialog: dialog.accept())
    login_as(cdk, "cdk-utrecht")
    cdk.goto(live_url(version_path))
    cdk.get_by_role("link", name=re.compile("Opmerkingen bekijken en plaatsen")).click()
    assert_accessible(cdk)
    cdk.get_by_label("Waarover").select_option(label=f"Locatie: {location.name}")
    cdk.get_by_role("textbox", name=re.compile("^Opmerking")).fill("Is de vergunning al rond?")
    cdk.get_by_role("button", name="Plaatsen").click()
    expect(cdk.locator("main")).to_contain_text("2 opmerkingen staan open.")

    # The PRT-lid sees both beside what they refer to, answers the core team and resolves it.
    page.goto(live_url(version_path))
    expect(page.locator("main")).to_contain_text("2 open")
    page.get_by_role("link", name=re.compile("^Opmerkingen")).click()
    assert_accessible(page)
    expect(page.locator("#locaties-kop ~ div").first).to_contain_text(location.name)
    expect(page.locator("#locaties-kop ~ div").first).to_contain_text("Is de vergunning al rond?")
    core_comment = ReviewComment.objects.get(body__startswith="Graag de afspraken")
    card = page.locator(f"#opmerking-{core_comment.pk}")
    card.get_by_label("Uw antwoord").fill("Toegevoegd onder rollen en verantwoordelijkheden.")
    card.get_by_label("Markeer als afgehandeld").check()
    card.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("Uw antwoord is opgeslagen.")
    expect(page.locator("main")).to_contain_text("1 opmerking staat open.")
    expect(page.locator(f"#opmerking-{core_comment.pk}")).to_contain_text("afgehandeld")

    # The CdK-medewerker submits the version; it is frozen, the comments stay with it.
    cdk.goto(live_url(version_path))
    cdk.get_by_role("button", name="Indienen").click()
    expect(cdk.locator("main")).to_contain_text("Nieuwe status van de versie: Ingediend.")
    concept.refresh_from_db()
    assert concept.status == Status.SUBMITTED
    cdk.goto(live_url(version_path + "opmerkingen/"))
    expect(cdk.locator("main")).to_contain_text("Toegevoegd onder rollen en verantwoordelijkheden.")
    expect(cdk.get_by_role("button", name="Plaatsen")).to_have_count(0)

    # COA landelijk reads every province's drafts and the capacity picture with them, without editing.
    coa = new_tab(browser, live_url)
    login_as(coa, "coa-landelijk")
    draft = PlanVersion.objects.filter(status=Status.IN_PRT).exclude(plan__province__code="PV26").first()
    coa.goto(live_url(f"/plannen/{draft.plan.province.code}/v{draft.number}/"))
    expect(coa.locator("h1")).to_contain_text(f"versie {draft.number}")
    expect(coa.get_by_role("button", name="Indienen")).to_have_count(0)
    coa.goto(live_url("/plannen/capaciteit/"))
    coa.get_by_text("Telt per provincie", exact=True).click()
    expect(coa.locator("main")).to_contain_text(
        f"{draft.plan.province.name}: versie {draft.number}, de nieuwste versie die u mag zien"
    )
    assert_accessible(coa)

    # The PRT-lid asks for practical support; the core team accepts, plans and records the outcome.
    page.goto(live_url("/plannen/ondersteuning/"))
    page.get_by_role("link", name="Ondersteuning aanvragen").click()
    assert_accessible(page)
    page.get_by_label("Soort ondersteuning").select_option(label="Rekenhulp")
    page.get_by_label("Omschrijving").fill("Hulp bij de opgave per kwartaal voor de regio.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.locator("main")).to_contain_text("Uw aanvraag is verstuurd.")
    request = SupportRequest.objects.get()
    core.goto(live_url("/kernteam/"))
    expect(core.locator("main")).to_contain_text("Open vragen om praktische ondersteuning")
    core.goto(live_url("/plannen/ondersteuning/"))
    core.get_by_role("link", name=re.compile(f"nr. {request.pk} van")).click()
    assert_accessible(core)
    core.get_by_label("Kernteamlid").select_option(label=User.objects.get(username="kernteam2").get_full_name())
    core.get_by_role("button", name="Accepteren").click()
    expect(core.locator("main")).to_contain_text("Nieuwe status van de aanvraag: Geaccepteerd.")
    core.get_by_label("Gepland op").fill(timezone.localdate().isoformat())
    core.get_by_role("button", name="Inplannen").click()
    expect(core.locator("main")).to_contain_text("Nieuwe status van de aanvraag: Gepland.")
    core.get_by_label("Uitkomst").fill("Rekenmodel samen doorgelopen; de regio rekent nu zelf.")
    core.get_by_role("button", name="Afronden met uitkomst").click()
    expect(core.locator("main")).to_contain_text("Nieuwe status van de aanvraag: Afgerond.")
    request.refresh_from_db()
    assert request.status == SupportStatus.DONE
    received = mails_to(User.objects.get(username="prt-utrecht").email)
    assert len([m for m in received if "ondersteuning" in m.subject]) == 4
    page.goto(live_url(f"/plannen/ondersteuning/{request.pk}/"))
    expect(page.locator("main")).to_contain_text("Rekenmodel samen doorgelopen")

    # A location is marked in use (no new version); the capacity picture shows realised against planned.
    page.goto(live_url(version_path))
    page.get_by_role("link", name=f"Bijwerken realisatie van {location.name}").click()
    assert_accessible(page)
    page.get_by_label("In gebruik", exact=True).check()
    page.get_by_label("In gebruik sinds").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text(f"De realisatie van {location.name} is opgeslagen.")
    assert PlanVersion.objects.filter(plan=concept.plan).count() == n
    page.goto(live_url("/plannen/capaciteit/?province=PV26"))
    table = page.locator("#grafiek-kop ~ div table")
    expect(table.locator("thead")).to_contain_text("In gebruik")
    first_row = table.locator("tbody tr").first
    expect(first_row).to_contain_text(str(location.capacity))
    assert_accessible(page)
