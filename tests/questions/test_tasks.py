import datetime as dt

from django.core import mail
from django.utils import timezone

from config.celery import app
from questions import tasks
from questions.tasks import send_overdue_digests, send_question_assigned, send_question_confirmation
from questions.workflow import Status
from tests.questions.factories import QuestionFactory


def test_daily_digest_per_assignee(users, monkeypatch):
    today = dt.date(2026, 12, 2)  # a Wednesday: digests go out on working days only
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    late = QuestionFactory(assignee=users["kernteam"], status=Status.IN_PROGRESS, due_date=today - dt.timedelta(days=3))
    QuestionFactory(assignee=users["kernteam"], status=Status.ANSWERED, due_date=today - dt.timedelta(days=3))
    QuestionFactory(assignee=users["kernteam"], status=Status.ASSIGNED, due_date=today)
    other = QuestionFactory(assignee=users["kernteam2"], status=Status.REOPENED, due_date=today - dt.timedelta(days=1))
    QuestionFactory(assignee=None, status=Status.NEW, due_date=today - dt.timedelta(days=1))
    assert send_overdue_digests() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {users["kernteam"].email, users["kernteam2"].email}
    kim = by_recipient[users["kernteam"].email]
    assert late.reference in kim.body and "3 dagen te laat" in kim.body
    assert other.reference not in kim.body
    assert "1 vraag over de termijn" in kim.subject
    assert f"/kernteam/vragen/{late.pk}/" in kim.alternatives[0][0]
    # Idempotent: a second run on the same day sends nothing more.
    send_overdue_digests()
    assert len(mail.outbox) == 2


def test_beat_entry_names_the_digest_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["questions-overdue-digest"]
    assert entry["task"] in app.tasks


def test_assignment_mail_skipped_when_reassigned(users):
    question = QuestionFactory(assignee=users["kernteam2"])
    send_question_assigned(question.pk, users["kernteam"].pk)
    assert not mail.outbox


def test_tasks_ignore_missing_rows(db):
    send_question_confirmation(999999)
    assert not mail.outbox


def test_mail_failure_retries_and_never_blocks_the_page(
    client, ask_data, monkeypatch, django_capture_on_commit_callbacks
):
    """The confirmation task has autoretry with backoff; the page is not held up by mail."""
    assert tasks.send_question_confirmation.autoretry_for == (Exception,)
    assert tasks.send_question_confirmation.retry_backoff
    calls = []
    monkeypatch.setattr(tasks.send_question_confirmation, "apply_async", lambda args, **kw: calls.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/vragen/stellen/", ask_data)
    assert response.status_code == 302
    assert len(calls) == 1
