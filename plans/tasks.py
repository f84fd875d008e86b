"""Celery tasks of the plans app. They take ids, are idempotent and retry with backoff."""

from celery import shared_task

from loket.core.mail import send_templated_mail_once
from loket.core.tasks import RETRY

from .models import SupportStatusChange


@shared_task(name="plans.send_support_update", **RETRY)
def send_support_update(change_id: int) -> bool:
    """Mail the requester of a support request about one step (received, accepted, declined, planned,
    done), exactly once: the history row's `mailed_at` is the sent-marker."""
    change = (
        SupportStatusChange.objects.select_related("request__province", "request__requested_by", "request__assignee")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return False
    requester = change.request.requested_by
    if requester is None or not requester.email:
        return False
    return send_templated_mail_once(
        rows=SupportStatusChange.objects.filter(pk=change_id),
        marker="mailed_at",
        template="plans/emails/support_update",
        context={"user": requester, "request": change.request, "change": change},
        to=[requester.email],
    )
