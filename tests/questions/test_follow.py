import pytest
from django.core import mail
from django.core.files.base import ContentFile

from questions.models import MessageKind, QuestionAttachment, QuestionMessage
from questions.services import question_add_note, question_answer
from questions.workflow import Status
from tests.conftest import login
from tests.questions.conftest import PDF
from tests.questions.factories import QuestionFactory


def follow(question):
    return f"/vragen/volgen/{question.token}/"


def test_asker_reads_answer_but_not_internal_notes(client, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.IN_PROGRESS, assignee=users["kernteam"])
    question_add_note(question=question, body="Intern: even checken bij COA", by=users["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        question_answer(question=question, body="Ja, dat telt mee.", by=users["kernteam"])
    html = client.get(follow(question)).content.decode()
    assert "Ja, dat telt mee." in html
    assert "even checken bij COA" not in html
    assert "Beantwoord" in html
    # the answer mail went to the asker only; the note was never mailed
    assert [m.to for m in mail.outbox] == [[question.asker_email]]
    assert "Ja, dat telt mee." in mail.outbox[0].body
    assert follow(question) in mail.outbox[0].body
    assert all("even checken" not in m.body for m in mail.outbox)


def test_reply_reopens_answered_question_and_mails_assignee(client, users, django_capture_on_commit_callbacks):
    question = QuestionFactory(status=Status.ANSWERED, assignee=users["kernteam2"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(follow(question), {"body": "Geldt dit ook voor 2027?"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.REOPENED
    change = question.status_changes.get()
    assert (change.from_status, change.to_status, change.by_name) == (Status.ANSWERED, Status.REOPENED, "Anna Vrager")
    [message] = mail.outbox
    assert message.to == [users["kernteam2"].email]
    assert "Geldt dit ook voor 2027?" in message.body
    assert question.reference in message.subject
    assert "Geldt dit ook voor 2027?" in client.get(follow(question)).content.decode()


def test_reply_reopens_closed_question(client, db):
    question = QuestionFactory(status=Status.CLOSED)
    client.post(follow(question), {"body": "Nog een vraag"})
    question.refresh_from_db()
    assert question.status == Status.REOPENED


def test_reply_on_open_question_keeps_status_and_mails_core_team_without_assignee(
    client, users, django_capture_on_commit_callbacks
):
    question = QuestionFactory(status=Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(follow(question), {"body": "Aanvulling"})
    question.refresh_from_db()
    assert question.status == Status.NEW
    assert QuestionMessage.objects.get().kind == MessageKind.REPLY
    assert sorted(mail.outbox[0].to) == sorted([users["kernteam"].email, users["kernteam2"].email])


def test_empty_reply_is_refused(client, db):
    question = QuestionFactory(status=Status.ANSWERED)
    response = client.post(follow(question), {"body": "  "})
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not QuestionMessage.objects.exists()


def test_invalid_token_is_a_plain_404(client, db):
    question = QuestionFactory()
    flipped = question.token[:-1] + ("A" if question.token[-1] != "A" else "B")
    for token in ["x", flipped, "a" * 200, question.token + "x", question.token.upper()]:
        response = client.get(f"/vragen/volgen/{token}/")
        assert response.status_code == 404
        assert question.subject not in response.content.decode()
        assert client.post(f"/vragen/volgen/{token}/", {"body": "x"}).status_code == 404


def _attach(question, name="notitie.pdf"):
    attachment = QuestionAttachment(
        question=question, original_name=name, content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save(name, ContentFile(PDF), save=True)
    return attachment


def test_attachment_by_token_only_for_own_question(client, db):
    question, other = QuestionFactory(), QuestionFactory()
    attachment = _attach(question)
    response = client.get(f"{follow(question)}bijlagen/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="notitie.pdf"' in response["Content-Disposition"]
    assert client.get(f"{follow(other)}bijlagen/{attachment.pk}/").status_code == 404
    assert client.get(f"/vragen/volgen/nope/bijlagen/{attachment.pk}/").status_code == 404


def test_attachment_for_core_team_only(client_for, users):
    question = QuestionFactory()
    attachment = _attach(question)
    url = f"/kernteam/vragen/{question.pk}/bijlagen/{attachment.pk}/"
    assert client_for("kernteam").get(url).status_code == 200
    assert client_for("prt_utrecht").get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    assert client_for("kernteam").get(f"/kernteam/vragen/{question.pk}/bijlagen/999999/").status_code == 404


def test_media_is_not_served(client, db):
    question = QuestionFactory()
    attachment = _attach(question)
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_mine_lists_only_own_questions(client, users):
    own = QuestionFactory(asker=users["prt_utrecht"], subject="Mijn eigen vraag")
    QuestionFactory(asker=users["prt_gelderland"], subject="Vraag uit Gelderland")
    QuestionFactory(asker=None, asker_email=users["prt_utrecht"].email, subject="Zonder account gesteld")
    login(client, users["prt_utrecht"])
    html = client.get("/vragen/").content.decode()
    assert "Mijn eigen vraag" in html and follow(own) in html
    assert "Vraag uit Gelderland" not in html
    assert "Zonder account gesteld" not in html


def test_replies_are_rate_limited(client, db, settings):
    settings.QUESTIONS_RATE_LIMIT = 1  # four replies an hour per question
    question = QuestionFactory(status=Status.NEW)
    for i in range(4):
        assert client.post(follow(question), {"body": f"Aanvulling {i}"}).status_code == 302
    response = client.post(follow(question), {"body": "Nog een"})
    assert response.status_code == 200
    assert "veel reacties" in response.content.decode()
    assert QuestionMessage.objects.count() == 4


EXPLANATIONS = {
    Status.NEW: "Binnenkort kiest het kernteam wie uw vraag gaat beantwoorden.",
    Status.ASSIGNED: "Een medewerker van het kernteam is aan uw vraag gekoppeld.",
    Status.IN_PROGRESS: "Een medewerker van het kernteam werkt aan het antwoord.",
    Status.WITH_EXPERT: "Wij hebben een deskundige gevraagd om mee te denken.",
    Status.ANSWERED: "Uw vraag is beantwoord.",
    Status.CLOSED: "Wij hebben uw vraag afgesloten.",
    Status.REOPENED: "Het kernteam kijkt opnieuw naar uw vraag",
}


@pytest.mark.parametrize("status", list(Status))
def test_asker_page_explains_the_status_and_what_happens_next(client, db, status):
    question = QuestionFactory(status=status)
    html = client.get(follow(question)).content.decode()
    current = html.split('class="status-explanation', 1)[1].split("</p>", 1)[0]
    assert EXPLANATIONS[status] in current
    assert "Wat betekenen de statussen?" in html
    for label in ("Nieuw", "Bij deskundige", "Heropend", "Beantwoord"):
        assert f"<dt>{label}</dt>" in html
