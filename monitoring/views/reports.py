"""Plan monitoring, stage deadlines, evaluation figures and all exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.charts import bar_chart
from loket.core.exports import csv_response, pdf_response, xlsx_response
from loket.core.roles import Role, RoleRequiredMixin, is_core_team, province_id_of, sees_everything

from .. import exports, services
from ..evaluation import Scope, evaluation_report_pdf, evaluation_sections, evaluation_sheets
from ..forms import EvaluationPeriodForm, StageDeadlineForm
from ..models import LrtMeeting, StageDeadline
from ..selectors import export_rows, meeting_agenda, plan_monitoring
from .common import CORE, OVERSIGHT
from .register import filtered_signals


class PlanMonitoringView(RoleRequiredMixin, TemplateView):
    """The core team and the LRT secretary see every province; a CdK-medewerker sees their own."""

    roles = (*OVERSIGHT, Role.CDK)
    template_name = "monitoring/plan_monitoring.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        own = None if sees_everything(user) else province_id_of(user)
        if not sees_everything(user) and own is None:
            raise PermissionDenied
        return super().get_context_data(
            rows=plan_monitoring(province_id=own),
            sees_all=sees_everything(user),
            deadlines=list(StageDeadline.objects.all()),
            is_core_team=is_core_team(self.request.user),
            **kwargs,
        )


class StageDeadlineView(RoleRequiredMixin, FormView):
    roles = CORE
    template_name = "monitoring/stage_deadlines.html"

    def get_form(self, form_class=None):
        current = dict(StageDeadline.objects.values_list("stage", "deadline"))
        return StageDeadlineForm(self.request.POST or None, current=current)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=trail((_("Planmonitoring"), reverse("monitoring:plan_monitoring")), _("Termijnen per fase")),
            **kwargs,
        )

    def form_valid(self, form):
        services.stage_deadlines_set(by=self.request.user, deadlines=form.cleaned_data)
        messages.success(self.request, _("De termijnen zijn opgeslagen."))
        return redirect("monitoring:plan_monitoring")


class RegisterExportView(RoleRequiredMixin, View):
    """The register as filtered on screen (the same FilterSet), as CSV or XLSX."""

    roles = OVERSIGHT

    def get(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        signal_filter = filtered_signals(request)
        signals = export_rows(signal_filter.qs, chunk=exports.CHUNK)
        columns = exports.signal_columns(include_internal=sees_everything(request.user))
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        if fmt == "csv":
            return csv_response(columns, signals, f"signalenregister-{stamp}.csv")
        return xlsx_response([(_("Signalen"), columns, signals)], f"signalenregister-{stamp}.xlsx")


class EscalationReportView(RoleRequiredMixin, View):
    roles = OVERSIGHT

    def get(self, request, pk, fmt):
        if fmt not in ("csv", "xlsx", "pdf"):
            raise Http404
        meeting = get_object_or_404(LrtMeeting, pk=pk)
        escalations = meeting_agenda(meeting)
        name = f"escalatierapportage-lrt-{meeting.date:%Y-%m-%d}"
        if fmt == "pdf":
            return pdf_response(exports.escalation_report_pdf(meeting, escalations), f"{name}.pdf")
        columns = exports.escalation_columns()
        if fmt == "csv":
            return csv_response(columns, escalations, f"{name}.csv")
        return xlsx_response([(_("Escalaties"), columns, escalations)], f"{name}.xlsx")


def _period(request) -> tuple[EvaluationPeriodForm, Scope]:
    form = EvaluationPeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, Scope(start=form.cleaned_data["van"], end=form.cleaned_data["tot"])
    return form, Scope()


class EvaluationView(RoleRequiredMixin, TemplateView):
    """The evaluation figures per period: every section a table with its chart beside it."""

    roles = OVERSIGHT
    template_name = "monitoring/evaluation.html"

    def get_context_data(self, **kwargs):
        form, scope = _period(self.request)
        sections = evaluation_sections(scope)
        for section in sections:
            section.chart = (
                bar_chart([(row[0], row[section.chart_column]) for row in section.rows], title=section.title)
                if section.chart_column is not None
                else None
            )
        return super().get_context_data(
            form=form,
            scope=scope,
            sections=sections,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class EvaluationExportView(RoleRequiredMixin, View):
    roles = OVERSIGHT

    def get(self, request):
        _form, scope = _period(request)
        return xlsx_response(evaluation_sheets(scope), f"evaluatiecijfers-{timezone.localdate():%Y-%m-%d}.xlsx")


class EvaluationReportView(RoleRequiredMixin, View):
    """The evaluation report as PDF: the figures of the period and a short explanation of every measure."""

    roles = OVERSIGHT

    def get(self, request):
        _form, scope = _period(request)
        return pdf_response(evaluation_report_pdf(scope), f"evaluatierapport-{timezone.localdate():%Y-%m-%d}.pdf")
