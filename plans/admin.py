"""Plans in the admin: read-only. Rounds and versions change only through the services, so that a published
round or a frozen version can never be changed, not even from /beheer/. Regions are reference data: editable."""

from django.contrib import admin

from .models import (
    LocationRealisation,
    Plan,
    PlannedLocation,
    PlanStatusChange,
    PlanVersion,
    PrognosisRound,
    ProvincePrognosis,
    Region,
    ReviewComment,
    SupportRequest,
)


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


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province", "active"]
    list_filter = ["province", "active"]
    list_select_related = ["province"]
    search_fields = ["name", "code"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["version", "author_name", "created_at", "resolved_at"]
    list_select_related = ["version__plan__province"]


@admin.register(SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    list_display = ["province", "kind", "status", "wished_date", "planned_for", "created_at"]
    list_filter = ["status", "kind", "province"]
    list_select_related = ["province"]


@admin.register(LocationRealisation)
class LocationRealisationAdmin(ReadOnlyAdmin):
    list_display = ["plan", "key", "state", "in_use_since", "closed_since", "updated_at"]
    list_filter = ["state", "plan__province"]
    list_select_related = ["plan__province"]
