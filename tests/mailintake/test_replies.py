"""Replies thread: the asker's reply by mail lands on that question (quoted history stripped,
reopening an answered one, as on the web); the core team's answer goes out threaded; a forged,
expired or someone else's reply address never attaches a mail to a question."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from questions import services
from questions.mailintake import question_pk_from, reply_address
from questions.mailintake.addresses import reply_token
from questions.models import InboundMail, MessageKind, Question
from questions.tasks import fetch_mail
from questions.workflow import Status

from .conftest import LOKET, mail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ASKER = "anna@gemeente.example.nl"
NEW = "Dank, dat helpt. Geldt dit ook voor 2027?\n\nGroet, Anna"
OLD = "Tijdelijke locaties tellen mee in het provinciale plan zolang ze beschikbaar zijn."
QUOTED = {
    "outlook": (
        f"{NEW}\n\n-----Oorspronkelijk bericht-----\nVan: Loket <{LOKET}>\nVerzonden: maandag 1 december 2026 10:00\n"
        f"Aan: Anna Vrager <{ASKER}>\nOnderwerp: Antwoord op uw vraag\n\n{OLD}\n"
    ),
    "outlook-en": (
        f"{NEW}\n\nFrom: Loket <{LOKET}>\nSent: Monday, December 1, 2026 10:00 AM\nTo: Anna Vrager <{ASKER}>\n"
        f"Subject: Antwoord op uw vraag\n\n{OLD}\n"
    ),
    "gmail": f"{NEW}\n\nOp ma 1 dec 2026 om 10:00 schreef Loket Flexibilisering Asielketen <\n{LOKET}>:\n\n> {OLD}\n",
    "gmail-en": f"{NEW}\n\nOn Mon, Dec 1, 2026 at 10:00 AM Loket <{LOKET}> wrote:\n\n> {OLD}\n",
    "apple": f"{NEW}\n\n> Op 1 dec 2026, om 10:00 heeft Loket <{LOKET}> het volgende geschreven:\n>\n> {OLD}\n",
}


def ask_by_mail(imap, smtp):
    original = mail()
    imap.append(original)
    fetch_mail.delay()
    question = Question.objects.get()
    (confirmation,) = smtp.to(ASKER)
    return question, original, confirmation


def reply_to(confirmation_or_answer, text: str, **extra):
    return mail(
        to=str(confirmation_or_answer["Reply-To"]),
        subject=f"Re: {confirmation_or_answer['Subject']}",
        text=text,
        headers={"In-Reply-To": confirmation_or_answer["Message-ID"]},
        **extra,
    )


@pytest.mark.parametrize("style", sorted(QUOTED))
def test_a_reply_lands_on_its_question_without_the_quoted_history_and_reopens_it(imap, smtp, users, style):
    question, _original, confirmation = ask_by_mail(imap, smtp)
    services.question_answer(question=question, body=OLD, by=users["kernteam"])
    question.refresh_from_db()
    assert question.status == Status.ANSWERED

    reply = reply_to(confirmation, QUOTED[style])
    imap.append(reply)
    fetch_mail.delay()

    assert Question.objects.count() == 1  # no new question
    question.refresh_from_db()
    assert question.status == Status.REOPENED  # as a reply through the private link does
    message = question.messages.get(kind=MessageKind.REPLY)
    assert message.body == NEW
    assert InboundMail.objects.get(message_id=reply["Message-ID"]).reply == message
    assert imap.folder("INBOX") == []


def test_the_core_teams_answer_arrives_threaded_in_the_askers_mail_client(imap, smtp, users):
    question, original, confirmation = ask_by_mail(imap, smtp)
    reply = reply_to(confirmation, "Nog een aanvulling: het gaat om 40 plekken.")
    imap.append(reply)
    fetch_mail.delay()

    services.question_answer(question=question, body="Ja, die tellen mee.", by=users["kernteam"])
    answer = smtp.to(ASKER)[-1]
    assert "Ja, die tellen mee." in answer.get_body(("plain",)).get_content()
    # its own Message-ID; in reply to the asker's newest mail; the whole thread in References
    assert answer["Message-ID"] not in (confirmation["Message-ID"], original["Message-ID"])
    assert answer["In-Reply-To"] == reply["Message-ID"]
    references = str(answer["References"]).split()
    assert references == [original["Message-ID"], confirmation["Message-ID"], reply["Message-ID"]]
    assert "loket+v" in str(answer["Reply-To"])

    # and a reply to the answer lands on the same question again
    imap.append(reply_to(answer, "Helder, dank u wel."))
    fetch_mail.delay()
    assert Question.objects.count() == 1
    assert question.messages.filter(kind=MessageKind.REPLY).count() == 2


def forged_addresses(question_pk: int) -> dict[str, str]:
    local, domain = LOKET.split("@")
    genuine = reply_token(question_pk)
    prefix, day, signature = genuine.split("-")
    other_pk = reply_token(question_pk + 1)  # a genuine token for another question id ...
    return {
        "changed id": f"{local}+v{int(prefix[1:], 36) + 1:x}-{day}-{signature}@{domain}",
        "changed signature": f"{local}+{prefix}-{day}-{'a' * 16}@{domain}",
        "other question's signature": f"{local}+{prefix}-{day}-{other_pk.split('-')[2]}@{domain}",
        "garbage": f"{local}+kapot@{domain}",
        "expired": f"{local}+{reply_token(question_pk, day=int(timezone.now().timestamp()) // 86400 - 400)}@{domain}",
    }


@pytest.mark.parametrize(
    "kind", ["changed id", "changed signature", "other question's signature", "garbage", "expired"]
)
def test_a_forged_or_expired_reply_address_becomes_a_new_question(imap, smtp, users, kind):
    question, _original, _confirmation = ask_by_mail(imap, smtp)
    imap.append(mail(to=forged_addresses(question.pk)[kind], subject="Re: iets", text="Ik hoor graag van u."))
    fetch_mail.delay()
    assert question.messages.count() == 0  # never attached to the existing question
    new = Question.objects.exclude(pk=question.pk).get()
    assert new.body == "Ik hoor graag van u."
    assert len(smtp.to(ASKER)) == 2  # the new question's own confirmation


def test_a_genuine_reply_address_from_another_sender_becomes_a_new_question(imap, smtp, users):
    question, _original, confirmation = ask_by_mail(imap, smtp)
    imap.append(reply_to(confirmation, "Ik ben iemand anders.", sender="Bob <bob@elders.example.nl>"))
    fetch_mail.delay()
    assert question.messages.count() == 0
    assert Question.objects.exclude(pk=question.pk).get().asker_email == "bob@elders.example.nl"


def test_reply_address_is_valid_for_the_configured_days(settings, db):
    settings.IMAP_ADDRESS = LOKET
    assert question_pk_from([reply_address(42)]) == (42, "")
    old_day = int((timezone.now() - timedelta(days=settings.QUESTIONS_MAIL_TOKEN_DAYS + 1)).timestamp()) // 86400
    local, domain = LOKET.split("@")
    assert question_pk_from([f"{local}+{reply_token(42, day=old_day)}@{domain}"]) == (None, "verlopen antwoordadres")
