"""Privacy (issue 8.7): retention and the right of access.

`anonymise_due()` removes personal data whose retention period has ended: closed questions
(`QUESTIONS_RETENTION_DAYS` after closing; `questions.services.question_anonymise`), experts who
withdrew (`EXPERTS_RETENTION_DAYS`; the experts app's own `experts_purge_withdrawn`), and
subscriptions never confirmed (`SUBSCRIPTIONS_UNCONFIRMED_DAYS` after the request: deleted), and
password-reset and e-mail-change requests (`ACCOUNT_REQUESTS_RETENTION_DAYS`: deleted). It is
idempotent; `dry_run=True` only counts. Run daily by the beat task `loket.anonymise_personal_data`
and by hand with `manage.py anonymise [--dry-run]`.

`personal_data_export(email)` collects everything the portal holds about one e-mail address (right
of access): `manage.py export_personal_data <email>` and an admin action on users for the Beheerder.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from experts.models import Expert, Referral
from experts.services import experts_due_for_purge, experts_purge_withdrawn
from loket.accounts.models import AuditEvent, EmailChangeRequest
from loket.accounts.services import account_requests_due, account_requests_purge
from loket.mailings.models import MailingRecipient, Subscription
from questions.models import MessageKind, Question
from questions.services import question_anonymise, questions_due_for_anonymising


def unconfirmed_subscriptions_due(*, now=None) -> QuerySet[Subscription]:
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SUBSCRIPTIONS_UNCONFIRMED_DAYS)
    # Never confirmed and never an opt-out record (an unsubscribe keeps a row so mailings skip it).
    return Subscription.objects.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True).filter(
        Q(requested_at__lte=cutoff) | Q(requested_at__isnull=True, created_at__lte=cutoff)
    )


def anonymise_due(*, now=None, dry_run: bool = False) -> dict[str, int]:
    """Anonymise or delete what is past its retention period. Returns the counts per kind."""
    now = now or timezone.now()
    questions = questions_due_for_anonymising(now=now)
    subscriptions = unconfirmed_subscriptions_due(now=now)
    if dry_run:
        return {
            "questions": questions.count(),
            "experts": experts_due_for_purge(now=now).count(),
            "subscriptions": subscriptions.count(),
            "account_requests": sum(q.count() for q in account_requests_due(now=now).values()),
        }
    anonymised = sum(question_anonymise(question=q) for q in questions.only("pk").iterator())
    experts = experts_purge_withdrawn(now=now)
    deleted = 0
    for pk in list(subscriptions.values_list("pk", flat=True)):
        # Re-checked row by row: a subscription confirmed in the meantime stays.
        deleted += unconfirmed_subscriptions_due(now=now).filter(pk=pk).delete()[1].get("loket.Subscription", 0)
    requests = account_requests_purge(now=now)
    return {"questions": anonymised, "experts": experts, "subscriptions": deleted, "account_requests": requests}


# --- right of access -------------------------------------------------------------------------------


def _dt(value) -> str | None:
    return value.isoformat() if value else None


def _name(obj) -> str | None:
    return str(obj) if obj is not None else None


def personal_data_export(email: str) -> dict[str, Any]:
    """Everything about one e-mail address, as JSON-ready data."""
    email = email.strip()
    users = list(
        get_user_model()
        ._default_manager.filter(email__iexact=email)
        .select_related("profile__organisation", "profile__province")
        .prefetch_related("groups")
    )
    accounts = []
    for user in users:
        profile = getattr(user, "profile", None)
        accounts.append(
            {
                "username": user.get_username(),
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "is_active": user.is_active,
                "date_joined": _dt(user.date_joined),
                "last_login": _dt(user.last_login),
                "roles": sorted(group.name for group in user.groups.all()),
                "profile": {
                    "organisation": _name(profile.organisation),
                    "province": _name(profile.province),
                    "function": profile.function,
                    "phone": profile.phone,
                }
                if profile
                else None,
            }
        )

    questions = (
        Question.objects.filter(Q(asker_email__iexact=email) | Q(asker__in=users))
        .select_related("organisation", "province")
        .prefetch_related("themes", "messages", "attachments", "status_changes")
        .order_by("received_at")
    )
    question_data = [
        {
            "reference": q.reference,
            "received_at": _dt(q.received_at),
            "status": q.status,
            "asker_name": q.asker_name,
            "asker_email": q.asker_email,
            "asker_role": q.asker_role,
            "organisation": _name(q.organisation),
            "organisation_name": q.organisation_name,
            "province": _name(q.province),
            "themes": [str(t) for t in q.themes.all()],
            "subject": q.subject,
            "body": q.body,
            "answered_at": _dt(q.answered_at),
            "closed_at": _dt(q.closed_at),
            "anonymised_at": _dt(q.anonymised_at),
            "messages": [
                {"kind": m.kind, "author_name": m.author_name, "created_at": _dt(m.created_at), "body": m.body}
                for m in q.messages.all()
                if m.kind != MessageKind.NOTE
            ],
            "attachments": [{"name": a.original_name, "size": a.size} for a in q.attachments.all()],
            "history": [
                {"from": s.from_status, "to": s.to_status, "at": _dt(s.created_at)} for s in q.status_changes.all()
            ],
        }
        for q in questions
    ]

    experts = []
    for expert in (
        Expert.objects.filter(Q(email__iexact=email) | Q(user__in=users))
        .select_related("organisation")
        .prefetch_related("themes", "provinces")
    ):
        referrals = Referral.objects.filter(expert=expert).select_related("question").order_by("referred_at")
        experts.append(
            {
                "name": expert.name,
                "email": expert.email,
                "phone": expert.phone,
                "organisation": _name(expert.organisation),
                "function": expert.function,
                "expertise": expert.expertise,
                "themes": [str(t) for t in expert.themes.all()],
                "provinces": [str(p) for p in expert.provinces.all()],
                "availability": expert.availability,
                "consent_given_at": _dt(expert.consent_given_at),
                "consent_version": expert.consent_version,
                "consent_withdrawn_at": _dt(expert.consent_withdrawn_at),
                "last_confirmed_at": _dt(expert.last_confirmed_at),
                "referrals": [
                    {
                        "question": r.question.reference,
                        "status": r.status,
                        "referred_at": _dt(r.referred_at),
                        "responded_at": _dt(r.responded_at),
                        "response": r.response,
                        "decline_reason": r.decline_reason,
                    }
                    for r in referrals
                ],
            }
        )

    subscriptions = [
        {
            "email": s.email,
            "general_news": s.general_news,
            "themes": [str(t) for t in s.themes.all()],
            "provinces": [str(p) for p in s.provinces.all()],
            "requested_at": _dt(s.requested_at),
            "confirmed_at": _dt(s.confirmed_at),
            "unsubscribed_at": _dt(s.unsubscribed_at),
        }
        for s in Subscription.objects.filter(Q(email__iexact=email) | Q(user__in=users)).prefetch_related(
            "themes", "provinces"
        )
    ]
    deliveries = [
        {
            "mailing": r.mailing.subject,
            "status": r.status,
            "sent_at": _dt(r.sent_at),
            "attempts": r.attempts,
        }
        for r in MailingRecipient.objects.filter(Q(email__iexact=email) | Q(user__in=users))
        .select_related("mailing")
        .order_by("pk")
    ]
    audit = [
        {
            "at": _dt(e.at),
            "action": e.action,
            "actor": e.actor_name,
            "target": e.target_name,
            "ip_address": e.ip_address,
            "details": e.details,
        }
        for e in AuditEvent.objects.filter(
            Q(actor__in=users) | Q(target__in=users) | Q(target_name__iexact=email) | Q(actor_name__iexact=email)
        ).order_by("at", "pk")
    ]
    email_changes = [
        {
            "old_email": c.old_email,
            "new_email": c.new_email,
            "requested_at": _dt(c.requested_at),
            "confirmed_at": _dt(c.confirmed_at),
        }
        for c in EmailChangeRequest.objects.filter(
            Q(user__in=users) | Q(old_email__iexact=email) | Q(new_email__iexact=email)
        ).order_by("pk")
    ]
    return {
        "email": email,
        "exported_at": _dt(timezone.now()),
        "accounts": accounts,
        "email_changes": email_changes,
        "questions": question_data,
        "experts": experts,
        "subscriptions": subscriptions,
        "mailing_deliveries": deliveries,
        "audit_events": audit,
    }
