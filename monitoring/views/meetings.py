"""LRT meetings: list, create, agenda, and recording decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from loket.core.roles import RoleRequiredMixin, has_role, is_core_team
from loket.core.submission import SubmitOnceMixin, refuse_with_form, submit_once

from .. import services
from ..forms import DecisionActionFormSet, DecisionForm, MeetingForm
from ..models import LrtMeeting
from ..selectors import meeting_agenda, meetings_with_counts, signals_visible_to
from .common import LRT, OVERSIGHT, form_errors_to, meeting_trail


class MeetingListView(RoleRequiredMixin, TemplateView):
    roles = OVERSIGHT
    template_name = "monitoring/meeting_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        meetings = list(meetings_with_counts())
        return super().get_context_data(
            upcoming=sorted([m for m in meetings if m.date >= today], key=lambda m: m.date),
            past=[m for m in meetings if m.date < today],
            is_core_team=is_core_team(self.request.user),
            **kwargs,
        )


class MeetingCreateView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    """The core team and the LRT secretary (who records the LRT meetings, DESIGN.md) plan meetings."""

    roles = OVERSIGHT
    form_class = MeetingForm
    template_name = "monitoring/meeting_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=meeting_trail(None, _("Nieuw LRT-overleg")), **kwargs)

    def form_valid(self, form):
        try:
            meeting = services.meeting_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het LRT-overleg is aangemaakt."))
        return redirect("monitoring:meeting_detail", pk=meeting.pk)


class MeetingDetailView(RoleRequiredMixin, TemplateView):
    """The agenda: every escalated signal with its proposal, decision and actions."""

    roles = OVERSIGHT
    template_name = "monitoring/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = get_object_or_404(LrtMeeting, pk=kwargs["pk"])
        return super().get_context_data(
            meeting=meeting,
            breadcrumbs=meeting_trail(meeting),
            escalations=meeting_agenda(meeting),
            is_lrt=has_role(self.request.user, *LRT),
            **kwargs,
        )


class DecisionView(RoleRequiredMixin, TemplateView):
    """The LRT secretary records the decision on one escalated signal, with follow-up actions."""

    roles = LRT
    template_name = "monitoring/decision_form.html"

    def load_objects(self):
        self.meeting = get_object_or_404(LrtMeeting, pk=self.kwargs["pk"])

    def get_signal(self):
        return get_object_or_404(signals_visible_to(self.request.user), pk=self.kwargs["signal_pk"])

    def get(self, request, *args, **kwargs):
        signal = self.get_signal()
        escalation = self.meeting.escalations.filter(signal=signal).first()
        if escalation is None:
            messages.error(request, _("Dit signaal is niet geëscaleerd naar dit LRT-overleg."))
            return redirect("monitoring:meeting_detail", pk=self.meeting.pk)
        return self.render_to_response(
            self.get_context_data(
                signal=signal,
                escalation=escalation,
                form=DecisionForm(),
                formset=DecisionActionFormSet(prefix="acties"),
            )
        )

    def post(self, request, *args, **kwargs):
        signal = self.get_signal()
        escalation = self.meeting.escalations.filter(signal=signal).first()
        form = DecisionForm(request.POST)
        formset = DecisionActionFormSet(request.POST, prefix="acties")
        if form.is_valid() and formset.is_valid():
            return submit_once(
                request,
                lambda: self._decide(request, signal, escalation, form, formset),
                refuse=refuse_with_form(form, lambda: self._again(signal, escalation, form, formset)),
            )
        return self._again(signal, escalation, form, formset)

    def _again(self, signal, escalation, form, formset):
        return self.render_to_response(
            self.get_context_data(signal=signal, escalation=escalation, form=form, formset=formset), status=200
        )

    def _decide(self, request, signal, escalation, form, formset):
        actions = [
            {"what": f.cleaned_data["what"], "who": f.cleaned_data["who"], "due_date": f.cleaned_data["due_date"]}
            for f in formset.forms
            if f.cleaned_data.get("what")
        ]
        try:
            with transaction.atomic():
                services.escalation_decide(
                    meeting=self.meeting,
                    signal=signal,
                    decision=form.cleaned_data["decision"],
                    actions=actions,
                    by=request.user,
                )
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self._again(signal, escalation, form, formset)
        messages.success(request, _("Het besluit is vastgelegd. De PRT-leden van de provincie krijgen het per e-mail."))
        return redirect("monitoring:meeting_detail", pk=self.meeting.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting, breadcrumbs=meeting_trail(self.meeting, _("Besluit vastleggen")), **kwargs
        )
