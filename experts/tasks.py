"""Mail and periodic work of the experts app. Tasks take ids, are idempotent and retry with backoff.

Each mail has its own sent-marker, claimed before sending (loket.core.mail.send_templated_mail_once):
the invitation `Invitation.sent_at`, the referral `Referral.mailed_at`, its reminder
`Referral.reminded_at`, the response to the referrer `Referral.response_notified_at`, the manage
link `Expert.manage_link_sent_at` (per request), the consent requests
`Introduction.party_a_asked_at` / `party_b_asked_at` and the introduction `Introduction.mailed_at`.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from loket.core.mail import send_templated_mail, send_templated_mail_once
from loket.core.tasks import RETRY

from .models import Expert, Introduction, IntroductionStatus, Invitation, Referral, ReferralStatus
from .selectors import referral_question_for_expert, unconfirmed_experts
from .services import experts_purge_withdrawn, referrals_expire, referrals_remind
from .tokens import Purpose, make_token


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def manage_url(expert: Expert) -> str:
    return _url("experts:manage", token=make_token(Purpose.MANAGE, pk=expert.pk, nonce=expert.link_nonce))


def referral_url(referral: Referral) -> str:
    return _url("experts:respond", token=make_token(Purpose.REFERRAL, pk=referral.pk, nonce=referral.token_nonce))


@shared_task(name="experts.send_invitation", **RETRY)
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.filter(pk=invitation_id, accepted_at__isnull=True, sent_at__isnull=True).first()
    if invitation is None:
        return
    token = make_token(Purpose.INVITATION, pk=invitation.pk, nonce=invitation.nonce)
    send_templated_mail_once(
        rows=Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True),
        marker="sent_at",
        template="experts/emails/invitation",
        context={
            "invitation": invitation,
            "url": _url("experts:join", token=token),
            "days": settings.EXPERTS_INVITATION_DAYS,
            "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        },
        to=[invitation.email],
    )


@shared_task(name="experts.send_referral", **RETRY)
def send_referral(referral_id: int) -> None:
    referral = (
        Referral.objects.select_related("question", "expert").filter(pk=referral_id, status=ReferralStatus.SENT).first()
    )
    if referral is None:
        return
    send_templated_mail_once(
        rows=Referral.objects.filter(pk=referral.pk, status=ReferralStatus.SENT),
        marker="mailed_at",
        template="experts/emails/referral",
        context={
            "referral": referral,
            "expert": referral.expert,
            "question": referral.question,
            "subject": referral_question_for_expert(referral)["subject"],
            "url": referral_url(referral),
            "days": settings.EXPERTS_REFERRAL_LINK_DAYS,
        },
        to=[referral.expert.email],
    )


@shared_task(name="experts.send_referral_reminder", **RETRY)
def send_referral_reminder(referral_id: int) -> None:
    referral = (
        Referral.objects.select_related("question", "expert")
        .filter(pk=referral_id, status=ReferralStatus.SENT, reminded_at__isnull=True)
        .first()
    )
    if referral is None:
        return
    send_templated_mail_once(
        rows=Referral.objects.filter(pk=referral.pk, status=ReferralStatus.SENT),
        marker="reminded_at",
        template="experts/emails/referral_reminder",
        context={
            "referral": referral,
            "expert": referral.expert,
            "question": referral.question,
            "subject": referral_question_for_expert(referral)["subject"],
            "url": referral_url(referral),
        },
        to=[referral.expert.email],
    )


@shared_task(name="experts.notify_referral_response", **RETRY)
def notify_referral_response(referral_id: int) -> None:
    """Tell the core-team member who referred that the expert answered or declined."""
    referral = Referral.objects.select_related("question", "expert", "referred_by").filter(pk=referral_id).first()
    if referral is None or referral.referred_by is None or not referral.referred_by.email:
        return
    send_templated_mail_once(
        rows=Referral.objects.filter(pk=referral.pk),
        marker="response_notified_at",
        template="experts/emails/referral_response",
        context={
            "referral": referral,
            "question": referral.question,
            "expert": referral.expert,
            "url": _url("experts:referral_review", pk=referral.pk),
        },
        to=[referral.referred_by.email],
    )


@shared_task(name="experts.remind_referrals", **RETRY)
def remind_referrals() -> int:
    """Daily on working days: remind experts who did not react after 3 working days; expire old links."""
    referrals_expire()
    ids = referrals_remind()
    for pk in ids:
        send_referral_reminder.delay(pk)
    return len(ids)


@shared_task(name="experts.send_manage_link", **RETRY)
def send_manage_link(expert_id: int) -> None:
    """The link to manage one's profile, asked for on the "link kwijt" page. An expert may ask again
    later, so "the same mail" is the mail for one request, not for the person: each request clears
    `Expert.manage_link_sent_at` (experts.services.expert_request_manage_link) and this task claims
    it, so a redelivered task or an outbox row handed over twice adds no mail, a new request does."""
    expert = Expert.objects.filter(pk=expert_id, anonymised_at__isnull=True).first()
    if expert is None:
        return
    send_templated_mail_once(
        rows=Expert.objects.filter(pk=expert.pk, anonymised_at__isnull=True),
        marker="manage_link_sent_at",
        template="experts/emails/manage_link",
        context={"expert": expert, "url": manage_url(expert), "days": settings.EXPERTS_MANAGE_LINK_DAYS},
        to=[expert.email],
    )


@shared_task(name="experts.send_confirmation_request", **RETRY)
def send_confirmation_request(expert_id: int) -> None:
    with transaction.atomic():
        expert = Expert.objects.select_for_update().filter(pk=expert_id, consent_withdrawn_at__isnull=True).first()
        if expert is None:
            return
        basis = expert.last_confirmed_at or expert.consent_given_at
        if expert.confirmation_requested_at and basis and expert.confirmation_requested_at > basis:
            return  # already asked since the last confirmation
        send_templated_mail(
            template="experts/emails/confirmation_request",
            context={"expert": expert, "url": manage_url(expert), "days": settings.EXPERTS_MANAGE_LINK_DAYS},
            to=[expert.email],
        )
        expert.confirmation_requested_at = timezone.now()
        expert.save(update_fields=["confirmation_requested_at"])


@shared_task(name="experts.request_confirmations", **RETRY)
def request_confirmations() -> int:
    """Weekly: ask every expert whose profile is half a year old to confirm it (once per period)."""
    due = unconfirmed_experts().filter(
        Q(confirmation_requested_at__isnull=True)
        | Q(confirmation_requested_at__lt=F("last_confirmed_at"))
        | Q(last_confirmed_at__isnull=True, confirmation_requested_at__lt=F("consent_given_at"))
    )
    ids = list(due.values_list("pk", flat=True))
    for pk in ids:
        send_confirmation_request.delay(pk)
    return len(ids)


@shared_task(name="experts.purge_withdrawn", **RETRY)
def purge_withdrawn() -> int:
    """Daily: remove personal data of experts who withdrew more than EXPERTS_RETENTION_DAYS ago."""
    return experts_purge_withdrawn()


@shared_task(name="experts.send_introduction_consent", **RETRY)
def send_introduction_consent(introduction_id: int, party: str) -> None:
    introduction = Introduction.objects.filter(pk=introduction_id, status=IntroductionStatus.PENDING).first()
    if introduction is None or party not in ("a", "b") or getattr(introduction, f"party_{party}_agreed_at"):
        return
    other = "b" if party == "a" else "a"
    token = make_token(Purpose.INTRODUCTION, pk=introduction.pk, nonce=introduction.nonce, extra=party)
    send_templated_mail_once(
        rows=Introduction.objects.filter(
            pk=introduction.pk, status=IntroductionStatus.PENDING, **{f"party_{party}_agreed_at__isnull": True}
        ),
        marker=f"party_{party}_asked_at",
        template="experts/emails/introduction_consent",
        context={
            "introduction": introduction,
            "name": getattr(introduction, f"party_{party}_name"),
            "other_name": getattr(introduction, f"party_{other}_name"),
            "other_organisation": getattr(introduction, f"party_{other}_organisation"),
            "url": _url("experts:introduction_consent", token=token),
        },
        to=[getattr(introduction, f"party_{party}_email")],
    )


@shared_task(name="experts.send_introduction", **RETRY)
def send_introduction(introduction_id: int) -> None:
    introduction = Introduction.objects.filter(
        pk=introduction_id, status=IntroductionStatus.INTRODUCED, mailed_at__isnull=True
    ).first()
    if introduction is None:
        return
    send_templated_mail_once(
        rows=Introduction.objects.filter(pk=introduction.pk, status=IntroductionStatus.INTRODUCED),
        marker="mailed_at",
        template="experts/emails/introduction",
        context={"introduction": introduction},
        to=[introduction.party_a_email, introduction.party_b_email],
    )
