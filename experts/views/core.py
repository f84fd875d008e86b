"""Core-team pages: the experts dashboard, invitations, referrals, reviews and introductions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from loket.core.breadcrumbs import trail
from loket.core.roles import Role, RoleRequiredMixin
from loket.core.submission import refuse_with_form, submit_once
from questions.selectors import question_text_anonymised, questions_visible_to

from ..forms import IntroductionForm, InvitationForm, ReasonForm, ReferForm, ReviewForm
from ..models import Expert, IntroductionRequest, IntroductionRequestStatus, Invitation, Referral
from ..ranking import AVAILABILITY, LOAD_CAP, PROVINCE, THEME_EXACT, THEME_RELATED
from ..selectors import (
    expert_history,
    expert_is_unconfirmed,
    experts_visible_to,
    open_introduction_requests,
    referrals_awaiting_review,
    referrals_without_reaction,
    suggestions_for_question,
    unconfirmed_experts,
)
from ..services import (
    draft_answer,
    introduction_create,
    introduction_request_close,
    invitation_create,
    referral_create,
    referral_refusal,
    referral_send_answer,
    referral_withdraw,
)
from ..workflow import OPEN_REFERRAL_STATUSES


def experts_trail(current: str):
    """Home > Kernteam > Deskundigen > ..."""
    return trail((_("Kernteam"), reverse("loket:dashboard")), (_("Deskundigen"), reverse("experts:core")), current)


def question_trail(question, current: str):
    """Home > Kernteam > Vragen > <kenmerk> > ... (a referral belongs to its question)."""
    return trail(
        (_("Kernteam"), reverse("loket:dashboard")),
        (_("Vragen"), reverse("questions:list")),
        (question.reference, reverse("questions:detail", kwargs={"pk": question.pk})),
        current,
    )


class CoreTeamView(RoleRequiredMixin, View):
    roles = (Role.KERNTEAM,)


class ExpertsCoreView(CoreTeamView):
    """Everything about experts that awaits the core team, and the invite form."""

    def get(self, request, invite_form=None):
        return render(
            request,
            "experts/core_dashboard.html",
            {
                "requests": open_introduction_requests(),
                "reviews": referrals_awaiting_review(),
                "silent": referrals_without_reaction(),
                "unconfirmed": unconfirmed_experts().select_related("organisation").order_by("last_confirmed_at")[:50],
                "unconfirmed_count": unconfirmed_experts().count(),
                "withdrawn": Expert.objects.filter(consent_withdrawn_at__isnull=False, anonymised_at__isnull=True)
                .select_related("organisation")
                .order_by("consent_withdrawn_at"),
                "invitations": Invitation.objects.filter(accepted_at__isnull=True)
                .select_related("invited_by")
                .order_by("-created_at")[:20],
                "invite_form": invite_form or InvitationForm(),
                "counts": Expert.objects.aggregate(
                    listed=Count("pk", filter=Q(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)),
                    total=Count("pk", filter=Q(anonymised_at__isnull=True)),
                ),
            },
        )


class InviteView(CoreTeamView):
    def get(self, request):
        return redirect("experts:core")

    def post(self, request):
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return ExpertsCoreView().get(request, invite_form=form)
        return submit_once(
            request,
            lambda: self._invite(request, form),
            refuse=refuse_with_form(form, lambda: ExpertsCoreView().get(request, invite_form=form)),
        )

    def _invite(self, request, form):
        try:
            invitation_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return ExpertsCoreView().get(request, invite_form=form)
        messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.") % form.cleaned_data)
        return redirect("experts:core")


class ExpertDetailView(CoreTeamView):
    """The full profile with contact details and history: referrals, response times, introductions."""

    def get(self, request, pk):
        expert = get_object_or_404(
            experts_visible_to(request.user)
            .select_related("organisation", "user")
            .prefetch_related("themes", "provinces"),
            pk=pk,
        )
        return render(
            request,
            "experts/expert_detail.html",
            {
                "expert": expert,
                "unconfirmed": expert_is_unconfirmed(expert),
                "breadcrumbs": experts_trail(expert.name or _("Deskundige")),
                **expert_history(expert),
            },
        )


class ReferView(CoreTeamView):
    """Suggested experts for a question, ranked and explained; refer with a note."""

    def get_question(self, request, question_pk):
        return get_object_or_404(questions_visible_to(request.user).select_related("province"), pk=question_pk)

    def render(self, request, question, form=None, status=200):
        refusal = referral_refusal(question)
        suggestions = [] if refusal else suggestions_for_question(question)
        experts = {
            e.pk: e
            for e in Expert.objects.filter(pk__in=[s.candidate.expert_id for s in suggestions]).select_related(
                "organisation"
            )
        }
        rows = [{"suggestion": s, "expert": experts[s.candidate.expert_id]} for s in suggestions]
        return render(
            request,
            "experts/referral_create.html",
            {
                "question": question,
                "themes": question.themes.all(),
                "breadcrumbs": question_trail(question, _("Doorverwijzen")),
                "refusal": refusal,
                "rows": rows,
                "form": None if refusal else form,
                "referrals": question.referrals.select_related("expert").order_by("-referred_at"),
                "open_statuses": [s.value for s in OPEN_REFERRAL_STATUSES],
                "points": {
                    "theme_exact": THEME_EXACT,
                    "theme_related": THEME_RELATED,
                    "province": PROVINCE,
                    "available": AVAILABILITY["beschikbaar"],
                    "limited": AVAILABILITY["beperkt"],
                    "load_cap": LOAD_CAP,
                },
            },
            status=status,
        )

    def get(self, request, question_pk):
        question = self.get_question(request, question_pk)
        initial = {"question_text": question_text_anonymised(question)}
        if request.GET.get("deskundige", "").isdigit():
            initial["expert"] = request.GET["deskundige"]
        return self.render(request, question, ReferForm(initial=initial))

    def post(self, request, question_pk):
        question = self.get_question(request, question_pk)
        if referral_refusal(question):
            return self.render(request, question, status=400)
        form = ReferForm(request.POST)
        if not form.is_valid():
            return self.render(request, question, form, status=400)
        return submit_once(
            request,
            lambda: self._refer(request, question, form),
            refuse=refuse_with_form(form, lambda: self.render(request, question, form, status=400)),
        )

    def _refer(self, request, question, form):
        try:
            referral_create(
                question=question,
                expert=form.cleaned_data["expert"],
                note=form.cleaned_data["note"],
                question_text=form.cleaned_data["question_text"],
                by=request.user,
            )
        except ValidationError as exc:
            if exc.code == "not_referable":  # answered in the meantime: say it once, without the form
                question.refresh_from_db()
                return self.render(request, question, status=400)
            form.add_error("expert", exc)
            return self.render(request, question, form, status=400)
        messages.success(
            request,
            _("De vraag is doorverwezen naar %(name)s. De deskundige krijgt een e-mail met een link.")
            % {"name": form.cleaned_data["expert"].name},
        )
        return redirect("experts:refer", question_pk=question.pk)


class ReferralWithdrawView(CoreTeamView):
    def post(self, request, pk):
        referral = get_object_or_404(Referral.objects.select_related("question"), pk=pk)
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            referral_withdraw(referral=referral, by=request.user, reason=form.cleaned_data.get("reason", ""))
            messages.success(request, _("De doorverwijzing is ingetrokken. U kunt de vraag nu aan een ander geven."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("experts:refer", question_pk=referral.question_id)


class ReferralReviewView(CoreTeamView):
    """The core team reviews the expert's answer, edits it and sends it to the asker."""

    def get_referral(self, pk):
        return get_object_or_404(Referral.objects.select_related("question", "expert", "expert__organisation"), pk=pk)

    def render(self, request, referral, form, status=200):
        return render(
            request,
            "experts/referral_review.html",
            {
                "referral": referral,
                "question": referral.question,
                "form": form,
                "breadcrumbs": question_trail(referral.question, _("Antwoord van de deskundige beoordelen")),
            },
            status=status,
        )

    def get(self, request, pk):
        referral = self.get_referral(pk)
        return self.render(request, referral, ReviewForm(initial={"body": draft_answer(referral)}))

    def post(self, request, pk):
        referral = self.get_referral(pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render(request, referral, form, status=400)
        return submit_once(
            request,
            lambda: self._send(request, referral, form),
            refuse=refuse_with_form(form, lambda: self.render(request, referral, form, status=400)),
        )

    def _send(self, request, referral, form):
        try:
            referral_send_answer(referral=referral, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render(request, referral, form, status=400)
        messages.success(request, _("Het antwoord is verstuurd naar de vragensteller."))
        return redirect("experts:core")


class IntroductionCreateView(CoreTeamView):
    """Introduce two parties; both get a request to agree, then one mail introduces them."""

    def get_request(self, request):
        value = request.GET.get("verzoek") or request.POST.get("verzoek")
        if value and str(value).isdigit():
            return get_object_or_404(
                IntroductionRequest.objects.select_related("expert", "requested_by", "requested_by__profile"),
                pk=value,
                status=IntroductionRequestStatus.OPEN,
            )
        return None

    def render(self, request, form, intro_request, status=200):
        return render(
            request,
            "experts/introduction_create.html",
            {"form": form, "intro_request": intro_request},
            status=status,
        )

    def get(self, request):
        intro_request = self.get_request(request)
        initial = {}
        if intro_request is not None:
            user = intro_request.requested_by
            org = getattr(getattr(user, "profile", None), "organisation", None)
            initial = {
                "expert": intro_request.expert_id,
                "party_b_name": user.get_full_name() or user.get_username(),
                "party_b_email": user.email,
                "party_b_organisation": str(org or ""),
                "reason": intro_request.message,
            }
        elif request.GET.get("deskundige", "").isdigit():
            initial["expert"] = request.GET["deskundige"]
        return self.render(request, IntroductionForm(initial=initial), intro_request)

    def post(self, request):
        intro_request = self.get_request(request)
        form = IntroductionForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, intro_request, status=400)
        return submit_once(
            request,
            lambda: self._introduce(request, form, intro_request),
            refuse=refuse_with_form(form, lambda: self.render(request, form, intro_request, status=400)),
        )

    def _introduce(self, request, form, intro_request):
        try:
            introduction_create(
                by=request.user,
                request=intro_request,
                party_b_user=intro_request.requested_by if intro_request else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render(request, form, intro_request, status=400)
        messages.success(request, _("Beide partijen krijgen een e-mail met de vraag of zij kennis willen maken."))
        return redirect("experts:core")


class IntroductionRequestCloseView(CoreTeamView):
    def post(self, request, pk):
        intro_request = get_object_or_404(IntroductionRequest, pk=pk, status=IntroductionRequestStatus.OPEN)
        try:
            introduction_request_close(request=intro_request, by=request.user, rejected=True)
        except ValidationError as exc:  # a colleague handled it meanwhile
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Het verzoek is afgesloten zonder introductie."))
        return redirect("experts:core")
