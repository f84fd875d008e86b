"""The load test reads every form from the rendered page (bench/htmlforms.py): hidden fields such as
a one-time submission key and a question's version come from the page, the user's values go over
them. Here through the real pages: the question form, and the core team's note and answer forms."""

import pytest
from django.urls import reverse

from bench import htmlforms, scenarios
from questions.models import Question, QuestionMessage
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_the_question_form_read_from_the_page_is_accepted(client, settings):
    settings.QUESTIONS_RATE_LIMIT = 0
    path = reverse("questions:ask")
    form = htmlforms.form_with(client.get(path).content, field="asker_email")
    assert form is not None and "website" in form.names  # the honeypot comes from the page too
    values = scenarios.question_form_fields(scenarios.reference_ids(), "formlezer")
    response = client.post(form.action or path, dict_of(form.data(values)))
    assert response.status_code == 302, response.content.decode()[:500]
    assert Question.objects.filter(asker_email=values["asker_email"]).exists()


def test_the_core_teams_forms_carry_the_version_and_a_stale_one_is_answered_409(client_for):
    question = QuestionFactory()
    client = client_for("kernteam")
    path = reverse("questions:detail", args=[question.pk])
    page = client.get(path).content
    note = htmlforms.form_with(page, button=("action", "note"))
    answer = htmlforms.form_with(page, button=("action", "answer"))
    assert note and answer and "version" in note.names and "version" in answer.names
    values = dict.fromkeys(note.textareas, "Notitie van de formulierlezer")
    assert client.post(path, dict_of(note.data(values))).status_code == 302
    # The answer form still carries the version from before the note: a colleague's change.
    stale = client.post(path, dict_of(answer.data(dict.fromkeys(answer.textareas, "Antwoord"))))
    assert stale.status_code == 409
    assert QuestionMessage.objects.filter(question=question, body="Notitie van de formulierlezer").count() == 1


def dict_of(pairs):
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out
