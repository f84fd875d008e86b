"""Admin of publications: edits keep a revision, like the core team's own pages. The status changes
only through the workflow (the actions below call `publication_transition`)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loket.core.admin import transition_each
from loket.core.markdown import validate_markdown
from loket.publications.consultations.models import Consultation, ConsultationComment
from loket.publications.lessons.models import LessonSubmission
from loket.publications.models import (
    Publication,
    PublicationAttachment,
    PublicationKind,
    PublicationRevision,
    PublicationStatusChange,
)
from loket.publications.services import EDITABLE_FIELDS, _write_revision, publication_transition, publication_update
from loket.publications.workflow import PublicationStatus


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


class PublicationStatusChangeInline(admin.TabularInline):
    model = PublicationStatusChange
    fields = ["created_at", "from_status", "to_status", "by_name", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PublicationAdminForm
    list_display = ["title", "kind", "status", "published_at", "version", "valid_until"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "version"]
    inlines = [PublicationRevisionInline, PublicationAttachmentInline, PublicationStatusChangeInline]
    actions = ["publish", "withdraw"]

    @admin.action(description=_("Geselecteerde publicaties publiceren"))
    def publish(self, request, queryset):
        self._move(request, queryset, PublicationStatus.PUBLISHED)

    @admin.action(description=_("Geselecteerde publicaties intrekken"))
    def withdraw(self, request, queryset):
        self._move(request, queryset, PublicationStatus.WITHDRAWN)

    def _move(self, request, queryset, to: PublicationStatus) -> None:
        by = request.user
        transition_each(self, request, queryset, lambda p: publication_transition(publication=p, to=to, by=by))

    def save_model(self, request, obj, form, change):
        """Edits through the admin keep the framework's revisions like the core-team pages do."""
        if change:
            data = {f: form.cleaned_data.get(f) for f in EDITABLE_FIELDS if f in form.cleaned_data}
            updated = publication_update(publication=Publication.objects.get(pk=obj.pk), data=data, by=request.user)
            obj.version = updated.version
            Publication.objects.filter(pk=obj.pk).update(published_at=obj.published_at, slug=obj.slug)
        else:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            if obj.kind == PublicationKind.FRAMEWORK:
                _write_revision(obj, by=request.user, change_note="Eerste versie")


# --- consultations and submitted lessons: read-only in the admin (writes go through their pages) ---


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("title", "version", "status", "closes_on", "is_open_round", "published_version")
    list_filter = ("status", "is_open_round")
    search_fields = ("title",)


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "consultation", "section_label", "handling", "answered_at")
    list_filter = ("handling",)
    list_select_related = ("consultation",)


@admin.register(LessonSubmission)
class LessonSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("title", "submitter_name", "province", "status", "created_at")
    list_filter = ("status", "province")
    list_select_related = ("province",)
    search_fields = ("title", "submitter_name")
