"""Subscribing (double opt-in), confirming, unsubscribing (also RFC 8058 one-click POST) and the
partner's own choices on the profile page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from loket.core.ratelimits import request_limited, too_many_requests
from loket.core.roles import RoleRequiredMixin
from loket.core.submission import SubmitOnceMixin
from loket.mailings.forms import ProfileSubscriptionForm, SubscribeForm
from loket.mailings.subscriptions import (
    LinkError,
    email_from_unsubscribe_token,
    subscription_confirm,
    subscription_for_user,
    subscription_request,
    subscription_unsubscribe,
    subscription_update_for_user,
)

LINK_MESSAGES = {
    "invalid": gettext_lazy("Deze link is ongeldig. Misschien is hij niet volledig gekopieerd."),
    "expired": gettext_lazy("Deze link is verlopen. Meld u opnieuw aan; u krijgt dan een nieuwe link."),
    "used": gettext_lazy(
        "Deze link is al gebruikt of vervangen door een nieuwere link. "
        "Uw aanmelding is al verwerkt; u kunt zich ook opnieuw aanmelden."
    ),
}


def link_problem(request, reason: str, *, title: str):
    return render(
        request,
        "loket/subscriptions/link_problem.html",
        {"title": title, "message": LINK_MESSAGES.get(reason, LINK_MESSAGES["invalid"])},
        status=400 if reason == "invalid" else 410 if reason == "expired" else 200,
    )


# After a request the page redirects (POST-redirect-GET: a reload sends nothing again) to the "mail sent"
# page, which finds the address in a signed cookie of an hour on that page only (no session per visitor).
SENT_COOKIE = "nieuwsbrief_aangevraagd"
SENT_SALT = "mailings.subscribe_sent"
SENT_MAX_AGE = 60 * 60


class SubscribeView(SubmitOnceMixin, FormView):
    template_name = "loket/subscriptions/subscribe.html"
    form_class = SubscribeForm

    def get_initial(self):
        user = self.request.user
        return {"email": user.email} if getattr(user, "is_authenticated", False) else {}

    def form_valid(self, form):
        data = form.cleaned_data
        # The honeypot: the robot gets the usual redirect and page, nobody gets a mail.
        if not form.is_spam:
            if request_limited(self.request, group="newsletter"):
                return too_many_requests(
                    self.request,
                    _(
                        "Er zijn vanaf uw adres of in totaal te veel aanmeldingen gedaan. "
                        "Probeer het over een uur opnieuw."
                    ),
                )
            subscription_request(
                email=data["email"],
                general_news=data["general_news"],
                themes=data["themes"],
                provinces=data["provinces"],
            )
        response = redirect("loket:subscribe_sent")
        response.set_signed_cookie(
            SENT_COOKIE,
            data["email"],
            salt=SENT_SALT,
            max_age=SENT_MAX_AGE,
            path=reverse("loket:subscribe_sent"),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response


@method_decorator(never_cache, name="dispatch")
class SubscribeSentView(View):
    def get(self, request):
        email = request.get_signed_cookie(SENT_COOKIE, default=None, salt=SENT_SALT, max_age=SENT_MAX_AGE)
        if not email:
            return redirect("loket:subscribe")
        return render(request, "loket/subscriptions/subscribe_sent.html", {"email": email})


class SubscriptionConfirmView(View):
    """GET shows a button (link scanners must not confirm); POST confirms."""

    def get(self, request, token: str):
        return render(request, "loket/subscriptions/confirm.html", {"token": token})

    def post(self, request, token: str):
        try:
            subscription = subscription_confirm(token=token)
        except LinkError as exc:
            return link_problem(request, exc.reason, title=_("Aanmelding bevestigen"))
        return render(request, "loket/subscriptions/confirmed.html", {"subscription": subscription})


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """GET shows a button; POST unsubscribes. POST needs no CSRF token: mail programs send the
    RFC 8058 one-click request (List-Unsubscribe=One-Click) without a session; the signed token
    in the URL is the proof."""

    def get(self, request, token: str):
        try:
            email = email_from_unsubscribe_token(token)
        except LinkError as exc:
            return link_problem(request, exc.reason, title=_("Afmelden"))
        return render(request, "loket/subscriptions/unsubscribe.html", {"token": token, "email": email})

    def post(self, request, token: str):
        try:
            email, already = subscription_unsubscribe(token=token)
        except LinkError as exc:
            return link_problem(request, exc.reason, title=_("Afmelden"))
        return render(request, "loket/subscriptions/unsubscribed.html", {"email": email, "already": already})


class ProfileSubscriptionView(RoleRequiredMixin, FormView):
    """A logged-in user manages their own subscription (shown on the profile page)."""

    form_class = ProfileSubscriptionForm
    template_name = "loket/subscriptions/profile_subscription.html"

    @staticmethod
    def initial_for(user) -> dict:
        sub = subscription_for_user(user)
        if sub is None:
            return {"receive": False, "general_news": True}
        return {
            "receive": sub.is_active,
            "general_news": sub.general_news,
            "themes": list(sub.themes.all()),
            "provinces": list(sub.provinces.all()),
        }

    def get_initial(self):
        return self.initial_for(self.request.user)

    def form_valid(self, form):
        if not self.request.user.email:
            messages.error(self.request, _("Vul eerst uw e-mailadres in."))
            return redirect("loket:profile")
        data = form.cleaned_data
        try:
            subscription_update_for_user(
                user=self.request.user,
                receive=data["receive"],
                general_news=data["general_news"],
                themes=data["themes"],
                provinces=data["provinces"],
            )
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect("loket:profile")
        messages.success(self.request, _("Uw keuzes voor de mailings zijn opgeslagen."))
        return redirect("loket:profile")
