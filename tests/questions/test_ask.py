import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.core.models import Theme
from loket.publications.models import Publication, PublicationKind, PublicationStatus
from questions import services
from questions.models import Question, QuestionAttachment
from questions.services import intake
from tests.conftest import login
from tests.questions.conftest import PDF, docx_bytes
from tests.questions.factories import QuestionFactory

ASK = "/vragen/stellen/"


def post(client, data, capture, **extra):
    with capture(execute=True):
        return client.post(ASK, data, **extra)


def test_form_page_has_all_fields_and_privacy_link(client, db):
    response = client.get(ASK)
    html = response.content.decode()
    assert response.status_code == 200
    for name in [
        "asker_name",
        "asker_email",
        "organisation",
        "asker_role",
        "province",
        "themes",
        "subject",
        "body",
        "attachments",
        "consent",
        "website",
    ]:
        assert f'name="{name}"' in html
    assert 'href="/privacy/"' in html
    assert "Landelijk" in html
    assert "Toon vergelijkbare antwoorden" in html
    assert "questions/suggest.js" in html
    assert html.count("<h1") == 1


def test_submit_stores_question_with_attachments_and_mails_confirmation(
    client, ask_data, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("../../notitie.pdf", PDF),
        SimpleUploadedFile("plan.docx", docx_bytes()),
    ]
    response = post(client, {**ask_data, "attachments": files}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    question = Question.objects.get()
    year = timezone.localdate().year
    assert question.reference == f"V-{year}-00001"
    assert question.asker is None
    assert question.consent_at is not None
    assert sorted(a.original_name for a in question.attachments.all()) == ["notitie.pdf", "plan.docx"]
    assert all(".." not in a.file.name and a.file.name.startswith("vragen/") for a in QuestionAttachment.objects.all())
    page = client.get(response["Location"]).content.decode()
    assert question.reference in page
    assert f"/vragen/volgen/{question.token}/" in page
    [message] = mail.outbox
    assert message.to == ["anna@gemeente.example.nl"]
    assert question.reference in message.subject
    assert f"/vragen/volgen/{question.token}/" in message.body
    assert f"/vragen/volgen/{question.token}/" in message.alternatives[0][0]
    assert "Beste Anna Vrager" in message.body


def test_national_question(client, ask_data, django_capture_on_commit_callbacks):
    post(client, {**ask_data, "province": "landelijk"}, django_capture_on_commit_callbacks)
    assert Question.objects.get().province is None


def test_references_are_sequential(client, ask_data, django_capture_on_commit_callbacks):
    for i in range(3):
        post(client, {**ask_data, "asker_email": f"a{i}@example.nl"}, django_capture_on_commit_callbacks)
    year = timezone.localdate().year
    assert list(Question.objects.order_by("sequence").values_list("reference", flat=True)) == [
        f"V-{year}-00001",
        f"V-{year}-00002",
        f"V-{year}-00003",
    ]


def test_a_failed_submission_gives_its_reference_number_back(db, monkeypatch):
    """The number comes from the year's counter in the submission's transaction: a submission that
    fails after taking it rolls the counter back too, so the next one gets that number (no gap).
    Inside a caller's transaction (the web form's submit_once, here the test's `atomic`) it takes no
    savepoint of its own: the caller's transaction is the one that rolls back."""
    theme = Theme.objects.get(code="KWA")
    data = {"asker_name": "A", "subject": "S", "body": "B", "themes": [theme], "organisation_name": "X"}
    first = services.question_submit(asker_email="a@example.nl", **data)

    def routing_fails(**kwargs):
        raise RuntimeError("routering stuk")

    monkeypatch.setattr(intake, "question_route", routing_fails)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.question_submit(asker_email="b@example.nl", **data)
    monkeypatch.undo()
    third = services.question_submit(asker_email="c@example.nl", **data)
    assert third.sequence == first.sequence + 1
    with pytest.raises(IntegrityError):
        Question.objects.create(
            **{f.name: getattr(first, f.name) for f in Question._meta.concrete_fields if f.name not in ("id", "token")}
        )


def test_references_continue_after_questions_built_in_bulk(db):
    """Questions made by the builders (demo, bench, factories) and by the service share one series."""
    theme = Theme.objects.get(code="KWA")
    data = {"asker_name": "A", "subject": "S", "body": "B", "themes": [theme], "organisation_name": "X"}
    QuestionFactory.create_batch(3)
    submitted = services.question_submit(asker_email="a@example.nl", **data)
    QuestionFactory.create_batch(2)
    last = services.question_submit(asker_email="b@example.nl", **data)
    sequences = sorted(Question.objects.filter(year=last.year).values_list("sequence", flat=True))
    assert sequences == list(range(1, 8))
    assert (submitted.sequence, last.sequence) == (4, 7)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"asker_email": "geen-adres"}, "asker_email", "e-mailadres"),
        ({"asker_name": ""}, "asker_name", "verplicht"),
        ({"themes": []}, "themes", "Kies ten minste één thema"),
        ({"province": ""}, "province", "verplicht"),
        ({"province": "999999"}, "province", "Selecteer een geldige keuze"),
        ({"consent": ""}, "consent", "Zonder uw toestemming"),
        ({"organisation": "", "organisation_name": ""}, "organisation_name", "Kies uw organisatie"),
        ({"subject": "x" * 201}, "subject", "200"),
        ({"body": ""}, "body", "verplicht"),
    ],
)
def test_invalid_input_stores_nothing(client, ask_data, change, field, message, django_capture_on_commit_callbacks):
    response = post(client, {**ask_data, **change}, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "error-summary" in html
    if field != "themes":  # a checkbox group has no single element to link to
        assert f'href="#id_{field}' in html  # the error summary links to the field
    assert not Question.objects.exists()
    assert not mail.outbox


def test_bad_attachments_are_refused_at_the_field(client, ask_data, django_capture_on_commit_callbacks, settings):
    settings.MAX_ATTACHMENT_BYTES = 1000
    files = [
        SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 100),
        SimpleUploadedFile("groot.pdf", PDF + b"0" * 2000),
    ]
    response = post(client, {**ask_data, "attachments": files}, django_capture_on_commit_callbacks)
    errors = " ".join(response.context["form"].errors["attachments"])
    assert "virus.pdf" in errors and "past niet bij" in errors
    assert "groot.pdf" in errors and "te groot" in errors
    assert not Question.objects.exists()
    assert not QuestionAttachment.objects.exists()


def test_more_than_three_attachments(client, ask_data, django_capture_on_commit_callbacks):
    files = [SimpleUploadedFile(f"b{i}.pdf", PDF) for i in range(4)]
    response = post(client, {**ask_data, "attachments": files}, django_capture_on_commit_callbacks)
    assert "hoogstens 3 bijlagen" in " ".join(response.context["form"].errors["attachments"])
    assert not Question.objects.exists()


def test_honeypot_stores_nothing(client, ask_data, django_capture_on_commit_callbacks):
    response = post(client, {**ask_data, "website": "http://spam.example"}, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "kon niet worden verstuurd" in response.content.decode()
    assert not Question.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_email(client, ask_data, django_capture_on_commit_callbacks, settings):
    settings.QUESTIONS_RATE_LIMIT = 2
    for i in range(2):
        response = post(client, ask_data, django_capture_on_commit_callbacks, REMOTE_ADDR=f"10.0.0.{i}")
        assert response.status_code == 302
    response = post(client, ask_data, django_capture_on_commit_callbacks, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "Wacht een uur" in response.content.decode()
    assert Question.objects.count() == 2


def test_rate_limit_per_ip(client, ask_data, django_capture_on_commit_callbacks, settings):
    settings.QUESTIONS_RATE_LIMIT = 2
    for i in range(2):
        post(client, {**ask_data, "asker_email": f"x{i}@example.nl"}, django_capture_on_commit_callbacks)
    response = post(client, {**ask_data, "asker_email": "other@example.nl"}, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert Question.objects.count() == 2


def test_logged_in_user_is_prefilled_and_linked(client, users, ask_data, django_capture_on_commit_callbacks):
    user = users["prt_utrecht"]
    login(client, user)
    form = client.get(ASK).context["form"]
    assert form.initial["asker_email"] == user.email
    assert form.initial["province"] == user.profile.province_id
    assert form.initial["organisation"] == user.profile.organisation_id
    post(client, ask_data, django_capture_on_commit_callbacks)
    assert Question.objects.get().asker == user


def published(title, kind=PublicationKind.FAQ, **extra):
    return Publication.objects.create(
        kind=kind,
        title=title,
        slug=title.lower().replace(" ", "-"),
        summary=extra.pop("summary", ""),
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
        **extra,
    )


def test_suggestions_without_javascript(client, ask_data, db):
    published("Prognose voor tijdelijke locaties", summary="Zo telt u tijdelijke plaatsen.")
    published("Tijdelijke locaties in het kader", kind=PublicationKind.FRAMEWORK)
    Publication.objects.create(kind=PublicationKind.FAQ, title="Prognose concept", slug="concept")
    response = client.post(ASK, {**ask_data, "suggest": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Misschien is uw vraag al beantwoord" in html
    assert html.index("Prognose voor tijdelijke locaties") < html.index("Tijdelijke locaties in het kader")
    assert "Prognose concept" not in html
    assert not response.context["form"].is_bound  # nothing validated, nothing stored
    assert response.context["form"].initial["subject"] == ask_data["subject"]
    assert not Question.objects.exists()


def test_suggestions_json(client, db):
    published("Reservecapaciteit in het plan")
    data = client.get("/vragen/suggesties/", {"q": "reservecapaciteit"}).json()
    assert [r["title"] for r in data["results"]] == ["Reservecapaciteit in het plan"]
    assert client.get("/vragen/suggesties/", {"q": "xy"}).json() == {"results": []}


def test_submitted_page_without_cookie_goes_back_to_form(client, db):
    response = client.get("/vragen/stellen/verstuurd/")
    assert response.status_code == 302 and response["Location"] == ASK


def test_anonymous_submission_stores_no_session_and_signs_the_confirmation_cookie(
    client, ask_data, django_capture_on_commit_callbacks
):
    """The confirmation page finds the question through a signed cookie on the questions path: no
    session row per anonymous asker, and an altered or forged value shows nothing."""
    response = post(client, ask_data, django_capture_on_commit_callbacks)
    question = Question.objects.get()
    cookie = response.cookies["vraag_verstuurd"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/vragen/stellen/verstuurd/"
    assert int(cookie["max-age"]) == 3600
    assert not Session.objects.exists()
    assert question.reference in client.get("/vragen/stellen/verstuurd/").content.decode()

    other = Question.objects.create(
        reference="V-2000-00001", year=2000, sequence=1, asker_name="B", asker_email="b@example.nl",
        subject="Andermans vraag", body="x", received_at=timezone.now(), consent_at=timezone.now(),
        due_date=timezone.localdate(),
    )  # fmt: skip
    for forged in [str(other.pk), cookie.value.replace(str(question.pk), str(other.pk), 1), "abc", ""]:
        client.cookies["vraag_verstuurd"] = forged
        response = client.get("/vragen/stellen/verstuurd/")
        assert response.status_code == 302 and response["Location"] == ASK, forged


def test_the_askers_role_is_a_structured_choice_with_anders(client, ask_data, django_capture_on_commit_callbacks):
    page = client.get("/vragen/stellen/").content.decode()
    assert "Uw rol" in page and 'value="anders"' in page
    post(
        client,
        {**ask_data, "asker_kind": "anders", "asker_role": "Adviseur huisvesting"},
        django_capture_on_commit_callbacks,
    )
    question = Question.objects.get()
    assert (question.asker_kind, question.asker_role) == ("anders", "Adviseur huisvesting")
    assert client.post("/vragen/stellen/", {**ask_data, "asker_kind": "koning"}).status_code in (200, 400)
    assert Question.objects.count() == 1
