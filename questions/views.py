"""Pages of the questions app. Views parse input and call services and selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from loket.core.filterforms import cached_filter_form, cached_unbound_form
from loket.core.http import client_ip
from loket.core.reference_lists import reference_lists
from loket.core.roles import Role, RoleRequiredMixin
from loket.publications.selectors import suggest_published

from . import ratelimit, selectors, services
from .filters import QuestionFilter
from .forms import (
    AnswerForm,
    AskForm,
    AssignForm,
    BulkAssignForm,
    FaqForm,
    NoteForm,
    ReplyForm,
    StandardAnswerForm,
    StatusForm,
)
from .models import Question, QuestionAttachment
from .workflow import Status

# The confirmation page after a submission finds the question through a signed cookie: an anonymous
# asker gets no server-side session (no session row per submission), the cookie lives an hour, only
# on the questions pages, and a forged or altered value is refused like a missing one.
SUBMITTED_COOKIE = "vraag_verstuurd"
SUBMITTED_SALT = "questions.submitted"
SUBMITTED_MAX_AGE = 60 * 60
PAGE_SIZE = 25


def publication_url(publication) -> str:
    return reverse("loket:publication_detail", kwargs={"slug": publication.slug})


def suggestions_for(text: str) -> list[dict]:
    return [
        {"title": p.title, "summary": p.summary, "kind": p.get_kind_display(), "url": publication_url(p)}
        for p in suggest_published(text, limit=5)
    ]


def _attachment_response(attachment: QuestionAttachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- public: ask and follow ------------------------------------------------------------------------


class QuestionAskView(View):
    template_name = "questions/question_ask.html"

    def get(self, request):
        return self.render(request, AskForm(user=request.user))

    def post(self, request):
        if "suggest" in request.POST:
            # Without JavaScript: show suggestions and keep what was typed (files must be chosen again).
            form = AskForm(initial=self._initial_from(request.POST), user=None)
            text = " ".join([request.POST.get("subject", ""), request.POST.get("body", "")[:300]])
            return self.render(request, form, suggestions=suggestions_for(text), suggested=True)
        form = AskForm(request.POST, request.FILES, user=request.user)
        if form.is_spam:
            form.add_error(
                None, _("Uw vraag kon niet worden verstuurd. Laat het laatste veld leeg en probeer het opnieuw.")
            )
            return self.render(request, form, status=400)
        if not form.is_valid():
            return self.render(request, form)
        ip = client_ip(request) or ""
        email = form.cleaned_data["asker_email"]
        if ratelimit.is_limited(ip=ip, email=email):
            form.add_error(
                None,
                _(
                    "U heeft het afgelopen uur al veel vragen gesteld. Wacht een uur en probeer het dan opnieuw, "
                    "of neem contact op met het loket."
                ),
            )
            return self.render(request, form, status=429)
        data = form.cleaned_data
        try:
            question = services.question_submit(
                asker_name=data["asker_name"],
                asker_email=email,
                asker_role=data["asker_role"],
                organisation=data["organisation"],
                organisation_name=data["organisation_name"],
                province=data["province"],
                themes=data["themes"],
                subject=data["subject"],
                body=data["body"],
                attachments=data["attachments"],
                asker=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(request, form)
        ratelimit.register(ip=ip, email=email)
        response = redirect("questions:submitted")
        response.set_signed_cookie(
            SUBMITTED_COOKIE,
            str(question.pk),
            salt=SUBMITTED_SALT,
            max_age=SUBMITTED_MAX_AGE,
            path=reverse("questions:submitted"),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    @staticmethod
    def _initial_from(post) -> dict:
        initial = {}
        for name in AskForm.base_fields:
            if name in ("attachments", "website"):
                continue
            initial[name] = post.getlist(name) if name == "themes" else post.get(name, "")
        initial["consent"] = bool(post.get("consent"))
        return initial

    def render(self, request, form, *, suggestions=None, suggested=False, status=200):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "suggestions": suggestions or [],
                "suggested": suggested,
                # the cached empty form is rebuilt when a theme, province or organisation changes
                "choices_version": reference_lists().digest,
            },
            status=status,
        )


class QuestionSuggestView(View):
    """JSON for the small script that shows suggestions while the subject is typed."""

    def get(self, request):
        text = request.GET.get("q", "")[:300]
        return JsonResponse({"results": suggestions_for(text)})


@method_decorator(never_cache, name="dispatch")
class QuestionSubmittedView(TemplateView):
    template_name = "questions/question_submitted.html"

    def get(self, request, *args, **kwargs):
        pk = request.get_signed_cookie(SUBMITTED_COOKIE, default=None, salt=SUBMITTED_SALT, max_age=SUBMITTED_MAX_AGE)
        question = Question.objects.filter(pk=pk).first() if pk and pk.isdigit() else None
        if question is None:
            return redirect("questions:ask")
        return self.render_to_response({"question": question})


def _question_for_token(token: str) -> Question:
    question = selectors.question_by_token(token)
    if question is None:
        raise Http404
    return question


@method_decorator(never_cache, name="dispatch")
class QuestionFollowView(View):
    """The asker's private page (by token): the question, answers, replies; reply form."""

    template_name = "questions/question_follow.html"

    def get(self, request, token):
        question = _question_for_token(token)
        return self.render(request, question, ReplyForm())

    def post(self, request, token):
        question = _question_for_token(token)
        form = ReplyForm(request.POST)
        if form.is_valid() and ratelimit.hit(
            f"reply:{question.pk}", limit=settings.QUESTIONS_RATE_LIMIT * 4, window=settings.QUESTIONS_RATE_WINDOW
        ):
            form.add_error(None, _("U heeft het afgelopen uur al veel reacties gestuurd. Probeer het later opnieuw."))
        if form.is_valid():
            try:
                services.question_reply(question=question, body=form.cleaned_data["body"], by=request.user)
            except ValidationError as error:
                form.add_error("body", error)
            else:
                messages.success(request, _("Uw reactie is verstuurd. Het kernteam neemt haar in behandeling."))
                return redirect("questions:follow", token=token)
        return self.render(request, question, form)

    def render(self, request, question, form):
        return render(
            request,
            self.template_name,
            {
                "question": question,
                "thread": selectors.asker_messages(question),
                "attachments": question.attachments.all(),
                "form": form,
                "themes": question.themes.all(),
            },
        )


class QuestionFollowAttachmentView(View):
    def get(self, request, token, attachment_pk):
        question = _question_for_token(token)
        attachment = get_object_or_404(QuestionAttachment, pk=attachment_pk, question=question)
        return _attachment_response(attachment)


class QuestionMineView(RoleRequiredMixin, TemplateView):
    """My questions ("Mijn vragen"): the questions a logged-in user asked with their account."""

    template_name = "questions/question_mine.html"

    def get_context_data(self, **kwargs):
        qs = (
            selectors.with_overdue(Question.objects.filter(asker=self.request.user))
            .select_related("province")
            .order_by("-received_at")
        )
        page = Paginator(qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page_obj": page, "questions": page.object_list}


# --- core team -------------------------------------------------------------------------------------


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
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        if not filterset.is_bound or not filterset.form.cleaned_data.get("ordering"):
            # "-is_overdue, due_date, -received_at", served by an index instead of sorting every row
            qs = selectors.OverdueFirst(qs)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_row_labels(page.object_list)
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

    # Each action: validate its form, call a service; a stale version or illegal move -> message and
    # the current state (status 409 for a conflict, so the user sees it at once).
    def _run(self, request, question, form, call, success: str, form_key: str):
        if not form.is_valid():
            return self.render(request, question, **{form_key: form}, status=400)
        try:
            call(form.cleaned_data)
        except services.StaleQuestion as error:
            messages.error(request, " ".join(error.messages))
            question.refresh_from_db()
            return self.render(request, question, status=409)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            question.refresh_from_db()
            return self.render(request, question, **{form_key: form}, status=400)
        messages.success(request, success)
        return redirect("questions:detail", pk=question.pk)

    def do_assign(self, request, question):
        form = AssignForm(request.POST)
        return self._run(
            request,
            question,
            form,
            lambda d: services.question_assign(
                question=question, assignee=d["assignee"], by=request.user, expected_version=d["version"]
            ),
            _("De behandelaar is gewijzigd."),
            "assign_form",
        )

    def do_assign_me(self, request, question):
        form = AssignForm({"version": request.POST.get("version"), "assignee": request.user.pk})
        return self._run(
            request,
            question,
            form,
            lambda d: services.question_assign(
                question=question, assignee=request.user, by=request.user, expected_version=d["version"]
            ),
            _("U behandelt deze vraag nu."),
            "assign_form",
        )

    def do_status(self, request, question):
        form = StatusForm(request.POST, current=question.status, has_assignee=question.assignee_id is not None)
        return self._run(
            request,
            question,
            form,
            lambda d: services.question_transition(
                question=question, to=Status(d["to"]), by=request.user, note=d["note"], expected_version=d["version"]
            ),
            _("De status is gewijzigd."),
            "status_form",
        )

    def do_note(self, request, question):
        form = NoteForm(request.POST)
        return self._run(
            request,
            question,
            form,
            lambda d: services.question_add_note(
                question=question, body=d["body"], by=request.user, expected_version=d["version"]
            ),
            _("De interne notitie is opgeslagen."),
            "note_form",
        )

    def do_answer(self, request, question):
        form = AnswerForm(request.POST)
        return self._run(
            request,
            question,
            form,
            lambda d: services.question_answer(
                question=question, body=d["body"], by=request.user, expected_version=d["version"]
            ),
            _("Het antwoord is opgeslagen en wordt naar de vragensteller gemaild."),
            "answer_form",
        )

    def do_faq(self, request, question):
        form = FaqForm(request.POST)
        return self._run(
            request,
            question,
            form,
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
        answer_form = AnswerForm(
            initial={"version": question.version, "body": form.cleaned_data["standard_answer"].body}
        )
        return self.render(request, question, answer_form=answer_form, standard_form=form)

    def render(self, request, question, status=200, **forms):
        version = {"version": question.version}
        context = {
            "question": question,
            "themes": question.themes.all(),
            "attachments": question.attachments.all(),
            "timeline": selectors.timeline(question, include_internal=True),
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
            **_links(question),
        }
        context.update({key: form for key, form in forms.items() if form is not None})
        return render(request, self.template_name, context, status=status)


def _allowed(question: Question):
    from .workflow import TRANSITIONS

    return TRANSITIONS.get(Status(question.status), frozenset())


class QuestionAttachmentView(CoreTeamMixin, View):
    def get(self, request, pk, attachment_pk):
        question = get_object_or_404(selectors.questions_visible_to(request.user), pk=pk)
        attachment = get_object_or_404(QuestionAttachment, pk=attachment_pk, question=question)
        return _attachment_response(attachment)


class QuestionFaqView(CoreTeamMixin, View):
    """POST: make a draft FAQ entry of an answered question (asker's details left out)."""

    def post(self, request, question_pk: int):
        question = get_object_or_404(selectors.questions_visible_to(request.user), pk=question_pk)
        try:
            publication = services.question_make_faq(question=question, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("questions:detail", pk=question_pk)
        messages.success(
            request, _("Er is een concept-veelgestelde vraag gemaakt. Controleer de tekst en publiceer hem.")
        )
        return redirect("loket:publication_edit", pk=publication.pk)
