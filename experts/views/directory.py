"""The directory for logged-in partners and the core team, and the expert's own profile."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from loket.core.data_versions import cached_fragment
from loket.core.roles import RoleRequiredMixin, is_core_team
from loket.core.submission import refuse_with_form, submit_once

from ..filters import ExpertFilter
from ..forms import ExpertProfileForm, IntroductionRequestForm
from ..models import Expert
from ..selectors import (
    DIRECTORY_ROLES,
    RankedSearch,
    confirmation_cutoff,
    directory_queryset,
    directory_rows,
    introduction_requests_of,
    introductions_for_user,
    search_words,
    with_theme_names,
)
from ..services import expert_update, expert_withdraw, introduction_request_create
from ..tasks import referral_url
from ..workflow import OPEN_REFERRAL_STATUSES

PAGE_SIZE = 25


def page_number(request) -> int:
    """The page asked for, as the Paginator will read it (anything else: 1)."""
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


class DirectoryView(RoleRequiredMixin, View):
    """The search form and its results are the same for every partner (and for every core-team member)
    with the same query: built once per data version of the experts (loket.core.data_versions: any write
    to the experts, their themes and provinces, or the organisations, themes and provinces they are
    named by makes the next request build them again) and per day (the "Niet bevestigd" marker). The
    rest of the page (the user's own profile link and requests) is read per request."""

    roles = DIRECTORY_ROLES

    def get(self, request):
        core_team = is_core_team(request.user)
        results = cached_fragment(
            "experts",
            "directory",
            "core" if core_team else "partner",
            request.GET.urlencode(),
            timezone.localdate().isoformat(),
            build=lambda: render_to_string(
                "experts/_directory_results.html", self.results_context(request, core_team), request=request
            ),
        )
        return render(
            request,
            "experts/expert_directory.html",
            {
                "results": results,
                "core_team": core_team,
                "can_request": not core_team,
                "own_expert": getattr(request.user, "expert", None),
                "my_requests": [] if core_team else introduction_requests_of(request.user)[:10],
                "my_introductions": [] if core_team else introductions_for_user(request.user)[:10],
            },
        )

    def results_context(self, request, core_team: bool) -> dict:
        queryset = directory_rows(directory_queryset(request.user)).order_by("name")
        filterset = ExpertFilter(request.GET or None, queryset=queryset)
        experts = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        words = (
            search_words(filterset.form.cleaned_data.get("q", ""))
            if filterset.is_bound and filterset.is_valid()
            else []
        )
        if words:
            # ranked by relevance in the database; the asked page comes with the count in one query
            experts = RankedSearch(experts, words, offset=(page_number(request) - 1) * PAGE_SIZE, page_size=PAGE_SIZE)
        page = Paginator(experts, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = with_theme_names(list(page.object_list))
        querystring = request.GET.copy()
        querystring.pop("page", None)
        return {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "experts": page.object_list,
            "querystring": querystring.urlencode(),
            "core_team": core_team,
            "can_request": not core_team,
            "searching": bool(request.GET.get("q")),
            "confirm_cutoff": confirmation_cutoff(),
        }


class IntroductionRequestView(RoleRequiredMixin, View):
    """ "Breng mij in contact": a partner asks the core team for an introduction to an expert."""

    roles = DIRECTORY_ROLES

    def get_expert(self, request, pk):
        return get_object_or_404(directory_queryset(request.user).select_related("organisation"), pk=pk)

    def get(self, request, pk):
        expert = self.get_expert(request, pk)
        return render(
            request, "experts/introduction_request.html", {"expert": expert, "form": IntroductionRequestForm()}
        )

    def post(self, request, pk):
        expert = self.get_expert(request, pk)
        form = IntroductionRequestForm(request.POST)
        if not form.is_valid():
            return render(request, "experts/introduction_request.html", {"expert": expert, "form": form})
        return submit_once(
            request,
            lambda: self._ask(request, expert, form),
            refuse=refuse_with_form(
                form, lambda: render(request, "experts/introduction_request.html", {"expert": expert, "form": form})
            ),
        )

    def _ask(self, request, expert, form):
        try:
            introduction_request_create(expert=expert, by=request.user, message=form.cleaned_data["message"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("experts:directory")
        messages.success(
            request,
            _("Uw verzoek is verstuurd. Het kernteam neemt contact met u op over een kennismaking met %(name)s.")
            % {"name": expert.name},
        )
        return redirect("experts:directory")


class MyProfileView(RoleRequiredMixin, View):
    """An expert with an account edits or withdraws their own profile."""

    roles = None

    def get_expert(self, request):
        expert = getattr(request.user, "expert", None)
        if expert is None or expert.anonymised_at or expert.consent_withdrawn_at:
            raise Http404
        return expert

    def get(self, request):
        expert = self.get_expert(request)
        return self.render(request, expert, ExpertProfileForm(instance=expert))

    def render(self, request, expert, form):
        return render(
            request,
            "experts/expert_profile.html",
            {
                "expert": expert,
                "form": form,
                "introductions": introductions_for_user(request.user),
                "open_referrals": [
                    (r, referral_url(r))
                    for r in expert.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).select_related("question")
                ],
                "via_account": True,
            },
        )

    def post(self, request):
        expert = self.get_expert(request)
        if request.POST.get("action") == "withdraw":
            expert_withdraw(expert=expert)
            messages.success(request, _("U bent afgemeld. Uw profiel is niet meer zichtbaar."))
            return redirect("loket:home")
        form = ExpertProfileForm(request.POST, instance=expert)
        if not form.is_valid():
            return self.render(request, expert, form)
        expert_update(expert=Expert.objects.get(pk=expert.pk), data=form.cleaned_data)
        messages.success(request, _("Uw profiel is opgeslagen."))
        return redirect("experts:my_profile")
