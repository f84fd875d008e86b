"""Mail of the accounts room."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from loket.accounts.models import PasswordResetRequest
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
