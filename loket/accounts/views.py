"""Login, logout, password reset and the profile page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import UpdateView

from loket.accounts.forms import CeleryPasswordResetForm, LoginForm, ProfileForm
from loket.accounts.services import (
    EmailChangeLinkError,
    email_change_confirm,
    email_change_for_token,
    email_change_pending,
    profile_update,
)
from loket.core.ratelimits import request_limited, too_many_requests
from loket.core.roles import RoleRequiredMixin, organisation_of, province_of, roles_of
from loket.mailings.forms import ProfileSubscriptionForm
from loket.mailings.subscription_views import ProfileSubscriptionView


class LoginView(auth_views.LoginView):
    template_name = "loket/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
