"""Two-factor pages: set up an authenticator app, verify a code after login, backup codes.

Paths (Dutch): /inloggen/tweestapsverificatie/ (verify), .../instellen/ (set up),
.../reservecodes/ (backup codes once after set-up), /profiel/tweestapsverificatie/ (manage, opt in).
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.accounts.audit import audit_record
from loket.accounts.models import AuditAction
from loket.accounts.security import OTP_OPT_IN_SESSION_KEY, is_otp_verified, otp_required_for
from loket.core.roles import RoleRequiredMixin

BACKUP_CODE_COUNT = 10
NEW_CODES_SESSION_KEY = "loket_otp_new_backup_codes"
WRONG_CODE = _("Deze code klopt niet of is verlopen. Probeer het opnieuw met de code die nu in uw app staat.")
THROTTLED = _("U heeft te vaak een verkeerde code ingevuld. Wacht een minuut en probeer het dan opnieuw.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("De zescijferige code uit uw authenticator-app, of een van uw reservecodes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Vul de code in.")},
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class SetupCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=8,
        help_text=_("Vul de zescijferige code in die de app nu laat zien."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Vul de code in.")},
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: `redirect()` would read a bare word ("script") as a view name and fail.
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    if target.startswith("/") and allowed:
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_data_uri(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def _secret_for_typing(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _new_backup_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Reservecodes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


class OtpVerifyView(RoleRequiredMixin, View):
    """Second step of the login: a code from the app (or a backup code)."""

    template_name = "loket/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect(f"{reverse('otp:setup')}?{urlencode({'next': _next_url(request)})}")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if is_otp_verified(request):
            return redirect(_next_url(request))
        return self._render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        user = request.user
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True)) + list(
            StaticDevice.objects.filter(user=user, confirmed=True)
        )
        if not any(device.verify_is_allowed()[0] for device in devices):
            form.add_error("code", THROTTLED)
            return self._render(request, form)
        code = form.cleaned_data["code"]
        # A six-digit code is tried on the app only, so it never consumes (nor throttles) backup codes.
        candidates = [d for d in devices if isinstance(d, TOTPDevice) == (code.isdigit() and len(code) == 6)]
        device = next((d for d in candidates if verify_token(user, d.persistent_id, code)), None)
        if device is None:
            audit_record(action=AuditAction.OTP_FAILED, actor=user, target=user, request=request)
            form.add_error("code", WRONG_CODE)
            return self._render(request, form)
        request.session.cycle_key()
        otp_login(request, device)
        audit_record(
            action=AuditAction.OTP_VERIFIED,
            actor=user,
            target=user,
            request=request,
            details={"middel": "reservecode" if isinstance(device, StaticDevice) else "app"},
        )
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            messages.warning(
                request,
                _("U heeft een reservecode gebruikt. U heeft er nog %(left)s over.") % {"left": left},
            )
        return redirect(_next_url(request))

    def _render(self, request: HttpRequest, form: forms.Form) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "next": _next_url(request)})


class OtpSetupView(RoleRequiredMixin, View):
    """Link an authenticator app: scan the QR code (or type the key), confirm with one code."""

    template_name = "loket/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # With a device already linked, only a verified session may replace it.
        if (
            request.user.is_authenticated
            and not is_otp_verified(request)
            and TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        ):
            return redirect(f"{reverse('otp:verify')}?{urlencode({'next': _next_url(request)})}")
        return super().dispatch(request, *args, **kwargs)

    def _pending_device(self, user) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        return device or TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, SetupCodeForm(), self._pending_device(request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        device = self._pending_device(request.user)
        form = SetupCodeForm(request.POST)
        if form.is_valid() and not device.verify_is_allowed()[0]:
            form.add_error("code", THROTTLED)
        elif form.is_valid() and not device.verify_token(form.cleaned_data["code"]):
            form.add_error("code", WRONG_CODE)
        if not form.is_valid():
            return self._render(request, form, device)
        user = request.user
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_backup_codes(user)
        request.session.cycle_key()
        otp_login(request, device)
        request.session[OTP_OPT_IN_SESSION_KEY] = True
        request.session[NEW_CODES_SESSION_KEY] = codes
        audit_record(action=AuditAction.OTP_SETUP, actor=user, target=user, request=request)
        messages.success(request, _("Tweestapsverificatie staat aan."))
        return redirect(f"{reverse('otp:backup_codes')}?{urlencode({'next': _next_url(request)})}")

    def _render(self, request: HttpRequest, form: forms.Form, device: TOTPDevice) -> HttpResponse:
        context = {
            "form": form,
            "qr_code": _qr_data_uri(device),
            "secret": _secret_for_typing(device),
            "required": otp_required_for(request.user),
            "next": _next_url(request),
        }
        return render(request, self.template_name, context)


class OtpBackupCodesView(RoleRequiredMixin, View):
    """Shows new backup codes once (after set-up or on request); POST makes a new set."""

    template_name = "loket/otp_backup_codes.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
        return render(request, self.template_name, {"codes": codes, "next": _next_url(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        if not is_otp_verified(request):
            return redirect("otp:manage")
        request.session[NEW_CODES_SESSION_KEY] = _new_backup_codes(request.user)
        audit_record(action=AuditAction.BACKUP_CODES, actor=request.user, target=request.user, request=request)
        return redirect("otp:backup_codes")


class OtpManageView(RoleRequiredMixin, View):
    """Profile page for two-factor login: status, opt in, new backup codes, opt out if allowed."""

    template_name = "loket/otp_manage.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        static = StaticDevice.objects.filter(user=user).first()
        context = {
            "enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "required": otp_required_for(user),
            "codes_left": static.token_set.count() if static else 0,
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if request.POST.get("action") == "uitzetten":
            if otp_required_for(user):
                messages.error(request, _("Voor uw rol is tweestapsverificatie verplicht; u kunt die niet uitzetten."))
            elif is_otp_verified(request):
                TOTPDevice.objects.filter(user=user).delete()
                StaticDevice.objects.filter(user=user).delete()
                request.session.pop(DEVICE_ID_SESSION_KEY, None)
                request.session.pop(OTP_OPT_IN_SESSION_KEY, None)
                audit_record(action=AuditAction.OTP_DISABLED, actor=user, target=user, request=request)
                messages.success(request, _("Tweestapsverificatie staat uit."))
        return redirect("otp:manage")
