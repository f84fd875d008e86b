"""'Heeft dit antwoord u geholpen?' (issue 17): one click from the answer mail (the choice filled in,
behind the private link), on the private page too; a 'nee' offers to reopen; the core team sees the
feedback on the question; the latest choice counts; bad input is refused clearly."""

import re

import pytest
from django.core import mail

from loket.core.arrangement import forget_arrangement
from loket.core.models import Arrangement
from questions.models import Helpfulness, QuestionFeedback
from questions.services import question_answer
from questions.workflow import Status
from tests.conftest import login
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.IN_PROGRESS, assignee=users["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        message = question_answer(question=question, body="Ja, dat telt mee.", by=users["kernteam"])
    return question, message


def test_the_answer_mail_asks_and_one_click_fills_in_the_choice(client, answered):
    question, message = answered
    (answer_mail,) = mail.outbox
    assert "Heeft dit antwoord u geholpen?" in answer_mail.body
    links = re.findall(r"http\S+/geholpen/\d+/\?antwoord=(\w+)", answer_mail.body)
    assert links == ["ja", "deels", "nee"]
    assert f"/vragen/volgen/{question.token}/geholpen/{message.pk}/?antwoord=nee" in answer_mail.alternatives[0][0]
    page = client.get(f"/vragen/volgen/{question.token}/geholpen/{message.pk}/?antwoord=deels").content.decode()
    assert re.search(r'value="deels"[^>]*checked', page)
    assert not QuestionFeedback.objects.exists()  # opening the link writes nothing (mail scanners open links)


def test_yes_is_recorded_and_changed_later(client, answered):
    question, message = answered
    url = f"/vragen/volgen/{question.token}/geholpen/{message.pk}/"
    response = client.post(url, {"rating": "ja", "comment": "Helder, dank!"}, follow=True)
    assert "Dank u wel voor uw reactie." in response.content.decode()
    assert "U koos: Ja." in response.content.decode()
    client.post(url, {"rating": "deels"})
    feedback = QuestionFeedback.objects.get()
    assert (feedback.rating, feedback.comment) == (Helpfulness.PARTLY, "")


def test_no_offers_to_reopen_and_a_reply_reopens(client, answered, django_capture_on_commit_callbacks):
    question, message = answered
    response = client.post(f"/vragen/volgen/{question.token}/geholpen/{message.pk}/", {"rating": "nee"})
    assert response.status_code == 302 and response.url.endswith("#reageren")
    page = client.get(response.url).content.decode()
    assert "uw reactie opent de vraag opnieuw" in page and 'id="reageren"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/vragen/volgen/{question.token}/", {"body": "Het ging over 2027."})
    question.refresh_from_db()
    assert question.status == Status.REOPENED


def test_the_core_team_sees_the_feedback_on_the_question(client, users, answered):
    question, message = answered
    client.post(f"/vragen/volgen/{question.token}/geholpen/{message.pk}/", {"rating": "nee", "comment": "Te vaag."})
    login(client, users["kernteam"])
    page = client.get(f"/kernteam/vragen/{question.pk}/").content.decode()
    assert "Heeft het antwoord geholpen?" in page and "Nee" in page and "Te vaag." in page


def test_bad_input_and_foreign_answers(client, answered):
    question, message = answered
    url = f"/vragen/volgen/{question.token}/geholpen/{message.pk}/"
    response = client.post(url, {"rating": "misschien"})
    assert response.status_code == 400 and "Kies ja, gedeeltelijk of nee." in response.content.decode()
    other = QuestionFactory()
    assert client.get(f"/vragen/volgen/{other.token}/geholpen/{message.pk}/").status_code == 404
    assert client.get(f"/vragen/volgen/ongeldig/geholpen/{message.pk}/").status_code == 404
    assert client.post(url, {"rating": "ja", "comment": "x" * 2001}).status_code == 400
    assert not QuestionFeedback.objects.exists()


def test_feedback_page_query_count(client, users, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.IN_PROGRESS, assignee=users["kernteam"])
    for n in (1, 8):
        while question.messages.count() < n:
            message = question_answer(question=question, body="Antwoord", by=users["kernteam"])
            question.refresh_from_db()
            question.status = Status.IN_PROGRESS
            question.save(update_fields=["status"])
        with django_assert_max_num_queries(8):
            client.get(f"/vragen/volgen/{question.token}/geholpen/{message.pk}/")
        with django_assert_max_num_queries(12):
            client.get(f"/vragen/volgen/{question.token}/")


def test_in_read_only_mode_the_link_in_the_mail_shows_the_answer_and_a_notice_instead_of_the_form(client, answered):
    question, message = answered
    url = f"/vragen/volgen/{question.token}/geholpen/{message.pk}/?antwoord=nee"
    assert ">Versturen</button>" in client.get(url).content.decode()
    Arrangement.objects.update_or_create(pk=1, defaults={"read_only": True, "successor_text": "Bel 0800-1234"})
    forget_arrangement()
    page = client.get(url).content.decode()
    assert "Ja, dat telt mee." in page and ">Versturen</button>" not in page
    assert "kan niet meer worden opgeslagen" in page and "Bel 0800-1234" in page
    assert client.post(url, {"rating": "nee"}).status_code == 403
    assert not QuestionFeedback.objects.exists()
