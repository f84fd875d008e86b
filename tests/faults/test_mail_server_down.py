"""Issue 8.4: the mail server is down while questions are submitted and a mailing runs. Nothing is
lost; when the server is back, the beat tasks send everything, each mail exactly once.

The mail server is a real SMTP server (tests/faults/smtp_sink.py) on a loopback port that is first
closed (connections refused), then opened. Runs in both CI runs (SQLite, and PostgreSQL + Redis);
the tasks run in the test process, the SMTP traffic is real.
"""

import re
import time

import pytest

from config.celery import app
from loket.core.models import OutboxTask
from loket.core.tasks import flush_outbox
from loket.mailings import tasks as mailing_tasks
from loket.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus
from loket.mailings.services import mailing_send
from loket.mailings.tasks import resume_mailings
from questions import tasks
from questions.models import Question
from tests.loket.factories import MailingFactory, SubscriptionFactory
from tests.questions.factories import QuestionFactory

from .conftest import wait_for

pytestmark = pytest.mark.django_db


def kept_confirmations() -> int:
    return OutboxTask.objects.filter(sent_at__isnull=True, task_name="questions.send_question_confirmation").count()


def ask(client, ask_data, n: int) -> str:
    email = f"vrager{n}@gemeente.example.nl"
    response = client.post("/vragen/stellen/", {**ask_data, "asker_email": email, "asker_name": f"Vrager {n}"})
    assert response.status_code == 302, response.content[:500]
    return email


def test_mail_server_down_then_back_every_mail_goes_out_exactly_once(
    client, ask_data, users, smtp_sink, django_capture_on_commit_callbacks
):
    subscribers = [s.email for s in SubscriptionFactory.create_batch(12)]
    mailing = MailingFactory(audience_general=True)

    # The mail server is down: every page still works and every question is stored.
    with django_capture_on_commit_callbacks(execute=True):
        askers = [ask(client, ask_data, n) for n in range(3)]
    assert Question.objects.filter(asker_email__in=askers).count() == 3
    assert kept_confirmations() == 3

    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=mailing, by=users["kernteam"])
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.PENDING).count() == 12
    assert not MailingRecipient.objects.filter(mailing=mailing, attempts__gt=0).exists()  # untouched

    # The beat runs while the server is still down: nothing is lost, nothing is sent.
    flush_outbox.delay()
    resume_mailings.delay()
    assert smtp_sink.messages == []
    assert kept_confirmations() == 3
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.PENDING).count() == 12

    # The server is back: the next beat sends everything.
    smtp_sink.start()
    flush_outbox.delay()
    resume_mailings.delay()
    # ... and a beat after that (or a task run twice) sends nothing again.
    flush_outbox.delay()
    resume_mailings.delay()

    counts = smtp_sink.count_per_recipient()
    for email in askers:
        assert counts.get(email) == 1, (email, counts)
        assert any("V-" in subject for subject in smtp_sink.subjects_for(email))
    for email in subscribers:
        assert counts.get(email) == 1, (email, counts)
    assert not OutboxTask.objects.filter(sent_at__isnull=True).exists()
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENT
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.SENT).count() == 12


def test_a_mail_server_that_goes_down_mid_mailing_resumes_without_duplicates(
    users, smtp_sink, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """The server is up for the first batch and down for the rest; nobody gets a mail twice."""
    settings.LOKET_MAILING_BATCH_SIZE = 5
    subscribers = [s.email for s in SubscriptionFactory.create_batch(15)]
    mailing = MailingFactory(audience_general=True)
    smtp_sink.start()

    real_deliver = mailing_tasks.deliver_recipient
    delivered = []

    def deliver_then_crash_server(recipient_id, **kwargs):
        outcome = real_deliver(recipient_id, **kwargs)
        delivered.append(outcome)
        if len(delivered) == 5:
            smtp_sink.stop()
        return outcome

    monkeypatch.setattr(mailing_tasks, "deliver_recipient", deliver_then_crash_server)  # what the batch task calls
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=mailing, by=users["kernteam"])
    monkeypatch.undo()
    assert len(smtp_sink.messages) == 5
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.PENDING).count() == 10

    smtp_sink.start()
    resume_mailings.delay()
    resume_mailings.delay()
    counts = smtp_sink.count_per_recipient()
    assert sorted(counts) == sorted(subscribers) and set(counts.values()) == {1}
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENT


@pytest.mark.broker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mailing_while_the_mail_server_is_down_through_a_real_worker(users, real_worker, smtp_sink):
    """CI's PostgreSQL + Redis run: a real Celery worker sends the mailing over SMTP to the sink.
    Issue 20.8: when the server is back, the mailing resumes within a minute by itself (the batches
    retry with backoff); the beat (every five minutes) is not needed and not sent here."""
    subscribers = [s.email for s in SubscriptionFactory.create_batch(20)]
    mailing = MailingFactory(audience_general=True)
    worker = real_worker(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_sink.port),
        EMAIL_USE_TLS="false",
        EMAIL_TIMEOUT="3",
    )
    mailing_send(mailing=mailing, by=users["kernteam"])  # the server is down
    wait_for(
        lambda: worker.log.read_text(errors="replace").count("mail server unreachable") >= 2,
        timeout=60,
        what="de worker probeert de mailing (en opnieuw) en vindt de mailserver plat",
    )
    assert smtp_sink.messages == []
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.PENDING, attempts=0).count() == 20

    smtp_sink.start()
    back = time.monotonic()
    wait_for(
        lambda: Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENT,
        timeout=60,
        what="de mailing is binnen een minuut verstuurd zodra de server terug is, zonder de beat",
    )
    print(f"mailing hervat en klaar {time.monotonic() - back:.1f} s nadat de mailserver terug was")
    app.send_task("loket.resume_mailings")  # a later beat: nothing more to send
    app.send_task("loket.ping")  # the worker runs one task at a time: after the ping, it is done
    wait_for(
        lambda: re.search(r"Task loket\.ping\[[^\]]+\] succeeded", worker.log.read_text(errors="replace")),
        timeout=30,
        what="de worker heeft alles verwerkt",
    )
    counts = smtp_sink.count_per_recipient()
    assert sorted(counts) == sorted(subscribers) and set(counts.values()) == {1}


def test_only_an_unreachable_mail_server_keeps_a_task_in_the_outbox(smtp_sink, settings, monkeypatch):
    """A broken message or template is an error to see in the logs, not something to retry forever."""
    question = QuestionFactory()
    tasks.send_question_confirmation.delay(question.pk)  # server down: kept
    assert OutboxTask.objects.filter(task_name="questions.send_question_confirmation", args=[question.pk]).exists()

    OutboxTask.objects.all().delete()
    smtp_sink.start()

    def broken(*args, **kwargs):
        raise ValueError("sjabloon kapot")

    monkeypatch.setattr("loket.core.mail.render_mail", broken)  # every mail's template is broken
    tasks.send_question_confirmation.delay(question.pk)
    assert not OutboxTask.objects.exists() and smtp_sink.messages == []
    question.refresh_from_db()
    assert question.confirmation_sent_at is None  # the failed send did not keep its claim
