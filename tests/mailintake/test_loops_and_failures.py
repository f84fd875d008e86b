"""No loops, no floods, nothing lost, nothing twice: automatic mail creates nothing and sends nothing;
a sender over the hourly limit is flagged; the same message twice is one question; a database
failure mid-run leaves the rest in the mailbox for the next run; an unreadable message goes to the
error folder and to the Beheerder's admin with its reason and the original."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from kombu.exceptions import OperationalError as KombuOperationalError

from loket.core import outbox
from loket.core.models import OutboxTask
from questions.mailintake import imap as mailbox_run
from questions.mailintake import receive
from questions.models import InboundMail, InboundStatus, Question
from questions.tasks import fetch_mail

from .conftest import LOKET, mail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BOUNCE = (
    b"From: Mail Delivery System <MAILER-DAEMON@mx.gemeente.example.nl>\r\n"
    b"To: " + LOKET.encode() + b"\r\n"
    b"Subject: Undelivered Mail Returned to Sender\r\n"
    b"Message-ID: <bounce-1@mx.gemeente.example.nl>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/report; report-type=delivery-status; boundary="grens"\r\n\r\n'
    b"--grens\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
    b"--grens\r\nContent-Type: message/delivery-status\r\n\r\n"
    b"Reporting-MTA: dns; mx.gemeente.example.nl\r\n\r\nFinal-Recipient: rfc822; weg@gemeente.example.nl\r\n"
    b"Action: failed\r\nStatus: 5.1.1\r\n"
    b"--grens--\r\n"
)
AUTOMATIC = {
    "auto-reply": {"Auto-Submitted": "auto-replied"},
    "auto-generated": {"Auto-Submitted": "auto-generated"},
    "precedence bulk": {"Precedence": "bulk"},
    "precedence auto_reply": {"Precedence": "auto_reply"},
    "x-autoreply": {"X-Autoreply": "yes"},
    "mailing list": {"List-Id": "<nieuws.gemeente.example.nl>"},
}


@pytest.mark.parametrize("kind", sorted(AUTOMATIC))
def test_automatic_mail_creates_nothing_and_sends_nothing(imap, smtp, kind, caplog):
    message = mail(subject="Afwezigheidsmelding", text="Ik ben tot maandag afwezig.", headers=AUTOMATIC[kind])
    imap.append(message)
    fetch_mail.delay()
    assert not Question.objects.exists()
    assert smtp.messages == []  # nothing sent back: no loop
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundStatus.IGNORED and inbound.reason.startswith("Automatisch bericht")
    assert "genegeerd" in caplog.text  # logged
    assert imap.message_ids("Verwerkt") == [message["Message-ID"]]


@pytest.mark.parametrize("sender", ["bounce", "own address", "own reply address"])
def test_bounces_and_our_own_mail_create_nothing(imap, smtp, sender):
    if sender == "bounce":
        imap.append(BOUNCE)
    else:
        address = LOKET if sender == "own address" else LOKET.replace("@", "+v1-abc-aaaaaaaaaaaaaaaa@")
        imap.append(mail(sender=f"Loket <{address}>", subject="Uw vraag is ontvangen (V-2026-00001)"))
    fetch_mail.delay()
    assert not Question.objects.exists()
    assert smtp.messages == []
    assert InboundMail.objects.get().status == InboundStatus.IGNORED


def test_a_sender_over_the_hourly_limit_is_flagged_and_not_answered(imap, smtp, settings):
    settings.QUESTIONS_RATE_LIMIT = 2
    imap.append(*[mail(subject=f"Vraag {i}") for i in range(3)])
    imap.append(mail(sender="Bob <bob@elders.example.nl>", subject="Van iemand anders"))
    fetch_mail.delay()
    assert sorted(Question.objects.values_list("subject", flat=True)) == ["Van iemand anders", "Vraag 0", "Vraag 1"]
    flagged = InboundMail.objects.get(status=InboundStatus.FLAGGED)
    assert flagged.subject == "Vraag 2" and flagged.question is None and flagged.raw  # kept
    assert len(smtp.to("anna@gemeente.example.nl")) == 2  # the third is not answered
    flags = {m.subject: m.flags for m in imap.folder("Verwerkt")}
    assert "\\Flagged" in flags["Vraag 2"] and "\\Flagged" not in flags["Vraag 0"]


def test_the_same_message_twice_is_one_question(imap, smtp):
    message = mail()
    imap.append(message, message)
    fetch_mail.delay()
    imap.append(message)  # and once more in a later run
    fetch_mail.delay()
    assert Question.objects.count() == 1
    assert len(smtp.to("anna@gemeente.example.nl")) == 1
    assert imap.message_ids("Verwerkt") == [message["Message-ID"]] * 3
    assert imap.folder("INBOX") == []


def test_a_database_failure_mid_run_leaves_the_rest_for_the_next_run(imap, smtp, monkeypatch):
    messages = [mail(subject=f"Vraag {i}") for i in range(5)]
    imap.append(*messages)
    real_submit = receive.question_submit
    calls = []

    def failing_on_the_third(**kwargs):
        calls.append(kwargs["subject"])
        if len(calls) == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real_submit(**kwargs)

    monkeypatch.setattr(receive, "question_submit", failing_on_the_third)
    with pytest.raises(OperationalError):
        fetch_mail.delay()
    # the two committed ones are moved; the failing one and the rest stay in the inbox
    assert sorted(Question.objects.values_list("subject", flat=True)) == ["Vraag 0", "Vraag 1"]
    assert InboundMail.objects.count() == 2
    assert sorted(m.subject for m in imap.folder("INBOX")) == ["Vraag 2", "Vraag 3", "Vraag 4"]
    assert len(imap.folder("Verwerkt")) == 2

    monkeypatch.setattr(receive, "question_submit", real_submit)  # the database is back
    fetch_mail.delay()
    assert Question.objects.count() == 5
    assert imap.folder("INBOX") == [] and len(imap.folder("Verwerkt")) == 5
    assert len(smtp.to("anna@gemeente.example.nl")) == 5  # one confirmation each, none twice


def test_a_broker_failure_mid_run_loses_no_confirmation(imap, smtp, monkeypatch):
    """The broker is down while the run commits questions: each confirmation is kept in the outbox
    (and the message moved, as the question is committed); the outbox hands it over later."""
    imap.append(*[mail(subject=f"Vraag {i}") for i in range(3)])

    def broker_down(name):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(outbox, "task_named", broker_down)
    fetch_mail.run()  # the beat's own call, without the broker
    assert Question.objects.count() == 3 and imap.folder("INBOX") == []
    assert OutboxTask.objects.filter(task_name="questions.send_question_confirmation").count() == 3
    assert smtp.messages == []
    monkeypatch.undo()
    assert outbox.flush_outbox() == 3  # the broker is back
    assert len(smtp.to("anna@gemeente.example.nl")) == 3


def test_fifty_messages_in_one_run_are_fifty_questions_exactly_once(imap, smtp, settings):
    settings.QUESTIONS_RATE_LIMIT = 1000
    messages = [mail(sender=f"Vrager {i} <vrager{i}@gemeente.example.nl>", subject=f"Vraag {i}") for i in range(50)]
    imap.append(*messages)
    assert fetch_mail.delay().get() == 50
    imap.append(*messages[:10])  # redelivered by the mail server
    assert fetch_mail.delay().get() == 10
    assert Question.objects.count() == 50
    assert len({q.reference for q in Question.objects.all()}) == 50
    assert len(smtp.messages) == 50 and all(len(smtp.to(f"vrager{i}@gemeente.example.nl")) == 1 for i in range(50))
    assert imap.folder("INBOX") == [] and len(imap.folder("Verwerkt")) == 60


def test_messages_over_several_fetch_chunks_with_an_error_and_a_flag_each_land_once(imap, smtp, settings, monkeypatch):
    """The run fetches and moves FETCH_CHUNK messages at a time: over chunk boundaries every message
    is one row, an unreadable one goes to the error folder, a flagged one keeps its flag."""
    monkeypatch.setattr(mailbox_run, "FETCH_CHUNK", 3)
    settings.QUESTIONS_RATE_LIMIT = 3
    good = [mail(sender=f"Vrager {i} <vrager{i}@gemeente.example.nl>", subject=f"Vraag {i}") for i in range(5)]
    flood = [mail(sender="Veel <veel@gemeente.example.nl>", subject=f"Nog een {i}") for i in range(4)]
    imap.append(*good[:2], UNREADABLE["broken MIME"][0], *good[2:], *flood)
    assert fetch_mail.delay().get() == 10
    assert Question.objects.count() == 8
    assert InboundMail.objects.filter(status=InboundStatus.ERROR).count() == 1
    assert InboundMail.objects.filter(status=InboundStatus.FLAGGED).count() == 1
    assert imap.folder("INBOX") == [] and len(imap.folder("Verwerkt")) == 9 and len(imap.folder("Fout")) == 1
    assert [m.subject for m in imap.folder("Verwerkt") if "\\Flagged" in m.flags] == ["Nog een 3"]
    assert fetch_mail.delay().get() == 0


UNREADABLE = {
    "broken MIME": (
        b"From: Anna <anna@gemeente.example.nl>\r\nTo: " + LOKET.encode() + b"\r\nSubject: kapot\r\n"
        b"Message-ID: <kapot-1@gemeente.example.nl>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed\r\n\r\ngeen grens te vinden\r\n",
        "opbouw",
    ),
    "unknown charset": (
        b"From: Anna <anna@gemeente.example.nl>\r\nTo: " + LOKET.encode() + b"\r\nSubject: tekens\r\n"
        b"Message-ID: <tekens-1@gemeente.example.nl>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="x-onbekend-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
        b"Co\xf6rdinatie\r\n",
        "tekenset",
    ),
    "oversized": (None, "te groot"),
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_an_unreadable_message_goes_to_the_error_folder_and_the_admin(imap, smtp, settings, client_for, kind):
    raw, reason = UNREADABLE[kind]
    if raw is None:
        settings.IMAP_MAX_MESSAGE_BYTES = 20_000
        raw = mail(text="x" * 30_000).as_bytes()
    imap.append(raw)
    fetch_mail.delay()
    assert not Question.objects.exists() and smtp.messages == []
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundStatus.ERROR and reason in inbound.reason
    assert imap.folder("INBOX") == [] and len(imap.folder("Fout")) == 1

    admin = client_for("beheerder")
    page = admin.get("/beheer/questions/inboundmail/", {"status": "fout"}).content.decode()
    assert reason in page
    detail = admin.get(f"/beheer/questions/inboundmail/{inbound.pk}/change/").content.decode()
    assert f"/kernteam/e-mails/{inbound.pk}/origineel/" in detail
    download = admin.get(f"/kernteam/e-mails/{inbound.pk}/origineel/")
    assert download["Content-Type"] == "message/rfc822"
    assert b"".join(download.streaming_content).replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    # the next run does not take it again
    assert fetch_mail.delay().get() == 0
