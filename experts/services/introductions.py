"""Bringing people in contact with an expert: requests and introductions with consent of both."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.outbox import enqueue_on_commit
from loket.core.workflow import check_transition

from ..models import (
    Expert,
    Introduction,
    IntroductionRequest,
    IntroductionRequestStatusChange,
    IntroductionStatusChange,
    new_nonce,
)
from ..workflow import (
    INTRODUCTION_REQUEST_TRANSITIONS,
    INTRODUCTION_TRANSITIONS,
    IntroductionRequestStatus,
    IntroductionStatus,
)
from .network import normalise_email


def introduction_request_create(*, expert: Expert, by, message: str = "") -> IntroductionRequest:
    expert = Expert.objects.get(pk=expert.pk)
    if not expert.is_listed:
        raise ValidationError(_("Deze deskundige is niet meer beschikbaar in het netwerk."), code="withdrawn")
    existing = IntroductionRequest.objects.filter(
        expert=expert, requested_by=by, status=IntroductionRequestStatus.OPEN
    ).first()
    if existing:
        return existing
    return IntroductionRequest.objects.create(expert=expert, requested_by=by, message=message.strip())


def introduction_request_transition(
    *, request: IntroductionRequest, to: IntroductionRequestStatus | str, by, note: str = ""
) -> IntroductionRequest:
    """Close a partner's request for an introduction (see workflow.INTRODUCTION_REQUEST_TRANSITIONS):
    lock the row, refuse an illegal move (a request handled meanwhile by a colleague), write history."""
    with transaction.atomic():
        locked = IntroductionRequest.objects.select_for_update().get(pk=request.pk)
        source = locked.status
        check_transition(INTRODUCTION_REQUEST_TRANSITIONS, source, to, noun=_("Een verzoek om contact"))
        locked.status = IntroductionRequestStatus(to)
        locked.handled_at = timezone.now()
        locked.handled_by = by if getattr(by, "is_authenticated", False) else None
        locked.save(update_fields=["status", "handled_at", "handled_by"])
        IntroductionRequestStatusChange.record(request=locked, source=source, to=locked.status, by=by, note=note)
    return locked


def introduction_request_close(*, request: IntroductionRequest, by, rejected: bool = False) -> IntroductionRequest:
    to = IntroductionRequestStatus.REJECTED if rejected else IntroductionRequestStatus.HANDLED
    return introduction_request_transition(request=request, to=to, by=by)


def introduction_create(
    *,
    by,
    reason: str,
    party_b_name: str,
    party_b_email: str,
    expert: Expert | None = None,
    party_a_name: str = "",
    party_a_email: str = "",
    party_a_organisation: str = "",
    party_b_organisation: str = "",
    party_b_user=None,
    request: IntroductionRequest | None = None,
) -> Introduction:
    """Propose an introduction; both parties are asked to agree by mail (signed links)."""
    if expert is not None:
        if not expert.is_listed:
            raise ValidationError(_("Deze deskundige heeft zich afgemeld."), code="withdrawn")
        party_a_name, party_a_email = expert.name, expert.email
        party_a_organisation = str(expert.organisation or "")
    if not party_a_name or not party_a_email:
        raise ValidationError(_("Kies een deskundige of vul naam en e-mailadres van partij 1 in."), code="party_a")
    if normalise_email(party_a_email) == normalise_email(party_b_email):
        raise ValidationError(_("Partij 1 en partij 2 zijn hetzelfde e-mailadres."), code="same")
    with transaction.atomic():
        introduction = Introduction.objects.create(
            expert=expert,
            party_a_name=party_a_name,
            party_a_email=normalise_email(party_a_email),
            party_a_organisation=party_a_organisation,
            party_b_name=party_b_name,
            party_b_email=normalise_email(party_b_email),
            party_b_organisation=party_b_organisation,
            party_b_user=party_b_user,
            request=request,
            reason=reason.strip(),
            created_by=by,
        )
        if request is not None:
            introduction_request_close(request=request, by=by)
        enqueue_on_commit("experts.send_introduction_consent", introduction.pk, "a")
        enqueue_on_commit("experts.send_introduction_consent", introduction.pk, "b")
    return introduction


def introduction_transition(
    *, introduction: Introduction, to: IntroductionStatus | str, by=None, by_name: str = "", note: str = ""
) -> Introduction:
    """Move an introduction (see workflow.INTRODUCTION_TRANSITIONS): lock the row, refuse an illegal
    move, write the history row. Once introduced, one mail introduces both parties (after commit)."""
    with transaction.atomic():
        locked = Introduction.objects.select_for_update().get(pk=introduction.pk)
        source = locked.status
        check_transition(INTRODUCTION_TRANSITIONS, source, to, noun=_("Een introductie"))
        to = IntroductionStatus(to)
        now = timezone.now()
        locked.status = to
        if to == IntroductionStatus.INTRODUCED:
            locked.introduced_at = now
        if to == IntroductionStatus.DECLINED:
            locked.declined_at = now
        locked.nonce = new_nonce()  # the consent links are used up
        locked.save(update_fields=["status", "introduced_at", "declined_at", "nonce"])
        IntroductionStatusChange.record(introduction=locked, source=source, to=to, by=by, by_name=by_name, note=note)
        if to == IntroductionStatus.INTRODUCED:
            enqueue_on_commit("experts.send_introduction", locked.pk)
    return locked


def introduction_respond(*, introduction: Introduction, party: str, agree: bool) -> Introduction:
    """A party agrees or declines; once both agreed, one mail introduces them to each other."""
    if party not in ("a", "b"):
        raise ValidationError(_("Onbekende partij."), code="party")
    party_name = _("Partij 1") if party == "a" else _("Partij 2")
    with transaction.atomic():
        locked = Introduction.objects.select_for_update().get(pk=introduction.pk)
        if locked.status != IntroductionStatus.PENDING or getattr(locked, f"party_{party}_agreed_at"):
            raise ValidationError(_("U heeft hier al op gereageerd."), code="used")
        if not agree:
            return introduction_transition(
                introduction=locked, to=IntroductionStatus.DECLINED, by_name=party_name, note=_("Niet akkoord.")
            )
        setattr(locked, f"party_{party}_agreed_at", timezone.now())
        locked.save(update_fields=[f"party_{party}_agreed_at"])
        if locked.party_a_agreed_at and locked.party_b_agreed_at:
            return introduction_transition(
                introduction=locked, to=IntroductionStatus.INTRODUCED, by_name=party_name, note=_("Beide akkoord.")
            )
    return locked
