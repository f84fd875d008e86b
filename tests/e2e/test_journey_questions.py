"""Journeys 1 and 2 of DESIGN.md in a real browser: ask a question, triage, answer, reply."""

import pytest
from playwright.sync_api import expect

from questions.models import Question
from tests.e2e.helpers import ASKER, FOLLOW, ask_question, mails_to, new_tab, path_in_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_journey_1_anonymous_visitor_asks_a_question(page, live_url, assert_accessible):
    reference, follow = ask_question(page, live_url, subject="Informatieavond voor omwonenden")
    assert_accessible(page)  # the confirmation page

    page.goto(live_url(follow))
    expect(page.locator("h1")).to_have_text(f"Uw vraag {reference}")
    expect(page.locator("main")).to_contain_text("Informatieavond voor omwonenden")
    expect(page.locator("main")).to_contain_text("Welke avonden werkten goed?")
    expect(page.locator("main")).to_contain_text("Er is nog geen antwoord")
    assert_accessible(page)


def test_journey_1_form_errors_are_shown_next_to_the_fields(page, live_url, assert_accessible):
    before = Question.objects.count()
    page.goto(live_url("/vragen/stellen/"))
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.locator("h1")).to_have_text("Stel uw vraag aan het loket")
    expect(page.locator("main")).to_contain_text("Kies ten minste één thema.")
    expect(page.locator("main")).to_contain_text("Zonder uw toestemming kunnen wij uw vraag niet behandelen.")
    assert Question.objects.count() == before  # nothing stored
    assert_accessible(page)


def test_journey_2_core_team_triages_and_answers_and_the_asker_replies(page, browser, live_url, login_as):
    subject = "Draagvlak bij uitbreiding locatie Ede"
    reference, follow = ask_question(page, live_url, subject=subject)

    # The core team: dashboard -> triage queue -> the question.
    kim = new_tab(browser, live_url)
    login_as(kim, "kernteam")
    kim.goto(live_url("/kernteam/"))
    queue = kim.get_by_role("table", name="Open vragen zonder behandelaar, te late eerst")
    expect(queue).to_contain_text(reference)

    # Find it through the list's filter as well.
    kim.get_by_role("link", name="Alle vragen zoeken en filteren").click()
    kim.get_by_text("Filters", exact=True).click()  # the filters are folded away in a <details>
    kim.get_by_label("Zoeken").fill(reference)
    kim.get_by_role("button", name="Filteren").click()
    expect(kim.locator("main table tbody tr")).to_have_count(1)
    kim.get_by_role("link", name=reference).click()
    expect(kim.locator("h1")).to_have_text(f"{reference}: {subject}")

    kim.get_by_role("button", name="Aan mij toewijzen").click()
    expect(kim.locator("main dl")).to_contain_text("Kim de Kern")
    expect(kim.get_by_role("button", name="Aan mij toewijzen")).to_have_count(0)
    assert Question.objects.get(reference=reference).assignee.username == "kernteam"

    kim.get_by_label("Interne notitie").fill("Navragen bij gemeente Ede hoe de avond ging.")
    kim.get_by_role("button", name="Notitie opslaan").click()
    expect(kim.locator(".timeline")).to_contain_text("Navragen bij gemeente Ede")

    answer = "Goede ervaringen zijn er met een inloopavond en een vaste contactpersoon voor omwonenden."
    kim.get_by_label("Antwoord aan de vragensteller").fill(answer)
    kim.get_by_role("button", name="Antwoord versturen").click()
    expect(kim.locator("main dl")).to_contain_text("Beantwoord")
    answer_mails = [m for m in mails_to(ASKER) if answer in m.body]
    assert len(answer_mails) == 1
    assert path_in_mail(answer_mails[0], FOLLOW) == follow

    # The asker reads the answer behind the private link (no internal note there) and replies.
    page.goto(live_url(follow))
    expect(page.locator("main")).to_contain_text(answer)
    expect(page.locator("main")).not_to_contain_text("Navragen bij gemeente Ede")
    page.get_by_label("Uw reactie").fill("Dank u. Hoe vaak organiseerden zij zo'n avond?")
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator("main")).to_contain_text("Hoe vaak organiseerden zij zo'n avond?")
    question = Question.objects.get(reference=reference)
    assert question.status not in ("beantwoord", "gesloten"), question.status

    # The core team sees it open again.
    kim.reload()
    expect(kim.locator("main dl")).not_to_contain_text("Beantwoord")
    expect(kim.locator(".timeline")).to_contain_text("Hoe vaak organiseerden zij zo'n avond?")
    kim.context.close()
