"""Privacy (issue 8.7): retention (`manage.py anonymise`, the daily beat task) and the
right-of-access export (`manage.py export_personal_data`, admin action for the Beheerder)."""

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from experts.models import Expert
from loket.accounts.models import AuditEvent, EmailChangeRequest, PasswordResetRequest
from loket.mailings.models import MailingRecipient, Subscription
from loket.portal.tasks import anonymise_personal_data
from questions.models import MessageKind, Question, QuestionAttachment
from questions.services import question_answer, question_reply, question_transition
from questions.workflow import Status
from tests.conftest import login
from tests.experts.factories import ExpertFactory
from tests.loket.factories import MailingFactory, SubscriptionFactory
from tests.questions.conftest import PDF, ask_data  # noqa: F401

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def closed_question(client, ask_data, users, django_capture_on_commit_callbacks):  # noqa: F811
    """Asked through the form by a logged-in PRT-lid, with an attachment; answered; a reply from
    the asker; closed more than QUESTIONS_RETENTION_DAYS ago."""
    asker = users["prt_utrecht"]
    login(client, asker)
    data = {
        **ask_data,
        "asker_email": asker.email,
        "attachments": SimpleUploadedFile("notitie.pdf", PDF, content_type="application/pdf"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/vragen/stellen/", data)
    assert response.status_code == 302
    question = Question.objects.get(asker_email=asker.email)
    assert question.asker == asker and question.attachments.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        question_answer(question=question, body="Beste Anna Vrager, ja: ze tellen mee.", by=users["kernteam"])
        question_reply(question=question, body="Dank! Groet, Anna Vrager", author_name="Anna Vrager", by=asker)
        question_answer(question=Question.objects.get(pk=question.pk), body="Graag gedaan.", by=users["kernteam"])
        question_transition(question=Question.objects.get(pk=question.pk), to=Status.CLOSED, by=users["kernteam"])
    long_ago = timezone.now() - timedelta(days=settings.QUESTIONS_RETENTION_DAYS + 1)
    Question.objects.filter(pk=question.pk).update(closed_at=long_ago)
    return Question.objects.get(pk=question.pk)


def test_defaults_are_documented():
    assert settings.QUESTIONS_RETENTION_DAYS == 365 and settings.SUBSCRIPTIONS_UNCONFIRMED_DAYS == 30
    root = Path(settings.BASE_DIR)
    for name in ("QUESTIONS_RETENTION_DAYS", "SUBSCRIPTIONS_UNCONFIRMED_DAYS"):
        assert name in (root / ".env.example").read_text() and name in (root / "README.md").read_text()
    assert settings.CELERY_BEAT_SCHEDULE["privacy-anonymise"]["task"] == "loket.anonymise_personal_data"


def test_closed_question_is_anonymised_after_the_retention_period(
    client, closed_question, users, django_capture_on_commit_callbacks
):
    question = closed_question
    attachment = QuestionAttachment.objects.get(question=question)
    stored = Path(attachment.file.path)
    assert stored.exists()
    follow_url = f"/vragen/volgen/{question.token}/"
    assert client.get(follow_url).status_code == 200
    recent = Question.objects.create(
        **{
            f.name: getattr(question, f.name)
            for f in Question._meta.concrete_fields
            if f.name not in ("id", "reference", "sequence", "token", "asker", "organisation", "province")
        },
        reference="V-2026-09999",
        sequence=9999,
    )
    Question.objects.filter(pk=recent.pk).update(closed_at=timezone.now() - timedelta(days=10))

    # Dry run: counts, changes nothing.
    assert "vragen te anonimiseren: 1;" in run("anonymise", "--dry-run")
    question.refresh_from_db()
    assert question.asker_name == "Anna Vrager" and question.anonymised_at is None and stored.exists()

    with django_capture_on_commit_callbacks(execute=True):  # files leave storage after the commit
        assert "vragen geanonimiseerd: 1;" in run("anonymise")
    question.refresh_from_db()
    assert question.anonymised_at is not None
    assert question.asker is None and question.asker_role == "" and question.organisation_name == ""
    assert question.asker_name == "Vragensteller" and users["prt_utrecht"].email not in question.asker_email
    assert question.body == "Tellen tijdelijke locaties mee voor de provinciale opgave?"  # stays for evaluation
    bodies = list(question.messages.values_list("body", flat=True))
    assert "Beste [verwijderd], ja: ze tellen mee." in bodies and "Graag gedaan." in bodies
    assert not any("Anna Vrager" in body for body in bodies)
    reply = question.messages.get(kind=MessageKind.REPLY)
    assert reply.author_name == "Vragensteller" and reply.author is None
    assert not question.status_changes.filter(by_name="Anna Vrager").exists()
    assert not QuestionAttachment.objects.filter(question=question).exists() and not stored.exists()
    assert client.get(follow_url).status_code == 404  # the private link no longer works
    assert Question.objects.get(pk=recent.pk).anonymised_at is None  # still within its period

    # Idempotent: a second run finds nothing.
    assert "vragen geanonimiseerd: 0;" in run("anonymise")


def test_withdrawn_experts_and_unconfirmed_subscriptions(db):
    long_ago = timezone.now() - timedelta(days=100)
    withdrawn = ExpertFactory(consent_withdrawn_at=long_ago)
    recently = ExpertFactory(consent_withdrawn_at=timezone.now() - timedelta(days=1))
    stale = Subscription.objects.create(email="nooit@voorbeeld.nl", general_news=True, requested_at=long_ago)
    fresh = Subscription.objects.create(email="net@voorbeeld.nl", general_news=True, requested_at=timezone.now())
    confirmed = SubscriptionFactory()
    opted_out = Subscription.objects.create(email="afgemeld@voorbeeld.nl", unsubscribed_at=long_ago)
    Subscription.objects.filter(pk__in=[stale.pk, confirmed.pk, opted_out.pk]).update(created_at=long_ago)

    output = run("anonymise", "--dry-run")
    assert "deskundigen te anonimiseren: 1;" in output and "abonnementen te verwijderen: 1" in output
    assert Subscription.objects.filter(pk=stale.pk).exists()

    assert anonymise_personal_data.delay().get() == {
        "questions": 0,
        "experts": 1,
        "subscriptions": 1,
        "account_requests": 0,
    }
    withdrawn.refresh_from_db()
    assert withdrawn.anonymised_at is not None and withdrawn.name != "" and "@deskundige.invalid" in withdrawn.email
    assert Expert.objects.get(pk=recently.pk).anonymised_at is None
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk, opted_out.pk}
    assert anonymise_personal_data.delay().get() == {
        "questions": 0,
        "experts": 0,
        "subscriptions": 0,
        "account_requests": 0,
    }


def test_old_password_and_email_change_requests_are_deleted(users):
    """Their links lasted a day or two; the addresses in them (old and new) are not kept for ever."""
    user = users["prt_utrecht"]
    long_ago = timezone.now() - timedelta(days=settings.ACCOUNT_REQUESTS_RETENTION_DAYS + 1)
    old_reset = PasswordResetRequest.objects.create(user=user, requested_at=long_ago)
    new_reset = PasswordResetRequest.objects.create(user=user)
    EmailChangeRequest.objects.create(
        user=user, old_email=user.email, new_email="oud@voorbeeld.nl", nonce="a", requested_at=long_ago
    )
    new_change = EmailChangeRequest.objects.create(
        user=user, old_email=user.email, new_email="nieuw@voorbeeld.nl", nonce="b"
    )

    assert "oude aanvragen (wachtwoord, e-mailadres) te verwijderen: 2" in run("anonymise", "--dry-run")
    assert PasswordResetRequest.objects.filter(pk=old_reset.pk).exists()

    assert anonymise_personal_data.delay().get()["account_requests"] == 2
    assert list(PasswordResetRequest.objects.values_list("pk", flat=True)) == [new_reset.pk]
    assert list(EmailChangeRequest.objects.values_list("pk", flat=True)) == [new_change.pk]
    assert "oude aanvragen (wachtwoord, e-mailadres) verwijderd: 0" in run("anonymise")


def test_export_of_everything_about_one_address(closed_question, users, tmp_path):
    user = users["prt_utrecht"]
    Question.objects.filter(pk=closed_question.pk).update(closed_at=timezone.now())  # not anonymised
    SubscriptionFactory(email=user.email, user=user)
    mailing = MailingFactory(subject="Nieuws over kaders")
    MailingRecipient.objects.create(mailing=mailing, email=user.email, user=user)
    expert = ExpertFactory(email=user.email.upper())
    AuditEvent.objects.create(action=AuditEvent._meta.get_field("action").choices[0][0], target=user)
    out = tmp_path / "inzage.json"
    call_command("export_personal_data", user.email, "--output", str(out), stderr=StringIO())
    data = json.loads(out.read_text())
    assert data["accounts"][0]["username"] == user.username
    assert data["accounts"][0]["profile"]["province"] == "Utrecht"
    assert [q["reference"] for q in data["questions"]] == [closed_question.reference]
    kinds = [m["kind"] for m in data["questions"][0]["messages"]]
    assert MessageKind.REPLY in kinds and MessageKind.NOTE not in kinds
    assert data["questions"][0]["attachments"][0]["name"] == "notitie.pdf"
    assert data["experts"][0]["name"] == expert.name
    assert data["subscriptions"][0]["email"] == user.email
    assert data["mailing_deliveries"][0]["mailing"] == "Nieuws over kaders"
    assert len(data["audit_events"]) >= 1
    # Nothing about somebody else.
    other = json.loads(run("export_personal_data", "niemand@voorbeeld.nl"))
    assert other["accounts"] == other["questions"] == other["experts"] == other["subscriptions"] == []


def test_admin_action_is_for_the_beheerder_only(client_for, users):
    user = users["prt_utrecht"]
    data = {"action": "export_personal_data", "_selected_action": [user.pk]}
    response = client_for("beheerder").post("/beheer/auth/user/", data)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    exported = json.loads(response.content)
    assert exported[0]["email"] == user.email and exported[0]["accounts"][0]["username"] == user.username
    page = client_for("kernteam").get("/beheer/auth/user/")
    assert b"export_personal_data" not in page.content
