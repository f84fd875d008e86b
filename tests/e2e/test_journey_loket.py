"""Journeys 4 and 9 of DESIGN.md in a real browser: an answer becomes a FAQ entry that search finds, a framework
gets versions, and a mailing reaches every recipient exactly once.
"""

import re
from collections import Counter

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from loket.publications.models import Publication
from questions.models import Question
from tests.e2e.helpers import ASKER, ask_question, new_tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_journey_4_answered_question_becomes_a_faq_entry_that_search_finds(
    page, browser, live_url, login_as, assert_accessible
):
    reference, _follow = ask_question(page, live_url, subject="Omwonenden informeren over een noodopvanglocatie")
    question = Question.objects.get(reference=reference)

    kim = new_tab(browser, live_url)
    login_as(kim, "kernteam")
    kim.goto(live_url(reverse("questions:detail", kwargs={"pk": question.pk})))
    kim.get_by_role("button", name="Aan mij toewijzen").click()
    expect(kim.get_by_role("button", name="Aan mij toewijzen")).to_have_count(0)
    kim.get_by_label("Antwoord aan de vragensteller").fill(
        "Organiseer vroeg een inloopbijeenkomst en stel een klankbordgroep van omwonenden in."
    )
    kim.get_by_role("button", name="Antwoord versturen").click()
    expect(kim.locator("main dl")).to_contain_text("Beantwoord")

    # One action makes a draft FAQ entry without the asker's details; the core team reviews and publishes.
    kim.get_by_role("button", name="Maak een veelgestelde vraag hiervan").click()
    expect(kim.locator("h1")).to_have_text("Publicatie bewerken")
    for field in ("Titel", "Samenvatting", "Tekst (Markdown)"):
        value = kim.get_by_label(field, exact=False).first.input_value()
        assert "Eva Jansen" not in value and ASKER not in value, (field, value)
    assert_accessible(kim)
    kim.get_by_label("Titel").fill("Hoe informeer ik omwonenden over een noodopvanglocatie?")
    kim.get_by_role("button", name="Opslaan").click()
    expect(kim.get_by_label("Titel")).to_have_value("Hoe informeer ik omwonenden over een noodopvanglocatie?")
    kim.get_by_role("button", name="Publiceren").click()
    expect(kim.locator("main")).to_contain_text("Gepubliceerd")
    kim.get_by_role("link", name="Bekijk de pagina").click()
    detail_url = kim.url
    kim.context.close()

    # Anyone reads it and finds it with the search box, by a word form that is not in the title.
    page.goto(detail_url)
    expect(page.locator("h1")).to_have_text("Hoe informeer ik omwonenden over een noodopvanglocatie?")
    expect(page.locator("main")).to_contain_text("klankbordgroep")
    expect(page.locator("main")).not_to_contain_text(ASKER)
    assert_accessible(page)

    page.goto(live_url(reverse("loket:search")))
    page.locator("#inhoud").get_by_label("Zoekwoorden").fill("klankbordgroep")
    page.locator("#inhoud").get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("resulta")
    page.get_by_role("link", name="Hoe informeer ik omwonenden over een noodopvanglocatie?").click()
    expect(page).to_have_url(detail_url)


def test_publication_pages_and_search_pass_axe(page, live_url, assert_accessible):
    page.goto(live_url(reverse("loket:publications")))
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    page.locator("main a[href^='/publicaties/']:not([href$='.atom'])").first.click()
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    page.goto(live_url(reverse("loket:search") + "?q=opvanglocaties"))
    assert_accessible(page)
    page.goto(live_url(reverse("loket:subscribe")))
    assert_accessible(page)


def test_journey_9_mailing_reaches_every_recipient_exactly_once(page, live_url, login_as, assert_accessible):
    MailingRecipient = apps.get_model("loket", "MailingRecipient")
    login_as(page, "kernteam")
    page.goto(live_url(reverse("loket:mailings")))
    assert_accessible(page)
    page.goto(live_url(reverse("loket:mailing_create")))
    assert_accessible(page)
    subject = "Nieuwe handreiking flexibele opvang"
    page.get_by_label("Onderwerp").fill(subject)
    page.get_by_label("Tekst (Markdown)").fill("## Handreiking\n\nDe **nieuwe handreiking** staat op het loket.")
    page.get_by_label("Utrecht", exact=True).check()
    page.get_by_role("button", name=re.compile("Opslaan|Bewaren|Volgende")).click()
    expect(page.locator("h1")).to_have_text(subject)
    expect(page.locator("main")).to_contain_text("nieuwe handreiking")
    assert_accessible(page)

    page.get_by_role("button", name="Stuur een test naar mijzelf").click()
    expect(page.locator("h1")).to_have_text(subject)
    mail.outbox.clear()

    page.get_by_role("button", name="Versturen", exact=True).click()
    expect(page.locator("main")).to_contain_text("Voortgang")
    page.reload()  # the detail page refreshes itself while sending; Celery runs eagerly here
    expect(page.get_by_role("table", name=re.compile("Ontvangers"))).to_contain_text("Verzonden")

    recipients = list(MailingRecipient.objects.filter(mailing__subject=subject).values_list("email", flat=True))
    assert recipients, "de mailing heeft geen ontvangers"
    sent = Counter(
        address for m in mail.outbox if m.subject.endswith(subject) or subject in m.subject for address in m.to
    )
    assert sent == Counter(recipients), sent  # every recipient exactly once, nobody else
    assert "prt-utrecht" in " ".join(recipients) or any("utrecht" in r for r in recipients)

    # Sending happens once: the page offers no second "Versturen".
    expect(page.get_by_role("button", name="Versturen", exact=True)).to_have_count(0)


def test_journey_4_a_framework_edited_by_the_core_team_gets_a_new_version_and_keeps_the_old_ones(
    page, browser, live_url, login_as, assert_accessible
):
    framework = Publication.objects.get(title="Kader provinciale opvangplannen")
    assert framework.version == 3
    login_as(page, "kernteam")
    page.goto(live_url(f"/kernteam/publicaties/{framework.pk}/"))
    body = page.get_by_label("Tekst (Markdown)")
    body.fill(body.input_value() + "\n\n## Nieuw\n\nElk plan noemt ook de flexibele capaciteit.")
    page.get_by_label("Toelichting op de wijziging").fill("Flexibele capaciteit toegevoegd")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("De wijzigingen zijn opgeslagen.")
    framework.refresh_from_db()
    assert framework.version == 4

    # Anyone reads the current version with what changed, and the earlier versions as they were.
    visitor = new_tab(browser, live_url)
    visitor.goto(live_url(f"/publicaties/{framework.slug}/"))
    expect(visitor.locator("h1")).to_have_text("Kader provinciale opvangplannen")
    expect(visitor.locator("main")).to_contain_text("Elk plan noemt ook de flexibele capaciteit.")
    expect(visitor.locator("main dl")).to_contain_text("Flexibele capaciteit toegevoegd")
    versions = visitor.get_by_role("table", name="Versiegeschiedenis van dit kader, nieuwste eerst")
    expect(versions.locator("tbody tr")).to_have_count(4)
    expect(versions.locator("tbody tr").first).to_contain_text("Versie 4 (geldende versie)")
    assert_accessible(visitor)
    versions.get_by_role("link", name="Versie 3", exact=True).click()
    expect(visitor.locator("main")).to_contain_text("U leest versie 3. De geldende versie is versie 4.")
    expect(visitor.locator("main")).not_to_contain_text("Elk plan noemt ook de flexibele capaciteit.")
    visitor.get_by_role("link", name="Naar de geldende versie").click()
    expect(visitor.locator("main")).to_contain_text("Elk plan noemt ook de flexibele capaciteit.")
    visitor.context.close()
