"""Celery tasks of the loket app. Tasks take ids, are idempotent and retry with backoff."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .mail import send_templated_mail

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 8}


@shared_task(name="loket.ping")
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
