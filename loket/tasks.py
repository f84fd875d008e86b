"""Celery tasks of the loket app. Tasks take ids, are idempotent and retry with backoff."""

import logging

from celery import Task, shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .mail import send_templated_mail


class DurableTask(Task):
    """A task that is never lost to a mail server that stays down longer than all its retries:
    when the last retry fails because the server cannot be reached, the task is kept in the outbox
    and `loket.flush_outbox` hands it over again (a new round of retries) until it goes through."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from .outbox import keep_after_failure

        keep_after_failure(self, exc, args)
        super().on_failure(exc, task_id, args, kwargs, einfo)


RETRY = {
    "base": DurableTask,
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(name="loket.ping", ignore_result=False)
def ping() -> str:
    """Round trip used by the health check tests and the broker tests."""
    return "pong"


@shared_task(name="loket.send_password_reset", **RETRY)
def send_password_reset(user_id: int) -> None:
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    send_templated_mail(
        template="loket/emails/password_reset",
        context={
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
        to=[user.email],
    )


@shared_task(name="loket.flush_outbox")
def flush_outbox() -> int:
    """Beat: hand tasks that were kept while the broker was down to the broker."""
    from .outbox import flush_outbox as flush

    return flush()


# --- subscriptions and mailings ------------------------------------------------------------------

logger = logging.getLogger(__name__)


def _chunks(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@shared_task(name="loket.send_subscription_confirmation", **RETRY)
def send_subscription_confirmation(subscription_id: int, nonce: str) -> None:
    """The double opt-in mail. Skipped when a newer request replaced this one (other nonce)."""
    from .models import Subscription
    from .subscriptions import confirm_url

    subscription = Subscription.objects.filter(pk=subscription_id, confirm_nonce=nonce).first()
    if subscription is None or not nonce:
        return
    send_templated_mail(
        template="loket/emails/subscription_confirm",
        context={
            "confirm_url": settings.SITE_URL.rstrip("/") + confirm_url(subscription),
            "subscription": subscription,
        },
        to=[subscription.email],
    )


@shared_task(name="loket.send_mailing", **RETRY)
def send_mailing(mailing_id: int) -> int:
    """Queue the pending rows of a mailing in batches. Safe to run any number of times."""
    from .mailings import batch_size, mailing_finish_if_done, pending_recipient_ids

    ids = pending_recipient_ids(mailing_id)
    for chunk in _chunks(ids, batch_size()):
        send_mailing_batch.delay(mailing_id, chunk)
    mailing_finish_if_done(mailing_id)
    return len(ids)


@shared_task(name="loket.send_mailing_batch", **RETRY)
def send_mailing_batch(mailing_id: int, recipient_ids: list[int]) -> dict:
    """Send a batch; each row is locked, checked and marked on its own (see loket/mailings.py)."""
    from .mailings import MailServerDown, deliver_recipient, mailing_finish_if_done, retry_delay
    from .models import MailingRecipient

    outcomes = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    retry_ids = []
    for recipient_id in recipient_ids:
        try:
            outcome = deliver_recipient(recipient_id)
        except MailServerDown as exc:
            # Rows stay pending and untouched; resume_mailings sends them when the server is back.
            logger.warning("mailing %s: mail server unreachable (%s); rows stay pending", mailing_id, exc)
            outcomes["server_down"] = 1
            return outcomes
        outcomes[outcome] += 1
        if outcome == "retry":
            retry_ids.append(recipient_id)
    if retry_ids:
        attempts = max(MailingRecipient.objects.filter(pk__in=retry_ids).values_list("attempts", flat=True), default=1)
        send_mailing_batch.apply_async((mailing_id, retry_ids), countdown=retry_delay(attempts))
    mailing_finish_if_done(mailing_id)
    return outcomes


@shared_task(name="loket.resume_mailings", **RETRY)
def resume_mailings() -> int:
    """Safety net (beat): send rows left pending by a dead worker or a mail server that was down."""
    from .mailings import batch_size, mailing_finish_if_done, pending_recipient_ids
    from .models import Mailing, MailingStatus

    queued = 0
    for mailing_id in Mailing.objects.filter(status=MailingStatus.SENDING).values_list("pk", flat=True):
        ids = pending_recipient_ids(mailing_id, due_only=True)
        for chunk in _chunks(ids, batch_size()):
            send_mailing_batch.delay(mailing_id, chunk)
        queued += len(ids)
        mailing_finish_if_done(mailing_id)
    return queued


@shared_task(name="loket.send_mailing_test", **RETRY)
def send_mailing_test(mailing_id: int, to: str) -> None:
    from .mailings import message_for
    from .models import Mailing

    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or not to:
        return
    message = message_for(mailing, to)
    message["context"]["is_test"] = True
    send_templated_mail(to=[to], **message)


@shared_task(name="loket.send_prognosis_update", **RETRY)
def send_prognosis_update(round_id: int) -> int | None:
    """Mail every PRT-lid and confirmed subscriber of a province their figures of a published
    prognosis round, once per round (the round records mailed_at). Returns the mailing id."""
    from .prognosis import prognosis_update_prepare

    mailing = prognosis_update_prepare(round_id=round_id)
    return mailing.pk if mailing else None


@shared_task(name="loket.send_due_prognosis_updates", **RETRY)
def send_due_prognosis_updates() -> list[int]:
    """Beat safety net (1 January and 1 July): published rounds marked for mailing, not yet mailed."""
    from .prognosis import rounds_due_for_mailing

    round_ids = rounds_due_for_mailing()
    for round_id in round_ids:
        send_prognosis_update.delay(round_id)
    return round_ids


@shared_task(name="loket.remind_expiring_frameworks", **RETRY)
def remind_expiring_frameworks() -> int:
    """Tell the core team about frameworks whose validity ends within a month (once per end date)."""
    from .publications import frameworks_expiring_unreminded, mark_expiry_reminded
    from .roles import Role

    frameworks = list(frameworks_expiring_unreminded())
    if not frameworks:
        return 0
    recipients = sorted(
        set(
            get_user_model()
            ._default_manager.filter(is_active=True, groups__name=Role.KERNTEAM.value)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if recipients:
        send_templated_mail(
            template="loket/emails/frameworks_expiring",
            context={"frameworks": frameworks},
            to=recipients,
        )
    mark_expiry_reminded(frameworks)
    return len(frameworks)


@shared_task(name="loket.anonymise_personal_data", **RETRY)
def anonymise_personal_data() -> dict:
    """Daily: remove personal data past its retention period (see loket/privacy.py)."""
    from .privacy import anonymise_due

    return anonymise_due()
