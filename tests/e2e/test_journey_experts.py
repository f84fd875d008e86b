"""Journey 3 of DESIGN.md in a real browser: refer a question to an expert, who answers through a link;
"Breng mij in contact": an introduction brokered by the core team after both parties agreed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from experts.models import Expert, Introduction, IntroductionRequest, Referral
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


CONSENT = r"/deskundigen/kennismaking/[^/\s]+/"


def test_journey_3_breng_mij_in_contact_brokered_by_the_core_team_with_consent_of_both(
    page, browser, live_url, login_as, assert_accessible
):
    # A PRT member asks, from the directory, to be put in touch with an expert.
    login_as(page, "prt-utrecht")
    petra = get_user_model().objects.get(username="prt-utrecht")
    page.goto(live_url("/deskundigen/"))
    ask = page.locator("main table tbody tr").first.get_by_role("link", name=re.compile("^Breng mij in contact"))
    expert = Expert.objects.get(pk=int(re.search(r"/deskundigen/(\d+)/contact/", ask.get_attribute("href")).group(1)))
    introduced = page.locator("main li", has_text=f"Kennismaking met {expert.name} · Geïntroduceerd")
    before = introduced.count()  # the demo has introduced Petra to someone already
    ask.click()
    expect(page.locator("h1")).to_have_text(f"In contact komen met {expert.name}")
    assert_accessible(page)
    page.get_by_label("Waarover wilt u contact?").fill("Wij zoeken ervaring met flexwonen naast een azc.")
    page.get_by_role("button", name="Breng mij in contact").click()
    expect(page.locator("main")).to_contain_text(
        f"Het kernteam neemt contact met u op over een kennismaking met {expert.name}"
    )
    expect(page.locator("main")).to_contain_text(f"{expert.name} · Open")
    assert not mails_to(expert.email)  # nothing goes to the expert before the core team has looked at it

    # The core team sees the open request and proposes the introduction (the form comes pre-filled).
    kim = new_tab(browser, live_url)
    login_as(kim, "kernteam")
    kim.goto(live_url("/kernteam/deskundigen/"))
    requests = kim.get_by_role("table", name="Open verzoeken om contact met een deskundige")
    row = requests.locator("tbody tr", has_text=expert.name).filter(has_text="Petra van Utrecht")
    expect(row).to_contain_text("Wij zoeken ervaring met flexwonen")
    row.get_by_role("link", name="Introductie voorstellen").click()
    expect(kim.locator("h1")).to_have_text("Twee partijen met elkaar in contact brengen")
    expect(kim.locator("main")).to_contain_text(f"Op verzoek van Petra van Utrecht, voor contact met {expert.name}.")
    expect(kim.get_by_label("Naam partij 2")).to_have_value("Petra van Utrecht")
    expect(kim.get_by_label("E-mailadres partij 2")).to_have_value(petra.email)
    expect(kim.get_by_label("Waarom brengen we deze partijen in contact?")).to_have_value(
        "Wij zoeken ervaring met flexwonen naast een azc."
    )
    assert_accessible(kim)
    kim.get_by_role("button", name="Vraag beide partijen om toestemming").click()
    expect(kim.locator("main")).to_contain_text(
        "Beide partijen krijgen een e-mail met de vraag of zij kennis willen maken."
    )
    expect(kim.locator("main")).not_to_contain_text("Wij zoeken ervaring met flexwonen")  # no longer open
    assert IntroductionRequest.objects.get(requested_by=petra, expert=expert).status == "afgehandeld"

    # Each party gets a request to agree with a link of their own; no addresses are shared yet.
    (to_expert,) = mails_to(expert.email)
    (to_petra,) = mails_to(petra.email)
    assert to_expert.subject == "Wilt u kennismaken met Petra van Utrecht?"
    assert to_petra.subject == f"Wilt u kennismaken met {expert.name}?"
    assert petra.email not in to_expert.body and expert.email not in to_petra.body
    expert_link, petra_link = path_in_mail(to_expert, CONSENT), path_in_mail(to_petra, CONSENT)
    assert expert_link != petra_link

    # The expert agrees through the link, without an account; the link works once.
    other = new_tab(browser, live_url)
    other.goto(live_url(expert_link))
    expect(other.locator("h1")).to_have_text("Wilt u kennismaken?")
    expect(other.locator("main")).to_contain_text("Wij zoeken ervaring met flexwonen naast een azc.")
    assert_accessible(other)
    other.get_by_role("button", name="Ja, breng ons in contact").click()
    expect(other.locator("h1")).to_have_text("Dank u wel")
    expect(other.locator("main")).to_contain_text("Zodra de ander ook instemt")
    assert not [m for m in mail.outbox if m.subject.startswith("Kennismaking:")]  # one yes shares nothing
    other.goto(live_url(expert_link))
    expect(other.get_by_role("button", name="Ja, breng ons in contact")).to_have_count(0)
    other.context.close()

    # Petra agrees too: one mail to both, with each other's name and address.
    page.goto(live_url(petra_link))
    expect(page.locator("main")).to_contain_text(f"in contact brengen met {expert.name}")
    page.get_by_role("button", name="Ja, breng ons in contact").click()
    expect(page.locator("h1")).to_have_text("Dank u wel")
    (introduction,) = [m for m in mail.outbox if m.subject.startswith("Kennismaking:")]
    assert set(introduction.to) == {expert.email, petra.email}
    assert introduction.subject == f"Kennismaking: {expert.name} en Petra van Utrecht"
    assert expert.email in introduction.body and petra.email in introduction.body
    assert Introduction.objects.filter(party_b_user=petra).latest("pk").status == "geintroduceerd"

    # Recorded on both sides: Petra's requests and the expert's history for the core team.
    page.goto(live_url("/deskundigen/"))
    expect(page.locator("main")).to_contain_text(f"{expert.name} · Afgehandeld")
    expect(introduced).to_have_count(before + 1)
    kim.goto(live_url(f"/kernteam/deskundigen/{expert.pk}/"))
    history = kim.get_by_role("table", name="Verzoeken om contact en introducties")
    expect(history.locator("tr", has_text="Petra van Utrecht").filter(has_text="Geïntroduceerd")).to_have_count(
        before + 1
    )
    expect(history.locator("tr", has_text="Verzoek van Petra van Utrecht")).to_contain_text("Afgehandeld")
    kim.context.close()
