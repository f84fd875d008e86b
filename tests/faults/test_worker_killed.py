"""Issue 8.4: a Celery worker killed (SIGKILL) in the middle of a mailing. After a new worker and
the beat's safety net (`loket.resume_mailings`), every recipient has exactly one mail.

Real services only (CI's PostgreSQL + Redis run): a real `celery -A config worker` process shares
the test database; its mail backend writes one file per message. The first worker hangs on its
100th message (before delivering it) and is killed there, so "part-way" is certain, not timed.
"""

import os
import signal

import pytest
from django.utils import timezone

from config.celery import app
from loket.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus, Subscription
from loket.mailings.services import mailing_send

from .conftest import wait_for
from .mail_backend import count_per_recipient

pytestmark = [
    pytest.mark.broker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECIPIENTS = 300


def test_worker_killed_mid_mailing_every_recipient_gets_exactly_one_mail(users, real_worker):
    now = timezone.now()
    Subscription.objects.bulk_create(
        Subscription(email=f"abonnee{n:03d}@voorbeeld.nl", general_news=True, confirmed_at=now)
        for n in range(RECIPIENTS)
    )
    mailing = Mailing.objects.create(subject="Nieuws", body="Een **nieuw** kader.", audience_general=True)
    first = real_worker(FAULTS_MAIL_HANG_AT="100")

    mailing_send(mailing=mailing, by=users["kernteam"])  # autocommit: handed to Redis at once
    hanging = real_worker.mail_dir / "hanging"
    wait_for(hanging.exists, timeout=90, what="de eerste worker is halverwege de mailing")
    assert int(hanging.read_text()) == first.process.pid
    os.kill(first.process.pid, signal.SIGKILL)
    first.kill()
    hanging.unlink()

    sent = MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.SENT).count()
    assert sent == 99 == len(count_per_recipient(real_worker.mail_dir))  # killed part-way
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENDING

    real_worker()  # a new worker takes the batches still queued ...
    app.send_task("loket.resume_mailings")  # ... and the beat's safety net the rows of the killed one
    wait_for(
        lambda: Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENT,
        timeout=120,
        what="alle ontvangers verstuurd na de herstart",
    )
    counts = count_per_recipient(real_worker.mail_dir)
    assert len(counts) == RECIPIENTS
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v != 1}
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.SENT).count() == RECIPIENTS


def test_worker_killed_right_after_the_mail_server_accepted_a_mail_sends_it_once(users, real_worker, smtp_sink):
    """Issue 20.8: the duplicate window is as small as SMTP allows. A real worker sends a mailing over
    SMTP to the sink, which holds back its answer to the next command once it accepted the 10th
    message: the worker is killed while it waits for the server, after the "250 queued". Because the
    row's marker is committed right after the accept (QUIT and the next message come later), the
    10th row is already sent, and nobody gets a mail twice. (Before, the commit waited for QUIT:
    exactly this kill gave a duplicate.)"""
    smtp_env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "30",
    }
    now = timezone.now()
    Subscription.objects.bulk_create(
        Subscription(email=f"abonnee{n:02d}@voorbeeld.nl", general_news=True, confirmed_at=now) for n in range(30)
    )
    mailing = Mailing.objects.create(subject="Nieuws", body="Een **nieuw** kader.", audience_general=True)
    smtp_sink.stall_after = 10
    smtp_sink.start()
    first = real_worker(**smtp_env)
    mailing_send(mailing=mailing, by=users["kernteam"])
    wait_for(smtp_sink.stalled.is_set, timeout=90, what="de sink heeft het 10e bericht aangenomen en wacht")
    first.kill()  # SIGKILL while the worker waits for the server's next answer
    smtp_sink.release()
    assert len(smtp_sink.messages) == 10
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.SENT).count() == 10

    real_worker(**smtp_env)  # a new worker, and the beat's safety net for the killed worker's batch
    app.send_task("loket.resume_mailings")
    wait_for(
        lambda: Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENT,
        timeout=120,
        what="alle ontvangers verstuurd na de herstart",
    )
    counts = smtp_sink.count_per_recipient()
    assert len(counts) == 30
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v != 1}
