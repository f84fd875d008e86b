"""The asker's pages: ask (with suggestions), the confirmation, the private follow page by token and
'Mijn vragen'."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from loket.core.markdown import markdown_to_text
from loket.core.ratelimits import client_key, limit_count, limit_reached
from loket.core.reference_lists import reference_lists
from loket.core.roles import RoleRequiredMixin
from loket.core.submission import refuse_with_form, submit_once
from loket.publications.selectors import suggest_published

from .. import selectors, services
from ..forms import (
    AskForm,
    FeedbackForm,
    ReplyForm,
)
from ..limits import address_limit, questions_rate
from ..models import Helpfulness, MessageKind, Question, QuestionAttachment, QuestionFeedback, QuestionMessage
from ..workflow import ASKER_EXPLANATIONS, Status
from .common import PAGE_SIZE, attachment_response

# The confirmation page after a submission finds the question through a signed cookie: an anonymous
# asker gets no server-side session (no session row per submission), the cookie lives an hour, only
# on the questions pages, and a forged or altered value is refused like a missing one.
SUBMITTED_COOKIE = "vraag_verstuurd"
SUBMITTED_SALT = "questions.submitted"
SUBMITTED_MAX_AGE = 60 * 60


def _ask_limits(request, email: str) -> list[dict]:
    # New questions per client address and per asker's e-mail address.
    rate = questions_rate()
    return [
        {"group": "questions.ask.ip", "key": client_key(request), "rate": rate},
        address_limit(email),
    ]


def publication_url(publication) -> str:
    return reverse("loket:publication_detail", kwargs={"slug": publication.slug})


def suggestions_for(text: str) -> list[dict]:
    return [
        {
            "title": p.title,
            "summary": markdown_to_text(p.summary),
            "kind": p.get_kind_display(),
            "url": publication_url(p),
        }
        for p in suggest_published(text, limit=5)
    ]


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
        return submit_once(
            request,
            lambda: self._submit(request, form),
            refuse=refuse_with_form(form, lambda: self.render(request, form)),
            # the key written once with the result (its mail and counts go on commit); a submission with
            # attachments claims it first, so that a repeat stores no files
            claim_first=bool(request.FILES),
        )

    def _submit(self, request, form):
        email = form.cleaned_data["asker_email"]
        limits = _ask_limits(request, email)
        if any(limit_reached(**limit, increment=False) for limit in limits):
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
                asker_kind=data.get("asker_kind", ""),
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
        # only a question that was saved counts: after the commit (a repeat rolled back counts nothing)
        transaction.on_commit(lambda: [limit_count(**limit) for limit in limits])
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
        if form.is_valid():
            return submit_once(
                request,
                lambda: self._reply(request, question, form, token),
                refuse=refuse_with_form(form, lambda: self.render(request, question, form)),
            )
        return self.render(request, question, form)

    def _reply(self, request, question, form, token):
        if limit_reached(group="questions.reply", key=str(question.pk), rate=questions_rate(4)):
            form.add_error(None, _("U heeft het afgelopen uur al veel reacties gestuurd. Probeer het later opnieuw."))
            return self.render(request, question, form)
        try:
            services.question_reply(question=question, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as error:
            form.add_error("body", error)
            return self.render(request, question, form)
        messages.success(request, _("Uw reactie is verstuurd. Het kernteam neemt haar in behandeling."))
        return redirect("questions:follow", token=token)

    def render(self, request, question, form):
        return render(
            request,
            self.template_name,
            {
                "question": question,
                "thread": selectors.asker_messages(question).prefetch_related("feedback"),
                "attachments": question.attachments.all(),
                "form": form,
                "themes": question.themes.all(),
                "status_explanation": ASKER_EXPLANATIONS.get(Status(question.status), ""),
                "status_explanations": [(status.label, ASKER_EXPLANATIONS[status]) for status in Status],
            },
        )


@method_decorator(never_cache, name="dispatch")
class QuestionFeedbackView(View):
    """ "Heeft dit antwoord u geholpen?" for one answer, behind the private link (the question's
    unguessable token). The answer mail links here with ?antwoord=ja|deels|nee: the choice is
    filled in and one click on "Versturen" records it (a GET never writes: mail scanners open
    links, and read-only mode refuses every POST). A "nee" offers to reopen the question."""

    template_name = "questions/question_feedback.html"

    def _objects(self, token, message_pk):
        question = _question_for_token(token)
        message = get_object_or_404(QuestionMessage, pk=message_pk, question=question, kind=MessageKind.ANSWER)
        return question, message

    def get(self, request, token, message_pk):
        question, message = self._objects(token, message_pk)
        current = QuestionFeedback.objects.filter(message=message).first()
        initial = {"rating": current.rating, "comment": current.comment} if current else {}
        if request.GET.get("antwoord") in Helpfulness.values:
            initial["rating"] = request.GET["antwoord"]
        return self.render(request, question, message, FeedbackForm(initial=initial))

    def post(self, request, token, message_pk):
        question, message = self._objects(token, message_pk)
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            return self.render(request, question, message, form, status=400)
        feedback = services.question_feedback_give(
            question=question, message=message, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
        )
        if feedback.rating == Helpfulness.NO:
            messages.info(
                request,
                _(
                    "Dank u wel. Jammer dat het antwoord u niet hielp. Wilt u dat het kernteam verder kijkt? "
                    "Schrijf hieronder bij Reageren wat er nog ontbreekt: uw reactie opent de vraag opnieuw."
                ),
            )
            return redirect(reverse("questions:follow", kwargs={"token": token}) + "#reageren")
        messages.success(request, _("Dank u wel voor uw reactie."))
        return redirect("questions:follow", token=token)

    def render(self, request, question, message, form, status=200):
        return render(
            request, self.template_name, {"question": question, "message": message, "form": form}, status=status
        )


class QuestionFollowAttachmentView(View):
    def get(self, request, token, attachment_pk):
        question = _question_for_token(token)
        attachment = get_object_or_404(QuestionAttachment, pk=attachment_pk, question=question)
        return attachment_response(attachment)


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
