"""Writes of the accounts room: password-reset requests, the profile, a change of e-mail address
and the API key for partner systems."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.models import ApiToken, EmailChangeRequest, PasswordResetRequest
from loket.core.outbox import enqueue_on_commit
from loket.mailings.subscriptions import subscription_follow_email_change

EMAIL_CHANGE_SALT = "loket.accounts.email_change"


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


# --- profile and e-mail address ------------------------------------------------------------------


def _same_address(a: str, b: str) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def _address_taken(email: str, *, user) -> bool:
    return get_user_model()._default_manager.filter(email__iexact=email.strip()).exclude(pk=user.pk).exists()


def profile_update(*, user, first_name: str, last_name: str, email: str) -> EmailChangeRequest | None:
    """Save the name at once; a new e-mail address only after it is confirmed (`email_change_request`).
    Returns the open change request when the address changed, else None."""
    with transaction.atomic():
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        if _same_address(email, user.email):
            if email.strip() != user.email:  # only the capitalisation: the same mailbox
                user.email = email.strip()
                user.save(update_fields=["email"])
            return None
        return email_change_request(user=user, new_email=email)


def email_change_request(*, user, new_email: str) -> EmailChangeRequest:
    """Ask to change the account's address: the new address gets a signed link
    (loket.send_email_change_confirmation), the old one a notice (loket.send_email_change_notice).
    The account keeps its old address until the link is used. Refuses an address of another account."""
    new_email = new_email.strip()
    if not new_email:
        raise ValidationError(_("Vul uw e-mailadres in."), code="required")
    if _address_taken(new_email, user=user):
        raise ValidationError(_("Dit e-mailadres hoort al bij een ander account."), code="taken")
    with transaction.atomic():
        EmailChangeRequest.objects.filter(user=user, confirmed_at__isnull=True).delete()  # a newer one replaces
        change = EmailChangeRequest.objects.create(
            user=user, old_email=user.email, new_email=new_email, nonce=secrets.token_urlsafe(16)
        )
        enqueue_on_commit("loket.send_email_change_confirmation", change.pk)
        if change.old_email:
            enqueue_on_commit("loket.send_email_change_notice", change.pk)
    return change


def email_change_token(change: EmailChangeRequest) -> str:
    return signing.dumps({"r": change.pk, "n": change.nonce}, salt=EMAIL_CHANGE_SALT, compress=True)


def email_change_url(change: EmailChangeRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "loket:email_change_confirm", kwargs={"token": email_change_token(change)}
    )


class EmailChangeLinkError(Exception):
    """An invalid, expired or used link; `reason` is one of: invalid, expired, used."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def email_change_for_token(token: str) -> EmailChangeRequest:
    """The open change request of a link. Raises EmailChangeLinkError."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise EmailChangeLinkError("expired") from exc
    except signing.BadSignature as exc:
        raise EmailChangeLinkError("invalid") from exc
    if not isinstance(data, dict) or not str(data.get("r", "")).isdigit() or not data.get("n"):
        raise EmailChangeLinkError("invalid")
    change = EmailChangeRequest.objects.filter(pk=data["r"]).select_related("user").first()
    if change is None or change.nonce != data["n"] or change.confirmed_at is not None:
        raise EmailChangeLinkError("used")
    return change


def email_change_confirm(*, token: str) -> EmailChangeRequest:
    """Make the new address the account's address. Raises EmailChangeLinkError for a bad link and
    ValidationError when another account took the address in the meantime. The person's own
    subscription follows to the new address (never another person's: see
    loket.mailings.subscriptions.subscription_follow_email_change)."""
    change = email_change_for_token(token)
    with transaction.atomic():
        change = EmailChangeRequest.objects.select_for_update().filter(pk=change.pk, confirmed_at__isnull=True).first()
        if change is None:
            raise EmailChangeLinkError("used")
        user = get_user_model()._default_manager.select_for_update().get(pk=change.user_id)
        if _address_taken(change.new_email, user=user):
            raise ValidationError(_("Dit e-mailadres hoort inmiddels bij een ander account."), code="taken")
        old_email = user.email
        user.email = change.new_email
        user.save(update_fields=["email"])
        change.confirmed_at = timezone.now()
        change.save(update_fields=["confirmed_at"])
        subscription_follow_email_change(user=user, old_email=old_email, new_email=change.new_email)
    return change


def email_change_pending(user) -> EmailChangeRequest | None:
    """The open change of this account's address, if any (shown on the profile page)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return EmailChangeRequest.objects.filter(user=user, confirmed_at__isnull=True).first()


# --- retention ------------------------------------------------------------------------------------


def account_requests_due(*, now=None) -> dict[str, Any]:
    """Password-reset and e-mail-change requests older than ACCOUNT_REQUESTS_RETENTION_DAYS: their
    links expired long ago, and they hold addresses (the old and the new one) nobody needs any more."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ACCOUNT_REQUESTS_RETENTION_DAYS)
    return {
        "password_resets": PasswordResetRequest.objects.filter(requested_at__lt=cutoff),
        "email_changes": EmailChangeRequest.objects.filter(requested_at__lt=cutoff),
    }


def account_requests_purge(*, now=None) -> int:
    """Delete the requests `account_requests_due` returns; the number deleted."""
    return sum(queryset.delete()[0] for queryset in account_requests_due(now=now).values())


API_TOKEN_PREFIX = "lfa_"  # noqa: S105 - not a secret: the recognisable start of every key


def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user) -> str:
    """Make the user's API key (a new one replaces the old, which stops working at once) and return
    it: the only moment the key is known. Only its digest is stored."""
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.filter(user=user).delete()
        ApiToken.objects.create(user=user, digest=_token_digest(key), prefix=key[len(API_TOKEN_PREFIX) :][:8])
    return key


def api_token_of(user) -> ApiToken | None:
    """The user's API key (its start and dates; the key itself is not stored)."""
    return ApiToken.objects.filter(user=user).first()


def api_token_revoke(*, user) -> bool:
    """Remove the user's API key; whether there was one."""
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    return bool(deleted)


def api_token_user(key: str):
    """The active user an API key belongs to, or None; notes when the key was last used (at most
    once a minute, so a busy partner system does not write on every request)."""
    if not key or not key.startswith(API_TOKEN_PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_token_digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
