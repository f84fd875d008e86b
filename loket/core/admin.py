"""Admin of the reference data, the contact details and the outbox."""

from django.contrib import admin

from loket.core.models import (
    ContactDetails,
    ContactPerson,
    LocationType,
    Organisation,
    OutboxTask,
    Province,
    Theme,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "population", "population_date", "municipalities"]
    search_fields = ["code", "name"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "province"]
    list_filter = ["type"]
    search_fields = ["code", "name"]


@admin.register(LocationType)
class LocationTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "source"]
    search_fields = ["code", "name"]


@admin.register(ContactDetails)
class ContactDetailsAdmin(admin.ModelAdmin):
    list_display = ["mailbox", "phone"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organisation", "email", "order"]
    list_editable = ["order"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "args", "created_at", "attempts", "sent_at"]
    list_filter = ["task_name"]
    readonly_fields = ["task_name", "args", "created_at", "attempts", "last_error", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False
