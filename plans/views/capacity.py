"""The capacity picture (public; what each user sees is decided in plans/capacity.py) and its exports."""

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from loket.core.data_versions import cached_fragment
from loket.core.exports import csv_response, table_columns, xlsx_response
from loket.core.reference_lists import reference_lists

from .. import maps, selectors
from ..capacity import CapacityPicture, capacity_picture, chart
from ..forms import CapacityFilterForm
from ..models import LocationStatus
from ..workflow import Status


def picture_for(request) -> tuple[CapacityFilterForm, CapacityPicture]:
    location_types = selectors.location_types()  # the filter's choices and the picture's types: one query
    form = CapacityFilterForm.from_query(request.GET, location_types=location_types)
    types = form.value("type", [])
    region = form.value("region")
    picture = capacity_picture(
        request.user,
        quarter_list=selectors.horizon(start=form.value("start")),
        statuses=form.statuses(),
        type_ids=[t.pk for t in types] or None,
        adopted_only=form.value("basis") == "vastgesteld",
        region_ids=[region.pk] if region else None,
        location_types=location_types,
        provinces=reference_lists().province_objects,
    )
    return form, picture


def counted_versions(picture: CapacityPicture, adopted_only: bool) -> list[dict]:
    """Per province, in words, which version counts for this viewer (issue 16, item 6)."""
    rows = []
    for item in picture.provinces:
        version = item["version"]
        if version is None:
            reason = _("geen vastgestelde versie") if adopted_only else _("geen versie die u mag zien")
        elif version.status == Status.ADOPTED:
            reason = _("de nieuwste vastgestelde versie")
        else:
            reason = _("de nieuwste versie die u mag zien, nog niet vastgesteld (status: %(s)s)") % {
                "s": version.get_status_display()
            }
        rows.append({"province": item["province"], "version": version, "reason": reason})
    return rows


def toggled_query(query, adopted_only: bool) -> str:
    """The same filters with the other basis: the official picture (adopted only) or the newest versions."""
    toggled = query.copy()
    toggled["basis"] = "laatste" if adopted_only else "vastgesteld"
    return toggled.urlencode()


class CapacityView(TemplateView):
    """The page around the picture is rendered per request (menu, tabs by role); the picture itself, the
    same for everyone who sees the same plan versions, is built once per data version of the plans
    (loket.core.data_versions: any write to a table it reads makes the next request build it again)."""

    template_name = "plans/capacity.html"
    body_template = "plans/_capacity_body.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        request = self.request
        ctx["body"] = cached_fragment(
            "plans",
            "capacity",
            selectors.visibility_key(request.user),
            request.GET.urlencode(),
            timezone.localdate().isoformat(),  # the horizon starts at the current quarter
            settings.PLANS_HORIZON_QUARTERS,
            build=lambda: render_to_string(self.body_template, self.body_context(), request=request),
        )
        return ctx

    def body_context(self) -> dict:
        form, picture = picture_for(self.request)
        region = form.value("region")
        focus = region.province if region else form.value("province")
        adopted_only = form.value("basis") == "vastgesteld"
        line = picture.national
        if focus is not None:
            line = next(row["line"] for row in picture.provinces if row["province"].pk == focus.pk)
        return {
            "form": form,
            "picture": picture,
            "focus": focus,
            "focus_line": line,
            "focus_rows": [
                {
                    "label": label,
                    "by_status": [line.by_status[s][i] for s in picture.statuses],
                    "planned": line.planned[i],
                    "required": line.required,
                    "gap": line.gap[i],
                    "short": line.short[i],
                    "realised": line.realised[i] if line.realised else None,
                }
                for i, label in enumerate(picture.labels)
            ],
            # Issue 16: which version counts, the official-picture toggle, realised capacity, regions.
            "adopted_only": adopted_only,
            "counted_versions": counted_versions(picture, adopted_only),
            "toggle_query": toggled_query(self.request.GET, adopted_only),
            "region": region,
            "region_rows": self.region_rows(picture, focus, form, region),
            "status_labels": [LocationStatus(s).label for s in picture.statuses],
            "chart": chart(line, picture.labels, picture.statuses),
            "querystring": self.request.GET.urlencode(),
            "province_map": maps.capacity_map(
                picture, index=maps.map_index(picture, self.request.GET.get("kaart")), query=self.request.GET
            ),
            # The split by location type follows the chosen province (the country without a choice).
            "type_rows": [{"type": t, "values": line.by_type[t.pk]} for t in picture.types if any(line.by_type[t.pk])],
        }

    def region_rows(self, picture: CapacityPicture, focus, form, region) -> list[dict]:
        """Subtotals per region of the focus province's counted version (one query); none without focus."""
        if focus is None:
            return []
        version = next((row["version"] for row in picture.provinces if row["province"].pk == focus.pk), None)
        if version is None:
            return []
        locations = version.locations.filter(status__in=picture.statuses)
        types = form.value("type", [])
        if types:
            locations = locations.filter(location_type_id__in=[t.pk for t in types])
        if region:
            locations = locations.filter(region=region)
        return selectors.version_by_region(version, picture.quarters, locations)


def export_rows(picture: CapacityPicture):
    """Long format: one row per quarter and province (and the country), with the split by status."""
    header = [
        _("kwartaal"),
        _("provincie"),
        _("planversie"),
        *[_("capaciteit %(status)s") % {"status": LocationStatus(s).label.lower()} for s in picture.statuses],
        _("geplande capaciteit"),
        _("gerealiseerde capaciteit (in gebruik)"),
        _("opgave (prognose)"),
        _("verschil"),
        _("tekort"),
    ]
    rows = []
    for i, label in enumerate(picture.labels):
        for item in picture.provinces:
            line, version = item["line"], item["version"]
            rows.append(
                [
                    label,
                    item["province"].name,
                    f"v{version.number} ({version.get_status_display()})" if version else "",
                    *[line.by_status[s][i] for s in picture.statuses],
                    line.planned[i],
                    line.realised[i] if line.realised else None,
                    line.required,
                    line.gap[i],
                    _("ja") if line.short[i] else _("nee"),
                ]
            )
        line = picture.national
        rows.append(
            [
                label,
                _("Nederland"),
                "",
                *[line.by_status[s][i] for s in picture.statuses],
                line.planned[i],
                line.realised[i] if line.realised else None,
                line.required,
                line.gap[i],
                _("ja") if line.short[i] else _("nee"),
            ]
        )
    return header, rows


class CapacityExportView(View):
    def get(self, request, fmt: str):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        _form, picture = picture_for(request)
        header, rows = export_rows(picture)
        columns = table_columns(header)
        if fmt == "csv":
            return csv_response(columns, rows, "capaciteitsbeeld.csv")
        type_header = [_("kwartaal"), *[f"{t.code} {t.name}" for t in picture.types]]
        type_rows = [
            [label, *[picture.national.by_type[t.pk][i] for t in picture.types]]
            for i, label in enumerate(picture.labels)
        ]
        return xlsx_response(
            [
                (_("Capaciteitsbeeld"), columns, rows),
                (_("Landelijk per locatietype"), table_columns(type_header), type_rows),
            ],
            "capaciteitsbeeld.xlsx",
        )
