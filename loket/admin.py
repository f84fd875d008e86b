from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    ContactDetails,
    ContactPerson,
    LocationType,
    Organisation,
    OutboxTask,
    Profile,
    Province,
    Publication,
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


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "published_at", "version"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active"]
    list_filter = ["groups", "is_active", "profile__province"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "args", "created_at", "attempts", "sent_at"]
    list_filter = ["task_name"]
    readonly_fields = ["task_name", "args", "created_at", "attempts", "last_error", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False
