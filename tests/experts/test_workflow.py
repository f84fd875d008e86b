"""The workflows of referrals, introductions and requests for an introduction: every (from, to) pair
through the one transition service, the history it writes, its side effects, and the admin."""

import itertools
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from experts.admin import ReferralAdmin
from experts.models import (
    Introduction,
    IntroductionRequest,
    IntroductionRequestStatusChange,
    IntroductionStatusChange,
    Referral,
    ReferralStatusChange,
)
from experts.services import (
    introduction_create,
    introduction_request_close,
    introduction_request_create,
    introduction_request_transition,
    introduction_transition,
    referral_decline,
    referral_transition,
    referral_withdraw,
    referrals_expire,
)
from experts.workflow import (
    INTRODUCTION_REQUEST_TRANSITIONS,
    INTRODUCTION_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    IntroductionRequestStatus,
    IntroductionStatus,
    ReferralStatus,
)
from questions.models import Question
from questions.workflow import Status as QuestionStatus

from .factories import ExpertFactory, make_question


def make_referral(status=ReferralStatus.SENT, *, by=None, **fields) -> Referral:
    question = make_question(status=QuestionStatus.WITH_EXPERT)
    return Referral.objects.create(question=question, expert=ExpertFactory(), status=status, referred_by=by, **fields)


def make_introduction(status=IntroductionStatus.PENDING) -> Introduction:
    return Introduction.objects.create(
        party_a_name="Anna",
        party_a_email="anna@test.example",
        party_b_name="Bert",
        party_b_email="bert@test.example",
        reason="Kennismaken",
        status=status,
    )


@pytest.mark.parametrize(("source", "target"), list(itertools.product(ReferralStatus, ReferralStatus)))
def test_referral_every_pair_follows_the_table(db, users, source, target):
    referral = make_referral(source)
    nonce = referral.token_nonce
    if target in REFERRAL_TRANSITIONS[source]:
        referral_transition(referral=referral, to=target, by=users["kernteam"], note="test")
        referral.refresh_from_db()
        assert referral.status == target
        change = ReferralStatusChange.objects.get(referral=referral)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            source,
            target,
            users["kernteam"],
            "test",
        )
    else:
        with pytest.raises(ValidationError) as info:
            referral_transition(referral=referral, to=target, by=users["kernteam"])
        assert "kan niet naar" in info.value.messages[0]
        referral.refresh_from_db()
        assert (referral.status, referral.token_nonce) == (source, nonce)
        assert not ReferralStatusChange.objects.filter(referral=referral).exists()
        assert referral.question.status_changes.count() == 0  # the question did not move either


@pytest.mark.parametrize(("source", "target"), list(itertools.product(IntroductionStatus, IntroductionStatus)))
def test_introduction_every_pair_follows_the_table(db, users, source, target):
    introduction = make_introduction(source)
    if target in INTRODUCTION_TRANSITIONS[source]:
        introduction_transition(introduction=introduction, to=target, by=users["kernteam"], note="test")
        introduction.refresh_from_db()
        assert introduction.status == target
        change = IntroductionStatusChange.objects.get(introduction=introduction)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            source,
            target,
            users["kernteam"],
            "test",
        )
    else:
        with pytest.raises(ValidationError, match="kan niet naar"):
            introduction_transition(introduction=introduction, to=target, by=users["kernteam"])
        introduction.refresh_from_db()
        assert introduction.status == source
        assert not IntroductionStatusChange.objects.filter(introduction=introduction).exists()


@pytest.mark.parametrize(
    ("source", "target"), list(itertools.product(IntroductionRequestStatus, IntroductionRequestStatus))
)
def test_introduction_request_every_pair_follows_the_table(db, users, listed_expert, source, target):
    request = IntroductionRequest.objects.create(expert=listed_expert, requested_by=users["prt_utrecht"], status=source)
    if target in INTRODUCTION_REQUEST_TRANSITIONS[source]:
        introduction_request_transition(request=request, to=target, by=users["kernteam"], note="test")
        request.refresh_from_db()
        assert (request.status, request.handled_by) == (target, users["kernteam"])
        change = IntroductionRequestStatusChange.objects.get(request=request)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            source,
            target,
            users["kernteam"],
            "test",
        )
    else:
        with pytest.raises(ValidationError, match="kan niet naar"):
            introduction_request_transition(request=request, to=target, by=users["kernteam"])
        request.refresh_from_db()
        assert (request.status, request.handled_by) == (source, None)
        assert not IntroductionRequestStatusChange.objects.filter(request=request).exists()


def test_every_status_has_a_row_in_its_table():
    assert set(REFERRAL_TRANSITIONS) == set(ReferralStatus)
    assert set(INTRODUCTION_TRANSITIONS) == set(IntroductionStatus)
    assert set(INTRODUCTION_REQUEST_TRANSITIONS) == set(IntroductionRequestStatus)


def test_an_unknown_status_is_refused_in_dutch(db):
    referral = make_referral()
    with pytest.raises(ValidationError, match="Onbekende status"):
        referral_transition(referral=referral, to="verdwenen")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_decline_returns_the_question_and_tells_the_referrer(db, users, django_capture_on_commit_callbacks):
    referral = make_referral(by=users["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        referral_decline(referral=referral, reason="Geen tijd")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (ReferralStatus.DECLINED, "Geen tijd")
    change = referral.status_changes.get()
    assert (change.by, change.by_name, change.note) == (None, "Deskundige", "Geen tijd")
    assert Question.objects.get(pk=referral.question_id).status == QuestionStatus.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [[users["kernteam"].email]]


def test_expiry_goes_through_the_workflow(db, settings):
    referral = make_referral(ReferralStatus.ACCEPTED)
    later = timezone.now() + timedelta(days=settings.EXPERTS_REFERRAL_LINK_DAYS + 1)
    assert referrals_expire(now=later) == 1
    change = referral.status_changes.get()
    assert (change.from_status, change.to_status, change.by_name) == ("geaccepteerd", "verlopen", "Automatisch")
    assert referrals_expire(now=later) == 0  # expired once


def test_a_request_handled_by_a_colleague_is_not_closed_again(db, users, listed_expert):
    """Two core-team members act on the same open request: the second one is refused, nothing changes."""
    request = introduction_request_create(expert=listed_expert, by=users["prt_utrecht"])
    stale = IntroductionRequest.objects.get(pk=request.pk)
    party_b = {"expert": listed_expert, "party_b_name": "Petra", "party_b_email": "p@test.example"}
    introduction_create(by=users["kernteam"], request=request, reason="Kennismaken", **party_b)
    with pytest.raises(ValidationError, match="kan niet naar"):
        introduction_request_close(request=stale, by=users["kernteam2"], rejected=True)
    with pytest.raises(ValidationError, match="kan niet naar"):
        introduction_create(by=users["kernteam2"], request=stale, reason="Nog eens", **party_b)
    request.refresh_from_db()
    assert (request.status, request.handled_by) == (IntroductionRequestStatus.HANDLED, users["kernteam"])
    assert Introduction.objects.count() == 1
    assert request.status_changes.count() == 1


def test_admin_action_withdraws_through_the_service(client_for, users):
    open_referral = make_referral()
    done = make_referral(ReferralStatus.ANSWERED)
    response = client_for("beheerder").post(
        reverse("admin:experts_referral_changelist"),
        {"action": "withdraw", "_selected_action": [open_referral.pk, done.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "De status van 1 doorverwijzing is gewijzigd." in page
    assert "met status “Beantwoord” kan niet naar “Ingetrokken”" in page
    open_referral.refresh_from_db()
    done.refresh_from_db()
    assert (open_referral.status, done.status) == (ReferralStatus.WITHDRAWN, ReferralStatus.ANSWERED)
    change = open_referral.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("verstuurd", "ingetrokken", users["beheerder"])
    assert not done.status_changes.exists()


def test_admin_change_form_does_not_undo_a_move_made_meanwhile(client_for, users, monkeypatch):
    """The beheerder saves a referral while the core team withdraws it: the withdrawal stays."""
    referral = make_referral()
    original = ReferralAdmin.save_form

    def save_form_while_a_colleague_withdraws(self, request, form, change):
        obj = original(self, request, form, change)
        referral_withdraw(referral=Referral.objects.get(pk=referral.pk), by=users["kernteam"], reason="Collega")
        return obj

    monkeypatch.setattr(ReferralAdmin, "save_form", save_form_while_a_colleague_withdraws)
    client = client_for("beheerder")
    url = reverse("admin:experts_referral_change", args=[referral.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "question": referral.question_id,
            "expert": referral.expert_id,
            "note": "Aangepaste toelichting",
            "response": "",
            "decline_reason": "",
            "withdrawn_reason": "",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral.refresh_from_db()
    assert (referral.status, referral.note) == (ReferralStatus.WITHDRAWN, "Aangepaste toelichting")
