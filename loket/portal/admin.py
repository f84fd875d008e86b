"""Admin of users with their profile and roles, and the Beheerder's export for a request for access
(inzageverzoek), which gathers what every app holds about an address."""

import json

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from loket.core.models import (
    Profile,
)
from loket.core.roles import Role, has_role
from loket.portal.privacy import personal_data_export


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
    actions = ["export_personal_data"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not has_role(request.user, Role.BEHEERDER):
            actions.pop("export_personal_data", None)
        return actions

    @admin.action(description=_("Inzageverzoek: alle gegevens over het e-mailadres (JSON)"))
    def export_personal_data(self, request, queryset):
        emails = sorted({user.email.strip().lower() for user in queryset if user.email})
        data = [personal_data_export(email) for email in emails]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="inzageverzoek.json"'
        return response
