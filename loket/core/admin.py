"""Admin of the reference data, the contact details and the outbox; and what every admin of a
stateful model uses: `KeepStateAdminMixin` and `transition_each` for its actions."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loket.core.arrangement import forget_arrangement
from loket.core.models import (
    Arrangement,
    ContactDetails,
    ContactPerson,
    DayOff,
    LocationType,
    Organisation,
    OutboxTask,
    Province,
    Theme,
)
from loket.core.workdays import forget_days_off


class KeepStateAdminMixin:
    """A change form in the admin never writes a state. The state fields (`state_fields`, attribute
    names) are shown read-only, and just before saving they are read again under a row lock, so a
    move that a service made in the meantime is kept (the form's copy is from the start of the
    request). States change only through the transition services, which the admin actions call
    (see `transition_each`)."""

    state_fields: tuple[str, ...] = ("status",)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        editable = {f.name for f in self.model._meta.fields if f.editable}
        return readonly + [f for f in self.state_fields if f in editable and f not in readonly]

    def save_model(self, request, obj, form, change) -> None:
        with transaction.atomic():
            if change:
                rows = type(obj)._default_manager.select_for_update().filter(pk=obj.pk)
                for name, value in (rows.values(*self.state_fields).first() or {}).items():
                    setattr(obj, name, value)
            super().save_model(request, obj, form, change)


def transition_each(modeladmin: admin.ModelAdmin, request, queryset, move: Callable[[Any], Any]) -> int:
    """An admin action over the selected rows: `move(obj)` calls the transition service for one row.
    Every refusal is reported with its Dutch reason; the rows that moved are counted. Returns that count."""
    moved = 0
    for obj in queryset:
        try:
            move(obj)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.WARNING)
        else:
            moved += 1
    if moved:
        meta = modeladmin.model._meta
        name = meta.verbose_name if moved == 1 else meta.verbose_name_plural
        modeladmin.message_user(
            request, _("De status van %(count)d %(name)s is gewijzigd.") % {"count": moved, "name": name}
        )
    return moved


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


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    """One row: the period. Read-only mode is switched on the closing page (audited), not here."""

    list_display = ["__str__", "start_date", "end_date", "evaluation_date", "read_only"]
    readonly_fields = ["read_only", "read_only_since"]

    def has_add_permission(self, request) -> bool:
        return not Arrangement.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)
        forget_arrangement()
        transaction.on_commit(forget_arrangement)


def _forget_days_off_now_and_after_commit() -> None:
    # Now for this process, and again after commit for every process (one may have read the old rows meanwhile).
    forget_days_off()
    transaction.on_commit(forget_days_off)


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    """The working-day calendar's policy; every save and delete empties the cached sets (the one path)."""

    list_display = ["day", "every_year", "kind", "name"]
    list_filter = ["kind", "every_year"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        _forget_days_off_now_and_after_commit()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        _forget_days_off_now_and_after_commit()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        _forget_days_off_now_and_after_commit()
