"""Pages of lessons from the field: a partner submits a lesson and follows their own drafts; the
core team lists the submissions, asks a question back and publishes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.forms import add_validation_errors
from loket.core.markdown import render_markdown
from loket.core.roles import PARTNERS, Role, RoleRequiredMixin
from loket.core.submission import SubmitOnceMixin
from loket.publications.lessons.forms import LessonMessageForm, LessonSubmitForm
from loket.publications.lessons.models import LessonSubmission
from loket.publications.lessons.services import (
    lesson_ask,
    lesson_publish,
    lesson_reply,
    lesson_submit,
    lessons_visible_to,
)
from loket.publications.lessons.workflow import LessonStatus


def mine_trail(*steps):
    parents = ((_("Publicaties"), reverse("loket:publications")),)
    if not steps:
        return trail(*parents, _("Mijn lessen"))
    return trail(*parents, (_("Mijn lessen"), reverse("loket:lessons_mine")), *steps)


class PartnerMixin(RoleRequiredMixin):
    roles = PARTNERS


class LessonSubmitView(PartnerMixin, SubmitOnceMixin, FormView):
    """`/publicaties/lessen/insturen/`: a PRT-lid or CdK-medewerker submits a lesson learned."""

    template_name = "loket/lessons/lesson_submit.html"
    form_class = LessonSubmitForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=mine_trail(_("Les insturen")), **kwargs)

    def form_valid(self, form):
        try:
            lesson = lesson_submit(data=form.service_data(), themes=form.cleaned_data["themes"], by=self.request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Dank u wel. Uw les is ingestuurd; het kernteam bekijkt haar en neemt zo nodig contact op.")
        )
        return redirect("loket:lesson_mine", pk=lesson.pk)


class LessonMineListView(PartnerMixin, TemplateView):
    template_name = "loket/lessons/lesson_mine_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lessons = lessons_visible_to(self.request.user).select_related("publication").order_by("-created_at", "-pk")
        page = Paginator(lessons, 30).get_page(self.request.GET.get("page"))
        ctx.update(page_obj=page, lessons=page.object_list, breadcrumbs=mine_trail())
        return ctx


class LessonMineDetailView(PartnerMixin, FormView):
    """A partner's own lesson: its state, the core team's questions and the answer form."""

    template_name = "loket/lessons/lesson_mine_detail.html"
    form_class = LessonMessageForm

    def load_objects(self):
        self.lesson = get_object_or_404(
            LessonSubmission.objects.filter(submitter=self.request.user).select_related("publication"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lesson=self.lesson,
            body_html=render_markdown(self.lesson.publication.body),
            lesson_messages=self.lesson.messages.order_by("created_at", "pk"),
            can_reply=self.lesson.status != LessonStatus.PUBLISHED,
            breadcrumbs=mine_trail(self.lesson.title),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            lesson_reply(lesson=self.lesson, text=form.cleaned_data["text"], by=self.request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Uw antwoord is naar het kernteam gestuurd."))
        return redirect("loket:lesson_mine", pk=self.lesson.pk)


# --- core team -----------------------------------------------------------------------------------


class CoreTeamMixin(RoleRequiredMixin):
    roles = (Role.KERNTEAM,)


def manage_trail(*steps):
    parents = ((_("Kernteam"), reverse("loket:dashboard")),)
    if not steps:
        return trail(*parents, _("Ingestuurde lessen"))
    return trail(*parents, (_("Ingestuurde lessen"), reverse("loket:lessons_manage")), *steps)


class LessonManageListView(CoreTeamMixin, TemplateView):
    template_name = "loket/lessons/lesson_manage_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lessons = LessonSubmission.objects.select_related("publication", "province").order_by("-created_at", "-pk")
        status = self.request.GET.get("status")
        if status in LessonStatus.values:
            lessons = lessons.filter(status=status)
        page = Paginator(lessons, 30).get_page(self.request.GET.get("page"))
        ctx.update(
            page_obj=page,
            lessons=page.object_list,
            status=status,
            statuses=LessonStatus.choices,
            querystring=f"status={status}" if status else "",
            breadcrumbs=manage_trail(),
        )
        return ctx


class LessonManageView(CoreTeamMixin, FormView):
    template_name = "loket/lessons/lesson_manage_detail.html"
    form_class = LessonMessageForm

    def load_objects(self):
        self.lesson = get_object_or_404(
            LessonSubmission.objects.select_related("publication", "province").prefetch_related("themes"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lesson=self.lesson,
            body_html=render_markdown(self.lesson.publication.body, top_level=3),  # under "Tekst van de les"
            lesson_messages=self.lesson.messages.order_by("created_at", "pk"),
            can_publish=self.lesson.status != LessonStatus.PUBLISHED,
            breadcrumbs=manage_trail(self.lesson.title),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            lesson_ask(lesson=self.lesson, text=form.cleaned_data["text"], by=self.request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Uw vraag is naar de inzender gestuurd."))
        return redirect("loket:lesson_manage", pk=self.lesson.pk)


class LessonPublishView(CoreTeamMixin, View):
    def post(self, request, pk: int):
        lesson = get_object_or_404(LessonSubmission, pk=pk)
        try:
            lesson_publish(lesson=lesson, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("De les is gepubliceerd. Abonnees op de thema's krijgen haar in de volgende mailing.")
            )
        return redirect("loket:lesson_manage", pk=pk)
