from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .markdown import validate_markdown
from .models import (
    ContactDetails,
    ContactPerson,
    LocationType,
    Mailing,
    MailingRecipient,
    Organisation,
    OutboxTask,
    Profile,
    Province,
    Publication,
    PublicationAttachment,
    PublicationKind,
    PublicationRevision,
    Subscription,
    Theme,
)
from .roles import Role, has_role


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


class PublicationAdminForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = [
            "kind",
            "title",
            "slug",
            "summary",
            "body",
            "themes",
            "province",
            "status",
            "published_at",
            "valid_from",
            "valid_until",
        ]

    def clean_summary(self):
        validate_markdown(self.cleaned_data.get("summary"))
        return self.cleaned_data.get("summary")

    def clean_body(self):
        validate_markdown(self.cleaned_data.get("body"))
        return self.cleaned_data.get("body")


class PublicationRevisionInline(admin.TabularInline):
    model = PublicationRevision
    fields = ["version", "changed_at", "changed_by", "change_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class PublicationAttachmentInline(admin.TabularInline):
    model = PublicationAttachment
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the core-team page, which checks the content


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PublicationAdminForm
    list_display = ["title", "kind", "status", "published_at", "version", "valid_until"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["version"]
    inlines = [PublicationRevisionInline, PublicationAttachmentInline]

    def save_model(self, request, obj, form, change):
        """Edits through the admin keep the framework's revisions like the core-team pages do."""
        from .publications import EDITABLE_FIELDS, _write_revision, publication_update

        if change:
            data = {f: form.cleaned_data.get(f) for f in EDITABLE_FIELDS if f in form.cleaned_data}
            updated = publication_update(publication=Publication.objects.get(pk=obj.pk), data=data, by=request.user)
            obj.version = updated.version
            Publication.objects.filter(pk=obj.pk).update(
                status=obj.status, published_at=obj.published_at, slug=obj.slug
            )
        else:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            if obj.kind == PublicationKind.FRAMEWORK:
                _write_revision(obj, by=request.user, change_note="Eerste versie")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "general_news", "confirmed_at", "unsubscribed_at"]
    list_filter = [
        "general_news",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email"]
    filter_horizontal = ["themes", "provinces"]
    readonly_fields = ["pending_choices", "requested_at", "confirmed_at", "unsubscribed_at", "created_at"]


class MailingRecipientInline(admin.TabularInline):
    model = MailingRecipient
    fields = ["email", "status", "attempts", "reason", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "created_at", "sent_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subject"]
    readonly_fields = ["kind", "status", "prognosis_round_id", "context", "sent_at", "sent_by", "finished_at"]
    inlines = [MailingRecipientInline]

    def has_change_permission(self, request, obj=None):
        # sending happens on the core-team pages; the admin only reads
        return False if obj is not None and obj.status != "concept" else super().has_change_permission(request, obj)


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
        import json

        from django.http import HttpResponse

        from .privacy import personal_data_export

        emails = sorted({user.email.strip().lower() for user in queryset if user.email})
        data = [personal_data_export(email) for email in emails]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="inzageverzoek.json"'
        return response


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "args", "created_at", "attempts", "sent_at"]
    list_filter = ["task_name"]
    readonly_fields = ["task_name", "args", "created_at", "attempts", "last_error", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False
