"""Core-team pages of publications: create, edit, publish, attachments, and FAQ from an answered
question."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.markdown import render_markdown
from loket.core.roles import Role, RoleRequiredMixin
from loket.core.submission import SubmitOnceMixin, refuse_with_form, submit_once
from loket.publications.forms import AttachmentForm, PublicationForm, PublishForm
from loket.publications.models import Publication, PublicationAttachment
from loket.publications.next_version import next_draft_of
from loket.publications.services import (
    publication_attachment_add,
    publication_attachment_delete,
    publication_create,
    publication_is_expired,
    publication_publish,
    publication_update,
    publication_withdraw,
)


class CoreTeamMixin(RoleRequiredMixin):
    roles = (Role.KERNTEAM,)


def manage_trail(current: str):
    """Home > Kernteam > Publicaties beheren > ..."""
    return trail(
        (_("Kernteam"), reverse("loket:dashboard")),
        (_("Publicaties beheren"), reverse("loket:publications_manage")),
        current,
    )


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class PublicationManageListView(CoreTeamMixin, TemplateView):
    template_name = "loket/publications/manage_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = Publication.objects.annotate(attachment_count=Count("attachments")).order_by("-updated_at", "-pk")
        status = self.request.GET.get("status")
        if status in {"concept", "gepubliceerd", "ingetrokken"}:
            qs = qs.filter(status=status)
        page = Paginator(qs, 30).get_page(self.request.GET.get("page"))
        ctx.update(
            page_obj=page,
            publications=page.object_list,
            status=status,
            now=timezone.now(),
            querystring=f"status={status}" if status else "",
        )
        return ctx


class PublicationCreateView(CoreTeamMixin, SubmitOnceMixin, FormView):
    template_name = "loket/publications/publication_form.html"
    form_class = PublicationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=manage_trail(_("Nieuwe publicatie")), **kwargs)

    def form_valid(self, form):
        try:
            publication = publication_create(
                data=form.service_data(), themes=form.cleaned_data["themes"], by=self.request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De publicatie is opgeslagen als concept."))
        return redirect("loket:publication_edit", pk=publication.pk)


class PublicationEditView(CoreTeamMixin, FormView):
    template_name = "loket/publications/publication_form.html"
    form_class = PublicationForm

    def load_objects(self):
        self.publication = get_object_or_404(Publication, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.publication
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            publication=self.publication,
            attachments=self.publication.attachments.all(),
            attachment_form=kwargs.get("attachment_form") or AttachmentForm(),
            publish_form=PublishForm(),
            revisions=self.publication.revisions.all(),
            preview_html=render_markdown(self.publication.body, top_level=3),  # under "Voorbeeld"
            expired=publication_is_expired(self.publication),
            consultations=list(self.publication.consultations.order_by("-opened_at", "-pk")),
            next_draft=next_draft_of(self.publication),
            source_questions=list(self.publication.source_questions.only("pk", "reference", "subject")),
            breadcrumbs=manage_trail(_("%(title)s bewerken") % {"title": self.publication.title}),
        )
        return ctx

    def form_valid(self, form):
        # ModelForm.is_valid() wrote the values onto the instance; the service works from a fresh row.
        self.publication.refresh_from_db()
        try:
            publication_update(
                publication=self.publication,
                data=form.service_data(),
                themes=form.cleaned_data["themes"],
                by=self.request.user,
                change_note=form.cleaned_data.get("change_note", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De wijzigingen zijn opgeslagen."))
        return redirect("loket:publication_edit", pk=self.publication.pk)


class PublicationPublishView(CoreTeamMixin, View):
    def post(self, request, pk: int):
        publication = get_object_or_404(Publication, pk=pk)
        form = PublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Vul een geldige datum en tijd in."))
            return redirect("loket:publication_edit", pk=pk)
        try:
            publication = publication_publish(
                publication=publication, by=request.user, published_at=form.cleaned_data["published_at"]
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect("loket:publication_edit", pk=pk)
        if publication.published_at > timezone.now():
            messages.success(
                request,
                _("De publicatie verschijnt op %(date)s.")
                % {"date": date_format(timezone.localtime(publication.published_at), "SHORT_DATETIME_FORMAT")},
            )
        else:
            messages.success(request, _("De publicatie is gepubliceerd."))
        return redirect("loket:publication_edit", pk=pk)


class PublicationWithdrawView(CoreTeamMixin, View):
    def post(self, request, pk: int):
        try:
            publication_withdraw(publication=get_object_or_404(Publication, pk=pk), by=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("De publicatie is ingetrokken en niet meer openbaar."))
        return redirect("loket:publication_edit", pk=pk)


class PublicationAttachmentAddView(CoreTeamMixin, View):
    """Add an attachment; a refused file shows the edit page again with the reason at the field."""

    def post(self, request, pk: int):
        publication = get_object_or_404(Publication, pk=pk)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.again(request, publication, form)
        return submit_once(
            request,
            lambda: self.add(request, publication, form),
            refuse=refuse_with_form(form, lambda: self.again(request, publication, form)),
        )

    def add(self, request, publication, form):
        try:
            publication_attachment_add(publication=publication, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.again(request, publication, form)
        messages.success(request, _("De bijlage is toegevoegd."))
        return redirect("loket:publication_edit", pk=publication.pk)

    @staticmethod
    def again(request, publication, form):
        pk = publication.pk
        edit = PublicationEditView(request=request, kwargs={"pk": pk}, publication=publication)
        context = edit.get_context_data(form=PublicationForm(instance=publication), attachment_form=form)
        return TemplateResponse(request, edit.template_name, context)


class PublicationAttachmentDeleteView(CoreTeamMixin, View):
    def post(self, request, pk: int, attachment_pk: int):
        attachment = get_object_or_404(PublicationAttachment, pk=attachment_pk, publication_id=pk)
        publication_attachment_delete(attachment=attachment)
        messages.success(request, _("De bijlage is verwijderd."))
        return redirect("loket:publication_edit", pk=pk)
