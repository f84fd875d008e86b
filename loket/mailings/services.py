"""Mailings: audience, snapshot of recipients, and sending exactly once per address.

`mailing_send` locks the mailing, snapshots the audience as MailingRecipient rows (unique per
mailing and address; bulk_create ignores the rows that already exist) and starts the Celery task on
commit. A second click finds the mailing already sending and does nothing.

Each recipient is sent by `deliver_recipient`: in one transaction it locks its own row
(select_for_update skip_locked, and only while the row is still pending), sends over the batch's
open SMTP connection, and marks it sent; the commit follows the server's "250" at once, and the
connection's QUIT comes after it (loket.core.mail: the one window SMTP leaves). A retried task, a
second worker or a restart after a crash skips rows that are sent or locked, and picks up rows
that stayed pending. A failure is recorded on the row (attempts, reason) and retried with backoff;
after MAX_ATTEMPTS the row ends as "mislukt" with the reason. When the mail server cannot be used
(down, or refusing our settings) the rows stay pending, untouched: the batch tries again after
`server_down_delay` (within a minute), and the periodic `resume_mailings` task is the safety net.
"""

import logging
from datetime import timedelta
from email.utils import parseaddr
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.mail import MAIL_SERVER_DOWN_ERRORS, send_templated_mail
from loket.core.markdown import render_markdown
from loket.core.outbox import enqueue_on_commit
from loket.core.roles import Role
from loket.core.workflow import check_transition
from loket.mailings.lessons import attach_new_lessons
from loket.mailings.models import Mailing, MailingKind, MailingRecipient, MailingStatusChange, RecipientStatus
from loket.mailings.subscriptions import opted_out_emails, subscribers_for, unsubscribe_url
from loket.mailings.workflow import MAILING_TRANSITIONS, MailingStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A batch that found the mail server unusable tries again after these many seconds: 5, 10, 20, 40,
# then every minute; after the last it stops and the beat's resume_mailings (every 5 minutes) goes on.
SERVER_DOWN_DELAYS = (5, 10, 20, 40, 60, 60, 60)


def batch_size() -> int:
    return getattr(settings, "LOKET_MAILING_BATCH_SIZE", 50)


def server_down_delay(tries: int) -> int | None:
    """Seconds before a batch's next try after `tries` tries found the mail server unusable; None: stop."""
    return SERVER_DOWN_DELAYS[tries] if tries < len(SERVER_DOWN_DELAYS) else None


def retry_delay(attempts: int) -> int:
    """Backoff in seconds after the n-th failed attempt: 1, 2, 4, 8 minutes (at most an hour)."""
    return min(60 * 2 ** max(attempts - 1, 0), 3600)


# --- audience ------------------------------------------------------------------------------------


def _users_with_roles(roles) -> QuerySet:
    return get_user_model()._default_manager.filter(is_active=True, groups__name__in=[str(r) for r in roles])


def audience_of(mailing: Mailing) -> dict[str, dict]:
    """email -> {"name", "user_id"} for everyone the mailing reaches (without opted-out addresses)."""
    people: dict[str, dict] = {}

    def add(email: str, name: str = "", user_id: int | None = None) -> None:
        email = (email or "").strip().lower()
        if email and email not in people:
            people[email] = {"name": name, "user_id": user_id}

    user_filters = Q(pk__in=[])
    if mailing.audience_all_partners:
        user_filters |= Q(groups__name__in=[Role.PRT.value, Role.CDK.value])
    provinces = list(mailing.audience_provinces.all()) if mailing.pk else []
    if provinces:
        user_filters |= Q(groups__name=Role.PRT.value, profile__province__in=provinces)
    if mailing.audience_roles:
        user_filters |= Q(groups__name__in=[str(r) for r in mailing.audience_roles])
    users = get_user_model()._default_manager.filter(user_filters, is_active=True).exclude(email="").distinct()
    for user in users.order_by("pk"):
        add(user.email, user.get_full_name() or user.get_username(), user.pk)
    themes = list(mailing.audience_themes.all()) if mailing.pk else []
    for sub in subscribers_for(general=mailing.audience_general, themes=themes, provinces=provinces).order_by("pk"):
        add(sub.email, "", sub.user_id)
    opted_out = set(opted_out_emails().filter(email__in=list(people)))
    return {email: data for email, data in people.items() if email not in opted_out}


# --- services ------------------------------------------------------------------------------------


def mailing_snapshot(*, mailing: Mailing, people: dict[str, dict]) -> int:
    """Write one pending row per address (rows that exist stay as they are). Returns the new total."""
    rows = [
        MailingRecipient(
            mailing=mailing,
            email=email,
            name=data.get("name", "")[:150],
            user_id=data.get("user_id"),
            context=data.get("context", {}),
        )
        for email, data in people.items()
    ]
    MailingRecipient.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return mailing.recipients.count()


def mailing_transition(
    *, mailing: Mailing, to: MailingStatus | str, by=None, by_name: str = "", note: str = ""
) -> Mailing:
    """Move a mailing (see workflow.MAILING_TRANSITIONS): lock the row, refuse an illegal move in
    Dutch, write the history row. Sending starts the Celery task after commit; a mailing is sent
    (done) only when none of its recipient rows is pending."""
    with transaction.atomic():
        locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
        source = locked.status
        check_transition(MAILING_TRANSITIONS, source, to, noun=_("Een mailing"))
        to = MailingStatus(to)
        if to == MailingStatus.SENT and locked.recipients.filter(status=RecipientStatus.PENDING).exists():
            raise ValidationError(_("Deze mailing is nog niet naar alle ontvangers verstuurd."), code="pending")
        now = timezone.now()
        locked.status = to
        if to == MailingStatus.SENDING:
            locked.sent_at = now
            locked.sent_by = by if getattr(by, "is_authenticated", False) else None
        if to == MailingStatus.SENT:
            locked.finished_at = now
        locked.save(update_fields=["status", "sent_at", "sent_by", "finished_at"])
        MailingStatusChange.record(mailing=locked, source=source, to=to, by=by, by_name=by_name, note=note)
        if to == MailingStatus.SENDING:
            enqueue_on_commit("loket.send_mailing", locked.pk)
    return locked


MAILING_FIELDS = ("subject", "body", "audience_all_partners", "audience_roles", "audience_general")
MAILING_AUDIENCES = ("audience_provinces", "audience_themes")


def mailing_update(*, mailing: Mailing, data: dict) -> Mailing:
    """Save the text and audience of a draft. Locks the row and writes only those fields, so a
    mailing sent in the meantime stays sent; a mailing that is no longer a draft is refused."""
    with transaction.atomic():
        locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if locked.status != MailingStatus.DRAFT:
            raise ValidationError(_("Een verzonden mailing kunt u niet meer wijzigen."), code="not_draft")
        fields = [f for f in MAILING_FIELDS if f in data]
        for field in fields:
            setattr(locked, field, data[field])
        locked.save(update_fields=fields)
        for field in MAILING_AUDIENCES:
            if field in data:
                getattr(locked, field).set(data[field])
    return locked


def mailing_send(*, mailing: Mailing, by) -> Mailing:
    """Snapshot the audience and start sending. A mailing is sent once: a second call does nothing."""

    with transaction.atomic():
        locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if locked.status != MailingStatus.DRAFT:
            return locked
        people = audience_of(locked)
        if not people:
            raise ValidationError(_("Deze mailing heeft geen ontvangers. Kies een doelgroep."))
        attach_new_lessons(locked, people)  # lessons learned published since the previous mailing
        mailing_snapshot(mailing=locked, people=people)
        return mailing_transition(mailing=locked, to=MailingStatus.SENDING, by=by)


def mailing_send_test(*, mailing: Mailing, to: str) -> None:
    """A test mail to the author (not recorded as a recipient)."""

    pk = mailing.pk
    enqueue_on_commit("loket.send_mailing_test", pk, to)


def mailing_progress(mailing: Mailing) -> dict[str, int]:
    counts = mailing.recipients.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=RecipientStatus.SENT)),
        pending=Count("pk", filter=Q(status=RecipientStatus.PENDING)),
        failed=Count("pk", filter=Q(status=RecipientStatus.FAILED)),
    )
    counts["done_percent"] = (
        round(100 * (counts["sent"] + counts["failed"]) / counts["total"]) if counts["total"] else 0
    )
    return counts


def mailings_with_progress() -> QuerySet[Mailing]:
    return (
        Mailing.objects.select_related("created_by")
        .order_by("-created_at", "-pk")
        .annotate(
            total=Count("recipients"),
            sent_count=Count("recipients", filter=Q(recipients__status=RecipientStatus.SENT)),
            pending_count=Count("recipients", filter=Q(recipients__status=RecipientStatus.PENDING)),
            failed_count=Count("recipients", filter=Q(recipients__status=RecipientStatus.FAILED)),
        )
    )


# --- sending -------------------------------------------------------------------------------------


def message_for(mailing: Mailing, recipient_email: str, recipient_context: dict | None = None) -> dict:
    """Template, context and headers of one mailing's mail to one address."""
    unsubscribe = settings.SITE_URL.rstrip("/") + unsubscribe_url(recipient_email)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.LOKET_NAME} <mailings.loket.example.nl>",
    }
    context = {
        "mailing": mailing,
        "subject": mailing.subject,
        "body_html": _body_html(mailing.body),
        "body_text": mailing.body,
        "unsubscribe_url": unsubscribe,
        **(mailing.context or {}),
        **(recipient_context or {}),
    }
    template = "loket/emails/prognosis_update" if mailing.kind == MailingKind.PROGNOSIS else "loket/emails/mailing"
    return {"template": template, "context": context, "headers": headers}


@lru_cache(maxsize=8)
def _body_html(body: str):
    """The mailing's Markdown rendered once per worker, not once per recipient (same text, same HTML)."""
    return render_markdown(body)


class MailServerDown(Exception):
    pass


def deliver_recipient(recipient_id: int, *, connection=None, mailing: Mailing | None = None) -> str:
    """Send one row if it is still pending and not locked by another worker, over `connection` (an
    open `loket.core.mail.mail_connection`; else a connection of its own). `mailing`: the row's
    mailing, read once per batch (else read here). Returns the outcome: "sent", "skipped", "retry" or
    "failed". Raises MailServerDown (row untouched) when the server cannot be used."""
    with transaction.atomic():
        # The row by its primary key alone, without a join: with the mailing joined, PostgreSQL walked
        # the (mailing, status) index over every pending row of the mailing for each recipient
        # (issue 21 item 7: 5,000 recipients, a quadratic mailing).
        row = next(
            iter(
                MailingRecipient.objects.select_for_update(skip_locked=True).filter(
                    pk=recipient_id, status=RecipientStatus.PENDING
                )
            ),
            None,
        )
        if row is None:
            return "skipped"
        if mailing is not None and mailing.pk == row.mailing_id:
            row.mailing = mailing
        now = timezone.now()
        try:
            message = message_for(row.mailing, row.email, row.context)
            message["headers"] = {**message["headers"], "Message-ID": recipient_message_id(row)}
            send_templated_mail(to=[row.email], connection=connection, **message)
        except MAIL_SERVER_DOWN_ERRORS as exc:
            raise MailServerDown(str(exc)) from exc
        except Exception as exc:  # the recipient or the message failed: record it on the row
            row.attempts += 1
            row.reason = f"{type(exc).__name__}: {exc}"[:1000]
            row.last_attempt_at = now
            if row.attempts >= MAX_ATTEMPTS:
                row.status = RecipientStatus.FAILED
            row.save(update_fields=["attempts", "reason", "last_attempt_at", "status"])
            logger.warning("mailing %s: sending to recipient %s failed: %s", row.mailing_id, row.pk, row.reason)
            return "failed" if row.status == RecipientStatus.FAILED else "retry"
        row.status = RecipientStatus.SENT
        row.sent_at = now
        row.attempts += 1
        row.last_attempt_at = now
        row.save(update_fields=["status", "sent_at", "attempts", "last_attempt_at"])
        return "sent"


def recipient_message_id(row: MailingRecipient) -> str:
    """The same Message-ID every time this row's mail is sent. SMTP can deliver a mail twice: a worker
    that dies after the server accepted the mail but before the row is marked sent (a window of one
    commit) sends it again. With the same Message-ID the second copy is the same message, which mail
    programs and many mail servers show or keep only once (RFC 5322, 3.6.4)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "loket.invalid"
    return f"<mailing-{row.mailing_id}.ontvanger-{row.pk}@{domain}>"


def mailing_finish_if_done(mailing_id: int) -> bool:
    """Mark the mailing sent once no row is pending. Several batches may finish at the same time:
    the row lock lets one of them make the move; the others find it done."""
    if MailingRecipient.objects.filter(mailing_id=mailing_id, status=RecipientStatus.PENDING).exists():
        return False
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().filter(pk=mailing_id, status=MailingStatus.SENDING).first()
        if mailing is None or mailing.recipients.filter(status=RecipientStatus.PENDING).exists():
            return False
        mailing_transition(mailing=mailing, to=MailingStatus.SENT, by_name=_("Automatisch"))
    return True


def pending_recipient_ids(mailing_id: int, *, due_only: bool = False) -> list[int]:
    qs = MailingRecipient.objects.filter(mailing_id=mailing_id, status=RecipientStatus.PENDING)
    if due_only:
        now = timezone.now()
        due = Q(attempts=0) | Q(last_attempt_at__isnull=True)
        for attempts in range(1, MAX_ATTEMPTS):
            due |= Q(attempts=attempts, last_attempt_at__lte=now - timedelta(seconds=retry_delay(attempts)))
        qs = qs.filter(due)
    return list(qs.order_by("pk").values_list("pk", flat=True))
