"""Practical support requests: /plannen/ondersteuning/ (the list), /plannen/ondersteuning/aanvragen/
(a PRT-lid or CdK-medewerker asks) and one request's page, where the core team handles it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from loket.core.breadcrumbs import trail
from loket.core.roles import Role, RoleRequiredMixin, is_core_team, province_of
from loket.core.submission import SubmitOnceMixin

from .. import permissions, selectors, services
from ..forms import SupportHandleForm, SupportRequestForm
from ..workflow import SUPPORT_OPEN, SUPPORT_TRANSITIONS, SupportStatus

SUPPORT_ROLES = (Role.KERNTEAM, Role.PRT, Role.CDK)

STEP_LABELS = {
    SupportStatus.ACCEPTED: gettext_lazy("Accepteren"),
    SupportStatus.DECLINED: gettext_lazy("Afwijzen"),
    SupportStatus.PLANNED: gettext_lazy("Inplannen"),
    SupportStatus.DONE: gettext_lazy("Afronden met uitkomst"),
}


def support_trail(*steps):
    return trail((_("Praktische ondersteuning"), reverse("plans:support")), *steps)


def form_errors_to(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class SupportListView(RoleRequiredMixin, TemplateView):
    roles = SUPPORT_ROLES
    template_name = "plans/support_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        requests = list(selectors.support_requests_visible_to(user).order_by("-created_at", "-pk")[:200])
        return super().get_context_data(
            open_requests=[r for r in requests if r.status in SUPPORT_OPEN],
            closed_requests=[r for r in requests if r.status not in SUPPORT_OPEN],
            can_request=permissions.can_request_support(user, getattr(province_of(user), "pk", None)),
            is_core_team=is_core_team(user),
            **kwargs,
        )


class SupportCreateView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    roles = (Role.PRT, Role.CDK)
    template_name = "plans/support_form.html"
    form_class = SupportRequestForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            province=province_of(self.request.user), breadcrumbs=support_trail(_("Ondersteuning aanvragen")), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            request = services.support_request_create(
                by=self.request.user,
                province=province_of(self.request.user),
                kind=data["kind"],
                description=data["description"],
                wished_date=data["wished_date"],
            )
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Uw aanvraag is verstuurd. U krijgt bericht van het kernteam."))
        return redirect("plans:support_detail", pk=request.pk)


class SupportDetailView(RoleRequiredMixin, TemplateView):
    roles = SUPPORT_ROLES
    template_name = "plans/support_detail.html"

    def load_objects(self) -> None:
        self.support = get_object_or_404(selectors.support_requests_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, form=None, **kwargs):
        steps = []
        if permissions.can_handle_support(self.request.user):
            steps = [
                {"value": s.value, "label": STEP_LABELS[s]}
                for s in SUPPORT_TRANSITIONS[SupportStatus(self.support.status)]
            ]
        return super().get_context_data(
            support=self.support,
            history=self.support.status_changes.select_related("by"),
            steps=steps,
            form=form or SupportHandleForm(initial={"assignee": self.support.assignee_id}),
            breadcrumbs=support_trail(_("Aanvraag %(n)s") % {"n": self.support.pk}),
            **kwargs,
        )

    def post(self, request, pk: int):
        if not permissions.can_handle_support(request.user):
            raise PermissionDenied
        form = SupportHandleForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            services.support_request_transition(
                request=self.support,
                to=data["to"],
                by=request.user,
                note=data["note"],
                assignee=data["assignee"],
                planned_for=data["planned_for"],
                outcome=data["outcome"],
            )
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValueError):
                exc = ValidationError(_("Onbekende stap."))
            form_errors_to(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        self.support.refresh_from_db()
        messages.success(request, _("Nieuwe status van de aanvraag: %(s)s.") % {"s": self.support.get_status_display()})
        return redirect("plans:support_detail", pk=pk)
