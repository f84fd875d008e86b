"""Issue 8.4: Redis is down when a question is submitted. The page succeeds, the question is
stored, and its mails go out later through the outbox (beat task `loket.flush_outbox`).

Two proofs: in every run with a broker that refuses connections (the same kombu error a dead Redis
gives); and, when CELERY_BROKER_URL and DATABASE_URL point to Redis and PostgreSQL (CI), with the
app pointed at a dead port, then back at the real Redis, where a real Celery worker sends the mail.
"""

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from config.celery import app
from loket.core import outbox
from loket.core.models import OutboxTask
from loket.core.tasks import flush_outbox
from questions import tasks
from questions.models import Question
from tests.loket.test_celery import reset_broker_connections

from .conftest import wait_for
from .mail_backend import count_per_recipient


def submit(client, ask_data, email):
    response = client.post("/vragen/stellen/", {**ask_data, "asker_email": email})
    assert response.status_code == 302, response.content[:500]
    return Question.objects.get(asker_email=email)


@pytest.mark.django_db
def test_question_submitted_while_the_broker_is_down_is_mailed_later(
    client, ask_data, monkeypatch, django_capture_on_commit_callbacks
):
    real_apply_async = tasks.send_question_confirmation.apply_async

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_question_confirmation, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        question = submit(client, ask_data, "vrager@gemeente.example.nl")
    assert question.reference.startswith("V-")
    assert not mail.outbox
    row = OutboxTask.objects.get(sent_at__isnull=True)
    assert row.task_name == "questions.send_question_confirmation" and row.args == [question.pk]

    # The beat while Redis is still down keeps the row; once Redis is back the mail goes out, once.
    flush_outbox.delay()
    assert OutboxTask.objects.filter(sent_at__isnull=True).count() == 1 and not mail.outbox
    monkeypatch.setattr(tasks.send_question_confirmation, "apply_async", real_apply_async)
    flush_outbox.delay()
    flush_outbox.delay()
    assert [m.to for m in mail.outbox] == [["vrager@gemeente.example.nl"]]
    assert question.reference in mail.outbox[0].subject + mail.outbox[0].body


@pytest.mark.broker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_down_then_back_with_a_real_worker(client, ask_data, monkeypatch, real_worker):
    real_worker()
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    reset_broker_connections(app)
    question = submit(client, ask_data, "vrager@gemeente.example.nl")  # autocommit: on_commit runs
    assert OutboxTask.objects.filter(sent_at__isnull=True, args=[question.pk]).count() == 1

    monkeypatch.setenv("CELERY_BROKER_URL", real_worker.broker)
    reset_broker_connections(app)
    assert outbox.flush_outbox() >= 1
    wait_for(
        lambda: count_per_recipient(real_worker.mail_dir).get("vrager@gemeente.example.nl"),
        timeout=60,
        what="de bevestiging via de echte worker",
    )
    assert outbox.flush_outbox() == 0
    assert count_per_recipient(real_worker.mail_dir)["vrager@gemeente.example.nl"] == 1
