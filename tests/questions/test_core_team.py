import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from loket.core.models import Theme
from questions.models import MessageKind, Question, QuestionMessage, StandardAnswer
from questions.services import StaleQuestion, question_assign, question_transition
from questions.workflow import Status
from tests.conftest import login
from tests.questions.factories import QuestionFactory


def detail(question):
    return f"/kernteam/vragen/{question.pk}/"


def act(client, question, capture, **data):
    data.setdefault("version", question.version)
    with capture(execute=True):
        return client.post(detail(question), data)


def test_assign_to_me(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    response = act(client_for("kernteam"), question, django_capture_on_commit_callbacks, action="assign_me")
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.assignee, question.status) == (users["kernteam"], Status.ASSIGNED)
    assert not mail.outbox  # nobody mails themselves


def test_assign_to_colleague_mails_colleague(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    act(
        client_for("kernteam"),
        question,
        django_capture_on_commit_callbacks,
        action="assign",
        assignee=users["kernteam2"].pk,
    )
    question.refresh_from_db()
    assert question.assignee == users["kernteam2"]
    [message] = mail.outbox
    assert message.to == [users["kernteam2"].email]
    assert "is aan u toegewezen" in message.body
    assert "Toegewezen aan" in question.status_changes.last().note


def test_cannot_assign_to_non_core_team(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    response = act(
        client_for("kernteam"),
        question,
        django_capture_on_commit_callbacks,
        action="assign",
        assignee=users["prt_utrecht"].pk,
    )
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.assignee is None


def test_unassign_returns_to_queue(db, users):
    question = QuestionFactory(status=Status.ASSIGNED, assignee=users["kernteam"])
    question_assign(question=question, assignee=None, by=users["kernteam"])
    question.refresh_from_db()
    assert (question.assignee, question.status) == (None, Status.NEW)


def test_change_status_and_illegal_move_message(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.ASSIGNED, assignee=users["kernteam"])
    client = client_for("kernteam")
    act(client, question, django_capture_on_commit_callbacks, action="status", to=Status.WITH_EXPERT, note="naar ECF")
    question.refresh_from_db()
    assert question.status == Status.WITH_EXPERT
    response = act(client, question, django_capture_on_commit_callbacks, action="status", to=Status.NEW)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Status.WITH_EXPERT
    with pytest.raises(ValidationError, match="kan niet naar"):
        question_transition(question=question, to=Status.NEW, by=users["kernteam"])


def test_internal_note_is_never_mailed(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.ASSIGNED, assignee=users["kernteam2"])
    response = act(
        client_for("kernteam"), question, django_capture_on_commit_callbacks, action="note", body="Alleen voor ons"
    )
    assert response.status_code == 302
    assert QuestionMessage.objects.get().kind == MessageKind.NOTE
    assert not mail.outbox
    assert "Alleen voor ons" in client_for("kernteam").get(detail(question)).content.decode()


def test_answer_mails_the_asker(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.IN_PROGRESS, assignee=users["kernteam"])
    response = act(
        client_for("kernteam"),
        question,
        django_capture_on_commit_callbacks,
        action="answer",
        body="Het antwoord is ja.",
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.ANSWERED and question.answered_at
    [message] = mail.outbox
    assert message.to == [question.asker_email]
    assert "Het antwoord is ja." in message.body and "Het antwoord is ja." in message.alternatives[0][0]
    assert f"/vragen/volgen/{question.token}/" in message.body
    assert question.reference in message.subject


def test_empty_answer_is_refused(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.IN_PROGRESS)
    response = act(client_for("kernteam"), question, django_capture_on_commit_callbacks, action="answer", body=" ")
    assert response.status_code == 400
    assert not mail.outbox
    question.refresh_from_db()
    assert question.status == Status.IN_PROGRESS


def test_standard_answer_fills_the_answer_form(client_for, users, django_capture_on_commit_callbacks):
    theme = Theme.objects.get(code="KWA")
    question = QuestionFactory(status=Status.IN_PROGRESS, themes=[theme])
    standard = StandardAnswer.objects.create(title="Verdeelsleutel", body="Zie de verdeelsleutel op het loket.")
    standard.themes.set([theme])
    other = StandardAnswer.objects.create(title="Ander thema", body="x")
    other.themes.set([Theme.objects.get(code="OOV")])
    client = client_for("kernteam")
    html = client.get(detail(question)).content.decode()
    assert "Verdeelsleutel" in html and "Ander thema" not in html
    response = act(client, question, django_capture_on_commit_callbacks, action="standard", standard_answer=standard.pk)
    assert response.context["answer_form"].initial["body"] == "Zie de verdeelsleutel op het loket."
    assert not mail.outbox  # nothing is sent until the answer itself is sent


def test_faq_candidate_flag(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.ANSWERED)
    act(client_for("kernteam"), question, django_capture_on_commit_callbacks, action="faq", faq_candidate="True")
    question.refresh_from_db()
    assert question.faq_candidate
    assert "FAQ-kandidaat" in client_for("kernteam").get("/kernteam/vragen/").content.decode()


def test_unknown_action_and_bad_version(client_for, users, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    client = client_for("kernteam")
    assert client.post(detail(question), {"action": "drop"}).status_code == 302
    response = client.post(detail(question), {"action": "note", "version": "abc", "body": "x"})
    assert response.status_code == 400
    assert client.get("/kernteam/vragen/999999/").status_code == 404


def test_two_core_team_members_at_once(client, users, django_capture_on_commit_callbacks):
    """Both open the page at version 0; the first wins, the second gets a message and the current state."""
    question = QuestionFactory(status=Status.IN_PROGRESS)
    seen = client_for_version = question.version
    login(client, users["kernteam"])
    first = act(
        client, question, django_capture_on_commit_callbacks, action="answer", body="Antwoord van Kim", version=seen
    )
    assert first.status_code == 302
    login(client, users["kernteam2"])
    second = act(
        client,
        question,
        django_capture_on_commit_callbacks,
        action="status",
        to=Status.CLOSED,
        version=client_for_version,
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "Een collega heeft deze vraag zojuist gewijzigd" in html
    assert "Antwoord van Kim" in html  # the current state is shown
    question.refresh_from_db()
    assert question.status == Status.ANSWERED
    assert question.messages.count() == 1
    # The page the second member now sees carries the new version, so acting again works.
    assert second.context["status_form"].initial["version"] == question.version
    third = act(
        client,
        question,
        django_capture_on_commit_callbacks,
        action="status",
        to=Status.CLOSED,
        version=question.version,
    )
    assert third.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.CLOSED


def test_stale_answer_keeps_the_typed_text_and_shows_the_colleagues_answer(
    client, users, django_capture_on_commit_callbacks
):
    """Two tabs: the answer typed in the stale tab stays in the form, beside the colleague's answer."""
    question = QuestionFactory(status=Status.IN_PROGRESS)
    seen = question.version
    login(client, users["kernteam"])
    act(client, question, django_capture_on_commit_callbacks, action="answer", body="Antwoord van Kim", version=seen)
    login(client, users["kernteam2"])
    stale = act(
        client,
        question,
        django_capture_on_commit_callbacks,
        action="answer",
        body="Mijn eigen lange antwoord",
        version=seen,
    )
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "wat u invulde staat nog in het formulier" in html
    assert "Wijziging van uw collega" in html
    form = stale.context["answer_form"]
    assert form.is_bound and form["body"].value() == "Mijn eigen lange antwoord"
    assert "Mijn eigen lange antwoord</textarea>" in html
    conflict = html[html.index("Wijziging van uw collega") :]
    assert "Antwoord van Kim" in conflict[: conflict.index("</section>")]
    question.refresh_from_db()
    assert list(question.messages.values_list("body", flat=True)) == ["Antwoord van Kim"]  # nothing overwritten
    # the kept form carries the current version: sending it again is a deliberate second answer
    assert form["version"].value() == question.version


def test_stale_note_and_status_keep_what_was_typed(client, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.IN_PROGRESS)
    seen = question.version
    login(client, users["kernteam"])
    act(client, question, django_capture_on_commit_callbacks, action="note", body="Notitie van Kim", version=seen)
    login(client, users["kernteam2"])
    stale = act(client, question, django_capture_on_commit_callbacks, action="note", body="Mijn notitie", version=seen)
    assert stale.status_code == 409
    assert stale.context["note_form"]["body"].value() == "Mijn notitie"
    html = stale.content.decode()
    assert "Mijn notitie</textarea>" in html and "Notitie van Kim" in html
    stale = act(
        client,
        question,
        django_capture_on_commit_callbacks,
        action="status",
        to=Status.CLOSED,
        note="Mijn toelichting",
        version=seen,
    )
    assert stale.status_code == 409
    assert stale.context["status_form"]["note"].value() == "Mijn toelichting"
    assert 'value="Mijn toelichting"' in stale.content.decode()
    question.refresh_from_db()
    assert question.status == Status.IN_PROGRESS
    assert list(question.messages.values_list("body", flat=True)) == ["Notitie van Kim"]


def test_stale_version_in_service(db, users):
    question = QuestionFactory(status=Status.NEW)
    question_assign(question=question, assignee=users["kernteam"], by=users["kernteam"], expected_version=0)
    with pytest.raises(StaleQuestion):
        question_assign(question=question, assignee=users["kernteam2"], by=users["kernteam2"], expected_version=0)
    question.refresh_from_db()
    assert question.assignee == users["kernteam"]


def test_bulk_assign(client_for, users, django_capture_on_commit_callbacks):
    questions = [QuestionFactory() for _ in range(3)]
    client = client_for("kernteam")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/kernteam/vragen/toewijzen/",
            {
                "bulk-questions": [q.pk for q in questions[:2]],
                "bulk-assignee": users["kernteam2"].pk,
                "querystring": "status=nieuw",
            },
        )
    assert response.status_code == 302 and response["Location"].endswith("?status=nieuw")
    assert list(Question.objects.filter(assignee=users["kernteam2"]).order_by("pk")) == questions[:2]
    assert len(mail.outbox) == 2
    response = client.post("/kernteam/vragen/toewijzen/", {"bulk-questions": [999999], "bulk-assignee": ""})
    assert response.status_code == 302
    assert client_for("prt_utrecht").post("/kernteam/vragen/toewijzen/", {}).status_code == 403


def test_detail_shows_timeline_and_optional_links(client_for, users):
    question = QuestionFactory(status=Status.IN_PROGRESS)
    question_transition(question=question, to=Status.WITH_EXPERT, by=users["kernteam"], note="Naar deskundige")
    html = client_for("kernteam").get(detail(question)).content.decode()
    assert "Tijdlijn" in html and "Naar deskundige" in html
    assert html.count("<h1") == 1
    assert 'style="' not in html and "<script>" not in html


def test_back_to_queue_clears_assignee_and_assigned_needs_a_person(
    client_for, users, django_capture_on_commit_callbacks
):
    question = QuestionFactory(status=Status.ASSIGNED, assignee=users["kernteam"])
    client = client_for("kernteam")
    act(client, question, django_capture_on_commit_callbacks, action="status", to=Status.NEW)
    question.refresh_from_db()
    assert (question.status, question.assignee) == (Status.NEW, None)
    choices = [value for value, _label in client.get(detail(question)).context["status_form"].fields["to"].choices]
    assert Status.ASSIGNED not in choices and Status.IN_PROGRESS in choices
