"""Prognosis rounds: everyone reads published rounds; the core team drafts, edits and publishes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from loket.core.breadcrumbs import trail
from loket.core.charts import bar_chart
from loket.core.exports import table_columns, xlsx_response
from loket.core.roles import Role, RoleRequiredMixin, is_core_team
from loket.core.submission import SubmitOnceMixin

from .. import maps, selectors, services
from ..capacity import capacity_picture
from ..forms import PrognosisRoundForm
from ..models import PrognosisRound, SplitMethod
from ..workflow import RoundStatus


def prognosis_trail(current: str):
    """Home > Prognoses > ...: the breadcrumbs of a round's pages."""
    return trail((_("Prognoses"), reverse("plans:prognosis")), current)


def round_label(round_: PrognosisRound) -> str:
    return _("Peildatum %(d)s") % {"d": date_format(round_.reference_date, "DATE_FORMAT")}


def _visible_round(user, pk: int) -> PrognosisRound:
    return get_object_or_404(selectors.prognosis_rounds_visible_to(user), pk=pk)


class PrognosisListView(TemplateView):
    template_name = "plans/prognosis_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rounds = list(selectors.prognosis_rounds_visible_to(self.request.user).order_by("-reference_date", "-pk"))
        current = selectors.latest_published_round()
        figures = selectors.round_figures(current) if current else []
        ctx.update(
            rounds=rounds,
            current=current,
            figures=figures,
            chart=figures_chart(figures),
            can_manage=is_core_team(self.request.user),
            province_map=prognosis_map(self.request) if current else None,
        )
        return ctx


def prognosis_map(request) -> dict:
    """The map of the current quarter: what the plans this user may see add up to against the opgave
    of the current prognosis (the capacity picture of the current quarter, plans.maps)."""
    picture = capacity_picture(request.user, quarter_list=selectors.horizon(length=1))
    return maps.capacity_map(
        picture,
        title=_("Opgave en plannen per provincie nu (%(q)s)") % {"q": picture.labels[0]},
    )


def figures_chart(figures: list[dict]) -> dict:
    """The opgave per province as horizontal bars (the one chart geometry, loket.core.charts)."""
    return bar_chart([(row["province"].name, row["figure"]) for row in figures], title=_("Opgave per provincie"))


class PrognosisDetailView(TemplateView):
    template_name = "plans/prognosis_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round_ = _visible_round(self.request.user, kwargs["pk"])
        figures = selectors.round_figures(round_)
        parts_sum = sum(row["figure"] for row in figures)
        ctx.update(
            round=round_,
            figures=figures,
            chart=figures_chart(figures),
            parts_sum=parts_sum,
            difference=(round_.stated_total - parts_sum) if round_.stated_total is not None else None,
            previous=selectors.previous_round_for(round_),
            can_manage=is_core_team(self.request.user) and round_.status == RoundStatus.DRAFT,
            breadcrumbs=prognosis_trail(round_label(round_)),
        )
        return ctx


class PrognosisFormMixin(RoleRequiredMixin):
    roles = (Role.KERNTEAM,)
    form_class = PrognosisRoundForm
    template_name = "plans/prognosis_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round_ = getattr(self, "round", None)
        ctx["breadcrumbs"] = prognosis_trail(
            _("%(round)s wijzigen") % {"round": round_label(round_)} if round_ else _("Nieuwe prognoseronde")
        )
        return ctx


class PrognosisCreateView(PrognosisFormMixin, SubmitOnceMixin, FormView):
    def form_valid(self, form):
        data = form.cleaned_data
        try:
            round_ = services.prognosis_round_create(
                reference_date=data["reference_date"],
                source=data["source"],
                notes=data["notes"],
                method=data["method"],
                national_total=data.get("national_total"),
                table=form.table,
                stated_total=data.get("stated_total"),
                by=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De conceptronde is opgeslagen. Controleer de verdeling en publiceer."))
        return redirect("plans:prognosis_detail", pk=round_.pk)


class PrognosisUpdateView(PrognosisFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not is_core_team(request.user):
            return super().dispatch(request, *args, **kwargs)
        self.round = get_object_or_404(PrognosisRound, pk=kwargs["pk"])
        if self.round.status != RoundStatus.DRAFT:
            messages.error(request, _("Een gepubliceerde ronde kan niet meer worden gewijzigd. Maak een nieuwe ronde."))
            return redirect("plans:prognosis_detail", pk=self.round.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.round
        kwargs["editing_table"] = self.round.method == SplitMethod.TABLE
        kwargs["initial"] = {"stated_total": self.round.stated_total}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.round, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.prognosis_round_update(
                round_=self.round,
                reference_date=data["reference_date"],
                source=data["source"],
                notes=data["notes"],
                method=data["method"],
                national_total=data.get("national_total"),
                table=form.table,
                stated_total=data.get("stated_total"),
                by=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De conceptronde is bijgewerkt."))
        return redirect("plans:prognosis_detail", pk=self.round.pk)


class PrognosisPublishView(RoleRequiredMixin, View):
    roles = (Role.KERNTEAM,)

    def post(self, request, pk: int):
        round_ = get_object_or_404(PrognosisRound, pk=pk)
        try:
            services.prognosis_round_publish(round_=round_, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("De ronde is gepubliceerd. De mailing aan de PRT's staat klaar om te worden verstuurd.")
            )
        return redirect("plans:prognosis_detail", pk=pk)


class PrognosisDeleteView(RoleRequiredMixin, View):
    roles = (Role.KERNTEAM,)

    def post(self, request, pk: int):
        round_ = get_object_or_404(PrognosisRound, pk=pk)
        try:
            services.prognosis_round_delete(round_=round_, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("plans:prognosis_detail", pk=pk)
        messages.success(request, _("De conceptronde is verwijderd."))
        return redirect("plans:prognosis")


class PrognosisExportView(View):
    def get(self, request, pk: int):
        round_ = _visible_round(request.user, pk)
        if round_ is None:  # pragma: no cover
            raise Http404
        figures = selectors.round_figures(round_)
        rows = [[r["province"].code, r["province"].name, r["figure"], r["previous"], r["change"]] for r in figures]
        rows.append(["", _("Som van de delen"), sum(r["figure"] for r in figures), None, None])
        if round_.stated_total is not None:
            rows.append(["", _("Vermeld totaal"), round_.stated_total, None, None])
        header = [_("code"), _("provincie"), _("opgave"), _("vorige ronde"), _("verschil")]
        return xlsx_response(
            [(_("Prognose"), table_columns(header), rows)], f"prognose-{round_.reference_date:%Y-%m-%d}.xlsx"
        )
