"""Journeys 1 and 2 of DESIGN.md in a real browser: ask a question (on the form, with suggestions while typing,
or by e-mail), triage, answer, reply; due dates, the late marking and the daily reminder."""

import io
import re
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from loket.core.workdays import is_working_day
from questions.models import Question
from questions.tasks import send_overdue_digests
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


def _eml(tmp_path, *, sender: str, subject: str, text: str) -> Path:
    """One message as a mail client saves it (.eml), addressed to the loket."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = settings.IMAP_ADDRESS or settings.DEFAULT_FROM_EMAIL
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="gemeente-oss.example.nl")
    message.set_content(text)
    path = tmp_path / "vraag.eml"
    path.write_bytes(message.as_bytes())
    return path


def test_journey_1_a_question_by_email_is_confirmed_followed_and_found_by_channel(
    page, browser, live_url, login_as, tmp_path, assert_accessible
):
    asker = "m.bakker@gemeente-oss.example.nl"
    subject = "Tijdelijke opvang in een sporthal"
    eml = _eml(
        tmp_path,
        sender=f"Mira Bakker <{asker}>",
        subject=subject,
        text="Mag een sporthal drie maanden als noodopvang dienen?\nWat zegt de brandweer daarover?",
    )
    # The same code path as `manage.py fetch_mail --file vraag.eml`, against the live server's database
    # (the e2e tests are transactional: what the command commits, the live server reads).
    out = io.StringIO()
    call_command("fetch_mail", "--file", str(eml), stdout=out)
    question = Question.objects.get(subject=subject)
    assert question.channel == "e-mail" and question.asker_email == asker
    assert question.reference in out.getvalue()
    call_command("fetch_mail", "--file", str(eml), stdout=io.StringIO())  # read twice: still one question
    assert Question.objects.filter(subject=subject).count() == 1

    (confirmation,) = mails_to(asker)
    assert question.reference in confirmation.subject
    assert "U kunt ook antwoorden op deze e-mail" in confirmation.body
    follow = path_in_mail(confirmation, FOLLOW)

    # The asker opens the private link from the confirmation.
    page.goto(live_url(follow))
    expect(page.locator("h1")).to_have_text(f"Uw vraag {question.reference}")
    expect(page.locator("main")).to_contain_text(subject)
    expect(page.locator("main")).to_contain_text("Wat zegt de brandweer daarover?")
    assert_accessible(page)

    # The core team finds it with the list filter "Kanaal" and sees the channel on the question page.
    kim = new_tab(browser, live_url)
    login_as(kim, "kernteam")
    kim.goto(live_url("/kernteam/vragen/"))
    kim.get_by_text("Filters", exact=True).click()
    kim.get_by_label("Kanaal").select_option(label="E-mail")
    kim.get_by_role("button", name="Filteren").click()
    expect(kim.locator("main table tbody")).to_contain_text(question.reference)
    listed = set(re.findall(r"V-\d{4}-\d{5}", kim.locator("main table tbody").inner_text()))
    assert set(Question.objects.filter(reference__in=listed).values_list("channel", flat=True)) == {"e-mail"}
    # the filters stay open after filtering
    kim.get_by_label("Kanaal").select_option(label="Website")
    kim.get_by_role("button", name="Filteren").click()
    expect(kim.locator("main")).to_contain_text("gevonden")
    expect(kim.locator("main table tbody")).not_to_contain_text(question.reference)

    kim.goto(live_url(f"/kernteam/vragen/{question.pk}/"))
    expect(kim.locator("h1")).to_have_text(f"{question.reference}: {subject}")
    expect(dd_of(kim, "Kanaal")).to_have_text("E-mail")
    expect(kim.locator("main")).to_contain_text("Ontvangen e-mails")
    assert_accessible(kim)
    kim.context.close()


def test_journey_1_suggestions_appear_while_typing_the_subject(page, live_url, assert_accessible):
    page.goto(live_url("/vragen/stellen/"))
    box = page.locator("#suggesties")
    expect(box).to_be_empty()
    page.get_by_label("Onderwerp").press_sequentially("Leegstaand kantoor als opvang", delay=20)
    expect(box).to_contain_text("Misschien is uw vraag al beantwoord")
    link = box.get_by_role("link", name="Mag een leegstaand kantoor als tijdelijke opvanglocatie dienen?")
    expect(link).to_be_visible()
    assert_accessible(page)
    link.click()
    expect(page.locator("h1")).to_have_text("Mag een leegstaand kantoor als tijdelijke opvanglocatie dienen?")
    expect(page.locator("main")).to_contain_text("omgevingsvergunning")


def test_journey_1_suggestions_without_javascript_keep_what_was_typed(browser, live_url):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False, base_url=live_url("/"))
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_url("/vragen/stellen/"))
    faq = "Hoe lang mag een tijdelijke opvanglocatie open blijven?"
    page.get_by_label("Onderwerp").fill(faq)
    page.get_by_role("button", name="Toon vergelijkbare antwoorden").click()
    expect(page.locator("#suggesties")).to_contain_text("Misschien is uw vraag al beantwoord")
    expect(page.locator("#suggesties").get_by_role("link", name=faq)).to_be_visible()
    expect(page.get_by_label("Onderwerp")).to_have_value(faq)
    context.close()


def dd_of(tab, term: str):
    """The value next to a term in the page's description lists."""
    return tab.locator("main dl dt", has_text=re.compile(f"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def _overdue_count(tab) -> int:
    text = tab.get_by_role("link", name=re.compile(r"^Over de termijn \(\d+\)$")).inner_text()
    return int(re.search(r"\((\d+)\)", text).group(1))


def test_journey_2_a_question_past_its_due_date_is_marked_and_its_assignee_reminded(
    page, browser, live_url, login_as, assert_accessible, monkeypatch
):
    reference, follow = ask_question(page, live_url, subject="Termijn voor een vraag over draagvlak")
    question = Question.objects.get(reference=reference)
    with translation.override("nl"):
        due = date_format(question.due_date, "j F Y")
    assert question.due_date > timezone.localdate()
    # The asker sees by when the answer comes, in the confirmation and behind the private link.
    assert f"U krijgt uiterlijk op {due} antwoord." in mails_to(ASKER)[0].body
    page.goto(live_url(follow))
    expect(dd_of(page, "Antwoord uiterlijk")).to_have_text(due)

    kim = new_tab(browser, live_url)
    login_as(kim, "kernteam")
    kim.goto(live_url(f"/kernteam/vragen/{question.pk}/"))
    kim.get_by_role("button", name="Aan mij toewijzen").click()
    expect(kim.locator("main dl")).to_contain_text("Kim de Kern")
    expect(dd_of(kim, "Uiterste datum")).to_contain_text(due)
    expect(dd_of(kim, "Status")).not_to_contain_text("Te laat")
    kim.goto(live_url("/kernteam/"))
    before = _overdue_count(kim)

    # Three days after the due date (the test moves the date instead of waiting), counted from the
    # last working day up to today: the daily reminder goes out on working days only.
    digest_day = timezone.localdate()
    while not is_working_day(digest_day):
        digest_day -= timedelta(days=1)
    late_since = digest_day - timedelta(days=3)
    Question.objects.filter(pk=question.pk).update(due_date=late_since)

    kim.reload()
    assert _overdue_count(kim) == before + 1
    expect(kim.get_by_role("table", name="Aantal vragen per status")).to_contain_text("Te laat")
    mine = kim.get_by_role("table", name="Open vragen die u behandelt, te late eerst")
    expect(mine.locator("tr", has_text=reference)).to_contain_text("Te laat")
    assert_accessible(kim)

    kim.get_by_role("link", name=re.compile(r"^Over de termijn")).click()
    expect(kim.locator("h1")).to_have_text("Vragen")
    expect(kim.locator("main table caption")).to_have_text(f"{before + 1} vragen gevonden")
    rows = kim.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == rows.filter(has_text="Te laat").count()  # every row on the page is late
    kim.get_by_label("Zoeken").fill(reference)  # the filters are open: narrow the late ones to ours
    kim.get_by_role("button", name="Filteren").click()
    row = kim.locator("main table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(reference)
    expect(row).to_contain_text("Te laat")
    row.get_by_role("link", name=reference).click()
    expect(kim.locator("h1")).to_have_text(f"{reference}: Termijn voor een vraag over draagvlak")
    expect(dd_of(kim, "Status").locator(".marker--danger")).to_have_text("Te laat")

    # The daily reminder (the beat task): one digest to the assignee, with the link to the question.
    mail.outbox.clear()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: digest_day)
    send_overdue_digests.delay().get()
    (digest,) = mails_to(get_user_model().objects.get(username="kernteam").email)
    assert "over de termijn" in digest.subject
    assert reference in digest.body and "3 dagen te laat" in digest.body
    kim.goto(live_url(path_in_mail(digest, rf"/kernteam/vragen/{question.pk}/")))
    expect(kim.locator("h1")).to_have_text(f"{reference}: Termijn voor een vraag over draagvlak")
    assert not mails_to(ASKER)  # the reminder is for the core team only
    send_overdue_digests.delay().get()  # the same day again: no second reminder
    assert not [m for m in mail.outbox if m is not digest and reference in m.body]
    kim.context.close()
