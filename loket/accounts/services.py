"""Writes of the accounts room."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from loket.accounts.models import PasswordResetRequest
from loket.core.outbox import enqueue_on_commit


def password_reset_request(*, user) -> PasswordResetRequest:
    """Record a request for a password-reset mail and send it on commit (loket.send_password_reset).
    The user's requests whose link would have expired by now are removed."""
    now = timezone.now()
    with transaction.atomic():
        PasswordResetRequest.objects.filter(
            user=user, requested_at__lt=now - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        ).delete()
        request = PasswordResetRequest.objects.create(user=user, requested_at=now)
        enqueue_on_commit("loket.send_password_reset", user.pk, request.pk)
    return request
