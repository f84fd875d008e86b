"""Pages reached through signed links, without an account: joining, managing a profile,
answering a referral and agreeing to an introduction. A tampered, expired or used link gets a
clear page and changes nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from loket.core.ratelimits import limit_reached, request_limited, too_many_requests

from ..forms import AnswerForm, ExpertProfileForm, JoinForm, ManageLinkForm, ReasonForm
from ..models import Expert, Introduction, IntroductionStatus, Invitation, Referral, ReferralStatus
from ..selectors import object_from_token, referral_question_for_expert
from ..services import (
    expert_confirm,
    expert_exists_for_email,
    expert_join,
    expert_request_manage_link,
    expert_update,
    expert_withdraw,
    introduction_respond,
    referral_accept,
    referral_answer,
    referral_decline,
)
from ..tokens import LinkError, Purpose
from ..workflow import OPEN_REFERRAL_STATUSES

LINK_MESSAGES = {
    LinkError.INVALID: (
        400,
        _("Deze link klopt niet"),
        _("De link is onvolledig of gewijzigd. Gebruik de link precies zoals die in de e-mail staat."),
    ),
    LinkError.EXPIRED: (
        410,
        _("Deze link is verlopen"),
        _("De link is niet meer geldig. Neem contact op met het kernteam van het loket voor een nieuwe link."),
    ),
    LinkError.USED: (
        410,
        _("Deze link is al gebruikt"),
        _("Met deze link is al gereageerd, of hij is ingetrokken. Er is niets veranderd."),
    ),
}


def link_error_page(request, error: LinkError):
    status, title, text = LINK_MESSAGES[error]
    return render(request, "experts/link_error.html", {"title": title, "text": text}, status=status)


class SignedLinkView(View):
    purpose: Purpose
    model = None
    nonce_field = "nonce"

    def dispatch(self, request, token, *args, **kwargs):
        obj, unsigned = object_from_token(self.purpose, token, self.model, self.nonce_field)
        if isinstance(obj, LinkError):
            return link_error_page(request, obj)
        self.object = obj
        self.unsigned = unsigned
        self.token = token
        error = self.check(obj)
        if error:
            return link_error_page(request, error)
        return super().dispatch(request, *args, **kwargs)

    def check(self, obj) -> LinkError | None:
        return None


class JoinView(SignedLinkView):
    purpose = Purpose.INVITATION
    model = Invitation

    def check(self, invitation):
        if invitation.accepted_at is not None:
            return LinkError.USED
        return None

    def render(self, request, form, already=None):
        return render(
            request,
            "experts/expert_join.html",
            {"form": form, "invitation": self.object, "already": already},
        )

    def get(self, request):
        existing = expert_exists_for_email(self.object.email)
        return self.render(request, JoinForm(initial={"name": self.object.name}), already=existing)

    def post(self, request):
        form = JoinForm(request.POST)
        if not form.is_valid():
            return self.render(request, form)
        user = request.user if request.user.is_authenticated else None
        try:
            expert_join(invitation=self.object, data=form.cleaned_data, user=user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render(request, form)
        return render(request, "experts/expert_joined.html", {"name": form.cleaned_data["name"]})


class ManageView(SignedLinkView):
    """Edit, confirm or withdraw a profile through the mailed link."""

    purpose = Purpose.MANAGE
    model = Expert
    nonce_field = "link_nonce"

    def check(self, expert):
        if expert.anonymised_at or expert.consent_withdrawn_at:
            return LinkError.USED
        return None

    def render(self, request, form):
        return render(
            request,
            "experts/expert_profile.html",
            {"expert": self.object, "form": form, "via_account": False, "token": self.token},
        )

    def get(self, request):
        return self.render(request, ExpertProfileForm(instance=self.object))

    def post(self, request):
        action = request.POST.get("action")
        if action == "withdraw":
            expert_withdraw(expert=self.object)
            return render(request, "experts/expert_withdrawn.html", {})
        if action == "confirm":
            expert_confirm(expert=self.object)
            messages.success(request, _("Dank u wel. Uw profiel is bevestigd."))
            return redirect("experts:manage", token=self.token)
        form = ExpertProfileForm(request.POST, instance=Expert.objects.get(pk=self.object.pk))
        if not form.is_valid():
            return self.render(request, form)
        expert_update(expert=self.object, data=form.cleaned_data)
        messages.success(request, _("Uw profiel is opgeslagen."))
        return redirect("experts:manage", token=self.token)


class ManageLinkRequestView(View):
    """An expert without an account asks for a new link to edit or withdraw their profile."""

    def get(self, request):
        return render(request, "experts/manage_link_request.html", {"form": ManageLinkForm()})

    def post(self, request):
        form = ManageLinkForm(request.POST)
        if not form.is_valid():
            return render(request, "experts/manage_link_request.html", {"form": form})

        # Limits per client address and overall, counted for every address asked about (known or
        # not, so a refusal tells nothing about who is in the network).
        if request_limited(request, group="experts.manage_link"):
            return too_many_requests(
                request,
                _("Er zijn vanaf uw adres of in totaal te veel links aangevraagd. Probeer het over een uur opnieuw."),
            )
        expert = expert_exists_for_email(form.cleaned_data["email"])
        # At most one mail per expert per 10 minutes, so the form cannot be used to flood a mailbox.
        if (
            expert is not None
            and expert.consent_withdrawn_at is None
            and not limit_reached(group="experts.manage_link.address", key=str(expert.pk))
        ):
            expert_request_manage_link(expert=expert)
        # The same answer whether or not the address is known: nobody learns who is in the network.
        return render(request, "experts/manage_link_sent.html", {})


class RespondView(SignedLinkView):
    """The expert's page for one referred question: accept or decline, then answer."""

    purpose = Purpose.REFERRAL
    model = Referral
    nonce_field = "token_nonce"

    def check(self, referral):
        if referral.status not in OPEN_REFERRAL_STATUSES:
            return LinkError.USED
        if referral.expert.consent_withdrawn_at:
            return LinkError.USED
        return None

    def render(self, request, answer_form=None, decline_form=None, status=200):
        referral = self.object
        return render(
            request,
            "experts/referral_respond.html",
            {
                "referral": referral,
                "question": referral.question,
                "for_expert": referral_question_for_expert(referral),
                "themes": referral.question.themes.all(),
                "answer_form": answer_form or AnswerForm(),
                "decline_form": decline_form or ReasonForm(),
                "accepted": referral.status == ReferralStatus.ACCEPTED,
                "token": self.token,
            },
            status=status,
        )

    def get(self, request):
        return self.render(request)

    def post(self, request):
        action = request.POST.get("action")
        try:
            if action == "accept":
                if self.object.status == ReferralStatus.SENT:
                    self.object = referral_accept(referral=self.object)
                messages.success(request, _("Dank u wel. U kunt nu uw antwoord schrijven."))
                return redirect("experts:respond", token=self.token)
            if action == "decline":
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    return self.render(request, decline_form=form, status=400)
                referral_decline(referral=self.object, reason=form.cleaned_data["reason"])
                return render(request, "experts/referral_done.html", {"declined": True})
            if action == "answer":
                form = AnswerForm(request.POST)
                if not form.is_valid():
                    return self.render(request, answer_form=form, status=400)
                referral_answer(
                    referral=self.object,
                    body=form.cleaned_data["response"],
                    share_contact=form.cleaned_data["share_contact"],
                )
                return render(request, "experts/referral_done.html", {"declined": False})
        except ValidationError:
            return link_error_page(request, LinkError.USED)
        return self.render(request, status=400)


class IntroductionConsentView(SignedLinkView):
    purpose = Purpose.INTRODUCTION
    model = Introduction

    def check(self, introduction):
        party = self.unsigned.extra
        if party not in ("a", "b"):
            return LinkError.INVALID
        if introduction.status != IntroductionStatus.PENDING or getattr(introduction, f"party_{party}_agreed_at"):
            return LinkError.USED
        return None

    def get(self, request):
        party = self.unsigned.extra
        other = "b" if party == "a" else "a"
        intro = self.object
        return render(
            request,
            "experts/introduction_consent.html",
            {
                "introduction": intro,
                "name": getattr(intro, f"party_{party}_name"),
                "other_name": getattr(intro, f"party_{other}_name"),
                "other_organisation": getattr(intro, f"party_{other}_organisation"),
            },
        )

    def post(self, request):
        agree = request.POST.get("action") == "agree"
        try:
            introduction_respond(introduction=self.object, party=self.unsigned.extra, agree=agree)
        except ValidationError:
            return link_error_page(request, LinkError.USED)
        return render(request, "experts/introduction_consent_done.html", {"agree": agree})
