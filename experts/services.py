"""Writes that matter for experts: joining, profile changes, withdrawal, referrals, introductions.

Every service runs in a transaction; mail is sent by Celery tasks started on commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.outbox import enqueue_on_commit
from loket.core.workflow import check_transition
from questions.models import Question
from questions.services import question_answer, question_transition
from questions.workflow import Status as QuestionStatus

from .models import (
    Expert,
    Introduction,
    IntroductionRequest,
    IntroductionRequestStatusChange,
    IntroductionStatusChange,
    Invitation,
    Referral,
    ReferralStatusChange,
    new_nonce,
)
from .workflow import (
    INTRODUCTION_REQUEST_TRANSITIONS,
    INTRODUCTION_TRANSITIONS,
    OPEN_REFERRAL_STATUSES,
    REFERRAL_TRANSITIONS,
    IntroductionRequestStatus,
    IntroductionStatus,
    ReferralStatus,
)

PROFILE_FIELDS = (
    "name",
    "phone",
    "organisation",
    "function",
    "expertise",
    "availability",
    "available_until",
    "contact_preference",
)


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


# --- joining -----------------------------------------------------------------------------------


def expert_exists_for_email(email: str) -> Expert | None:
    return Expert.objects.filter(email__iexact=_normalise_email(email), anonymised_at__isnull=True).first()


def invitation_create(*, email: str, name: str = "", message: str = "", by) -> Invitation:
    """Invite a person to join the network. Refuses an address that already belongs to an expert."""
    email = _normalise_email(email)
    if expert_exists_for_email(email):
        raise ValidationError(
            {"email": _("Dit e-mailadres hoort al bij een deskundige in het netwerk.")}, code="already_expert"
        )
    with transaction.atomic():
        invitation = Invitation.objects.create(email=email, name=name.strip(), message=message.strip(), invited_by=by)
        enqueue_on_commit("experts.send_invitation", invitation.pk)
    return invitation


def _may_link(user, email: str) -> bool:
    """Link the account only when it is the invited person's own (same address, no profile yet)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return _normalise_email(user.email) == _normalise_email(email) and not Expert.objects.filter(user=user).exists()


def expert_join(*, invitation: Invitation, data: dict[str, Any], user=None) -> Expert:
    """Create the profile from an invitation, with explicit consent; from now on it is listed."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError(_("Deze uitnodiging is al gebruikt."), code="used")
        if expert_exists_for_email(locked.email):
            raise ValidationError(_("Dit e-mailadres hoort al bij een deskundige in het netwerk."), code="exists")
        now = timezone.now()
        expert = Expert.objects.create(
            email=locked.email,
            user=user if _may_link(user, locked.email) else None,
            consent_given_at=now,
            consent_version=settings.EXPERTS_CONSENT_VERSION,
            last_confirmed_at=now,
            **{f: data.get(f) for f in PROFILE_FIELDS if f in data and data.get(f) is not None},
        )
        expert.themes.set(data.get("themes") or [])
        expert.provinces.set(data.get("provinces") or [])
        locked.accepted_at = now
        locked.expert = expert
        locked.nonce = new_nonce()
        locked.save(update_fields=["accepted_at", "expert", "nonce"])
    return expert


def expert_update(*, expert: Expert, data: dict[str, Any], confirm: bool = True) -> Expert:
    """Save profile changes; saving a profile also confirms it is still right."""
    with transaction.atomic():
        for f in PROFILE_FIELDS:
            if f in data:
                value = data[f]
                setattr(expert, f, "" if value is None and f not in ("organisation", "available_until") else value)
        if confirm:
            expert.last_confirmed_at = timezone.now()
        expert.save()
        if "themes" in data:
            expert.themes.set(data["themes"])
        if "provinces" in data:
            expert.provinces.set(data["provinces"])
    return expert


def expert_request_manage_link(*, expert: Expert) -> None:
    """Mail the expert the link to manage their profile, on commit. A request is a new mail: it
    clears the manage-link mail's sent-marker, which the task claims (experts.tasks.send_manage_link)."""
    with transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(manage_link_sent_at=None)
        enqueue_on_commit("experts.send_manage_link", expert.pk)


def expert_confirm(*, expert: Expert) -> Expert:
    expert.last_confirmed_at = timezone.now()
    expert.save(update_fields=["last_confirmed_at", "updated_at"])
    return expert


def expert_withdraw(*, expert: Expert) -> Expert:
    """Withdraw consent: hidden from the directory at once, referrals withdrawn, data purged later."""
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.consent_withdrawn_at is None:
            locked.consent_withdrawn_at = timezone.now()
            locked.link_nonce = new_nonce()
            locked.save(update_fields=["consent_withdrawn_at", "link_nonce", "updated_at"])
            for referral in locked.referrals.filter(status__in=OPEN_REFERRAL_STATUSES):
                referral_withdraw(
                    referral=referral, by=None, by_name=_("Deskundige"), reason=_("De deskundige heeft zich afgemeld.")
                )
    expert.consent_withdrawn_at = locked.consent_withdrawn_at
    expert.link_nonce = locked.link_nonce
    return locked


def expert_anonymise(*, expert: Expert) -> Expert:
    """Remove personal data of a withdrawn expert; referrals keep only the (anonymous) answer."""
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.anonymised_at is not None:
            return locked
        locked.name = _("Verwijderde deskundige")
        locked.email = f"verwijderd-{locked.pk}@deskundige.invalid"
        locked.phone = ""
        locked.function = ""
        locked.expertise = ""
        locked.user = None
        locked.available_until = None
        locked.anonymised_at = timezone.now()
        locked.link_nonce = new_nonce()
        locked.save()
        locked.themes.clear()
        locked.provinces.clear()
        Invitation.objects.filter(expert=locked).update(email=locked.email, name="", message="")
        Invitation.objects.filter(email__iexact=expert.email).update(email=locked.email, name="", message="")
        locked.introductions.update(party_a_name=locked.name, party_a_email=locked.email, party_a_organisation="")
        locked.introduction_requests.update(message="")
    return locked


def experts_due_for_purge(*, now=None):
    """Experts who withdrew more than EXPERTS_RETENTION_DAYS ago and still have personal data."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EXPERTS_RETENTION_DAYS)
    return Expert.objects.filter(consent_withdrawn_at__lte=cutoff, anonymised_at__isnull=True)


def experts_purge_withdrawn(*, now=None) -> int:
    """Anonymise every expert who withdrew more than EXPERTS_RETENTION_DAYS ago."""
    due = experts_due_for_purge(now=now)
    count = 0
    for expert in due:
        expert_anonymise(expert=expert)
        count += 1
    return count


# --- referrals ---------------------------------------------------------------------------------


def referral_create(*, question: Question, expert: Expert, note: str = "", by) -> Referral:
    """Refer a question to an expert; the question moves to "bij deskundige"; the expert is mailed."""
    with transaction.atomic():
        locked_expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if not locked_expert.is_listed or locked_expert.anonymised_at:
            raise ValidationError(
                _("Deze deskundige heeft zich afgemeld en kan geen vragen krijgen."), code="withdrawn"
            )
        if Referral.objects.filter(question=question, expert=locked_expert, status__in=OPEN_REFERRAL_STATUSES).exists():
            raise ValidationError(_("Deze vraag ligt al bij deze deskundige."), code="duplicate")
        current = Question.objects.get(pk=question.pk)
        if current.status != QuestionStatus.WITH_EXPERT:
            if current.status == QuestionStatus.NEW:
                question_transition(question=current, to=QuestionStatus.IN_PROGRESS, by=by)
            question_transition(
                question=current,
                to=QuestionStatus.WITH_EXPERT,
                by=by,
                note=_("Doorverwezen naar %(name)s.") % {"name": locked_expert.name},
            )
        referral = Referral.objects.create(question=current, expert=locked_expert, note=note.strip(), referred_by=by)
        enqueue_on_commit("experts.send_referral", referral.pk)
    return referral


def _lock_referral(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("question", "expert").get(pk=referral.pk)


def _back_to_core_team(referral: Referral, *, by, note: str) -> None:
    """When no referral of the question is open anymore, the question returns to the core team."""
    question = referral.question
    still_open = question.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exclude(pk=referral.pk).exists()
    if not still_open and Question.objects.filter(pk=question.pk, status=QuestionStatus.WITH_EXPERT).exists():
        question_transition(question=question, to=QuestionStatus.IN_PROGRESS, by=by, note=note)


def _question_note(referral: Referral, to: ReferralStatus) -> str:
    name = referral.expert.name
    if to == ReferralStatus.DECLINED:
        return _("%(name)s heeft de vraag afgewezen.") % {"name": name}
    if to == ReferralStatus.WITHDRAWN:
        return _("Doorverwijzing naar %(name)s ingetrokken.") % {"name": name}
    return _("Doorverwijzing verlopen zonder antwoord.")


def referral_transition(
    *, referral: Referral, to: ReferralStatus | str, by=None, by_name: str = "", note: str = ""
) -> Referral:
    """Move a referral to `to` (see workflow.REFERRAL_TRANSITIONS): lock the row, refuse an illegal
    move in Dutch, record the move's own fields and write the history row. For a decline or a
    withdrawal, `note` is the reason. A referral that closes without an answer returns its question to
    the core team when no other referral of it is open; an answer or a decline is mailed to the
    core-team member who referred, after commit."""
    with transaction.atomic():
        locked = _lock_referral(referral)
        source = locked.status
        check_transition(REFERRAL_TRANSITIONS, source, to, noun=_("Een doorverwijzing"))
        to = ReferralStatus(to)
        now = timezone.now()
        fields = ["status"]
        locked.status = to
        if to == ReferralStatus.ACCEPTED:
            locked.responded_at = now
            fields.append("responded_at")
        if to in (ReferralStatus.DECLINED, ReferralStatus.ANSWERED):
            locked.responded_at = locked.responded_at or now
            fields.append("responded_at")
        if to == ReferralStatus.DECLINED:
            locked.decline_reason = note.strip()
            fields.append("decline_reason")
        if to == ReferralStatus.ANSWERED:
            locked.answered_at = now
            fields.append("answered_at")
        if to == ReferralStatus.WITHDRAWN:
            locked.withdrawn_at = now
            locked.withdrawn_reason = note.strip()
            fields += ["withdrawn_at", "withdrawn_reason"]
        if to in (ReferralStatus.DECLINED, ReferralStatus.ANSWERED, ReferralStatus.WITHDRAWN):
            locked.token_nonce = new_nonce()  # the expert's link is used up
            fields.append("token_nonce")
        locked.save(update_fields=fields)
        ReferralStatusChange.record(referral=locked, source=source, to=to, by=by, by_name=by_name, note=note.strip())
        if to in (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN, ReferralStatus.EXPIRED):
            _back_to_core_team(locked, by=by, note=_question_note(locked, to))
        if to in (ReferralStatus.DECLINED, ReferralStatus.ANSWERED):
            enqueue_on_commit("experts.notify_referral_response", locked.pk)
    return locked


def referral_accept(*, referral: Referral) -> Referral:
    return referral_transition(referral=referral, to=ReferralStatus.ACCEPTED, by_name=_("Deskundige"))


def referral_decline(*, referral: Referral, reason: str = "") -> Referral:
    return referral_transition(referral=referral, to=ReferralStatus.DECLINED, by_name=_("Deskundige"), note=reason)


def referral_answer(*, referral: Referral, body: str, share_contact: bool = False) -> Referral:
    """The expert's answer; it goes to the core team for review, never straight to the asker."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"response": _("Schrijf uw antwoord.")}, code="empty")
    with transaction.atomic():
        # Stored first; an illegal move below rolls it back with the rest.
        locked = _lock_referral(referral)
        locked.response = body
        locked.share_contact = share_contact
        locked.save(update_fields=["response", "share_contact"])
        return referral_transition(referral=locked, to=ReferralStatus.ANSWERED, by_name=_("Deskundige"))


def referral_withdraw(*, referral: Referral, by, reason: str = "", by_name: str = "") -> Referral:
    return referral_transition(referral=referral, to=ReferralStatus.WITHDRAWN, by=by, by_name=by_name, note=reason)


def referral_send_answer(*, referral: Referral, body: str, by) -> Referral:
    """The core team sends the reviewed (edited) answer to the asker through the questions app."""
    with transaction.atomic():
        locked = _lock_referral(referral)
        if locked.status != ReferralStatus.ANSWERED or locked.answer_sent_at is not None:
            raise ValidationError(_("Dit antwoord is al verstuurd of nog niet gegeven."), code="not_reviewable")
        question_answer(
            question=locked.question,
            body=body,
            by=by,
            note=_("Antwoord van deskundige, beoordeeld door het kernteam."),
        )
        locked.answer_sent_at = timezone.now()
        locked.answer_sent_by = by
        locked.save(update_fields=["answer_sent_at", "answer_sent_by"])
        # Other open referrals of the same question are no longer needed.
        for other in locked.question.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exclude(pk=locked.pk):
            referral_withdraw(referral=other, by=by, reason=_("De vraag is beantwoord."))
    return locked


def draft_answer(referral: Referral) -> str:
    """Starting text of the core team's review: the expert's answer, with contact only if agreed."""
    text = referral.response.strip()
    if referral.share_contact:
        text += "\n\n" + _("Deze vraag is beantwoord door %(name)s%(org)s. U kunt contact opnemen via %(email)s.") % {
            "name": referral.expert.name,
            "org": f" ({referral.expert.organisation})" if referral.expert.organisation_id else "",
            "email": referral.expert.email,
        }
    return text


def referrals_remind(*, today=None) -> list[int]:
    """Referrals without any reaction after N working days, not yet reminded: ids to remind."""
    from loket.core.workdays import working_days_between

    today = today or timezone.localdate()
    due = []
    for referral in Referral.objects.filter(status=ReferralStatus.SENT, reminded_at__isnull=True).only(
        "pk", "referred_at"
    ):
        if (
            working_days_between(timezone.localdate(referral.referred_at), today)
            >= settings.EXPERTS_REMINDER_WORKING_DAYS
        ):
            due.append(referral.pk)
    return due


def referrals_expire(*, now=None) -> int:
    """Open referrals whose link has expired are marked expired and return to the core team."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EXPERTS_REFERRAL_LINK_DAYS)
    count = 0
    for referral in Referral.objects.filter(status__in=OPEN_REFERRAL_STATUSES, referred_at__lt=cutoff):
        with transaction.atomic():
            locked = _lock_referral(referral)
            if locked.status not in OPEN_REFERRAL_STATUSES:
                continue  # the expert reacted (or the core team withdrew it) in the meantime
            referral_transition(referral=locked, to=ReferralStatus.EXPIRED, by_name=_("Automatisch"))
            count += 1
    return count


# --- introductions -----------------------------------------------------------------------------


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
    if _normalise_email(party_a_email) == _normalise_email(party_b_email):
        raise ValidationError(_("Partij 1 en partij 2 zijn hetzelfde e-mailadres."), code="same")
    with transaction.atomic():
        introduction = Introduction.objects.create(
            expert=expert,
            party_a_name=party_a_name,
            party_a_email=_normalise_email(party_a_email),
            party_a_organisation=party_a_organisation,
            party_b_name=party_b_name,
            party_b_email=_normalise_email(party_b_email),
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


def open_referral_ids(referrals: Iterable[Referral]) -> list[int]:
    return [r.pk for r in referrals if r.status in OPEN_REFERRAL_STATUSES]
