"""Issue #19 item 1: a double click or a resend of a form that creates something creates it once
(a one-time submission key, checked on the server); a new key creates again."""

from django.core import mail

from loket.core.models import SubmissionKey
from questions.models import Question, QuestionMessage
from questions.workflow import Status
from tests.conftest import submission_key
from tests.questions.factories import QuestionFactory

ASK = "/vragen/stellen/"


def test_double_submit_of_a_question_creates_one_question_and_one_mail(
    client, ask_data, django_capture_on_commit_callbacks
):
    key = submission_key(client.get(ASK))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(ASK, {**ask_data, "submission_key": key})
        second = client.post(ASK, {**ask_data, "submission_key": key})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == "/vragen/stellen/verstuurd/"
    assert Question.objects.count() == 1
    assert len(mail.outbox) == 1
    # the repeat carries the confirmation cookie too: it shows the first question's confirmation
    page = client.get(second["Location"])
    assert Question.objects.get().reference in page.content.decode()
    assert "al verstuurd" in page.content.decode()


def test_a_new_key_creates_a_second_question(client, ask_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ASK, {**ask_data, "submission_key": submission_key(client.get(ASK))})
        client.post(ASK, {**ask_data, "submission_key": submission_key(client.get(ASK))})
    assert Question.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_repeat_is_not_counted_against_the_rate_limit(client, ask_data, settings):
    settings.QUESTIONS_RATE_LIMIT = 1
    key = submission_key(client.get(ASK))
    for _ in range(3):
        assert client.post(ASK, {**ask_data, "submission_key": key}).status_code == 302
    assert Question.objects.count() == 1


def test_a_form_with_errors_keeps_its_key_free(client, ask_data):
    key = submission_key(client.get(ASK))
    response = client.post(ASK, {**ask_data, "subject": "", "submission_key": key})
    assert response.status_code == 200
    assert submission_key(response) == key  # shown again with the same key
    assert not SubmissionKey.objects.exists()
    assert client.post(ASK, {**ask_data, "submission_key": key}).status_code == 302
    assert Question.objects.count() == 1


def test_double_reply_on_the_follow_page_creates_one_reply(client, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.ANSWERED, assignee=users["kernteam2"])
    url = f"/vragen/volgen/{question.token}/"
    key = submission_key(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url, {"body": "En vaste locaties?", "submission_key": key}).status_code == 302
    assert QuestionMessage.objects.filter(question=question, body="En vaste locaties?").count() == 1
    assert len(mail.outbox) == 1
    client.post(url, {"body": "En vaste locaties?", "submission_key": submission_key(client.get(url))})
    assert QuestionMessage.objects.filter(question=question, body="En vaste locaties?").count() == 2


def test_double_answer_and_note_by_the_core_team_create_one_each(client_for, users, django_capture_on_commit_callbacks):
    client = client_for("kernteam")
    question = QuestionFactory(status=Status.IN_PROGRESS, assignee=users["kernteam"])
    url = f"/kernteam/vragen/{question.pk}/"
    for action, body in [("note", "Even checken bij COA."), ("answer", "Ja, die tellen mee.")]:
        question.refresh_from_db()
        key = submission_key(client.get(url))
        data = {"action": action, "body": body, "version": question.version, "submission_key": key}
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(url, data)
            second = client.post(url, data)
        assert first.status_code == second.status_code == 302
        assert QuestionMessage.objects.filter(question=question, body=body).count() == 1
    assert [m.to for m in mail.outbox] == [[question.asker_email]]
