"""Keyboard-only use (Tab, Shift+Tab, Enter, Space and typing; no mouse) of the question form, the
core team's triage dashboard, a province's plan editing and an invitee's consultation comment."""

import re

import pytest
from playwright.sync_api import expect

from loket.publications.consultations.models import ConsultationComment
from plans.models import PlannedLocation, PlanVersion
from plans.workflow import Status
from questions.models import Question
from tests.e2e.helpers import ASKER, mails_to
from tests.e2e.test_accessibility import consultation_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAX_TABS = 250


def focused(page, js: str = "el => el.id"):
    return page.evaluate(f"() => ({js})(document.activeElement)")


def tab_to(page, test: str, *, backwards: bool = False) -> list[str]:
    """Press Tab until `test` (a JS function of the focused element) is true; returns what was passed."""
    passed = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(f"() => Boolean(({test})(document.activeElement))"):
            return passed
        passed.append(focused(page, "el => el.id || el.name || el.textContent.trim().slice(0, 40)"))
    raise AssertionError(f"niet bereikt met Tab: {test}; langs {passed[-30:]}")


def by_id(element_id: str) -> str:
    return f"el => el.id === {element_id!r}"


def test_question_form_keyboard_only(page, live_url):
    page.goto(live_url("/vragen/stellen/"))
    passed = tab_to(page, by_id("id_asker_name"))
    assert "id_website" not in passed  # the honeypot is not a tab stop
    page.keyboard.type("Sanne de Vries")
    page.keyboard.press("Tab")
    assert focused(page) == "id_asker_email"
    page.keyboard.type(ASKER)
    # Shift+Tab goes back to the name, with the text still there.
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "id_asker_name"
    assert focused(page, "el => el.value") == "Sanne de Vries"

    tab_to(page, by_id("id_organisation_name"))
    page.keyboard.type("Gemeente Zeist")
    tab_to(page, by_id("id_province"))
    page.keyboard.type("Utrecht")  # type-ahead in the focused select
    assert focused(page, "el => el.options[el.selectedIndex].text") == "Utrecht"
    tab_to(page, "el => el.type === 'checkbox' && el.labels[0].textContent.includes('Spreidingswet')")
    page.keyboard.press("Space")
    assert focused(page, "el => el.checked")
    tab_to(page, by_id("id_subject"))
    page.keyboard.type("Spreidingswet en regionale opvang")
    page.keyboard.press("Tab")
    assert focused(page) == "id_body"
    page.keyboard.type("Telt een regionale locatie mee voor de opgave van alle gemeenten in de regio?")
    passed = tab_to(page, by_id("id_consent"))
    assert "id_website" not in passed
    page.keyboard.press("Space")
    assert focused(page, "el => el.checked")
    tab_to(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Vraag versturen'")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Bedankt, uw vraag is ontvangen")
    question = Question.objects.get(asker_email=ASKER)
    assert question.asker_name == "Sanne de Vries" and question.province.name == "Utrecht"
    assert [t.code for t in question.themes.all()] == ["BEL-SPR"]
    assert len(mails_to(ASKER)) == 1


def test_question_form_errors_are_reachable_by_keyboard(page, live_url):
    page.goto(live_url("/vragen/stellen/"))
    tab_to(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Vraag versturen'")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Kies ten minste één thema.")
    # The error summary has the focus; every error is a link to its own field, also the theme checkboxes
    # and the consent box (whose label holds a link to the privacy statement).
    assert "error-summary" in focused(page, "el => el.className")
    links = page.locator(".error-summary a")
    hrefs = links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert "#" not in hrefs
    assert "#id_themes_0" in hrefs and "#id_consent" in hrefs
    for href in hrefs:
        assert page.locator(href).count() == 1, href
    expect(page.locator(".error-summary a[href='#id_consent']")).to_contain_text("Zonder uw toestemming")
    tab_to(page, "el => el.getAttribute('href') === '#id_themes_0'")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_themes_0"
    page.keyboard.press("Space")  # Enter moved the focus to the first theme: Space ticks it
    assert page.evaluate("document.getElementById('id_themes_0').checked")


def test_triage_dashboard_keyboard_only(page, live_url, login_as):
    login_as(page, "kernteam")
    page.goto(live_url("/kernteam/"))
    in_queue = (
        "el => el.tagName === 'A' && /^V-\\d{4}-\\d{5}$/.test(el.textContent.trim()) && "
        "el.closest('table') && el.closest('table').caption.textContent.includes('zonder behandelaar')"
    )
    tab_to(page, in_queue)
    reference = focused(page, "el => el.textContent.trim()")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(reference)
    expect(page.locator("main dl")).to_contain_text("Niemand (wachtrij)")

    tab_to(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Aan mij toewijzen'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Aan mij toewijzen")).to_have_count(0)
    expect(page.locator("main dl")).to_contain_text(re.compile("Kim"))
    assert Question.objects.get(reference=reference).assignee.username == "kernteam"

    # Back on the dashboard the question is under "my open questions", reachable by keyboard too.
    page.goto(live_url("/kernteam/"))
    tab_to(
        page,
        f"el => el.tagName === 'A' && el.textContent.trim() === {reference!r} && "
        "el.closest('table').caption.textContent.includes('die u behandelt')",
    )


def test_plan_editing_keyboard_only(page, live_url, login_as):
    """A province adds a location to its draft plan with the keyboard only: a wrong figure first (the
    error is announced and reachable), then corrected; Tab order follows the form."""
    concept = PlanVersion.objects.get(plan__province__code="PV26", status=Status.CONCEPT)
    login_as(page, "prt-utrecht")
    page.goto(live_url(f"/plannen/PV26/v{concept.number}/"))
    tab_to(page, "el => el.tagName === 'A' && el.textContent.trim() === 'Locatie toevoegen'")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("ocatie")

    tab_to(page, by_id("id_name"))
    page.keyboard.type("Noodopvang Beurshal toetsenbord")
    page.keyboard.press("Tab")
    assert focused(page) == "id_municipality"
    page.keyboard.type("Utrecht")
    page.keyboard.press("Tab")
    assert focused(page) == "id_location_type"
    page.keyboard.press("ArrowDown")  # the first type
    page.keyboard.press("Tab")
    assert focused(page) == "id_capacity"
    page.keyboard.type("120")
    page.keyboard.press("Tab")
    assert focused(page) == "id_minors_places"
    page.keyboard.type("500")  # more places for minors than the capacity: an error
    tab_to(page, by_id("id_first_quarter"))
    page.keyboard.type("2027-K1")
    tab_to(page, by_id("id_status"))
    page.keyboard.type("Voornemen")
    tab_to(page, "el => el.tagName === 'BUTTON' && el.type === 'submit' && /Opslaan|Toevoegen/.test(el.textContent)")
    page.keyboard.press("Enter")

    # The error summary has focus (read out first); its link brings the keyboard to the field.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("amv")
    page.keyboard.press("Tab")
    assert focused(page, "el => el.getAttribute('href')") == "#id_minors_places"
    page.keyboard.press("Enter")
    assert focused(page) == "id_minors_places"
    described = page.locator("#id_minors_places").get_attribute("aria-describedby") or ""
    assert "id_minors_places_error" in described.split()
    expect(page.locator("#id_minors_places_error")).to_contain_text("amv")
    assert page.locator("#id_minors_places").get_attribute("aria-invalid") == "true"
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    tab_to(page, "el => el.tagName === 'BUTTON' && el.type === 'submit' && /Opslaan|Toevoegen/.test(el.textContent)")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text(f"Plan Utrecht, versie {concept.number}")
    expect(page.locator("main")).to_contain_text("Noodopvang Beurshal toetsenbord")
    location = PlannedLocation.objects.get(version=concept, name="Noodopvang Beurshal toetsenbord")
    assert (location.capacity, location.minors_places, location.municipality) == (120, 0, "Utrecht")


def test_consultation_comment_keyboard_only(page, live_url, login_as):
    """An invitee (PRT-lid) comments on one section of a draft kader in consultation and then edits the
    comment, with the keyboard only: the section's "Reageer" link, the form, the "Wijzigen" link."""
    path = consultation_path()
    login_as(page, "prt-utrecht")
    page.goto(live_url(path))
    # The paragraph under the heading "Criteria" (the 15 km rule).
    tab_to(page, "el => el.tagName === 'A' && el.textContent.includes('Reageer op dit onderdeel: Alinea 1 onder')")
    label = focused(page, "el => el.textContent.split(': ').slice(1).join(': ').trim()")
    anchor = focused(page, "el => new URL(el.href).searchParams.get('onderdeel')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"\?onderdeel={re.escape(anchor)}#reageren$"))
    # The link chose the section in the form; the keyboard goes on from the "Uw reactie" heading.
    tab_to(page, by_id("id_anchor"))
    assert focused(page, "el => el.options[el.selectedIndex].text") == label
    page.keyboard.press("Tab")
    assert focused(page) == "id_text"
    page.keyboard.type("Vijftien kilometer is te ruim voor gezinnen met jonge kinderen.")
    tab_to(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Reactie opslaan'")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").filter(has_text="Uw reactie is opgeslagen")).to_be_visible()
    comment = ConsultationComment.objects.get(text__startswith="Vijftien kilometer")
    assert comment.anchor == anchor
    expect(page.locator(f"#reactie-{comment.pk}")).to_contain_text("Vijftien kilometer is te ruim")
    # The page opens at the new comment; its "Wijzigen" link is the next tab stop.
    edit = f"/consultatie/reacties/{comment.pk}/"
    tab_to(page, f"el => el.tagName === 'A' && el.getAttribute('href').includes({edit!r})")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Reactie wijzigen")
    tab_to(page, by_id("id_text"))
    assert focused(page, "el => el.value").startswith("Vijftien kilometer")
    page.keyboard.press("Control+A")
    page.keyboard.type("Tien kilometer is genoeg voor gezinnen met jonge kinderen.")
    tab_to(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'Wijziging opslaan'")
    page.keyboard.press("Enter")

    expect(page.locator(f"#reactie-{comment.pk}")).to_contain_text("Tien kilometer is genoeg")
    comment.refresh_from_db()
    assert comment.text == "Tien kilometer is genoeg voor gezinnen met jonge kinderen."
    assert ConsultationComment.objects.filter(consultation=comment.consultation, author=comment.author).count() == 2
