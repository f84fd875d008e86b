"""The load test reads every form from the rendered page (bench/htmlforms.py): hidden fields such as
a one-time submission key and a question's version come from the page, the user's values go over
them. Here through the real pages: the question form, the core team's note and answer forms, and the
PRT-lid's texts of the draft plan (a stale save is a conflict, 409, not an error)."""

import random

import pytest
from django.urls import reverse

from bench import htmlforms, scenarios
from bench.commands import run_loadtest
from plans.models import PlanVersion
from plans.services import NARRATIVE_FIELDS, plan_version_update
from plans.workflow import Status
from questions.models import Question, QuestionMessage
from tests.plans.factories import version_for
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


class ClientUser:
    """The load test's virtual user over Django's test client; `between` runs after its first GET
    (a colleague saving in the meantime)."""

    post_form = run_loadtest.VirtualUser.post_form

    def __init__(self, client, between=None):
        self.client, self.between = client, between
        self.rng, self.sequence, self.uid = random.Random(1), 0, 1

    def request(self, method: str, path: str, body: bytes | None = None):
        if method == "GET":
            response = self.client.get(path)
            if self.between:
                self.between()
                self.between = None
        else:
            response = self.client.post(path, body, content_type="application/x-www-form-urlencoded")
        return response.status_code, response.content


def test_the_prt_step_saves_the_texts_and_counts_a_stale_save_as_a_conflict(client_for, users):
    version = version_for("PV26", Status.CONCEPT)
    draft = {"pk": version.pk, "path": reverse("plans:version_edit", args=["PV26", 1])}
    tally = run_loadtest.Tally()
    client = client_for("prt_utrecht")
    assert run_loadtest.Command.prt_edit(None, ClientUser(client), draft, tally) == (True, "")
    assert len(tally.edits) == 1 and tally.plan_conflicts == 0

    def colleague_saves():
        plan_version_update(version=version, by=users["prt_utrecht"], roles="Tekst van een collega")

    assert run_loadtest.Command.prt_edit(None, ClientUser(client, colleague_saves), draft, tally) == (True, "")
    assert len(tally.edits) == 1 and tally.plan_conflicts == 1  # 409: a conflict, not an error
    # Stored: the first edit and the colleague's text; the stale text nowhere.
    _pk, name, text = tally.edits[0]
    expected = dict.fromkeys(NARRATIVE_FIELDS, "") | {name: text} | {"roles": "Tekst van een collega"}
    stored = PlanVersion.objects.get(pk=version.pk)
    assert {f: getattr(stored, f) for f in NARRATIVE_FIELDS} == expected


def dict_of(pairs):
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out
