"""Celery tasks of subscriptions, mailings and the prognosis update."""

import logging

from celery import shared_task
from django.conf import settings

from loket.core.mail import (
    MAIL_SERVER_DOWN_ERRORS,
    mail_connection,
    mail_server_problem,
    send_templated_mail,
    send_templated_mail_once,
)
from loket.core.tasks import RETRY
from loket.mailings.models import Mailing, MailingRecipient, MailingStatus, Subscription
from loket.mailings.prognosis import prognosis_update_prepare, rounds_due_for_mailing
from loket.mailings.services import (
    MailServerDown,
    batch_size,
    deliver_recipient,
    mailing_finish_if_done,
    message_for,
    pending_recipient_ids,
    retry_delay,
    server_down_delay,
)
from loket.mailings.subscriptions import confirm_url

logger = logging.getLogger(__name__)


def _chunks(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@shared_task(name="loket.send_subscription_confirmation", **RETRY)
def send_subscription_confirmation(subscription_id: int, nonce: str) -> None:
    """The double opt-in mail, once per request: a request has its own nonce and clears the sent-marker
    `confirmation_sent_at`, which this task claims. Skipped when a newer request replaced this one
    (other nonce): that request has its own mail."""
    subscription = Subscription.objects.filter(pk=subscription_id, confirm_nonce=nonce).first()
    if subscription is None or not nonce:
        return
    send_templated_mail_once(
        rows=Subscription.objects.filter(pk=subscription.pk, confirm_nonce=nonce),
        marker="confirmation_sent_at",
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
    ids = pending_recipient_ids(mailing_id)
    for chunk in _chunks(ids, batch_size()):
        send_mailing_batch.delay(mailing_id, chunk)
    mailing_finish_if_done(mailing_id)
    return len(ids)


@shared_task(name="loket.send_mailing_batch", **RETRY)
def send_mailing_batch(mailing_id: int, recipient_ids: list[int], server_down_tries: int = 0) -> dict:
    """Send a batch over one SMTP connection; each row is locked, checked and marked on its own (see
    loket/mailings/services.py). A mail server that cannot be used leaves the rest of the batch
    pending, untouched, and the batch tries again after `server_down_delay` (within a minute)."""
    outcomes = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    retry_ids = []
    done = 0
    mailing = Mailing.objects.filter(pk=mailing_id).first()  # once per batch, not once per row
    try:
        with mail_connection() as connection:
            for recipient_id in recipient_ids:
                outcome = deliver_recipient(recipient_id, connection=connection, mailing=mailing)
                done += 1
                outcomes[outcome] += 1
                if outcome == "retry":
                    retry_ids.append(recipient_id)
    except (MailServerDown, *MAIL_SERVER_DOWN_ERRORS) as exc:
        cause = exc.__cause__ if isinstance(exc, MailServerDown) and exc.__cause__ else exc
        delay = server_down_delay(server_down_tries)
        logger.warning(
            "mailing %s: mail server unreachable or unusable: %s; %s rows stay pending, %s",
            mailing_id,
            mail_server_problem(cause),
            len(recipient_ids) - done,
            f"next try in {delay} s" if delay is not None else "resume_mailings (beat) takes over",
        )
        outcomes["server_down"] = 1
        if delay is not None:
            send_mailing_batch.apply_async((mailing_id, recipient_ids[done:], server_down_tries + 1), countdown=delay)
    if retry_ids:
        attempts = max(MailingRecipient.objects.filter(pk__in=retry_ids).values_list("attempts", flat=True), default=1)
        send_mailing_batch.apply_async((mailing_id, retry_ids), countdown=retry_delay(attempts))
    mailing_finish_if_done(mailing_id)
    return outcomes


@shared_task(name="loket.resume_mailings", **RETRY)
def resume_mailings() -> int:
    """Safety net (beat): send rows left pending by a dead worker or a mail server that was down."""
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
    mailing = prognosis_update_prepare(round_id=round_id)
    return mailing.pk if mailing else None


@shared_task(name="loket.send_due_prognosis_updates", **RETRY)
def send_due_prognosis_updates() -> list[int]:
    """Beat safety net (1 January and 1 July): published rounds marked for mailing, not yet mailed."""
    round_ids = rounds_due_for_mailing()
    for round_id in round_ids:
        send_prognosis_update.delay(round_id)
    return round_ids
