"""Issue #19 item 1: every form that creates something is safe against a double click and a resend.

For each such form (outside the question forms, see tests/questions/test_double_submit.py): the key
is read from the rendered form; two POSTs with that key create exactly one object (and one mail where
the form mails); a POST without a key creates nothing and shows the form again with the message.
The beat task removes old keys and keeps new ones."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from experts.models import Introduction, IntroductionRequest, Invitation, Referral
from experts.services import referral_accept, referral_answer, referral_create
from loket.core.models import LocationType, SubmissionKey, Theme
from loket.core.tasks import purge_submission_keys
from loket.mailings.models import Mailing, Subscription
from loket.publications.models import Publication
from monitoring.models import Escalation, LrtMeeting, Signal, SignalAction
from monitoring.services import signal_escalate
from monitoring.workflow import Status as SignalStatus
from plans.models import PlannedLocation, PlanVersion, PrognosisRound, ReviewComment, SupportRequest
from plans.workflow import Status as PlanStatus
from questions.models import MessageKind, QuestionMessage
from tests.conftest import submission_key
from tests.experts.factories import ExpertFactory, make_question
from tests.monitoring.factories import LrtMeetingFactory, SignalFactory
from tests.plans.factories import version_for

pytestmark = pytest.mark.django_db

MISSING = "Het formulier is niet compleet aangekomen of is verlopen. Er is niets opgeslagen."
FUTURE = (timezone.localdate() + timedelta(days=30)).isoformat()


@dataclass
class Case:
    role: str | None
    form_url: str  # the page that renders the form
    post_url: str
    data: dict[str, Any]
    count: Any  # () -> number of created objects
    mails: int = 0  # mails one submission sends
    refused_on_other_page: bool = False  # a button form: the message comes on the page it returns to


def _theme():
    return Theme.objects.filter(parent__isnull=False).order_by("pk").first()


def _cases(users, utrecht, gelderland) -> dict:
    expert = ExpertFactory(name="Lotte Listed", email="lotte@test.example", themes=[_theme()], provinces=[utrecht])
    question = make_question(province=utrecht, status="nieuw")
    signal = SignalFactory(provinces=[gelderland], status=SignalStatus.IN_PROGRESS)
    meeting = LrtMeetingFactory(date=timezone.localdate() + timedelta(days=10))
    escalated = SignalFactory(provinces=[gelderland], status=SignalStatus.IN_PROGRESS)
    signal_escalate(signal=escalated, meeting=meeting, proposal="Voorstel", by=users["kernteam"])
    version = version_for("PV26", PlanStatus.CONCEPT)
    v_kwargs = {"province_code": "PV26", "number": version.number}
    refer = reverse("experts:refer", kwargs={"question_pk": question.pk})
    answered = make_question(province=utrecht, status="nieuw", email="vraag2@test.example")
    referral = referral_create(question=answered, expert=expert, question_text="Vraag", by=users["kernteam"])
    referral_accept(referral=referral)
    referral_answer(referral=referral, body="Het antwoord van de deskundige.")
    review = reverse("experts:referral_review", kwargs={"pk": referral.pk})
    detail = f"/monitoring/signalen/{signal.pk}/"
    decision = f"/monitoring/overleggen/{meeting.pk}/besluit/{escalated.pk}/"
    signal_data = {"kind": "risico", "title": "Vertraging bouw", "description": "D", "impact": "4", "likelihood": "3"}
    return {
        "signal_create": Case(
            "kernteam", "/monitoring/signalen/nieuw/", "/monitoring/signalen/nieuw/", signal_data,
            lambda: Signal.objects.filter(title="Vertraging bouw").count(),
        ),
        "signal_report": Case(
            "prt_utrecht", "/monitoring/signalen/melden/", "/monitoring/signalen/melden/", signal_data,
            lambda: Signal.objects.filter(title="Vertraging bouw").count(),
        ),
        "action_add": Case(
            "kernteam", detail, f"{detail}acties/", {"what": "Bel gemeente", "who": "Kernteam"},
            lambda: SignalAction.objects.filter(what="Bel gemeente").count(), refused_on_other_page=True,
        ),
        "signal_escalate": Case(
            "kernteam", f"{detail}escaleren/", f"{detail}escaleren/",
            {"meeting": meeting.pk, "proposal": "200 plekken"},
            lambda: Escalation.objects.filter(signal=signal).count(),
        ),
        "meeting_create": Case(
            "kernteam", "/monitoring/overleggen/nieuw/", "/monitoring/overleggen/nieuw/",
            {"date": FUTURE, "title": "Extra LRT"}, lambda: LrtMeeting.objects.filter(title="Extra LRT").count(),
        ),
        "decision": Case(
            "lrt", decision, decision,
            {"decision": "Besloten.", "acties-TOTAL_FORMS": "1", "acties-INITIAL_FORMS": "0",
             "acties-0-what": "Locatie openen", "acties-0-who": "COA"},
            lambda: SignalAction.objects.filter(what="Locatie openen").count(), mails=1,
        ),
        "invite": Case(
            "kernteam", reverse("experts:core"), reverse("experts:invite"),
            {"email": "nina@test.example", "name": "Nina"},
            lambda: Invitation.objects.filter(email="nina@test.example").count(), mails=1,
        ),
        "refer": Case(
            "kernteam", refer, refer, {"expert": expert.pk, "question_text": "De vraag zonder naam."},
            lambda: Referral.objects.filter(question=question).count(), mails=1,
        ),
        "referral_review": Case(
            "kernteam", review, review, {"body": "Het beoordeelde antwoord."},
            lambda: QuestionMessage.objects.filter(kind=MessageKind.ANSWER, body="Het beoordeelde antwoord.").count(),
            mails=1,
        ),
        "introduction_create": Case(
            "kernteam", reverse("experts:introduction_create"), reverse("experts:introduction_create"),
            {"party_a_name": "Gemeente A", "party_a_email": "a@gemeente.example", "party_b_name": "Gemeente B",
             "party_b_email": "b@gemeente.example", "reason": "Allebei een tijdelijke locatie."},
            lambda: Introduction.objects.count(), mails=2,
        ),
        "introduction_request": Case(
            "prt_utrecht", reverse("experts:request_introduction", kwargs={"pk": expert.pk}),
            reverse("experts:request_introduction", kwargs={"pk": expert.pk}), {"message": "Graag kennismaken."},
            lambda: IntroductionRequest.objects.count(),
        ),
        "version_start": Case(
            "prt_gelderland", reverse("plans:plan_detail", kwargs={"province_code": "PV25"}),
            reverse("plans:version_start", kwargs={"province_code": "PV25"}), {},
            lambda: PlanVersion.objects.filter(plan__province=gelderland).count(), refused_on_other_page=True,
        ),
        "location_create": Case(
            "prt_utrecht", reverse("plans:location_create", kwargs=v_kwargs),
            reverse("plans:location_create", kwargs=v_kwargs),
            # the type by its row: a transactional test elsewhere reloads the reference data with new ids
            {"name": "Azc Zeist", "municipality": "Zeist", "location_type": LocationType.objects.order_by("pk")[0].pk,
             "capacity": 300, "minors_places": 0, "first_quarter": "2026-K2", "last_quarter": "2029-K1",
             "status": "bestaand"},
            lambda: PlannedLocation.objects.filter(name="Azc Zeist").count(),
        ),
        "support_create": Case(
            "prt_utrecht", reverse("plans:support_create"), reverse("plans:support_create"),
            {"kind": "meedenken", "description": "Meedenken over de regio-indeling."},
            lambda: SupportRequest.objects.filter(description__startswith="Meedenken over").count(), mails=1,
        ),
        "review_comment": Case(
            "kernteam", reverse("plans:version_comments", kwargs=v_kwargs),
            reverse("plans:version_comments", kwargs=v_kwargs), {"target": "", "body": "Graag de tabel."},
            lambda: ReviewComment.objects.filter(body="Graag de tabel.").count(), refused_on_other_page=True,
        ),
        "prognosis_create": Case(
            "kernteam", reverse("plans:prognosis_create"), reverse("plans:prognosis_create"),
            {"reference_date": "2031-01-01", "method": "inwoners", "national_total": "88000", "source": "MPP"},
            lambda: PrognosisRound.objects.count(),
        ),
        "publication_create": Case(
            "kernteam", reverse("loket:publication_create"), reverse("loket:publication_create"),
            {"kind": "nieuws", "title": "Nieuwe ronde prognose", "summary": "Kort", "body": "Tekst"},
            lambda: Publication.objects.filter(title="Nieuwe ronde prognose").count(),
        ),
        "mailing_create": Case(
            "kernteam", reverse("loket:mailing_create"), reverse("loket:mailing_create"),
            {"subject": "Nieuw kader", "body": "Lees het kader.", "audience_provinces": [utrecht.pk]},
            lambda: Mailing.objects.filter(subject="Nieuw kader").count(),
        ),
        "subscribe": Case(
            None, reverse("loket:subscribe"), reverse("loket:subscribe"),
            {"email": "lid@voorbeeld.nl", "general_news": "on"},
            lambda: Subscription.objects.filter(email="lid@voorbeeld.nl", requested_at__isnull=False).count(), mails=1,
        ),
    }  # fmt: skip


CASES = [
    "signal_create", "signal_report", "action_add", "signal_escalate", "meeting_create", "decision", "invite", "refer",
    "referral_review", "introduction_create", "introduction_request", "version_start", "location_create",
    "prognosis_create", "publication_create", "mailing_create", "subscribe", "support_create", "review_comment",
]  # fmt: skip


@pytest.fixture
def case(request, users, utrecht, gelderland):
    return _cases(users, utrecht, gelderland)[request.param]


@pytest.mark.parametrize("case", CASES, indirect=True)
def test_double_post_with_the_same_key_creates_once(case, client_for, django_capture_on_commit_callbacks):
    client = client_for(case.role)
    before = case.count()
    key = submission_key(client.get(case.form_url))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(case.post_url, {**case.data, "submission_key": key})
        second = client.post(case.post_url, {**case.data, "submission_key": key})
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert case.count() == before + 1
    assert len(mail.outbox) == case.mails
    assert "Dit formulier was al verstuurd" in client.get(second["Location"], follow=True).content.decode()


@pytest.mark.parametrize("case", CASES, indirect=True)
def test_post_without_key_creates_nothing_and_says_so(case, client_for, django_capture_on_commit_callbacks):
    client = client_for(case.role)
    before = case.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(case.post_url, {**case.data, "submission_key": ""}, follow=case.refused_on_other_page)
    assert response.status_code in (200, 400)  # the form again (400 where the page answers a refused form so)
    page = response.content.decode()
    assert MISSING in page
    assert case.count() == before and not mail.outbox
    assert submission_key(response)  # a fresh key to send the form again
    assert not SubmissionKey.objects.exists()


def test_subscribe_ends_in_a_redirect_and_a_reload_sends_no_second_mail(client, django_capture_on_commit_callbacks):
    url = reverse("loket:subscribe")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "lid@voorbeeld.nl", "general_news": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("loket:subscribe_sent")
    sent = client.get(response["Location"])
    assert "lid@voorbeeld.nl" in sent.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(response["Location"]).status_code == 200  # a reload of the page: a GET
    assert len(mail.outbox) == 1
    # Without the cookie (another browser) the page sends back to the form.
    client.cookies.clear()
    assert client.get(reverse("loket:subscribe_sent"))["Location"] == url


def test_purge_task_deletes_old_keys_and_keeps_new_ones(settings):
    settings.SUBMISSION_KEY_DAYS = 7
    old = SubmissionKey.objects.create(key="a" * 32, path="/")
    new = SubmissionKey.objects.create(key="b" * 32, path="/")
    SubmissionKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    SubmissionKey.objects.filter(pk=new.pk).update(created_at=timezone.now() - timedelta(days=6))
    assert purge_submission_keys.delay().get() == 1
    assert list(SubmissionKey.objects.values_list("key", flat=True)) == ["b" * 32]


def test_purge_task_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["loket-purge-submission-keys"]
    assert entry["task"] == "loket.purge_submission_keys"
