"""Issue #19 item 13: long text is never cut silently: the limit is shown, too long is refused with a
Dutch message next to the field, and nothing is stored."""

import re

from questions.models import Question, QuestionMessage
from questions.workflow import Status
from tests.questions.factories import QuestionFactory

ASK = "/vragen/stellen/"


def test_the_ask_form_shows_its_limits_and_the_browser_does_not_cut(client, db):
    html = client.get(ASK).content.decode()
    assert "Hoogstens 200 tekens." in html
    assert "Hoogstens 10.000 tekens." in html
    assert 'data-max-chars="200"' in html and 'data-max-chars="10000"' in html
    assert "maxlength" not in html  # the browser would cut pasted text without a word


def test_a_too_long_question_is_refused_with_a_message_and_nothing_stored(client, ask_data):
    response = client.post(ASK, {**ask_data, "subject": "s" * 230, "body": "b" * 12000})
    html = response.content.decode()
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "hoogstens 200 tekens, u heeft er 230" in html
    assert "hoogstens 10000 tekens, u heeft er 12000" in html
    # the message is next to the field and linked from the summary
    assert re.search(r'id="error_1_id_subject"', html)
    assert 'href="#id_subject"' in html and 'href="#id_body"' in html
    # what was typed is kept whole, for the asker to shorten
    assert "s" * 230 in html


def test_a_question_at_the_limit_is_stored_whole(client, ask_data):
    assert client.post(ASK, {**ask_data, "subject": "s" * 200, "body": "b" * 10000}).status_code == 302
    question = Question.objects.get()
    assert (len(question.subject), len(question.body)) == (200, 10000)


def test_a_too_long_reply_is_refused(client, db):
    question = QuestionFactory(status=Status.ANSWERED)
    response = client.post(f"/vragen/volgen/{question.token}/", {"body": "r" * 10001})
    assert "hoogstens 10000 tekens, u heeft er 10001" in response.content.decode()
    assert not QuestionMessage.objects.filter(question=question, body__startswith="rrr").exists()
