"""Core-team pages of the next version of a published kader: start the draft, edit it (with its
consultation rounds and the changes against the published text), publish it or throw it away."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from loket.core.breadcrumbs import trail
from loket.core.markdown import render_markdown
from loket.core.roles import Role, RoleRequiredMixin
from loket.publications.consultations.diff import diff_counts, text_diff
from loket.publications.consultations.workflow import ConsultationStatus
from loket.publications.forms import NextDraftForm
from loket.publications.models import Publication, PublicationKind
from loket.publications.next_version import (
    next_draft_discard,
    next_draft_of,
    next_draft_publish,
    next_draft_start,
    next_draft_update,
)


class CoreTeamMixin(RoleRequiredMixin):
    roles = (Role.KERNTEAM,)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class NextDraftStartView(CoreTeamMixin, View):
    """POST: start the draft of the next version (from the published text)."""

    def post(self, request, pk: int):
        publication = get_object_or_404(Publication, pk=pk, kind=PublicationKind.FRAMEWORK)
        try:
            next_draft_start(publication=publication, by=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect("loket:publication_edit", pk=pk)
        messages.success(
            request, _("Het concept van de volgende versie staat klaar. De gepubliceerde versie blijft zoals hij is.")
        )
        return redirect("loket:publication_next_draft", pk=pk)


class NextDraftView(CoreTeamMixin, FormView):
    """`/kernteam/publicaties/<pk>/volgende-versie/`: the draft, its rounds and its changes."""

    template_name = "loket/publications/next_draft.html"
    form_class = NextDraftForm

    def load_objects(self):
        self.publication = get_object_or_404(Publication, pk=self.kwargs["pk"], kind=PublicationKind.FRAMEWORK)
        self.draft = next_draft_of(self.publication)
        if self.draft is None:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.draft}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        blocks = text_diff(self.publication.body, self.draft.body)
        rounds = list(self.publication.consultations.filter(version=self.draft.version).order_by("-opened_at", "-pk"))
        ctx.update(
            publication=self.publication,
            draft=self.draft,
            preview_html=render_markdown(self.draft.body, top_level=3),  # under "Voorbeeld"
            blocks=blocks,
            counts=diff_counts(blocks),
            consultations=rounds,
            round_open=any(r.status == ConsultationStatus.OPEN for r in rounds),
            breadcrumbs=trail(
                (_("Kernteam"), reverse("loket:dashboard")),
                (_("Publicaties beheren"), reverse("loket:publications_manage")),
                (self.publication.title, reverse("loket:publication_edit", kwargs={"pk": self.publication.pk})),
                _("Concept versie %(v)s") % {"v": self.draft.version},
            ),
        )
        return ctx

    def form_valid(self, form):
        self.draft.refresh_from_db()  # is_valid() wrote the values onto the instance
        try:
            next_draft_update(draft=self.draft, data=form.service_data())
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het concept is opgeslagen. De gepubliceerde versie is niet veranderd."))
        return redirect("loket:publication_next_draft", pk=self.publication.pk)


class NextDraftPublishView(CoreTeamMixin, View):
    """POST: publish the draft as the kader's next version."""

    def post(self, request, pk: int):
        publication = get_object_or_404(Publication, pk=pk, kind=PublicationKind.FRAMEWORK)
        draft = next_draft_of(publication)
        if draft is None:
            raise Http404
        try:
            publication = next_draft_publish(draft=draft, by=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect("loket:publication_next_draft", pk=pk)
        messages.success(request, _("Versie %(v)s is gepubliceerd.") % {"v": publication.version})
        return redirect("loket:publication_edit", pk=pk)


class NextDraftDiscardView(CoreTeamMixin, View):
    """POST: throw the draft away; the published version stays."""

    def post(self, request, pk: int):
        publication = get_object_or_404(Publication, pk=pk, kind=PublicationKind.FRAMEWORK)
        draft = next_draft_of(publication)
        if draft is None:
            raise Http404
        try:
            next_draft_discard(draft=draft)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect("loket:publication_next_draft", pk=pk)
        messages.success(request, _("Het concept van de volgende versie is verwijderd."))
        return redirect("loket:publication_edit", pk=pk)
