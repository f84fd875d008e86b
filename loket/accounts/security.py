"""Cross-cutting security: the role rule for two-factor login, and security.txt.

Two-factor login itself (login with a code, set-up, backup codes, the admin's second step) comes
from django-two-factor-auth on django-otp's devices (see loket.accounts.otp_views). Our own rule:
Kernteam, LRT-secretaris and Beheerder must have a second factor; other users may opt in. A
logged-in user of those roles without a device reaches nothing but the set-up (and logout) until
the app is linked; a session that is logged in without its code (e.g. from before the login asked
for one) is sent back to the login.

The check costs no extra query on a verified request: verification is a key in the session
(django-otp's own), and the roles come from `loket.roles.roles_of`, which the navigation reads
anyway and caches on the user.
"""

from __future__ import annotations

import contextvars
import functools
import time
from datetime import UTC, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.middleware import is_verified
from two_factor.utils import default_device

from loket.core.models import ContactDetails
from loket.core.roles import Role, has_role

# Roles that must use a second factor: every role that reads non-public data of all provinces
# (Kernteam, LRT-secretaris, COA landelijk: drafts of every plan) or manages the portal (Beheerder).
# Everyone else may opt in (two_factor's set-up page): PRT-lid and CdK-medewerker see only their own
# province, an expert only the questions assigned to them.
OTP_REQUIRED_ROLES: tuple[Role, ...] = (Role.KERNTEAM, Role.LRT, Role.COA, Role.BEHEERDER)
# Session flag: this session logged in without a code although the user has a linked app, so it
# still owes one. (The name is the one the earlier own implementation used, so that sessions
# opened before the switch to django-two-factor-auth are still held to their code.)
OTP_PENDING_SESSION_KEY = "loket_otp_opt_in"
# URL names an authenticated but not yet verified user may still open.
OTP_EXEMPT_VIEWS = frozenset(
    {
        "loket:login",
        "two_factor:login",
        "two_factor:setup",
        "two_factor:qr",
        "two_factor:verify_moved",
        "loket:logout",
        "loket:health",
        "security_txt",
        "set_language",
    }
)

# The user of the request being handled (for audit events raised from model signals, e.g. a
# group change in the admin). Set by TwoFactorMiddleware for the duration of each request.
current_user: contextvars.ContextVar[Any] = contextvars.ContextVar("loket_current_user", default=None)


def otp_required_for(user: Any) -> bool:
    return has_role(user, *OTP_REQUIRED_ROLES)


def is_otp_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def needs_second_factor(request: HttpRequest) -> bool:
    """True when this logged-in user must still pass (or set up) a second factor in this session."""
    if is_otp_verified(request):
        return False
    return bool(request.session.get(OTP_PENDING_SESSION_KEY)) or otp_required_for(request.user)


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (request.user.is_verified(), used by two_factor and the admin), but
    the verifying device is read only when is_verified() is first called, not on every request."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated and request.session.get(DEVICE_ID_SESSION_KEY):
            user.is_verified = functools.partial(self._load_and_verify, request, user)
        return user

    def _load_and_verify(self, request, user) -> bool:
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = self._device_from_persistent_id(persistent_id) if persistent_id else None
        user.otp_device = self._finalize_device(request, user, device)
        user.is_verified = functools.partial(is_verified, user)
        return is_verified(user)


class TwoFactorMiddleware:
    """The role rule: sends logged-in users who still owe a second factor to the set-up (no device
    yet) or back to the login (device linked, code not given in this session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_user.reset(token)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OTP_EXEMPT_VIEWS:
            return None
        if not needs_second_factor(request):
            return None
        target = "loket:login" if default_device(user) else "two_factor:setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


@receiver(user_logged_in, dispatch_uid="loket_security_fresh_login")
def _fresh_login(sender, request, user, **kwargs) -> None:
    """A login with a code (two_factor's login) is verified; any other login of a user with a
    linked app (e.g. force_login) is not, and owes the code in this session."""
    if request is None or not hasattr(request, "session"):
        return
    if getattr(user, "otp_device", None) is not None:
        request.session.pop(OTP_PENDING_SESSION_KEY, None)
        return
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if default_device(user):
        request.session[OTP_PENDING_SESSION_KEY] = True
    else:
        request.session.pop(OTP_PENDING_SESSION_KEY, None)


# --- security.txt (RFC 9116) --------------------------------------------------------------------


def security_contact() -> str:
    """The address that receives vulnerability reports: SECURITY_CONTACT, else the loket mailbox."""
    contact = getattr(settings, "SECURITY_CONTACT", "")
    if not contact:
        details = ContactDetails.current()
        contact = details.mailbox if details else "security@example.nl"
    if "://" not in contact and not contact.startswith("mailto:"):
        contact = f"mailto:{contact}"
    return contact


@require_GET
@cache_control(max_age=3600, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    # Expires must lie less than a year ahead (RFC 9116, 2.5.5); the file is generated, so it is
    # always current; the date is rounded to the day so that it does not change per request.
    days = getattr(settings, "SECURITY_TXT_EXPIRES_DAYS", 180)
    expires = (timezone.now() + timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    lines = [
        f"Contact: {security_contact()}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    policy = getattr(settings, "SECURITY_POLICY_URL", "")
    if policy:
        lines.append(f"Policy: {policy}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- Password rules -----------------------------------------------------------------------------


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Dutch message (Django 5.2's Dutch catalogue misses this one)."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}


class SessionRenewalMiddleware:
    """Keep a logged-in session alive while it is used, without writing it on every request.

    Sessions end after SESSION_COOKIE_AGE seconds without activity. Writing the session on every
    request (SESSION_SAVE_EVERY_REQUEST) would cost a database write per page; instead the session
    is renewed when its last renewal is more than SESSION_RENEW_AFTER seconds old, so an idle
    session ends between SESSION_COOKIE_AGE - SESSION_RENEW_AFTER and SESSION_COOKIE_AGE seconds.
    """

    KEY = "_loket_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_RENEW_AFTER:
                session[self.KEY] = now
        return self.get_response(request)
