from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from loket.core.admin import KeepStateAdminMixin
from loket.core.roles import core_team_users

from .models import (
    InboundMail,
    Question,
    QuestionAttachment,
    QuestionMessage,
    RoutingRule,
    StandardAnswer,
    StatusChange,
    ThemeDeadline,
)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "theme", "province", "organisation_type", "assignee", "is_active"]
    list_display_links = ["name"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "province", "organisation_type"]
    list_select_related = ["theme", "province", "assignee"]
    search_fields = ["name"]
    autocomplete_fields = ["theme"]
    fieldsets = [
        (None, {"fields": ["order", "name", "is_active"]}),
        (_("Voorwaarden (leeg = alles)"), {"fields": ["theme", "province", "organisation_type"]}),
        (_("Toewijzing"), {"fields": ["assignee"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = core_team_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StandardAnswer)
class StandardAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "is_active"]
    list_filter = ["is_active", "themes"]
    search_fields = ["title", "body"]
    filter_horizontal = ["themes"]


@admin.register(ThemeDeadline)
class ThemeDeadlineAdmin(admin.ModelAdmin):
    list_display = ["theme", "working_days"]
    list_select_related = ["theme"]
    autocomplete_fields = ["theme"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MessageInline(ReadOnlyInline):
    model = QuestionMessage
    fields = ["created_at", "kind", "author_name", "body"]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["created_at", "from_status", "to_status", "by_name", "note"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = QuestionAttachment
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Question)
class QuestionAdmin(KeepStateAdminMixin, admin.ModelAdmin):
    """Read-mostly: the core team works on the question pages; changes go through services. Saving
    the form (the FAQ mark) keeps the status, assignee and version a service set meanwhile."""

    state_fields = ("status", "assignee_id", "version", "answered_at", "closed_at")

    list_display = ["reference", "subject", "status", "assignee", "province", "received_at", "due_date"]
    list_filter = ["status", "channel", "province", "themes", "faq_candidate"]
    list_select_related = ["assignee", "province"]
    search_fields = ["reference", "subject", "asker_name", "asker_email"]
    date_hierarchy = "received_at"
    inlines = [StatusChangeInline, MessageInline, AttachmentInline]
    readonly_fields = [f.name for f in Question._meta.fields if f.name not in ("faq_candidate", "token", "id")] + [
        "themes"
    ]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """What the e-mail channel read: the Beheerder sees the errors (with the reason and the original
    as .eml), the ignored automatic messages and the flagged ones. Read-only: the rows are a log."""

    list_display = ["received_at", "status", "sender_email", "subject", "reason", "question"]
    list_filter = ["status"]
    list_select_related = ["question"]
    search_fields = ["message_id", "sender_email", "subject", "reason"]
    date_hierarchy = "received_at"
    fields = [
        "received_at",
        "status",
        "reason",
        "message_id",
        "sender_name",
        "sender_email",
        "subject",
        "size",
        "original",
        "question",
        "reply",
        "refused_attachments",
    ]
    readonly_fields = fields

    @admin.display(description=_("originele e-mail"))
    def original(self, obj: InboundMail) -> str:
        if not obj.pk or not obj.raw:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("questions:inbound_mail", kwargs={"pk": obj.pk}), _("Download (.eml)")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
