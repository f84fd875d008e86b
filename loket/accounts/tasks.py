"""Mail of the accounts room."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from loket.accounts.models import EmailChangeRequest, PasswordResetRequest
from loket.accounts.services import email_change_url
from loket.core.mail import send_templated_mail, send_templated_mail_once
from loket.core.tasks import RETRY


@shared_task(name="loket.send_password_reset", **RETRY)
def send_password_reset(user_id: int, request_id: int | None = None) -> None:
    """The password-reset mail, once per request (`PasswordResetRequest.sent_at`): a user who asks
    again gets a new mail, a redelivered task or an outbox row handed over twice does not. A task
    without `request_id` was queued before requests were recorded and is sent as it was."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    mail = {
        "template": "loket/emails/password_reset",
        "context": {
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
        "to": [user.email],
    }
    if request_id is None:
        send_templated_mail(**mail)
        return
    send_templated_mail_once(
        rows=PasswordResetRequest.objects.filter(pk=request_id, user_id=user.pk), marker="sent_at", **mail
    )


def _open_change(change_id: int):
    return EmailChangeRequest.objects.filter(pk=change_id, confirmed_at__isnull=True).select_related("user").first()


@shared_task(name="loket.send_email_change_confirmation", **RETRY)
def send_email_change_confirmation(change_id: int) -> None:
    """The signed link to the NEW address, once per request (`confirmation_sent_at`); nothing when
    the request was replaced or confirmed meanwhile."""
    change = _open_change(change_id)
    if change is None:
        return
    send_templated_mail_once(
        rows=EmailChangeRequest.objects.filter(pk=change.pk, confirmed_at__isnull=True),
        marker="confirmation_sent_at",
        template="loket/emails/email_change_confirm",
        context={"user": change.user, "change": change, "confirm_url": email_change_url(change)},
        to=[change.new_email],
    )


@shared_task(name="loket.send_email_change_notice", **RETRY)
def send_email_change_notice(change_id: int) -> None:
    """The notice to the OLD address that a change was asked for, once per request (`notice_sent_at`)."""
    change = EmailChangeRequest.objects.filter(pk=change_id).select_related("user").first()
    if change is None or not change.old_email:
        return
    send_templated_mail_once(
        rows=EmailChangeRequest.objects.filter(pk=change.pk),
        marker="notice_sent_at",
        template="loket/emails/email_change_notice",
        context={"user": change.user, "change": change},
        to=[change.old_email],
    )
