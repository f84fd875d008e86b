from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from loket.core.admin import KeepStateAdminMixin

from .models import Escalation, LrtMeeting, Signal, SignalAction, SignalStatusChange, StageDeadline


class SignalActionInline(admin.TabularInline):
    model = SignalAction
    extra = 0
    fields = ("what", "who", "due_date", "done_at", "escalation")
    raw_id_fields = ("escalation",)


class SignalStatusChangeInline(admin.TabularInline):
    model = SignalStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "note", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Signal)
class SignalAdmin(KeepStateAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "kind", "status", "impact", "likelihood", "owner", "deadline")
    list_filter = ("kind", "status", "provinces", "theme")
    search_fields = ("title", "description")
    filter_horizontal = ("provinces",)
    raw_id_fields = ("questions", "plan", "owner", "reported_by")
    # Status changes go through the workflow service (history row and checks), not the admin; the
    # form shows it read-only and keeps a move made meanwhile (KeepStateAdminMixin).
    state_fields = ("status",)
    inlines = [SignalActionInline, SignalStatusChangeInline]


@admin.register(LrtMeeting)
class LrtMeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "location")
    date_hierarchy = "date"


@admin.register(Escalation)
class EscalationAdmin(SimpleHistoryAdmin):
    list_display = ("signal", "meeting", "decided_at", "prt_informed_at")
    list_filter = ("meeting",)
    raw_id_fields = ("signal",)
    readonly_fields = ("escalated_by", "decision_by", "decided_at", "prt_informed_at")


@admin.register(StageDeadline)
class StageDeadlineAdmin(admin.ModelAdmin):
    list_display = ("stage", "deadline")
