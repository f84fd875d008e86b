"""Locations of a plan version: add, edit and delete one (with the row version that refuses a stale
save), and the two-step import (upload, preview, confirm)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from loket.core.concurrency import StaleEdit, rebind_on_current
from loket.core.submission import refuse_with_form, submit_once

from .. import quarters, selectors, services
from ..changes import EXPIRED_IMPORT
from ..forms import ImportForm, LocationDeleteForm, LocationForm
from ..models import PlannedLocation
from .plans import EditableVersionMixin, conflict_response, version_url


class LocationFormView(EditableVersionMixin, FormView):
    template_name = "plans/location_form.html"
    form_class = LocationForm

    def get_crumb(self) -> str:
        if self.location is None:
            return _("Locatie toevoegen")
        return _("Locatie %(name)s wijzigen") % {"name": self.location.name}

    def get_location(self) -> PlannedLocation | None:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        return get_object_or_404(PlannedLocation, pk=pk, version=self.version)

    def get_form_kwargs(self):
        self.location = self.get_location()
        return {**super().get_form_kwargs(), "instance": self.location, "province": self.version.plan.province}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["location"] = self.location
        return ctx

    def form_valid(self, form):
        if self.location is not None:  # a change: sending it twice changes nothing more
            return self._save(form)
        return submit_once(
            self.request, lambda: self._save(form), refuse=refuse_with_form(form, lambda: self.form_invalid(form))
        )

    def _save(self, form):
        values = {name: form.cleaned_data[name] for name in LocationForm.Meta.fields}
        try:
            services.location_save(
                version=self.version,
                location=self.location,
                by=self.request.user,
                expected_row_version=form.cleaned_data.get("row_version"),
                **values,
            )
        except StaleEdit as exc:
            self.location.refresh_from_db()
            rebound = rebind_on_current(LocationForm, self.request.POST, self.location)
            return conflict_response(self, rebound, location_values(self.location), exc.messages[0])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De locatie is opgeslagen."))
        return redirect(version_url(self.version))


def location_values(location: PlannedLocation) -> list[dict]:
    """The stored values of a location as label/value pairs, as the location form names them."""
    form = LocationForm(instance=location)
    rows = []
    for name in LocationForm.Meta.fields:
        value = getattr(location, name)
        if name == "location_type":
            value = str(location.location_type)
        elif name in ("first_quarter", "last_quarter"):
            value = quarters.label(value) if value is not None else "-"
        elif name == "status":
            value = location.get_status_display()
        elif name == "flexible":
            value = _("ja") if value else _("nee")
        elif name == "region":
            value = str(location.region) if location.region_id else "-"
        rows.append({"label": form.fields[name].label, "value": value})
    return rows


class LocationDeleteView(EditableVersionMixin, TemplateView):
    """Delete a location with the counter the page showed: a location a colleague changed meanwhile
    is not deleted (409, with its current values and the button again)."""

    template_name = "plans/location_delete_conflict.html"
    http_method_names = ["post"]
    crumb = gettext_lazy("Locatie verwijderen")

    def post(self, request, province_code: str, number: int, pk: int):
        location = get_object_or_404(PlannedLocation, pk=pk, version=self.version)
        form = LocationDeleteForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("De locatie is niet verwijderd: laad de pagina opnieuw en probeer het nog eens."))
            return redirect(version_url(self.version))
        try:
            services.location_delete(
                location=location, by=request.user, expected_row_version=form.cleaned_data["row_version"]
            )
        except StaleEdit as exc:
            location.refresh_from_db()
            messages.error(request, f"{exc.messages[0]} {_('De locatie is niet verwijderd.')}")
            ctx = self.get_context_data(location=location, conflict=location_values(location))
            return self.render_to_response(ctx, status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(version_url(self.version))
        messages.success(request, _("De locatie %(name)s is verwijderd.") % {"name": location.name})
        return redirect(version_url(self.version))


class LocationImportView(EditableVersionMixin, FormView):
    """Step 1 of an import: upload a file. It is checked and compared with the version; nothing is
    written to the version until the person confirms the preview (LocationImportPreviewView)."""

    template_name = "plans/location_import.html"
    form_class = ImportForm
    crumb = gettext_lazy("Locaties importeren")

    def form_valid(self, form):
        try:
            pending = services.locations_import_preview(
                version=self.version,
                rows=form.rows,
                replace=form.cleaned_data["replace"],
                by=self.request.user,
                file_name=form.cleaned_data["file"].name,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.form_invalid(form)
        return redirect(version_url(self.version, "location_import_preview", token=pending.token))


class LocationImportPreviewView(EditableVersionMixin, TemplateView):
    """Step 2: per row new, changed, unchanged or an error; confirming applies exactly these changes."""

    template_name = "plans/location_import_preview.html"

    def get_pending(self):
        pending = selectors.pending_import_for(self.request.user, self.version, self.kwargs["token"])
        if pending is None:
            raise Http404
        return pending

    def get(self, request, *args, **kwargs):
        pending = self.get_pending()
        if pending.expires_at <= timezone.now():
            services.pending_import_cancel(pending=pending, by=request.user)
            messages.error(request, EXPIRED_IMPORT)
            return redirect(version_url(self.version, "location_import"))
        return self.render_to_response(self.get_context_data(pending=pending, plan=pending.plan))

    def post(self, request, *args, **kwargs):
        pending = self.get_pending()
        if "annuleren" in request.POST:
            services.pending_import_cancel(pending=pending, by=request.user)
            messages.info(request, _("De import is geannuleerd. Er is niets veranderd."))
            return redirect(version_url(self.version))
        try:
            counts = services.locations_import_confirm(pending=pending, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(version_url(self.version, "location_import"))
        messages.success(
            request,
            _(
                "De import is uitgevoerd: %(new)s nieuw, %(changed)s gewijzigd, %(removed)s verwijderd, "
                "%(same)s ongewijzigd."
            )
            % {
                "new": counts["new"],
                "changed": counts["changed"],
                "removed": counts["removed"],
                "same": counts["unchanged"],
            },
        )
        return redirect(version_url(self.version))
