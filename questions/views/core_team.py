"""The core team's pages: the list with filters and bulk assignment, a question with its actions,
attachments and FAQ."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from loket.core.breadcrumbs import trail
from loket.core.filterforms import cached_filter_form, cached_unbound_form
from loket.core.roles import Role, RoleRequiredMixin
from loket.core.submission import refuse_with_form, refuse_with_message, submit_once

from .. import selectors, services
from ..filters import QuestionFilter
from ..forms import (
    AnswerForm,
    AssignForm,
    BulkAssignForm,
    FaqForm,
    NoteForm,
    StandardAnswerForm,
    StatusForm,
)
from ..models import InboundMail, Question, QuestionAttachment
from ..rows import ROW_FIELDS, question_rows
from ..workflow import TRANSITIONS, Status
from .common import PAGE_SIZE, attachment_response


class CoreTeamMixin(RoleRequiredMixin):
    roles = (Role.KERNTEAM,)


class QuestionListView(CoreTeamMixin, View):
    template_name = "questions/question_list.html"

    def get(self, request):
        return self.render(request)

    def filtered(self, request):
        base = selectors.question_list_qs(request.user).order_by("due_date", "-received_at")
        return QuestionFilter(request.GET or None, queryset=base)

    def render(self, request):
        filterset = self.filtered(request)
        applied = filterset.is_bound and filterset.is_valid()
        # the page's rows as plain values (questions/rows.py), not model objects
        qs = (filterset.qs if applied else filterset.queryset).values_list(*ROW_FIELDS)
        if not applied or not filterset.form.cleaned_data.get("ordering"):
            # "-is_overdue, due_date, -received_at", served by an index instead of sorting every row; the
            # whole list (no filter) takes its sizes from the tally instead of counting the table
            unfiltered = not applied or all(v in (None, "", [], ()) for v in filterset.form.cleaned_data.values())
            qs = selectors.OverdueFirst(qs, sizes=selectors.list_sizes(request.user) if unfiltered else None)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_row_labels(question_rows(page.object_list))
        params = request.GET.copy()
        params.pop("page", None)
        current = request.GET.get("ordering", "")
        sort_links = {}
        for field in ("reference", "subject", "status", "received_at", "due_date"):
            link = params.copy()
            link["ordering"] = f"-{field}" if current == field else field
            direction = "ascending" if current == field else "descending" if current == f"-{field}" else ""
            sort_links[field] = {"url": "?" + link.urlencode(), "direction": direction}
        return render(
            request,
            self.template_name,
            {
                "filter": filterset,
                "page_obj": page,
                "questions": page.object_list,
                "querystring": params.urlencode(),
                # both forms from the form cache; as the list is first opened, without building them
                "filter_form_html": (
                    cached_filter_form(filterset.form)
                    if filterset.is_bound
                    else cached_unbound_form(
                        lambda: filterset.form, name="questions.QuestionFilter", choices_version=filterset.lists.digest
                    )
                ),
                "bulk_assignee_html": cached_unbound_form(
                    lambda: BulkAssignForm(questions_qs=Question.objects.none()),
                    name="questions.BulkAssignForm",
                    template="questions/_bulk_assignee.html",
                    choices_version=filterset.lists.digest,
                ),
                "total": page.paginator.count,
                "sort_links": sort_links,
            },
        )


class QuestionBulkAssignView(CoreTeamMixin, View):
    def post(self, request):
        form = BulkAssignForm(request.POST, questions_qs=selectors.questions_visible_to(request.user))
        back = reverse("questions:list") + (
            "?" + request.POST["querystring"] if request.POST.get("querystring") else ""
        )
        if not form.is_valid():
            for error in form.errors.values():
                messages.error(request, " ".join(error))
            return HttpResponseRedirect(back)
        try:
            changed = services.question_bulk_assign(
                question_ids=[q.pk for q in form.cleaned_data["questions"]],
                assignee=form.cleaned_data["assignee"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s vraag/vragen toegewezen.") % {"n": changed})
        return HttpResponseRedirect(back)


def _links(question: Question) -> dict:
    """Links to the referral page (experts) and the FAQ action of this question."""
    return {
        "refer_url": reverse("experts:refer", kwargs={"question_pk": question.pk}),
        "faq_url": reverse("questions:faq_from_question", kwargs={"question_pk": question.pk}),
    }


def question_trail(question: Question):
    """Home > Kernteam > Vragen > <kenmerk>."""
    return trail(
        (_("Kernteam"), reverse("loket:dashboard")), (_("Vragen"), reverse("questions:list")), question.reference
    )


class QuestionDetailView(CoreTeamMixin, View):
    template_name = "questions/question_detail.html"
    ACTIONS = ("assign", "assign_me", "status", "note", "answer", "faq", "standard")

    def get_question(self, request, pk) -> Question:
        qs = selectors.questions_visible_to(request.user).select_related(
            "assignee", "province", "organisation", "routed_by", "asker"
        )
        return get_object_or_404(qs, pk=pk)

    def get(self, request, pk):
        question = self.get_question(request, pk)
        return self.render(request, question)

    def post(self, request, pk):
        question = self.get_question(request, pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            messages.error(request, _("Onbekende actie."))
            return redirect("questions:detail", pk=pk)
        handler = getattr(self, f"do_{action}")
        return handler(request, question)

    # Each action: validate its form, call a service. A stale version (a colleague acted in another
    # tab) -> status 409, the form again bound with what this user typed (now on the current version,
    # so sending it again is a deliberate choice) and the colleague's change beside it. An illegal
    # move -> the message and the form as it was.
    def _run(self, request, question, make_form, call, success: str, form_key: str, data=None, *, once=False):
        data = request.POST if data is None else data
        form = make_form(data)
        if not form.is_valid():
            return self.render(request, question, **{form_key: form}, status=400)
        if once:  # creates a message: a double click or resend creates it once
            return submit_once(
                request,
                lambda: self._call(request, question, form, call, success, form_key, make_form, data),
                refuse=refuse_with_form(form, lambda: self.render(request, question, **{form_key: form}, status=400)),
            )
        return self._call(request, question, form, call, success, form_key, make_form, data)

    def _call(self, request, question, form, call, success: str, form_key: str, make_form, data):
        try:
            call(form.cleaned_data)
        except services.StaleQuestion:
            question.refresh_from_db()
            kept = data.copy()
            kept["version"] = question.version
            messages.error(
                request,
                _(
                    "Een collega heeft deze vraag zojuist gewijzigd. Uw wijziging is nog niet opgeslagen: "
                    "wat u invulde staat nog in het formulier. Bekijk eerst de wijziging van uw collega "
                    "en verstuur daarna opnieuw als dat nog nodig is."
                ),
            )
            rebound = make_form(kept)
            rebound.initial = {**rebound.initial, "version": question.version}
            return self.render(request, question, **{form_key: rebound}, conflict=True, status=409)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            question.refresh_from_db()
            return self.render(request, question, **{form_key: form}, status=400)
        messages.success(request, success)
        return redirect("questions:detail", pk=question.pk)

    def do_assign(self, request, question):
        return self._run(
            request,
            question,
            AssignForm,
            lambda d: services.question_assign(
                question=question, assignee=d["assignee"], by=request.user, expected_version=d["version"]
            ),
            _("De behandelaar is gewijzigd."),
            "assign_form",
        )

    def do_assign_me(self, request, question):
        data = QueryDict(mutable=True)
        data.update({"version": request.POST.get("version", ""), "assignee": request.user.pk})
        return self._run(
            request,
            question,
            AssignForm,
            lambda d: services.question_assign(
                question=question, assignee=request.user, by=request.user, expected_version=d["version"]
            ),
            _("U behandelt deze vraag nu."),
            "assign_form",
            data=data,
        )

    def do_status(self, request, question):
        return self._run(
            request,
            question,
            # built again after a conflict: the choices follow the status the colleague left
            lambda data: StatusForm(data, current=question.status, has_assignee=question.assignee_id is not None),
            lambda d: services.question_transition(
                question=question, to=Status(d["to"]), by=request.user, note=d["note"], expected_version=d["version"]
            ),
            _("De status is gewijzigd."),
            "status_form",
        )

    def do_note(self, request, question):
        return self._run(
            request,
            question,
            NoteForm,
            lambda d: services.question_add_note(
                question=question, body=d["body"], by=request.user, expected_version=d["version"]
            ),
            _("De interne notitie is opgeslagen."),
            "note_form",
            once=True,
        )

    def do_answer(self, request, question):
        return self._run(
            request,
            question,
            AnswerForm,
            lambda d: services.question_answer(
                question=question, body=d["body"], by=request.user, expected_version=d["version"]
            ),
            _("Het antwoord is opgeslagen en wordt naar de vragensteller gemaild."),
            "answer_form",
            once=True,
        )

    def do_faq(self, request, question):
        return self._run(
            request,
            question,
            FaqForm,
            lambda d: services.question_set_faq_candidate(
                question=question, value=d["faq_candidate"], by=request.user, expected_version=d["version"]
            ),
            _("De FAQ-markering is gewijzigd."),
            "faq_form",
        )

    def do_standard(self, request, question):
        """Put a standard answer into the answer form (nothing is sent yet)."""
        form = StandardAnswerForm(request.POST, queryset=selectors.standard_answers_for(question))
        if not form.is_valid():
            return self.render(request, question, standard_form=form, status=400)
        if form.cleaned_data["standard_answer"] is None:  # none chosen: nothing to put in
            return self.render(request, question, standard_form=form)
        answer_form = AnswerForm(
            initial={"version": question.version, "body": form.cleaned_data["standard_answer"].body}
        )
        return self.render(request, question, answer_form=answer_form, standard_form=form)

    def render(self, request, question, status=200, conflict=False, **forms):
        version = {"version": question.version}
        timeline = selectors.timeline(question, include_internal=True)
        context = {
            "question": question,
            "themes": question.themes.all(),
            "attachments": question.attachments.all(),
            "inbound_mails": question.inbound_mails.all(),
            "feedback": question.feedback.select_related("message"),
            "timeline": timeline,
            # after a conflict: the newest message (answer, note, reply) and status change
            "conflict": conflict,
            "conflict_entries": _newest_entries(timeline) if conflict else [],
            "assign_form": AssignForm(initial={**version, "assignee": question.assignee_id}),
            "status_form": StatusForm(
                initial=version, current=question.status, has_assignee=question.assignee_id is not None
            ),
            "note_form": NoteForm(initial=version),
            "answer_form": AnswerForm(initial=version),
            "faq_form": FaqForm(initial={**version, "faq_candidate": not question.faq_candidate}),
            "standard_form": StandardAnswerForm(queryset=selectors.standard_answers_for(question)),
            "is_overdue": selectors.is_overdue(question),
            "can_answer": Status.ANSWERED in _allowed(question),
            "breadcrumbs": question_trail(question),
            **_links(question),
        }
        context.update({key: form for key, form in forms.items() if form is not None})
        return render(request, self.template_name, context, status=status)


def _newest_entries(timeline: list[dict]) -> list[dict]:
    newest = {}
    for entry in timeline:  # in time order: the last of each kind stays
        newest["status" if entry["kind"] == "status" else "message"] = entry
    return sorted(newest.values(), key=lambda e: e["at"])


def _allowed(question: Question):
    return TRANSITIONS.get(Status(question.status), frozenset())


class QuestionAttachmentView(CoreTeamMixin, View):
    def get(self, request, pk, attachment_pk):
        question = get_object_or_404(selectors.questions_visible_to(request.user), pk=pk)
        attachment = get_object_or_404(QuestionAttachment, pk=attachment_pk, question=question)
        return attachment_response(attachment)


class InboundMailDownloadView(RoleRequiredMixin, View):
    """The original of a mail the loket received (.eml): for the core team (from the question page)
    and the Beheerder (from the admin, also for mails that became no question)."""

    roles = (Role.KERNTEAM, Role.BEHEERDER)

    def get(self, request, pk):
        mail = get_object_or_404(InboundMail, pk=pk)
        try:
            handle = mail.raw.open("rb")
        except (FileNotFoundError, OSError, ValueError) as error:
            raise Http404 from error
        response = FileResponse(
            handle, as_attachment=True, filename=f"e-mail-{mail.pk}.eml", content_type="message/rfc822"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class QuestionFaqView(CoreTeamMixin, View):
    """POST: make a draft FAQ entry of an answered question (asker's details left out)."""

    def post(self, request, question_pk: int):
        question = get_object_or_404(selectors.questions_visible_to(request.user), pk=question_pk)
        detail = reverse("questions:detail", kwargs={"pk": question_pk})
        return submit_once(request, lambda: self._make(request, question), refuse=refuse_with_message(request, detail))

    def _make(self, request, question):
        question_pk = question.pk
        try:
            publication = services.question_make_faq(question=question, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("questions:detail", pk=question_pk)
        messages.success(
            request, _("Er is een concept-veelgestelde vraag gemaakt. Controleer de tekst en publiceer hem.")
        )
        return redirect("loket:publication_edit", pk=publication.pk)
