"""Realisation of a planned location (/plannen/<code>/v<n>/locaties/<pk>/realisatie/): the PRT-lid
records whether it is in preparation, in use or closed, without a new plan version."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from loket.core.roles import Role, RoleRequiredMixin

from .. import permissions, selectors, services
from ..forms import RealisationForm
from ..models import PlannedLocation
from .plans import _version, version_trail, version_url
from .support import form_errors_to


class RealisationView(RoleRequiredMixin, FormView):
    roles = (Role.PRT,)
    template_name = "plans/realisation_form.html"
    form_class = RealisationForm

    def load_objects(self) -> None:
        self.version = _version(self.request.user, self.kwargs["province_code"], self.kwargs["number"])
        if not permissions.can_update_realisation(self.request.user, self.version.plan.province_id):
            raise Http404
        self.location = get_object_or_404(
            PlannedLocation.objects.select_related("version__plan"), pk=self.kwargs["pk"], version=self.version
        )
        self.current = selectors.realisations_of(self.version.plan_id).get(self.location.key)

    def get_initial(self):
        if self.current is None:
            return {"state": "voorbereiding"}
        return {
            "state": self.current.state,
            "in_use_since": self.current.in_use_since,
            "closed_since": self.current.closed_since,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.version,
            province=self.version.plan.province,
            location=self.location,
            current=self.current,
            history=selectors.realisation_history(self.version.plan_id, self.location.key),
            breadcrumbs=version_trail(self.version, _("Realisatie van %(name)s") % {"name": self.location.name}),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.realisation_update(location=self.location, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_to(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("De realisatie van %(name)s is opgeslagen.") % {"name": self.location.name})
        return redirect(version_url(self.version))
