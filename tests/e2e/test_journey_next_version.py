"""Issue 15 in a real browser, the next version of a published kader: the core team starts a draft
of version 2 from the edit page, changes it and consults all PRT-leden on it while version 1 stays
public; a PRT-lid comments; the core team answers, closes the round and publishes version 2; the
commenter is mailed and a visitor reads version 2 and what changed since the consulted draft."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from loket.publications.models import PublicationKind
from loket.publications.services import publication_create, publication_publish
from tests.e2e.helpers import mails_to, new_tab, path_in_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY = """Dit kader beschrijft hoe provincies locaties voor flexibele opvang kiezen.

## Criteria

Een locatie ligt binnen 15 kilometer van een station.
"""


def test_journey_next_version_of_a_published_kader(page, browser, live_url, login_as, assert_accessible):
    core_user = get_user_model().objects.get(username="kernteam")
    kader = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Kader stations", "summary": "Criteria", "body": BODY},
        by=core_user,
    )
    kader = publication_publish(publication=kader, by=core_user)
    mail.outbox.clear()

    # 1. The core team starts the draft of version 2 and changes it.
    login_as(page, "kernteam")
    page.goto(live_url(f"/kernteam/publicaties/{kader.pk}/"))
    page.get_by_role("button", name="Concept volgende versie starten").click()
    expect(page.locator("h1")).to_have_text("Concept versie 2: Kader stations")
    page.get_by_label("Tekst (Markdown)").fill(BODY.replace("15 kilometer", "10 kilometer"))
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.locator("main")).to_contain_text("De gepubliceerde versie is niet veranderd.")
    expect(page.locator("main ins").first).to_contain_text("10")
    assert_accessible(page)

    # Version 1 stays public and unchanged.
    visitor = new_tab(browser, live_url)
    visitor.goto(live_url(f"/publicaties/{kader.slug}/"))
    expect(visitor.locator("main")).to_contain_text("15 kilometer")
    expect(visitor.locator("main")).not_to_contain_text("10 kilometer")

    # 2. A round on the draft for all PRT-leden.
    page.get_by_role("link", name="Consultatie openen").click()
    expect(page.locator("main")).to_contain_text("Op het concept van de volgende versie")
    page.get_by_label("Sluitingsdatum").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Alle PRT-leden").check()
    page.get_by_role("button", name="Consultatie openen en uitnodigingen versturen").click()
    expect(page.locator("main")).to_contain_text("genodigden krijgen een uitnodiging per e-mail")
    invitation = mails_to("prt-utrecht@demo.loket.example")
    assert len(invitation) == 1
    consultation_path = path_in_mail(invitation[0], r"/publicaties/[^/\s]+/consultatie/")

    # 3. A PRT-lid reads the draft of version 2 and comments on the distance.
    petra = new_tab(browser, live_url)
    login_as(petra, "prt-utrecht")
    petra.goto(live_url(consultation_path))
    section = petra.locator(".consultation-section", has_text="10 kilometer")
    section.get_by_role("link", name=re.compile("Reageer op dit onderdeel")).click()
    petra.get_by_label("Uw reactie").fill("Tien kilometer is goed voor gezinnen.")
    petra.get_by_role("button", name="Reactie opslaan").click()
    expect(petra.locator("main")).to_contain_text("Uw reactie is opgeslagen")

    # 4. The core team answers, closes the round and publishes version 2.
    page.goto(live_url("/kernteam/consultaties/"))
    page.get_by_role("link", name="Kader stations").click()
    first = page.locator("main section").nth(0)
    first.get_by_label("Overgenomen", exact=True).check()
    first.get_by_label("Toelichting").fill("Zo staat het in versie 2.")
    first.get_by_role("button", name=re.compile("Antwoord opslaan")).click()
    page.get_by_role("button", name="Consultatie afronden").click()
    expect(page.locator("main")).to_contain_text("De consultatie is afgerond")
    page.goto(live_url(f"/kernteam/publicaties/{kader.pk}/volgende-versie/"))
    mail.outbox.clear()
    page.get_by_role("button", name="Publiceren als versie 2").click()
    expect(page.locator("main")).to_contain_text("Versie 2 is gepubliceerd.")
    assert [m.to[0] for m in mail.outbox] == ["prt-utrecht@demo.loket.example"]  # the commenter

    # 5. The visitor reads version 2 and what changed since the consulted draft.
    visitor.goto(live_url(f"/publicaties/{kader.slug}/"))
    expect(visitor.locator("main")).to_contain_text("10 kilometer")
    visitor.get_by_role("link", name="Wat is er veranderd sinds het geconsulteerde concept").click()
    expect(visitor.locator("h1")).to_contain_text("Wijzigingen na consultatie")
    expect(visitor.locator("main")).to_contain_text("gepubliceerde versie 2")
    assert_accessible(visitor)
