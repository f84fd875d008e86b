"""Issue 20.8: a plain SMTP server without STARTTLS while EMAIL_USE_TLS is on (the default as soon as
EMAIL_HOST is set). Every mail would fail with SMTPNotSupportedError: the check says so clearly, and
the mail waits (outbox, pending mailing rows) instead of failing; with EMAIL_USE_TLS off it goes out
once. The server is the real SMTP sink (tests/faults/smtp_sink.py), which offers no STARTTLS."""

import logging

import pytest
from django.core.checks import run_checks

from loket.core.checks import mail_setting_problems
from loket.core.models import OutboxTask
from loket.core.tasks import flush_outbox
from loket.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus
from loket.mailings.services import mailing_send
from loket.mailings.tasks import resume_mailings
from questions import tasks
from questions.models import Question
from tests.loket.factories import MailingFactory, SubscriptionFactory
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def check_ids(**kwargs) -> list[str]:
    return [message.id for message in mail_setting_problems(**kwargs)]


def test_the_check_asks_the_server_and_names_the_missing_starttls(smtp_sink, settings):
    smtp_sink.start()
    settings.EMAIL_USE_TLS = True
    problems = mail_setting_problems(probe=True)
    assert [p.id for p in problems] == ["loket.E002"]
    assert "biedt geen STARTTLS aan" in problems[0].msg and "EMAIL_USE_TLS=false" in problems[0].hint
    # `manage.py check` asks only when EMAIL_CHECK_SERVER is on (a cheap EHLO with a short timeout).
    settings.EMAIL_CHECK_SERVER = False
    assert "loket.E002" not in [m.id for m in run_checks(tags=["mail"])]
    settings.EMAIL_CHECK_SERVER = True
    assert "loket.E002" in [m.id for m in run_checks(tags=["mail"])]
    # Without TLS the plain server is fine; a server that is down is a warning, not an error.
    settings.EMAIL_USE_TLS = False
    assert check_ids(probe=True) == []
    smtp_sink.stop()
    settings.EMAIL_USE_TLS = True
    assert check_ids(probe=True) == ["loket.W003"]


def test_contradictory_mail_settings_are_reported_without_asking_the_server(smtp_sink, settings):
    settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = True, True
    assert check_ids(probe=False) == ["loket.E001"]
    settings.EMAIL_USE_SSL, settings.EMAIL_PORT = False, 465
    assert check_ids(probe=False) == ["loket.W001"]
    settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL, settings.EMAIL_PORT = False, True, 587
    assert check_ids(probe=False) == ["loket.W002"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_USE_TLS = True
    assert check_ids(probe=False) == []  # no SMTP: nothing to check


def test_without_starttls_the_mail_waits_and_goes_out_once_when_fixed(
    users, smtp_sink, settings, caplog, django_capture_on_commit_callbacks
):
    smtp_sink.start()
    settings.EMAIL_USE_TLS = True  # the server offers no STARTTLS: every mail fails
    question = QuestionFactory()
    subscribers = [s.email for s in SubscriptionFactory.create_batch(6)]
    mailing = MailingFactory(audience_general=True)

    with caplog.at_level(logging.WARNING):
        tasks.send_question_confirmation.delay(question.pk)
        with django_capture_on_commit_callbacks(execute=True):
            mailing_send(mailing=mailing, by=users["kernteam"])
    assert smtp_sink.messages == []
    # Not failed: the confirmation waits in the outbox, the mailing's rows stay pending, untouched.
    assert OutboxTask.objects.filter(task_name="questions.send_question_confirmation", sent_at__isnull=True).exists()
    assert Question.objects.get(pk=question.pk).confirmation_sent_at is None
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.PENDING, attempts=0).count() == 6
    assert "biedt geen STARTTLS aan terwijl EMAIL_USE_TLS aan staat" in caplog.text

    settings.EMAIL_USE_TLS = False  # fixed (a relay on a trusted network)
    flush_outbox.delay()
    resume_mailings.delay()
    resume_mailings.delay()
    counts = smtp_sink.count_per_recipient()
    assert counts.get(question.asker_email.lower()) == 1
    assert all(counts.get(email) == 1 for email in subscribers), counts
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENT
