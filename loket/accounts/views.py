"""Login (django-two-factor-auth's, with the second step), logout, password reset and the profile page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import UpdateView
from django_otp.plugins.otp_static.models import StaticDevice
from two_factor import views as two_factor_views

from loket.accounts.audit import audit_record
from loket.accounts.forms import (
    CeleryPasswordResetForm,
    LoginBackupCodeForm,
    LoginCodeForm,
    LoginForm,
    ProfileForm,
)
from loket.accounts.models import AuditAction
from loket.accounts.security import needs_second_factor
from loket.accounts.services import (
    EmailChangeLinkError,
    api_token_create,
    api_token_of,
    api_token_revoke,
    email_change_confirm,
    email_change_for_token,
    email_change_pending,
    profile_update,
)
from loket.core.ratelimits import request_limited, too_many_requests
from loket.core.roles import RoleRequiredMixin, organisation_of, province_of, roles_of
from loket.mailings.forms import ProfileSubscriptionForm
from loket.mailings.subscription_views import ProfileSubscriptionView


class LoginView(two_factor_views.LoginView):
    """two_factor's login wizard: password ("auth"), then the app's code ("token") or a backup code
    ("backup") for users with a linked app. Django logs the user in only after the last step.

    The fields keep their plain names (username, password, otp_token: no step prefix), so that the
    login lock (django-axes reads `username`) and password managers work as before, and a plain
    POST of username and password (without the wizard's step field) is the first step.
    """

    form_list = (("auth", LoginForm), ("token", LoginCodeForm), ("backup", LoginBackupCodeForm))

    def dispatch(self, request, *args, **kwargs):
        # Logged in and done (verified, or no second factor owed): nothing to do here.
        if request.user.is_authenticated and not needs_second_factor(request):
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_redirect_url(self):
        # Only a path on this site: a bare word ("script") would be followed as a relative address.
        url = super().get_redirect_url()
        return url if url.startswith("/") and not url.startswith("//") else ""

    def get_form_list(self):
        form_list = super().get_form_list()
        for step, form_class in type(self).form_list:
            if step in form_list:
                form_list[step] = form_class  # two_factor puts its own token form in, per device type
        return form_list

    def get_form_prefix(self, step=None, form=None):
        return ""

    def post(self, *args, **kwargs):
        step_field = f"{self.prefix}-current_step"
        if step_field not in self.request.POST:
            data = self.request.POST.copy()
            data[step_field] = self.AUTH_STEP
            self.request.POST = data
        return super().post(*args, **kwargs)

    def render(self, form=None, **kwargs):
        if form is not None and form.is_bound and form.errors and self.steps.current != self.AUTH_STEP:
            user = self.get_user()
            audit_record(action=AuditAction.OTP_FAILED, actor=user, target=user, request=self.request)
        return super().render(form, **kwargs)

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        user = self.get_user()
        device = getattr(user, "otp_device", None)
        if device is not None:
            backup = isinstance(device, StaticDevice)
            audit_record(
                action=AuditAction.OTP_VERIFIED,
                actor=user,
                target=user,
                request=self.request,
                details={"middel": "reservecode" if backup else "app"},
            )
            if backup:
                left = device.token_set.count()
                messages.warning(
                    self.request, _("U heeft een reservecode gebruikt. U heeft er nog %(left)s over.") % {"left": left}
                )
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "loket/password_reset_form.html"
    form_class = CeleryPasswordResetForm
    success_url = reverse_lazy("loket:password_reset_done")

    def form_valid(self, form):
        # Limits per client address and overall, counted for every address (known or not); the
        # form itself limits the mails per account (CeleryPasswordResetForm.save).
        if request_limited(self.request, group="password_reset"):
            return too_many_requests(
                self.request,
                _(
                    "Er zijn vanaf uw adres of in totaal te veel nieuwe wachtwoorden aangevraagd. "
                    "Probeer het over een uur opnieuw."
                ),
            )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "loket/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "loket/password_reset_confirm.html"
    success_url = reverse_lazy("loket:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "loket/password_reset_complete.html"


class ProfileView(RoleRequiredMixin, UpdateView):
    template_name = "loket/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("loket:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["roles"] = sorted(role.value for role in roles_of(user))
        ctx["organisation"] = organisation_of(user)
        ctx["province"] = province_of(user)
        ctx.setdefault("subscription_form", ProfileSubscriptionForm(initial=ProfileSubscriptionView.initial_for(user)))
        ctx["email_change"] = email_change_pending(user)
        ctx["api_token"] = api_token_of(user)
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        user = get_user_model()._default_manager.get(pk=self.request.user.pk)  # the stored address
        try:
            change = profile_update(
                user=user, first_name=data["first_name"], last_name=data["last_name"], email=data["email"]
            )
        except ValidationError as exc:
            form.add_error("email", exc)
            return self.form_invalid(form)
        if change is None:
            messages.success(self.request, _("Uw gegevens zijn opgeslagen."))
        else:
            messages.success(
                self.request,
                _(
                    "Uw gegevens zijn opgeslagen. Wij hebben een mail met een link gestuurd naar %(email)s. "
                    "Uw e-mailadres verandert pas als u op die link klikt; tot dan blijft %(old)s uw adres."
                )
                % {"email": change.new_email, "old": change.old_email or "-"},
            )
        return redirect(self.success_url)


class ApiTokenView(RoleRequiredMixin, View):
    """The API key for partner systems (loket.api): make one (a new one replaces the old) or revoke it.
    A new key is shown once, on the page this POST returns; only its digest is stored."""

    http_method_names = ["post"]

    def post(self, request):
        if request.POST.get("actie") == "intrekken":
            if api_token_revoke(user=request.user):
                messages.success(
                    request, _("Uw API-sleutel is ingetrokken. Koppelingen met die sleutel werken niet meer.")
                )
            return redirect("loket:profile")
        key = api_token_create(user=request.user)
        response = render(request, "loket/api/token_created.html", {"key": key})
        response["Cache-Control"] = "no-store"
        return response


EMAIL_CHANGE_LINK_MESSAGES = {
    "invalid": _("Deze link is ongeldig. Misschien is hij niet volledig gekopieerd."),
    "expired": _("Deze link is verlopen. Vul het nieuwe e-mailadres opnieuw in op uw profielpagina."),
    "used": _("Deze link is al gebruikt of vervangen door een nieuwere link."),
}


class EmailChangeConfirmView(View):
    """The link in the mail to the new address: GET shows a button (link scanners change nothing),
    POST makes the new address the account's address. No login needed: the signed link is the proof."""

    template_name = "loket/email_change_confirm.html"

    def problem(self, request, reason: str):
        status = 400 if reason == "invalid" else 410 if reason == "expired" else 200
        context = {"problem": EMAIL_CHANGE_LINK_MESSAGES.get(reason, EMAIL_CHANGE_LINK_MESSAGES["invalid"])}
        return render(request, self.template_name, context, status=status)

    def get(self, request, token: str):
        try:
            change = email_change_for_token(token)
        except EmailChangeLinkError as exc:
            return self.problem(request, exc.reason)
        return render(request, self.template_name, {"change": change, "token": token})

    def post(self, request, token: str):
        try:
            change = email_change_confirm(token=token)
        except EmailChangeLinkError as exc:
            return self.problem(request, exc.reason)
        except ValidationError as exc:
            return render(request, self.template_name, {"problem": " ".join(exc.messages)}, status=409)
        return render(request, self.template_name, {"confirmed": change})
