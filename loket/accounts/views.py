"""Login, logout, password reset and the profile page."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import UpdateView

from loket.accounts.forms import CeleryPasswordResetForm, LoginForm, ProfileForm
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
        return ctx

    def form_valid(self, form):
        messages.success(self.request, _("Uw gegevens zijn opgeslagen."))
        return super().form_valid(form)
