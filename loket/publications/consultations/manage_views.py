"""Core-team pages of consultation rounds: the overview, open a round on a draft kader, process
the comments (answer, group duplicates) and close the round."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.forms import add_validation_errors
from loket.core.roles import Role, RoleRequiredMixin
from loket.core.submission import SubmitOnceMixin
from loket.publications.consultations import selectors
from loket.publications.consultations.forms import (
    DUPLICATE_LIST_ID,
    AnswerForm,
    ConsultationOpenForm,
    duplicate_choices,
)
from loket.publications.consultations.models import Consultation, ConsultationComment
from loket.publications.consultations.services import comment_answer, consultation_close, consultation_open
from loket.publications.models import Publication, PublicationDraft


class CoreTeamMixin(RoleRequiredMixin):
    roles = (Role.KERNTEAM,)


def rounds_trail(*steps):
    """Home > Kernteam > Consultaties > ..."""
    parents = ((_("Kernteam"), reverse("loket:dashboard")),)
    if not steps:
        return trail(*parents, _("Consultaties"))
    return trail(*parents, (_("Consultaties"), reverse("loket:consultations_manage")), *steps)


class ConsultationManageListView(CoreTeamMixin, TemplateView):
    """`/kernteam/consultaties/`: every round with its state, closing date and counts."""

    template_name = "loket/consultations/manage_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(selectors.consultation_overview(), 30).get_page(self.request.GET.get("page"))
        ctx.update(page_obj=page, consultations=page.object_list, breadcrumbs=rounds_trail())
        return ctx


class ConsultationOpenView(CoreTeamMixin, SubmitOnceMixin, FormView):
    template_name = "loket/consultations/open_form.html"
    form_class = ConsultationOpenForm

    def load_objects(self):
        self.publication = get_object_or_404(Publication, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        draft = PublicationDraft.objects.filter(publication=self.publication).first()
        return super().get_context_data(
            publication=self.publication,
            consulted_version=draft.version if draft and self.publication.status != "concept" else None,
            breadcrumbs=rounds_trail(_("Consultatie openen: %(t)s") % {"t": self.publication.title}),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            consultation = consultation_open(
                publication=self.publication,
                closes_on=data["closes_on"],
                roles=data["roles"],
                organisations=data["organisations"],
                is_open_round=data["is_open_round"],
                introduction=data["introduction"],
                by=self.request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("De consultatie is geopend. %(n)s genodigden krijgen een uitnodiging per e-mail.")
            % {"n": consultation.invitees.count()},
        )
        return redirect("loket:consultation_manage", pk=consultation.pk)


class ConsultationManageView(CoreTeamMixin, TemplateView):
    """Process a round: every comment with its answer form; close the round."""

    template_name = "loket/consultations/manage_detail.html"

    def load_objects(self):
        self.consultation = get_object_or_404(selectors.consultation_overview(), pk=self.kwargs["pk"])

    def get_context_data(self, bound=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        comments = list(self.consultation.comments.order_by("created_at", "pk"))
        show, page = comment_listing(self.request.GET)
        if bound is not None and bound.comment not in filtered(comments, show):
            show = ""  # the answer with errors is always on the page shown
        listed = filtered(comments, show)
        if bound is not None:
            page = listed.index(bound.comment) // COMMENTS_PER_PAGE + 1
        page_obj = Paginator(listed, COMMENTS_PER_PAGE).get_page(page)
        # Only an answer just posted with errors comes as a form object; the tag consultation_answer
        # renders every other comment's form from the comment itself.
        rows = [(c, bound if bound is not None and bound.comment == c else None) for c in page_obj.object_list]
        unanswered = sum(1 for c in comments if not c.handling)
        query = {"reacties": show} if show else {}
        ctx.update(
            consultation=self.consultation,
            rows=rows,
            page_obj=page_obj,
            show=show,
            listing_filters=[
                ("", _("Alle reacties"), len(comments)),
                ("open", _("Zonder antwoord"), unanswered),
                ("beantwoord", _("Beantwoord"), len(comments) - unanswered),
            ],
            querystring=urlencode(query),
            answer_query=urlencode({**query, "page": page_obj.number}),
            duplicate_choices=duplicate_choices(comments),
            duplicate_list_id=DUPLICATE_LIST_ID,
            breadcrumbs=rounds_trail(self.consultation.title),
        )
        return ctx


COMMENTS_PER_PAGE = 50  # a round can have 500 comments (issue 21 item 5): 50 forms at a time
LISTINGS = ("", "open", "beantwoord")  # all comments, those without an answer, those with one


def comment_listing(params) -> tuple[str, str | None]:
    """(which comments, page) of the processing page from its query string."""
    show = params.get("reacties", "")
    return (show if show in LISTINGS else ""), params.get("page")


def filtered(comments: list, show: str) -> list:
    if show == "open":
        return [c for c in comments if not c.handling]
    if show == "beantwoord":
        return [c for c in comments if c.handling]
    return comments


class ConsultationAnswerView(CoreTeamMixin, View):
    def post(self, request, pk: int, comment_pk: int):
        consultation = get_object_or_404(Consultation, pk=pk)
        comment = get_object_or_404(
            ConsultationComment.objects.select_related("consultation"), pk=comment_pk, consultation=consultation
        )
        others = frozenset(consultation.comments.values_list("pk", flat=True))
        form = AnswerForm(request.POST, comment=comment, others=others)
        if form.is_valid():
            head_pk = form.cleaned_data["duplicate_of"]
            try:
                comment_answer(
                    comment=comment,
                    by=request.user,
                    handling=form.cleaned_data["handling"],
                    reason=form.cleaned_data["reason"],
                    duplicate_of=consultation.comments.get(pk=head_pk) if head_pk else None,
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Het antwoord op reactie %(n)s is opgeslagen.") % {"n": comment.number})
                # back to the same list and page the answer came from (a filter of open comments then
                # shows the next one where this one was)
                show, page = comment_listing(request.GET)
                query = urlencode({k: v for k, v in (("reacties", show), ("page", page)) if v})
                url = reverse("loket:consultation_manage", kwargs={"pk": pk})
                return redirect(f"{url}{'?' + query if query else ''}#reactie-{comment.pk}")
        page = ConsultationManageView(request=request, kwargs={"pk": pk})
        page.load_objects()
        return TemplateResponse(request, page.template_name, page.get_context_data(bound=form), status=200)


class ConsultationCloseView(CoreTeamMixin, View):
    def post(self, request, pk: int):
        consultation = get_object_or_404(Consultation, pk=pk)
        try:
            consultation_close(consultation=consultation, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("De consultatie is afgerond. De reactienota ligt vast; publiceer nu de nieuwe versie van het kader."),
            )
        return redirect("loket:consultation_manage", pk=pk)
