"""Journey 3 of DESIGN.md in a real browser: refer a question to an expert, who answers through a link."""

import re

import pytest
from playwright.sync_api import expect

from experts.models import Expert, Referral
from questions.models import Question
from tests.e2e.helpers import ASKER, ask_question, mails_to, new_tab, path_in_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_journey_3_core_team_refers_to_an_expert_who_answers_through_a_signed_link(
    page, browser, live_url, login_as, assert_accessible
):
    reference, follow = ask_question(
        page, live_url, subject="Flexwoningen voor statushouders", theme="Woningmarkt en flexwonen"
    )
    question = Question.objects.get(reference=reference)

    kim = new_tab(browser, live_url)
    login_as(kim, "kernteam")
    kim.goto(live_url(f"/kernteam/vragen/{question.pk}/"))
    kim.get_by_role("link", name="Doorverwijzen naar een deskundige").click()
    expect(kim.locator("h1")).to_have_text(f"Vraag {reference} doorverwijzen")
    assert_accessible(kim)
    suggestions = kim.get_by_role("table", name="Deskundigen, best passend eerst")
    first = suggestions.locator("tbody tr").first
    expert_name = first.locator("th a").inner_text()
    first.get_by_role("link", name=re.compile("^Kies")).click()
    expect(kim.get_by_role("combobox", name=re.compile("^Deskundige"))).to_have_value(
        str(Expert.objects.get(name=expert_name).pk)
    )
    kim.get_by_label("Toelichting voor de deskundige").fill("Kunt u iets zeggen over de doorlooptijd?")
    kim.get_by_role("button", name="Doorverwijzen", exact=True).click()
    expect(kim.get_by_role("table", name="Eerdere en open doorverwijzingen")).to_contain_text(expert_name)

    referral = Referral.objects.select_related("expert").get(question=question)
    assert referral.expert.name == expert_name
    (invitation,) = mails_to(referral.expert.email)
    link = path_in_mail(invitation, r"/deskundigen/verwijzing/[^/\s]+/")

    # The expert: no account, no login, just the signed link from the mail.
    expert = new_tab(browser, live_url)
    expert.goto(live_url(link))
    expect(expert.locator("h1")).to_have_text(f"Vraag {reference} voor u als deskundige")
    expect(expert.locator("main")).to_contain_text("Kunt u iets zeggen over de doorlooptijd?")
    expect(expert.locator("main")).not_to_contain_text(ASKER)  # the asker stays anonymous
    assert_accessible(expert)
    expert.get_by_role("button", name="Ja, ik neem de vraag aan").click()
    expect(expert.get_by_role("button", name="Ja, ik neem de vraag aan")).to_have_count(0)
    advice = "Reken op zes tot negen maanden vanaf het besluit; begin vroeg met de omgevingsvergunning."
    expert.get_by_label("Uw antwoord").fill(advice)
    expert.get_by_role("button", name="Antwoord versturen naar het kernteam").click()
    expect(expert.locator("h1")).to_have_text("Dank u wel")
    expect(expert.locator("main")).to_contain_text("Uw antwoord is bij het kernteam.")
    expert.context.close()

    # The core team reviews the answer and sends it to the asker.
    referral.refresh_from_db()
    assert referral.status == "beantwoord"
    kim.goto(live_url(f"/kernteam/vragen/{question.pk}/doorverwijzen/"))
    kim.get_by_role("link", name="Beoordelen").click()
    expect(kim.locator("h1")).to_have_text(f"Antwoord op vraag {reference} beoordelen")
    expect(kim.get_by_label("Antwoord aan de vragensteller")).to_contain_text("zes tot negen maanden")
    assert_accessible(kim)
    kim.get_by_role("button", name="Antwoord versturen").click()
    expect(kim.locator("main")).to_contain_text("Het antwoord is verstuurd naar de vragensteller.")
    kim.context.close()

    sent = [m for m in mails_to(ASKER) if "zes tot negen maanden" in m.body]
    assert len(sent) == 1
    page.goto(live_url(follow))
    expect(page.locator("main")).to_contain_text("zes tot negen maanden")
    assert Question.objects.get(pk=question.pk).status == "beantwoord"
