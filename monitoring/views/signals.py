"""Create, report, edit, move and escalate signals; actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from loket.core.roles import Role, RoleRequiredMixin, province_of
from loket.core.submission import SubmitOnceMixin, refuse_with_message, submit_once

from .. import services
from ..forms import ActionForm, EscalateForm, SignalForm, SignalReportForm, TransitionForm
from ..models import SignalAction
from ..selectors import signals_visible_to
from .common import CORE, form_errors_to, register_trail, signal_trail


class SignalCreateView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    roles = CORE
    form_class = SignalForm
    template_name = "monitoring/signal_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            signal = services.signal_create(
                by=self.request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                impact=data["impact"],
                likelihood=data["likelihood"],
                provinces=data["provinces"],
                questions=data["questions"],
                internal_notes=data["internal_notes"],
                theme=data["theme"],
                plan=data["plan"],
                owner=data["owner"],
                deadline=data["deadline"],
            )
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het signaal is vastgelegd."))
        return redirect("monitoring:signal_detail", pk=signal.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Nieuw signaal"), breadcrumbs=register_trail(_("Nieuw signaal")), **kwargs
        )


class SignalUpdateView(RoleRequiredMixin, FormView):
    roles = CORE
    form_class = SignalForm
    template_name = "monitoring/signal_form.html"

    @cached_property
    def signal(self):
        # Looked up after the role check of dispatch: no role -> 403, other province -> 404.
        return get_object_or_404(signals_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.signal  # noqa: B018 (404 before rendering the form)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.signal}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        provinces = data.pop("provinces")
        questions = data.pop("questions")
        try:
            services.signal_update(
                signal=self.signal, by=self.request.user, provinces=provinces, questions=questions, **data
            )
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Het signaal is bijgewerkt."))
        return redirect("monitoring:signal_detail", pk=self.signal.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Signaal bewerken"),
            signal=self.signal,
            breadcrumbs=signal_trail(self.signal, _("Bewerken")),
            **kwargs,
        )


class SignalReportView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    """A PRT-lid or the CdK-medewerker reports a signal for their own province."""

    roles = (Role.PRT, Role.CDK)
    form_class = SignalReportForm
    template_name = "monitoring/signal_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            signal = services.signal_report(
                by=self.request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                impact=data["impact"],
                likelihood=data["likelihood"],
                theme=data["theme"],
                deadline=data["deadline"],
            )
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Dank u. Het signaal is gemeld; het kernteam neemt het op."))
        return redirect("monitoring:signal_detail", pk=signal.pk)

    def get_context_data(self, **kwargs):
        province = province_of(self.request.user)
        return super().get_context_data(
            heading=_("Signaal melden"),
            breadcrumbs=register_trail(_("Signaal melden")),
            intro=_("U meldt een kans, risico of issue voor de provincie %(province)s.")
            % {"province": province.name if province else "—"},
            **kwargs,
        )


class _SignalPostView(RoleRequiredMixin, View):
    roles = CORE
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        signal = get_object_or_404(signals_visible_to(request.user), pk=pk)
        try:
            self.act(request, signal, **kwargs)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("monitoring:signal_detail", pk=signal.pk)


class SignalTransitionView(_SignalPostView):
    def act(self, request, signal):
        form = TransitionForm(request.POST, signal=signal)
        if not form.is_valid():
            raise ValidationError(_("Deze statuswijziging is niet mogelijk vanuit de huidige status."))
        services.signal_transition(
            signal=signal, to=form.cleaned_data["to"], by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("De status is gewijzigd."))


class ActionAddView(_SignalPostView):
    """Adds an action: once per submission key (a double click adds it once)."""

    def post(self, request, pk, **kwargs):
        detail = reverse("monitoring:signal_detail", kwargs={"pk": pk})
        return submit_once(
            request, lambda: super(ActionAddView, self).post(request, pk), refuse=refuse_with_message(request, detail)
        )

    def act(self, request, signal):
        form = ActionForm(request.POST)
        if not form.is_valid():
            raise ValidationError([f"{form.fields[f].label}: {e}" for f, errs in form.errors.items() for e in errs])
        services.action_add(signal=signal, by=request.user, **form.cleaned_data)
        messages.success(request, _("De actie is toegevoegd."))


class ActionDoneView(_SignalPostView):
    roles = (Role.KERNTEAM, Role.LRT)

    def act(self, request, signal, action_pk):
        action = get_object_or_404(SignalAction, pk=action_pk, signal=signal)
        done = request.POST.get("done") != "0"
        services.action_set_done(action=action, by=request.user, done=done)
        messages.success(request, _("De actie is afgerond.") if done else _("De actie staat weer open."))


class SignalEscalateView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    roles = CORE
    form_class = EscalateForm
    template_name = "monitoring/signal_escalate.html"

    @cached_property
    def signal(self):
        # Looked up after the role check of dispatch: no role -> 403, other province -> 404.
        return get_object_or_404(signals_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.signal  # noqa: B018 (404 before rendering the form)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            escalation = services.signal_escalate(
                signal=self.signal,
                meeting=form.cleaned_data["meeting"],
                proposal=form.cleaned_data["proposal"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Het signaal staat op de agenda van %(meeting)s.") % {"meeting": escalation.meeting}
        )
        return redirect("monitoring:signal_detail", pk=self.signal.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            signal=self.signal, breadcrumbs=signal_trail(self.signal, _("Escaleren naar de LRT")), **kwargs
        )
