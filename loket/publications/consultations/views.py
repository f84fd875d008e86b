"""Pages of a consultation for invitees (and the core team): the draft with the comments beside its
sections, comment and edit; the reactienota and the changes since the consulted text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.forms import add_validation_errors
from loket.core.markdown import render_markdown
from loket.core.roles import RoleRequiredMixin, is_core_team
from loket.core.submission import SubmitOnceMixin
from loket.publications.consultations import selectors
from loket.publications.consultations.diff import diff_counts, text_diff
from loket.publications.consultations.exports import reactienota_response
from loket.publications.consultations.forms import CommentEditForm, CommentForm
from loket.publications.consultations.models import Consultation
from loket.publications.consultations.services import comment_add, comment_update, is_invitee
from loket.publications.models import PublicationDraft


def consultation_trail(consultation: Consultation, *steps):
    here = reverse("loket:consultation", kwargs={"slug": consultation.publication.slug})
    if not steps:
        return trail(
            (_("Publicaties"), reverse("loket:publications")), _("Consultatie: %(t)s") % {"t": consultation.title}
        )
    return trail(
        (_("Publicaties"), reverse("loket:publications")),
        (_("Consultatie: %(t)s") % {"t": consultation.title}, here),
        *steps,
    )


class ConsultationView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    """`/publicaties/<slug>/consultatie/`: the consulted draft, its sections with the comments beside
    them, and the comment form. Only invitees and the core team: anyone else gets a 404."""

    template_name = "loket/consultations/consultation.html"
    form_class = CommentForm

    def load_objects(self):
        self.consultation = selectors.latest_consultation_for(self.request.user, self.kwargs["slug"])
        if self.consultation is None:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "consultation": self.consultation}

    def get_initial(self):
        return {"anchor": self.request.GET.get("onderdeel", "")}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        comments = list(selectors.comments_visible_to(self.consultation, user))
        sections, general = selectors.sections_with_comments(self.consultation, comments)
        ctx.update(
            consultation=self.consultation,
            introduction_html=render_markdown(self.consultation.introduction),
            sections=sections,
            general_comments=general,
            invited=is_invitee(self.consultation, user),
            can_comment=self.consultation.accepts_comments and is_invitee(self.consultation, user),
            is_core=is_core_team(user),
            breadcrumbs=consultation_trail(self.consultation),
        )
        return ctx

    def form_valid(self, form):
        try:
            comment = comment_add(
                consultation=self.consultation,
                user=self.request.user,
                text=form.cleaned_data["text"],
                anchor=form.cleaned_data.get("anchor") or "",
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Uw reactie is opgeslagen. U kunt haar wijzigen tot de sluitingsdatum."))
        url = reverse("loket:consultation", kwargs={"slug": self.kwargs["slug"]})
        return redirect(f"{url}#reactie-{comment.pk}")


class ConsultationCommentEditView(RoleRequiredMixin, FormView):
    template_name = "loket/consultations/comment_edit.html"
    form_class = CommentEditForm

    def load_objects(self):
        consultation = selectors.latest_consultation_for(self.request.user, self.kwargs["slug"])
        if consultation is None:
            raise Http404
        self.comment = get_object_or_404(consultation.comments, pk=self.kwargs["pk"], author=self.request.user)
        self.consultation = consultation

    def get_initial(self):
        return {"text": self.comment.text}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            comment=self.comment,
            breadcrumbs=consultation_trail(self.consultation, _("Reactie wijzigen")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            comment_update(comment=self.comment, user=self.request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Uw reactie is gewijzigd."))
        url = reverse("loket:consultation", kwargs={"slug": self.kwargs["slug"]})
        return redirect(f"{url}#reactie-{self.comment.pk}")


def _round_for(request, slug: str, pk: int) -> Consultation:
    """A round whose reactienota and changes the user may see (selectors.reactienota_visible); else 404."""
    consultation = get_object_or_404(Consultation.objects.select_related("publication"), pk=pk, publication__slug=slug)
    if not selectors.reactienota_visible(consultation, request.user):
        raise Http404
    return consultation


class ReactienotaView(View):
    """The reactienota as XLSX or PDF (names of people only in the core team's copy)."""

    def get(self, request, slug: str, pk: int, fmt: str):
        if fmt not in ("xlsx", "pdf"):
            raise Http404
        consultation = _round_for(request, slug, pk)
        return reactienota_response(consultation, fmt, with_names=is_core_team(request.user))


class ConsultationChangesView(TemplateView):
    """What changed between the consulted draft and the published version (the core team also sees
    it before publishing: then against the current draft)."""

    template_name = "loket/consultations/changes.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        consultation = _round_for(self.request, kwargs["slug"], kwargs["pk"])
        published = consultation.published_version is not None
        if published:
            new_text = consultation.published_body
        else:  # the current draft: the kader itself, or the draft of its next version
            draft = PublicationDraft.objects.filter(publication=consultation.publication).first()
            new_text = draft.body if draft else consultation.publication.body
        blocks = text_diff(consultation.body, new_text)
        ctx.update(
            consultation=consultation,
            publication=consultation.publication,
            blocks=blocks,
            counts=diff_counts(blocks),
            published=published,
            breadcrumbs=trail(
                (_("Publicaties"), reverse("loket:publications")),
                (
                    consultation.publication.title,
                    reverse("loket:publication_detail", kwargs={"slug": consultation.publication.slug}),
                ),
                _("Wijzigingen na consultatie"),
            ),
        )
        return ctx
