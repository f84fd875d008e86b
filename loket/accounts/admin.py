"""The audit log in the admin (/beheer/): read-only, for whoever may view it (Beheerder)."""

from django.contrib import admin

from loket.accounts.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_name", "target_name", "ip_address", "details"]
    list_filter = ["action", "at"]
    search_fields = ["actor_name", "target_name", "ip_address"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    list_select_related = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
