"""Issue #13 item 5: each mail of the questions app goes out exactly once, however often its task
runs (a redelivery by Celery, an outbox row handed over twice, a second worker at the same time),
and a mail server that is down delays the mail, never loses it."""

import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, connections

from loket.core.models import OutboxTask, Theme
from loket.core.outbox import flush_outbox
from questions import tasks
from questions.models import QuestionMessage
from questions.services import question_answer, question_assign, question_reply, question_submit
from questions.workflow import Status
from tests.questions.factories import QuestionFactory


def _question():
    return question_submit(
        asker_name="Anna Vrager",
        asker_email="anna@gemeente.example.nl",
        subject="Tijdelijke locaties",
        body="Tellen tijdelijke locaties mee?",
        themes=[Theme.objects.get(code="KWA")],
    )


def confirmation(users):
    question = _question()
    return tasks.send_question_confirmation, [question.pk], [question.asker_email]


def assigned(users):
    question = QuestionFactory(status=Status.NEW)
    question_assign(question=question, assignee=users["kernteam"], by=users["kernteam2"])
    return tasks.send_question_assigned, [question.pk, users["kernteam"].pk], [users["kernteam"].email]


def answer(users):
    question = QuestionFactory(status=Status.IN_PROGRESS, assignee=users["kernteam"])
    message = question_answer(question=question, body="Ja, die tellen mee.", by=users["kernteam"])
    return tasks.send_question_answer, [message.pk], [question.asker_email]


def reply(users):
    question = QuestionFactory(status=Status.ANSWERED, assignee=users["kernteam"])
    message = question_reply(question=question, body="Dank, en vaste locaties?")
    return tasks.send_reply_received, [message.pk], [users["kernteam"].email]


MAILS = [confirmation, assigned, answer, reply]


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_task_that_runs_twice_sends_one_mail(users, case):
    task, args, recipients = case(users)  # the services only queued the task (no commit in a test)
    assert mail.outbox == []
    task.apply(args=args)
    task.apply(args=args)
    assert [m.to for m in mail.outbox] == [recipients]


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_mail_server_that_fails_once_the_retry_sends_one_mail(users, mail_server, case):
    task, args, recipients = case(users)
    mail_server.fail(1)
    result = task.apply(args=args)  # eager: the automatic retry runs at once
    assert mail_server.failures == 0 and result.successful()
    assert [m.to for m in mail.outbox] == [recipients]
    task.apply(args=args)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_second_delivery_while_the_first_is_sending_sends_nothing(users, mail_server, case):
    task, args, recipients = case(users)
    mail_server.during_next_send(lambda: task.apply(args=args))
    task.apply(args=args)
    assert [m.to for m in mail.outbox] == [recipients]


def test_an_outbox_row_flushed_twice_sends_one_mail(users):
    task, args, recipients = confirmation(users)
    row = OutboxTask.objects.create(task_name=task.name, args=args)
    assert flush_outbox() == 1
    # A crash between handing the row over and marking it: the next beat hands it over again.
    OutboxTask.objects.filter(pk=row.pk).update(sent_at=None)
    assert flush_outbox() == 1
    assert [m.to for m in mail.outbox] == [recipients]


def test_a_new_assignment_to_the_same_person_is_a_new_mail(users):
    """The assignment mail belongs to the assignment: handed back and given again, the assignee is
    mailed again; the task for the first assignment, redelivered, does not mail a third time."""
    question = QuestionFactory(status=Status.NEW)
    kim = users["kernteam"]
    question_assign(question=question, assignee=kim, by=users["kernteam2"])
    tasks.send_question_assigned.apply(args=[question.pk, kim.pk])
    question_assign(question=question, assignee=None, by=users["kernteam2"])
    question_assign(question=question, assignee=kim, by=users["kernteam2"])
    tasks.send_question_assigned.apply(args=[question.pk, kim.pk])
    tasks.send_question_assigned.apply(args=[question.pk, kim.pk])
    assert [m.to for m in mail.outbox] == [[kim.email], [kim.email]]


def test_each_answer_is_its_own_mail(users):
    question = QuestionFactory(status=Status.IN_PROGRESS, assignee=users["kernteam"])
    first = question_answer(question=question, body="Eerste antwoord.", by=users["kernteam"])
    question_reply(question=question, body="Nog een vraag.")
    second = question_answer(question=question, body="Tweede antwoord.", by=users["kernteam"])
    for message in (first, second, first, second):
        tasks.send_question_answer.apply(args=[message.pk])
    assert len(mail.outbox) == 2
    assert "Eerste antwoord." in mail.outbox[0].body and "Tweede antwoord." in mail.outbox[1].body
    assert QuestionMessage.objects.filter(pk__in=[first.pk, second.pk], mailed_at__isnull=False).count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="alleen op PostgreSQL (row locks)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_one_mail():
    """Two workers run the same task at the same moment (a redelivery while the first still runs):
    the second waits for the first's claim and then finds the mail sent."""
    question = QuestionFactory()  # not through question_submit: here its mail would go at once
    barrier = threading.Barrier(2)
    real_send = mail.EmailMultiAlternatives.send

    def slow_send(message, *args, **kwargs):
        time.sleep(0.3)
        return real_send(message, *args, **kwargs)

    def worker():
        try:
            barrier.wait()
            tasks.send_question_confirmation.apply(args=[question.pk])
        finally:
            connections.close_all()

    with mock.patch.object(mail.EmailMultiAlternatives, "send", slow_send):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [m.to for m in mail.outbox] == [[question.asker_email]]
