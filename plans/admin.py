"""Plans in the admin: read-only. Rounds and versions change only through the services, so that a published
round or a frozen version can never be changed, not even from /beheer/."""

from django.contrib import admin

from .models import Plan, PlannedLocation, PlanStatusChange, PlanVersion, PrognosisRound, ProvincePrognosis


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProvincePrognosisInline(admin.TabularInline):
    model = ProvincePrognosis
    extra = 0
    can_delete = False
    readonly_fields = ["province", "figure"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PrognosisRound)
class PrognosisRoundAdmin(ReadOnlyAdmin):
    list_display = [
        "reference_date",
        "national_total",
        "stated_total",
        "method",
        "status",
        "published_at",
        "mailing_due",
    ]
    list_filter = ["status", "method", "mailing_due"]
    inlines = [ProvincePrognosisInline]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["province", "created_at"]


class PlanStatusChangeInline(admin.TabularInline):
    model = PlanStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "status", "updated_at", "submitted_at", "adopted_at"]
    list_filter = ["status", "plan__province"]
    list_select_related = ["plan__province"]
    inlines = [PlanStatusChangeInline]


@admin.register(PlannedLocation)
class PlannedLocationAdmin(ReadOnlyAdmin):
    list_display = ["name", "municipality", "location_type", "capacity", "status", "version"]
    list_filter = ["status", "location_type", "version__plan__province"]
    list_select_related = ["location_type", "version__plan__province"]
    search_fields = ["name", "municipality", "key"]
    readonly_fields = ["key"]
