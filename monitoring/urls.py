from django.urls import path

from .views import meetings, register, reports, signals

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", register.RegisterView.as_view(), name="register"),
    path("monitoring/matrix/", register.MatrixView.as_view(), name="matrix"),
    path("monitoring/export.<str:fmt>", reports.RegisterExportView.as_view(), name="register_export"),
    path("monitoring/signalen/nieuw/", signals.SignalCreateView.as_view(), name="signal_create"),
    path("monitoring/signalen/melden/", signals.SignalReportView.as_view(), name="signal_report"),
    path("monitoring/signalen/<int:pk>/", register.SignalDetailView.as_view(), name="signal_detail"),
    path("monitoring/signalen/<int:pk>/bewerken/", signals.SignalUpdateView.as_view(), name="signal_update"),
    path("monitoring/signalen/<int:pk>/status/", signals.SignalTransitionView.as_view(), name="signal_transition"),
    path("monitoring/signalen/<int:pk>/escaleren/", signals.SignalEscalateView.as_view(), name="signal_escalate"),
    path("monitoring/signalen/<int:pk>/acties/", signals.ActionAddView.as_view(), name="action_add"),
    path(
        "monitoring/signalen/<int:pk>/acties/<int:action_pk>/afgerond/",
        signals.ActionDoneView.as_view(),
        name="action_done",
    ),
    path("monitoring/overleggen/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("monitoring/overleggen/nieuw/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("monitoring/overleggen/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "monitoring/overleggen/<int:pk>/besluit/<int:signal_pk>/",
        meetings.DecisionView.as_view(),
        name="decision",
    ),
    path(
        "monitoring/overleggen/<int:pk>/rapportage.<str:fmt>",
        reports.EscalationReportView.as_view(),
        name="escalation_report",
    ),
    path("monitoring/planmonitoring/", reports.PlanMonitoringView.as_view(), name="plan_monitoring"),
    path("monitoring/planmonitoring/termijnen/", reports.StageDeadlineView.as_view(), name="stage_deadlines"),
    path("monitoring/evaluatie/", reports.EvaluationView.as_view(), name="evaluation"),
    path("monitoring/evaluatie/export.xlsx", reports.EvaluationExportView.as_view(), name="evaluation_export"),
    path("monitoring/evaluatie/rapport.pdf", reports.EvaluationReportView.as_view(), name="evaluation_report"),
]
