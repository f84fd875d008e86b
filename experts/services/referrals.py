"""Referrals of a question to an expert: create, accept or decline, answer, review, remind, expire."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.outbox import enqueue_on_commit
from loket.core.workdays import working_days_between
from loket.core.workflow import check_transition
from questions.models import Question
from questions.selectors import question_text_anonymised
from questions.services import question_answer, question_transition
from questions.workflow import Status as QuestionStatus

from ..models import (
    Expert,
    Referral,
    ReferralStatusChange,
    new_nonce,
)
from ..workflow import (
    OPEN_REFERRAL_STATUSES,
    REFERABLE_QUESTION_STATUSES,
    REFERRAL_TRANSITIONS,
    ReferralStatus,
)


def referral_refusal(question: Question) -> str:
    """Why `question` cannot be referred now (a Dutch sentence), or "" when it can."""
    if question.status in REFERABLE_QUESTION_STATUSES:
        return ""
    if question.status == QuestionStatus.ANSWERED:
        return _("Deze vraag is al beantwoord. Een beantwoorde vraag kunt u niet meer doorverwijzen.")
    return _("Deze vraag is gesloten. Een gesloten vraag kunt u niet meer doorverwijzen.")


def referral_create(
    *, question: Question, expert: Expert, note: str = "", question_text: str | None = None, by
) -> Referral:
    """Refer a question to an expert; the question moves to "bij deskundige"; the expert is mailed.
    The expert reads `question_text` (checked by the core team); without it, the question's text
    anonymised by `questions.selectors.question_text_anonymised`."""
    with transaction.atomic():
        current = Question.objects.select_for_update().get(pk=question.pk)
        refusal = referral_refusal(current)
        if refusal:
            raise ValidationError(refusal, code="not_referable")
        locked_expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if not locked_expert.is_listed or locked_expert.anonymised_at:
            raise ValidationError(
                _("Deze deskundige heeft zich afgemeld en kan geen vragen krijgen."), code="withdrawn"
            )
        if Referral.objects.filter(question=question, expert=locked_expert, status__in=OPEN_REFERRAL_STATUSES).exists():
            raise ValidationError(_("Deze vraag ligt al bij deze deskundige."), code="duplicate")
        if question_text is None or not question_text.strip():
            question_text = question_text_anonymised(current)
        if current.status != QuestionStatus.WITH_EXPERT:
            if current.status == QuestionStatus.NEW:
                question_transition(question=current, to=QuestionStatus.IN_PROGRESS, by=by)
            question_transition(
                question=current,
                to=QuestionStatus.WITH_EXPERT,
                by=by,
                note=_("Doorverwezen naar %(name)s.") % {"name": locked_expert.name},
            )
        referral = Referral.objects.create(
            question=current,
            expert=locked_expert,
            note=note.strip(),
            question_text=question_text.strip(),
            referred_by=by,
        )
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


def open_referral_ids(referrals: Iterable[Referral]) -> list[int]:
    return [r.pk for r in referrals if r.status in OPEN_REFERRAL_STATUSES]
