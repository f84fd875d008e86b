"""Two-factor login from django-two-factor-auth, on django-otp's devices.

The views are two_factor's own; these subclasses only add our Dutch forms and templates, the audit
log, our issuer name, the role rule where a page depends on it (a required role cannot switch
two-factor off) and the way back (`next`) after setting up. Paths (Dutch):

- /inloggen/ (loket.accounts.views.LoginView): password, then the code (or a backup code);
- /inloggen/tweestapsverificatie/instellen/ (+ qr-code/): link an authenticator app;
- /inloggen/tweestapsverificatie/reservecodes/: the backup codes, and a new set;
- /profiel/tweestapsverificatie/ (+ uitzetten/): status, opt in, opt out (if allowed).
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor import views as two_factor_views
from two_factor.utils import default_device, get_otpauth_url, totp_digits

from loket.accounts.audit import audit_record
from loket.accounts.forms import SetupCodeForm, TwoFactorDisableForm
from loket.accounts.models import AuditAction
from loket.accounts.security import OTP_PENDING_SESSION_KEY, is_otp_verified, otp_required_for

BACKUP_CODE_COUNT = 10


def safe_next(request, default: str = "") -> str:
    """The `next` of the request when it points into this site, else `default` (the start page)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: `redirect()` would read a bare word ("script") as a view name and fail.
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    if target.startswith("/") and allowed:
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': safe_next(request)})}"


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class SetupView(two_factor_views.SetupView):
    """Link an authenticator app: scan the QR code (or type the key), confirm with one code.

    Straight to the QR code (two_factor's welcome step is left out); afterwards the backup codes."""

    def dispatch(self, request, *args, **kwargs):
        # With an app already linked, only a session that gave its code may replace it.
        if request.user.is_authenticated and not is_otp_verified(request) and default_device(request.user):
            return redirect(with_next(reverse("loket:login"), request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_list(self):
        form_list = super().get_form_list()
        form_list.pop("welcome", None)
        if "generator" in form_list:
            form_list["generator"] = SetupCodeForm
        return form_list

    def get_form_prefix(self, step=None, form=None):
        return ""  # plain field names (token), as on the login page

    def get_success_url(self):
        return with_next(reverse("two_factor:backup_tokens"), self.request)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == "generator":
            # Our name in the app, not the host name (no django.contrib.sites here).
            secret = b32encode(unhexlify(self.get_key("generator").encode("ascii"))).decode("ascii")
            context["issuer"] = settings.OTP_TOTP_ISSUER
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), secret, settings.OTP_TOTP_ISSUER, totp_digits()
            )
            context["secret_grouped"] = _grouped(secret)
        context["required"] = otp_required_for(self.request.user)
        context["next"] = safe_next(self.request)
        return context

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)  # saves the device as "default" and verifies the session
        user = self.request.user
        # The code that confirmed the app cannot be used again (two_factor does not record it).
        app = TOTPDevice.objects.filter(user=user, name="default").order_by("-pk").first()
        app.last_t = TOTP(app.bin_key, app.step, app.t0, app.digits, app.drift).t()
        app.save(update_fields=["last_t"])
        self.request.session.cycle_key()
        self.request.session.pop(OTP_PENDING_SESSION_KEY, None)
        device, _created = user.staticdevice_set.get_or_create(defaults={"name": "backup"})
        device.token_set.all().delete()
        for _n in range(BACKUP_CODE_COUNT):
            device.token_set.create(token=StaticToken.random_token())
        audit_record(action=AuditAction.OTP_SETUP, actor=user, target=user, request=self.request)
        messages.success(self.request, _("Tweestapsverificatie staat aan."))
        return response


class QRGeneratorView(two_factor_views.QRGeneratorView):
    def get_issuer(self):
        return settings.OTP_TOTP_ISSUER


class BackupTokensView(two_factor_views.BackupTokensView):
    """The backup codes (after set-up, and later from the profile); POST makes a new set."""

    number_of_tokens = BACKUP_CODE_COUNT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["codes"] = [token.token for token in context["device"].token_set.all()]
        context["next"] = safe_next(self.request, reverse("two_factor:profile"))
        return context

    def form_valid(self, form):
        super().form_valid(form)
        user = self.request.user
        audit_record(action=AuditAction.BACKUP_CODES, actor=user, target=user, request=self.request)
        messages.success(self.request, _("Er zijn nieuwe reservecodes gemaakt. De oude werken niet meer."))
        return redirect(with_next(reverse("two_factor:backup_tokens"), self.request))


class ProfileView(two_factor_views.ProfileView):
    """Profile page for two-factor login: status, set up (opt in), backup codes, switch off if allowed."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["required"] = otp_required_for(self.request.user)
        return context


class DisableView(two_factor_views.DisableView):
    """Switch two-factor off: only for users whose role does not require it."""

    form_class = TwoFactorDisableForm
    success_url = reverse_lazy("two_factor:profile")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if otp_required_for(request.user):
            messages.error(request, _("Voor uw rol is tweestapsverificatie verplicht; u kunt die niet uitzetten."))
            return redirect("two_factor:profile")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        response = super().form_valid(form)  # deletes the user's devices
        self.request.session.pop(OTP_PENDING_SESSION_KEY, None)
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        audit_record(action=AuditAction.OTP_DISABLED, actor=user, target=user, request=self.request)
        messages.success(self.request, _("Tweestapsverificatie staat uit."))
        return response
