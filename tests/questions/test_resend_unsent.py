"""The safety net for the asker's mails (issue 20.9): a confirmation or answer whose task was lost with
the broker (the chaos load test lost one when the worker was killed) is offered again by the beat
task `questions.resend_unsent_mails`; its own marker keeps it to one mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from questions.models import MessageKind, Question, QuestionMessage
from questions.tasks import resend_unsent_mails
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _question(minutes_ago: float, **kwargs) -> Question:
    return QuestionFactory(received_at=timezone.now() - timedelta(minutes=minutes_ago), **kwargs)


def test_a_lost_confirmation_goes_out_once():
    lost = _question(5, asker_email="kwijt@gemeente.example.nl")  # its task never ran
    assert resend_unsent_mails() == 1
    assert [m.to for m in mail.outbox] == [["kwijt@gemeente.example.nl"]]
    assert lost.reference in mail.outbox[0].body
    assert resend_unsent_mails() == 0  # the marker is set: never a second mail
    assert len(mail.outbox) == 1


def test_only_recent_questions_whose_task_had_its_time():
    _question(1)  # the normal task may still be on its way
    _question(60 * 7)  # old data (seeds, imports) is never mailed
    _question(5, asker_email="")  # anonymised: nobody to mail
    sent = _question(5)
    Question.objects.filter(pk=sent.pk).update(confirmation_sent_at=timezone.now())
    assert resend_unsent_mails() == 0
    assert mail.outbox == []


def test_a_lost_answer_goes_out_once():
    question = _question(60 * 7, asker_email="antwoord@gemeente.example.nl")
    Question.objects.filter(pk=question.pk).update(confirmation_sent_at=timezone.now())
    answer = QuestionMessage.objects.create(question=question, kind=MessageKind.ANSWER, body="Het antwoord.")
    QuestionMessage.objects.filter(pk=answer.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert resend_unsent_mails() == 1
    assert [m.to for m in mail.outbox] == [["antwoord@gemeente.example.nl"]]
    assert resend_unsent_mails() == 0
    assert len(mail.outbox) == 1


def test_the_beat_runs_it(settings):
    assert settings.CELERY_BEAT_SCHEDULE["questions-resend-unsent-mails"]["task"] == "questions.resend_unsent_mails"
