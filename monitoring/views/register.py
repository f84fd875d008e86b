"""The register list, the risk matrix and the signal detail page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from loket.core.data_versions import cached_fragment
from loket.core.filterforms import cached_filter_form, cached_unbound_form
from loket.core.reference_lists import reference_lists
from loket.core.roles import Role, RoleRequiredMixin, has_role, is_core_team, province_of, sees_everything
from questions.selectors import questions_visible_to

from ..filters import SignalFilter
from ..forms import ActionForm, EscalateForm, TransitionForm
from ..models import SignalStatusChange
from ..selectors import (
    audit_trail,
    register_queryset,
    risk_matrix,
    scope_of,
    sees_internal_notes,
    signal_detail_queryset,
)
from ..selectors.register_page import register_base, register_rows, register_size, with_row_details
from ..workflow import Status
from .common import LRT, OVERSIGHT, READERS, querystring_without, signal_trail

PAGE_SIZE = 25


def filtered_signals(request, base=register_queryset) -> SignalFilter:
    """The register as filtered on screen: the page (its rows from `register_base`), the matrix and the
    exports call this."""
    return SignalFilter(request.GET or None, queryset=base(request.user), request=request)


class RegisterView(RoleRequiredMixin, TemplateView):
    roles = READERS
    template_name = "monitoring/signal_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if any(name != "page" for name in self.request.GET):  # filtered (or sorted)
            signal_filter = filtered_signals(self.request, base=register_base)
            signals, applied, cleaned = signal_filter.qs, signal_filter.applied(), signal_filter.cleaned
            filter_form_html = cached_filter_form(signal_filter.form)
            range_error = signal_filter.clean_range_error()
        else:
            # the register as first opened (or only paged) filters nothing: no FilterSet, and the form's
            # HTML from the form cache without building the form (loket.core.filterforms)
            signal_filter, applied, cleaned, range_error = None, {}, {}, None
            signals = SignalFilter.in_default_order(register_base(user))
            filter_form_html = cached_unbound_form(
                lambda: SignalFilter(None, queryset=register_base(user), request=self.request).form,
                name="monitoring.SignalFilter",
                choices_version=SignalFilter.choices_version(),
            )
        # The results (count, rows, pages) are the same for everyone with the same scope and query: built
        # once per data version of the signals (loket.core.data_versions: any write to the tables in
        # register_page.DATA_VERSION_TABLES builds them again), per day (the overdue mark) and per
        # version of the reference lists (the province names). Frame, buttons and filter: per request.
        results = cached_fragment(
            "signals",
            "register",
            scope_of(user),
            self.request.GET.urlencode(),
            timezone.localdate().isoformat(),
            reference_lists().digest,
            build=lambda: render_to_string(
                "monitoring/_register_results.html",
                self.results_context(user, signals, applied, cleaned),
                request=self.request,
            ),
        )
        context.update(
            filter=signal_filter,
            filter_form_html=filter_form_html,
            range_error=range_error,
            results=results,
            export_querystring=querystring_without(self.request.GET, "page"),
            is_core_team=is_core_team(user),
            can_export=sees_everything(user),
            can_report=has_role(user, Role.PRT, Role.CDK) and province_of(user) is not None,
            province=province_of(user),
        )
        return context

    def results_context(self, user, signals, applied: dict, cleaned: dict) -> dict:
        paginator = Paginator(register_rows(signals), PAGE_SIZE)
        # known beforehand (a cached_property of the paginator): from the tally where it can be
        paginator.count = register_size(user, signals, applied)
        page = paginator.get_page(self.request.GET.get("page"))
        return {
            "matrix_cell": {"impact": cleaned.get("impact"), "likelihood": cleaned.get("likelihood")},
            "clear_cell_querystring": querystring_without(self.request.GET, "page", "impact", "likelihood"),
            "page_obj": page,
            "signals": with_row_details(list(page.object_list)),
            "querystring": querystring_without(self.request.GET, "page"),
        }


class MatrixView(RoleRequiredMixin, TemplateView):
    roles = READERS
    template_name = "monitoring/signal_matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signal_filter = filtered_signals(self.request)
        base = querystring_without(self.request.GET, "page", "impact", "likelihood")
        context.update(
            filter=signal_filter,
            matrix=risk_matrix(signal_filter.qs),
            likelihoods=range(1, 6),
            base_querystring=base,
            total=signal_filter.qs.count(),
        )
        return context


class SignalDetailView(RoleRequiredMixin, TemplateView):
    roles = READERS
    template_name = "monitoring/signal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        signal = get_object_or_404(signal_detail_queryset(user), pk=kwargs["pk"])
        internal = sees_internal_notes(user)
        core = is_core_team(user)
        escalations = list(
            signal.escalations.select_related("meeting", "escalated_by", "decision_by").order_by("meeting__date")
        )
        context.update(
            signal=signal,
            breadcrumbs=signal_trail(signal),
            show_internal=internal,
            is_core_team=core,
            is_lrt=has_role(user, *LRT),
            sees_everything=sees_everything(user),
            provinces=list(signal.provinces.order_by("name")),
            questions=list(
                questions_visible_to(user).filter(pk__in=signal.questions.values("pk")).order_by("reference")
            ),
            linked_question_count=signal.questions.count(),
            actions=list(signal.actions.select_related("escalation__meeting").order_by("done_at", "due_date", "pk")),
            status_changes=list(
                SignalStatusChange.objects.filter(signal=signal).select_related("by").order_by("created_at", "pk")
            ),
            escalations=escalations,
            audit=audit_trail(signal, include_internal=internal),
            transition_form=TransitionForm(signal=signal) if core else None,
            action_form=ActionForm() if core else None,
            escalate_form=EscalateForm() if core and signal.status in (Status.OPEN, Status.IN_PROGRESS) else None,
            can_see_overview=has_role(user, *OVERSIGHT),
        )
        return context
