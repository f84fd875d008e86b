"""Mail of the accounts room."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from loket.core.mail import send_templated_mail
from loket.core.tasks import RETRY


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
