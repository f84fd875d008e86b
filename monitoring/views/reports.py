"""Plan monitoring, stage deadlines, evaluation figures and all exports."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.charts import bar_chart
from loket.core.exports import csv_response, table_columns, xlsx_response
from loket.core.roles import RoleRequiredMixin, is_core_team, sees_everything

from .. import exports, services
from ..forms import StageDeadlineForm
from ..models import LrtMeeting, StageDeadline
from ..selectors import evaluation_figures, export_rows, meeting_agenda, plan_monitoring
from .common import CORE, OVERSIGHT
from .register import filtered_signals


class PlanMonitoringView(RoleRequiredMixin, TemplateView):
    roles = OVERSIGHT
    template_name = "monitoring/plan_monitoring.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rows=plan_monitoring(),
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
            return exports.pdf_response(exports.escalation_report_pdf(meeting, escalations), f"{name}.pdf")
        columns = exports.escalation_columns()
        if fmt == "csv":
            return csv_response(columns, escalations, f"{name}.csv")
        return xlsx_response([(_("Escalaties"), columns, escalations)], f"{name}.xlsx")


def _with_charts(figures: dict) -> dict:
    figures["charts"] = {
        "theme": bar_chart([(r["theme__name"], r["n"]) for r in figures["per_theme"]], title=_("Vragen per thema")),
        "province": bar_chart([(r["name"], r["n"]) for r in figures["per_province"]], title=_("Vragen per provincie")),
        "month": bar_chart(
            [(r["month"].strftime("%m-%Y") if r["month"] else "—", r["n"]) for r in figures["per_month"]],
            title=_("Vragen per maand"),
        ),
        "signals": bar_chart(
            [(r["name"], r["total"]) for r in figures["signals"]["rows"]], title=_("Signalen per provincie")
        ),
        "referrals": bar_chart(
            [(r["status"], r["n"]) for r in figures["referrals"]], title=_("Doorverwijzingen per uitkomst")
        ),
    }
    return figures


class EvaluationView(RoleRequiredMixin, TemplateView):
    roles = OVERSIGHT
    template_name = "monitoring/evaluation.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(figures=_with_charts(evaluation_figures()), **kwargs)


class EvaluationExportView(RoleRequiredMixin, View):
    roles = OVERSIGHT

    def get(self, request):
        f = evaluation_figures()
        cols = table_columns
        kinds = f["signals"]["kinds"]
        hours = f["response"]
        sheets = [
            (
                _("Per thema"),
                cols([(_("Thema"), 40, None), (_("Vragen"), 10, "0")]),
                [[r["theme__name"], r["n"]] for r in f["per_theme"]],
            ),
            (
                _("Per provincie"),
                cols([(_("Provincie"), 30, None), (_("Vragen"), 10, "0")]),
                [[r["name"], r["n"]] for r in f["per_province"]],
            ),
            (
                _("Per kanaal"),
                cols([(_("Kanaal"), 20, None), (_("Vragen"), 10, "0")]),
                [[r["name"], r["n"]] for r in f["per_channel"]],
            ),
            (
                _("Per maand"),
                cols([(_("Maand"), 14, "MM-YYYY"), (_("Vragen"), 10, "0")]),
                [
                    [timezone.localtime(r["month"]).date().replace(day=1) if r["month"] else None, r["n"]]
                    for r in f["per_month"]
                ],
            ),
            (
                _("Reactietijd"),
                cols([(_("Maat"), 40, None), (_("Uren"), 12, "0.0")]),
                [
                    [_("Beantwoorde vragen (aantal)"), hours["count"]],
                    [_("Mediaan tot eerste antwoord"), hours["median_hours"]],
                    [_("90e percentiel tot eerste antwoord"), hours["p90_hours"]],
                ],
            ),
            (
                _("Doorverwijzingen"),
                cols([(_("Uitkomst"), 30, None), (_("Aantal"), 10, "0")]),
                [[r["status"], r["n"]] for r in f["referrals"]],
            ),
            (
                _("Signalen"),
                cols([(_("Provincie"), 30, None)] + [(k, 10, "0") for k in kinds] + [(_("Totaal"), 10, "0")]),
                [[r["name"], *r["counts"], r["total"]] for r in f["signals"]["rows"]],
            ),
            (
                _("Escalaties"),
                cols([(_("Provincie"), 30, None)] + [(k, 10, "0") for k in kinds] + [(_("Totaal"), 10, "0")]),
                [[r["name"], *r["counts"], r["total"]] for r in f["escalations"]["rows"]],
            ),
        ]
        return xlsx_response(sheets, f"evaluatiecijfers-{timezone.localdate():%Y-%m-%d}.xlsx")
