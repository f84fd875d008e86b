"""Provincial plans and their versions. Reads go through `plan_versions_visible_to`; writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from loket.core.breadcrumbs import trail
from loket.core.concurrency import StaleEdit, rebind_on_current
from loket.core.exports import csv_response, table_columns, xlsx_response
from loket.core.models import Province
from loket.core.roles import Role, RoleRequiredMixin, has_role, is_partner, province_id_of, sees_everything
from loket.core.submission import refuse_with_message, submit_once

from .. import permissions, quarters, selectors, services
from ..capacity import plan_against_task
from ..filters import LocationFilter
from ..forms import NarrativeForm, TransitionForm
from ..importing import TEMPLATE_EXAMPLE, TEMPLATE_HEADER
from ..models import PlanVersion
from ..workflow import ACTION_LABELS, Status, can_transition


def _province(code: str) -> Province:
    return get_object_or_404(Province, code=code.upper())


def plan_trail(province: Province, *steps):
    """Home > Provinciale plannen > Plan <provincie> > ...: the breadcrumbs of every plan page."""
    index = (_("Provinciale plannen"), reverse("plans:index"))
    label = _("Plan %(p)s") % {"p": province.name}
    if not steps:
        return trail(index, label)
    return trail(index, (label, reverse("plans:plan_detail", kwargs={"province_code": province.code})), *steps)


def version_trail(version: PlanVersion, *steps):
    """... > Plan <provincie> > Versie <n> > ..."""
    label = _("Versie %(n)s") % {"n": version.number}
    if not steps:
        return plan_trail(version.plan.province, label)
    return plan_trail(version.plan.province, (label, version_url(version)), *steps)


def _version(user, code: str, number: int) -> PlanVersion:
    return get_object_or_404(selectors.plan_versions_visible_to(user), plan__province__code=code.upper(), number=number)


class PlanIndexView(TemplateView):
    template_name = "plans/plan_index.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            rows=selectors.plans_overview(user),
            sees_all=sees_everything(user),
            own_province_id=province_id_of(user) if is_partner(user) else None,
        )
        return ctx


class PlanDetailView(TemplateView):
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        province = _province(kwargs["province_code"])
        versions = list(selectors.versions_of_province(user, province))
        if permissions.reads_all_versions(user) or (is_partner(user) and province_id_of(user) == province.pk):
            counts = selectors.open_comment_counts([v.pk for v in versions])
            for v in versions:
                v.open_comments = counts.get(v.pk, 0)
        latest_editable = versions[0] if versions and versions[0].is_editable else None
        ctx.update(
            province=province,
            versions=versions,
            can_start=permissions.can_start_version(user, province.pk) and latest_editable is None,
            latest_editable=latest_editable,
            task=plan_against_task(versions[0], selectors.horizon()) if versions else None,
            breadcrumbs=plan_trail(province),
        )
        return ctx


class PlanVersionStartView(RoleRequiredMixin, View):
    roles = (Role.PRT,)

    def post(self, request, province_code: str):
        province = _province(province_code)
        if not permissions.can_start_version(request.user, province.pk):
            raise Http404
        back = reverse("plans:plan_detail", kwargs={"province_code": province.code})
        return submit_once(request, lambda: self._start(request, province), refuse=refuse_with_message(request, back))

    def _start(self, request, province):
        try:
            version = services.plan_version_start(province=province, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("plans:plan_detail", province_code=province.code)
        messages.success(request, _("Versie %(n)s is gestart als concept.") % {"n": version.number})
        return redirect(version_url(version))


def version_url(version: PlanVersion, name: str = "version_detail", **extra) -> str:
    return reverse(
        f"plans:{name}", kwargs={"province_code": version.plan.province.code, "number": version.number, **extra}
    )


class VersionDetailView(TemplateView):
    template_name = "plans/version_detail.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        version = _version(user, kwargs["province_code"], kwargs["number"])
        locations = version.locations.select_related("location_type", "region")
        filterset = LocationFilter(self.request.GET or None, queryset=locations, province=version.plan.province)
        page = Paginator(filterset.qs if filterset.is_bound else locations, self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        others = list(
            selectors.plan_versions_visible_to(user)
            .filter(plan=version.plan)
            .exclude(pk=version.pk)
            .order_by("-number")
            .values_list("number", flat=True)
        )
        ctx.update(
            version=version,
            province=version.plan.province,
            filter=filterset,
            page_obj=page,
            querystring=query.urlencode(),
            history=version.status_changes.select_related("by"),
            edit_log=selectors.version_edit_log(version),
            can_edit=permissions.can_edit_version(user, version),
            transitions=[
                {"value": to.value, "label": ACTION_LABELS[to]} for to in permissions.allowed_transitions(user, version)
            ],
            transition_form=TransitionForm(),
            other_numbers=others,
            task=plan_against_task(version, selectors.horizon()),
            breadcrumbs=version_trail(version),
            **self.review_and_implementation(user, version, filterset),
        )
        return ctx

    def review_and_implementation(self, user, version, filterset) -> dict:
        """Issue 16: open review comments, who may comment, realisation per location, subtotals per region."""
        is_reader = permissions.reads_all_versions(user) or (
            is_partner(user) and province_id_of(user) == version.plan.province_id
        )
        horizon = selectors.horizon()
        filtered = filterset.qs if filterset.is_bound else None
        return {
            "shows_review": is_reader,
            "open_comments": selectors.open_comment_counts([version.pk]).get(version.pk, 0) if is_reader else 0,
            "can_comment": permissions.can_comment(user, version),
            "realisations": selectors.realisations_of(version.plan_id),
            "can_update_realisation": permissions.can_update_realisation(user, version.plan.province_id),
            "region_rows": selectors.version_by_region(version, horizon, filtered),
            "region_labels": [quarters.label(q) for q in horizon],
        }


class EditableVersionMixin(RoleRequiredMixin):
    """Only a PRT-lid of the version's own province, and only while the version is editable.
    Another province's version: 404; a frozen version of their own province: back with a message."""

    roles = (Role.PRT,)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not has_role(request.user, Role.PRT):
            return super().dispatch(request, *args, **kwargs)
        self.version = _version(request.user, kwargs["province_code"], kwargs["number"])
        if not permissions.is_own_province_prt(request.user, self.version.plan.province_id):
            raise Http404
        if not permissions.can_edit_version(request.user, self.version):
            messages.error(
                request, _("Deze versie is ingediend en kan niet meer worden gewijzigd. Start een nieuwe versie.")
            )
            return redirect(version_url(self.version))
        return super().dispatch(request, *args, **kwargs)

    crumb = ""

    def get_crumb(self) -> str:
        return str(self.crumb)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(version=self.version, province=self.version.plan.province, **kwargs)
        ctx["breadcrumbs"] = version_trail(self.version, self.get_crumb())
        return ctx


STALE_FORM = gettext_lazy(
    "Wat u invulde staat nog in het formulier. Bekijk eerst de wijziging van uw collega hiernaast "
    "en sla daarna opnieuw op als dat nog nodig is."
)


def conflict_response(view, form, conflict: list[dict], message):
    """HTTP 409: the form with what the person typed (on the current counter), the colleague's stored
    values beside it, and the message. Nothing was saved."""
    messages.error(view.request, f"{message} {STALE_FORM}")
    return view.render_to_response(view.get_context_data(form=form, conflict=conflict), status=409)


class VersionEditView(EditableVersionMixin, FormView):
    template_name = "plans/version_form.html"
    form_class = NarrativeForm
    crumb = gettext_lazy("Teksten bewerken")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.version}

    def form_valid(self, form):
        try:
            services.plan_version_update(
                version=self.version,
                by=self.request.user,
                expected_row_version=form.cleaned_data["row_version"],
                **{f: form.cleaned_data[f] for f in NarrativeForm.Meta.fields},
            )
        except StaleEdit as exc:
            self.version.refresh_from_db()
            conflict = [
                {"label": form.fields[f].label, "value": getattr(self.version, f)}
                for f in NarrativeForm.Meta.fields
                if getattr(self.version, f) != form.cleaned_data[f]
            ]
            rebound = rebind_on_current(NarrativeForm, self.request.POST, self.version)
            return conflict_response(self, rebound, conflict, exc.messages[0])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De teksten zijn opgeslagen."))
        return redirect(version_url(self.version))


class VersionTransitionView(RoleRequiredMixin, View):
    roles = (Role.PRT, Role.CDK, Role.KERNTEAM, Role.LRT)

    def post(self, request, province_code: str, number: int):
        version = _version(request.user, province_code, number)
        try:
            to = Status(request.POST.get("to", ""))
        except ValueError:
            messages.error(request, _("Onbekende status."))
            return redirect(version_url(version))
        if can_transition(version.status, to) and not permissions.can_transition(request.user, version, to):
            raise PermissionDenied
        form = TransitionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            services.plan_version_transition(version=version, to=to, by=request.user, note=note)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Nieuwe status van de versie: %(s)s.") % {"s": to.label})
        return redirect(version_url(version))


def location_rows(locations):
    for loc in locations:
        yield [
            loc.name,
            loc.municipality,
            loc.location_type.code,
            loc.capacity,
            loc.minors_places,
            loc.first_quarter_label,
            loc.last_quarter_label,
            loc.status,
            _("ja") if loc.flexible else _("nee"),
            str(loc.key),
        ]


class VersionExportView(View):
    """The version's locations (in the import template's columns, so they can be imported again),
    its capacity per quarter and its narrative sections, as XLSX."""

    def get(self, request, province_code: str, number: int):
        version = _version(request.user, province_code, number)
        locations = LocationFilter(request.GET or None, queryset=version.locations.select_related("location_type"))
        horizon = selectors.horizon()
        per_quarter = selectors.capacity_by_quarter([version.pk], horizon).get(version.pk, {})
        sheets = [
            (_("Locaties"), table_columns(TEMPLATE_HEADER), location_rows(locations.qs)),
            (
                _("Capaciteit per kwartaal"),
                table_columns([_("kwartaal"), _("capaciteit")]),
                [[quarters.label(q), per_quarter.get(q, 0)] for q in horizon],
            ),
            (
                _("Teksten"),
                table_columns([_("onderdeel"), _("tekst")]),
                [
                    [str(PlanVersion._meta.get_field(f).verbose_name), getattr(version, f)]
                    for f in services.NARRATIVE_FIELDS
                ],
            ),
        ]
        return xlsx_response(sheets, f"plan-{version.plan.province.code.lower()}-v{version.number}.xlsx")


class ImportTemplateView(View):
    """The empty import template, with one example row, as XLSX or CSV."""

    def get(self, request, fmt: str):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        columns = table_columns(TEMPLATE_HEADER)
        if fmt == "csv":
            return csv_response(columns, [TEMPLATE_EXAMPLE], "sjabloon-locaties.csv")
        return xlsx_response([(_("Locaties"), columns, [TEMPLATE_EXAMPLE])], "sjabloon-locaties.xlsx")


class VersionCompareView(TemplateView):
    template_name = "plans/version_compare.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        province = _province(kwargs["province_code"])
        visible = list(selectors.plan_versions_visible_to(user).filter(plan__province=province).order_by("-number"))
        if not visible:
            raise Http404
        by_number = {v.number: v for v in visible}

        def pick(name: str, default: PlanVersion) -> PlanVersion:
            raw = self.request.GET.get(name)
            if raw is None:
                return default
            try:
                return by_number[int(raw)]
            except (ValueError, KeyError) as exc:
                raise Http404 from exc

        new = pick("met", visible[0])
        old = pick("van", visible[1] if len(visible) > 1 else visible[0])
        ctx.update(
            province=province,
            versions=visible,
            old=old,
            new=new,
            comparison=selectors.compare_versions(old, new),
            breadcrumbs=plan_trail(province, _("Versies vergelijken")),
        )
        return ctx
