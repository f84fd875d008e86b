"""Journey 4 of DESIGN.md (issue 15) in a real browser: the core team puts a draft kader out for
consultation to VNG, IPO and all PRT-leden; a VNG member comments on a paragraph and a PRT-lid on
the whole kader; the core team answers every comment, closes the round, edits and publishes the
kader; the commenters are mailed; a visitor reads the changes and downloads the reactienota. Then a
PRT-lid submits a lesson learned that the core team publishes."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from loket.core.models import Organisation, Profile
from loket.portal.demo import DEMO_PASSWORD
from loket.publications.models import Publication, PublicationKind
from loket.publications.services import publication_create
from tests.e2e.helpers import mails_to, new_tab, path_in_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY = """Dit kader beschrijft hoe provincies locaties voor flexibele opvang kiezen.

## Criteria

Een locatie ligt binnen 15 kilometer van een station.

## Proces

Het PRT stelt de lijst van locaties vast.
"""


def make_member(username: str, organisation: str):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@test.example",
        password=DEMO_PASSWORD,
        first_name="Vera",
        last_name="Gemeente",
    )
    Profile.objects.create(user=user, organisation=Organisation.objects.get(code=organisation))
    return user


def test_journey_consultation_on_a_draft_kader_and_a_lesson_from_the_field(
    page, browser, live_url, login_as, assert_accessible
):
    make_member("vng-lid", "VNG")
    make_member("ipo-lid", "IPO")
    core_user = get_user_model().objects.get(username="kernteam")
    draft = publication_create(
        data={
            "kind": PublicationKind.FRAMEWORK,
            "title": "Kader locatiekeuze flexibele opvang",
            "summary": "Criteria",
            "body": BODY,
        },
        by=core_user,
    )
    mail.outbox.clear()

    # 1. The core team opens the round from the draft's edit page.
    login_as(page, "kernteam")
    page.goto(live_url(f"/kernteam/publicaties/{draft.pk}/"))
    page.get_by_role("link", name="Consultatie openen").click()
    expect(page.locator("h1")).to_have_text("Consultatie openen")
    closes = timezone.localdate() + dt.timedelta(days=14)
    page.get_by_label("Sluitingsdatum").fill(closes.isoformat())
    page.get_by_label("Alle PRT-leden").check()
    page.get_by_label("Vereniging van Nederlandse Gemeenten").check()
    page.get_by_label("Interprovinciaal Overleg").check()
    assert_accessible(page)
    page.get_by_role("button", name="Consultatie openen en uitnodigingen versturen").click()
    expect(page.locator("main")).to_contain_text("genodigden krijgen een uitnodiging per e-mail")
    invitation = mails_to("vng-lid@test.example")
    assert len(invitation) == 1 and mails_to("prt-utrecht@demo.loket.example")
    consultation_path = path_in_mail(invitation[0], r"/publicaties/[^/\s]+/consultatie/")

    # 2. A VNG member comments on the paragraph about distance, beside it.
    vera = new_tab(browser, live_url)
    login_as(vera, "vng-lid")
    vera.goto(live_url(consultation_path))
    expect(vera.locator("h1")).to_contain_text("Consultatie: Kader locatiekeuze flexibele opvang")
    section = vera.locator(".consultation-section", has_text="15 kilometer")
    section.get_by_role("link", name=re.compile("Reageer op dit onderdeel")).click()
    expect(vera.get_by_label("Onderdeel")).to_have_value("h-criteria-p1")
    vera.get_by_label("Uw reactie").fill("15 kilometer is te ruim voor gezinnen zonder auto.")
    vera.get_by_role("button", name="Reactie opslaan").click()
    expect(vera.locator(".consultation-section", has_text="15 kilometer")).to_contain_text("te ruim voor gezinnen")
    assert_accessible(vera)

    # 3. A PRT-lid comments on the whole kader and does not see VNG's comment (a closed round).
    petra = new_tab(browser, live_url)
    login_as(petra, "prt-utrecht")
    petra.goto(live_url(consultation_path))
    expect(petra.locator("main")).not_to_contain_text("te ruim voor gezinnen")
    petra.get_by_label("Uw reactie").fill("Noem ook de rol van de CdK in het proces.")
    petra.get_by_role("button", name="Reactie opslaan").click()
    expect(petra.locator("main")).to_contain_text("Uw reactie is opgeslagen")

    # 4. The core team answers both comments, closes the round, edits and publishes the kader.
    page.goto(live_url("/kernteam/consultaties/"))
    page.get_by_role("link", name="Kader locatiekeuze flexibele opvang").click()
    page.get_by_role("button", name="Consultatie afronden").click()
    expect(page.locator("main")).to_contain_text("Nog 2 reactie(s) zonder antwoord")
    sections = page.locator("main section")
    first, second = sections.nth(0), sections.nth(1)
    first.get_by_label("Deels overgenomen").check()
    first.get_by_label("Toelichting").fill("Binnen de stad 10 kilometer, daarbuiten 15.")
    first.get_by_role("button", name=re.compile("Antwoord opslaan")).click()
    expect(page.locator("main")).to_contain_text("is opgeslagen")
    second = page.locator("main section").nth(1)
    second.get_by_label("Overgenomen", exact=True).check()
    second.get_by_label("Toelichting").fill("Toegevoegd aan het proces.")
    second.get_by_role("button", name=re.compile("Antwoord opslaan")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Consultatie afronden").click()
    expect(page.locator("main")).to_contain_text("De consultatie is afgerond")

    page.get_by_role("link", name="Kader bewerken en publiceren").click()
    page.get_by_label("Tekst (Markdown)").fill(
        BODY.replace("15 kilometer van een station", "10 kilometer van een station in de stad")
        + "\nDe CdK adviseert het PRT over de lijst.\n"
    )
    page.get_by_role("button", name="Opslaan", exact=True).click()
    mail.outbox.clear()
    page.get_by_role("button", name="Publiceren", exact=True).click()
    expect(page.locator("main")).to_contain_text("De publicatie is gepubliceerd.")
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == ["prt-utrecht@demo.loket.example", "vng-lid@test.example"], told  # commenters only

    # 5. A visitor reads the kader, what changed since the draft, and downloads the reactienota.
    visitor = new_tab(browser, live_url)
    visitor.goto(live_url(f"/publicaties/{draft.slug}/"))
    expect(visitor.locator("main")).to_contain_text("Consultatie")
    visitor.get_by_role("link", name="Wat is er veranderd sinds het geconsulteerde concept").click()
    expect(visitor.locator("h1")).to_contain_text("Wijzigingen na consultatie")
    expect(visitor.locator("main del").first).to_contain_text("verwijderd")
    expect(visitor.locator("main ins").first).to_contain_text("toegevoegd")
    assert_accessible(visitor)
    with visitor.expect_download() as info:
        visitor.get_by_role("link", name="Reactienota (PDF)").click()
    assert info.value.suggested_filename.endswith(".pdf")
    assert open(info.value.path(), "rb").read().startswith(b"%PDF")  # noqa: SIM115

    # 6. A PRT-lid submits a lesson; the core team publishes it; the visitor finds it.
    petra.goto(live_url("/publicaties/lessen/insturen/"))
    expect(petra.locator("h1")).to_have_text("Een les uit de praktijk insturen")
    petra.get_by_label("Titel van de les").fill("Buurtavonden in kleine groepen")
    petra.get_by_label("Wat heeft u geprobeerd?").fill("Drie kleine avonden in plaats van één grote.")
    petra.get_by_label("Waar? (gemeente, locatie of regio)").fill("Gemeente Houten")
    petra.locator("input[name=themes]").first.check()
    petra.get_by_label("Wat werkte?").fill("Meer vragen, rustige sfeer.")
    petra.get_by_label("Toon mijn naam bij de gepubliceerde les").check()
    assert_accessible(petra)
    petra.get_by_role("button", name="Les insturen").click()
    expect(petra.locator("main")).to_contain_text("Uw les is ingestuurd")

    page.goto(live_url("/kernteam/lessen/"))
    page.get_by_role("link", name="Buurtavonden in kleine groepen").click()
    page.get_by_role("button", name="Les publiceren").click()
    expect(page.locator("main")).to_contain_text("De les is gepubliceerd")
    lesson = Publication.objects.get(title="Buurtavonden in kleine groepen")
    visitor.goto(live_url(f"/publicaties/{lesson.slug}/"))
    expect(visitor.locator("h1")).to_have_text("Buurtavonden in kleine groepen")
    expect(visitor.locator("main")).to_contain_text("Ingestuurd door")
