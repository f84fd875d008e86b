"""Small helpers shared by the journey tests (mail links, asking a question, tabs)."""

import re

from django.core import mail
from playwright.sync_api import expect

from questions.models import Question


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to or address in getattr(m, "bcc", [])]


def path_in_mail(message, pattern: str) -> str:
    """The first path in a mail's text matching `pattern` (a regex for the path, e.g. r"/vragen/volgen/[^/]+/")."""
    match = re.search(pattern, message.body)
    assert match, f"geen link {pattern} in de mail {message.subject!r}:\n{message.body}"
    return match.group(0)


ASKER = "e.jansen@example.org"
FOLLOW = r"/vragen/volgen/[^/\s]+/"


def ask_question(page, live_url, *, subject: str, theme: str = "Draagvlak en omgevingscommunicatie") -> tuple[str, str]:
    """An anonymous visitor fills in and sends the question form; returns (reference, private path)."""
    page.goto(live_url("/"))
    page.get_by_role("link", name=re.compile("vraag", re.I)).first.click()
    expect(page.locator("h1")).to_have_text("Stel uw vraag aan het loket")
    page.get_by_label("Uw naam").fill("Eva Jansen")
    page.get_by_label("Uw e-mailadres").fill(ASKER)
    page.get_by_label("Organisatie", exact=True).select_option(index=1)
    page.get_by_label("Uw functie of rol").fill("Beleidsadviseur opvang")
    page.get_by_label("Provincie").select_option(label="Gelderland")
    page.get_by_label(theme).check()
    page.get_by_label("Onderwerp").fill(subject)
    page.get_by_label("Uw vraag").fill(
        "Hoe betrekken andere gemeenten omwonenden bij een nieuwe opvanglocatie?\nWelke avonden werkten goed?"
    )
    page.get_by_label(re.compile("Ik geef toestemming")).check()
    page.get_by_role("button", name="Vraag versturen").click()

    expect(page.locator("h1")).to_have_text("Bedankt, uw vraag is ontvangen")
    reference = re.search(r"V-\d{4}-\d{5}", page.locator("main").inner_text()).group(0)
    question = Question.objects.get(reference=reference)
    assert question.subject == subject and question.asker_email == ASKER

    confirmation = mails_to(ASKER)
    assert len(confirmation) == 1, [m.subject for m in confirmation]
    assert reference in confirmation[0].subject + confirmation[0].body
    return reference, path_in_mail(confirmation[0], FOLLOW)


def new_tab(browser, live_url):
    """A tab in a browser context of its own: another person, with their own cookies."""
    context = browser.new_context(locale="nl-NL", bypass_csp=True, base_url=live_url("/"))
    context.set_default_timeout(10_000)
    return context.new_page()
