"""For partner systems with an API key: the locations of a province's draft plan version.

Scoped by the web's rules through the same selector (plans.selectors.draft_version_of_province ->
plan_versions_visible_to): a PRT-lid or CdK-medewerker sees their own province's draft, the core
team and the LRT secretary every province's. Changing needs what the web form needs
(plans.permissions.can_edit_version: a PRT-lid of that province, a version in concept or in PRT);
the values pass through the web form (plans.forms.LocationForm) and are saved by the same service
(plans.services.location_save), with the row version that refuses a stale change (409)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from loket.core.models import LocationType
from plans import permissions as plan_permissions
from plans import quarters, selectors, services
from plans.forms import LocationForm
from plans.models import PlannedLocation

from .serializers import API_NAME, LOCATION_FIELDS, LocationInputSerializer, LocationSerializer

PROVINCE = OpenApiParameter(
    "provincie", OpenApiTypes.STR, OpenApiParameter.PATH, description="CBS-code van de provincie, bijvoorbeeld PV26."
)
LOCATION = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Nummer van de locatie.")
ERRORS = {
    400: OpenApiResponse(description="Een waarde klopt niet; per veld de foutmelding van het webformulier."),
    401: OpenApiResponse(description="Geen of een ongeldige API-sleutel."),
    403: OpenApiResponse(description="U mag deze versie niet wijzigen."),
    404: OpenApiResponse(description="Geen conceptversie van deze provincie die u mag zien."),
    409: OpenApiResponse(description="Een collega wijzigde de locatie intussen; er is niets veranderd."),
}


def _form_data(location: PlannedLocation | None, sent: dict, *, partial: bool) -> dict:
    """The web form's data: the stored values (for a partial change), with what was sent on top."""
    data: dict = {}
    if location is not None and partial:
        data = {
            "name": location.name,
            "municipality": location.municipality,
            "location_type": location.location_type_id,
            "capacity": location.capacity,
            "minors_places": location.minors_places,
            "first_quarter": quarters.label(location.first_quarter),
            "last_quarter": quarters.label(location.last_quarter),
            "status": location.status,
            "flexible": location.flexible,
        }
    for api_name, value in sent.items():
        form_name = LOCATION_FIELDS.get(api_name)
        if form_name is None:
            continue
        if form_name == "location_type":
            found = LocationType.objects.filter(code__iexact=str(value)).values_list("pk", flat=True).first()
            value = found if found is not None else "onbekend"
        elif form_name == "flexible":
            if value in (None, "", False, "false", "0", 0):
                continue  # an unchecked box sends nothing, as in the web form
        elif value is None:
            value = ""
        data[form_name] = value
    return data


def _form_errors(form) -> dict:
    errors = {}
    for name, messages in form.errors.items():
        key = "niet_bij_een_veld" if name == "__all__" else API_NAME.get(name, name)
        errors[key] = [str(m) for m in messages]
    return errors


@extend_schema_view(
    list=extend_schema(summary="Locaties van het conceptplan van een provincie", parameters=[PROVINCE]),
    retrieve=extend_schema(summary="Eén locatie van het conceptplan", parameters=[PROVINCE, LOCATION]),
    create=extend_schema(
        summary="Een locatie toevoegen aan het conceptplan",
        parameters=[PROVINCE],
        request=LocationInputSerializer,
        responses={201: LocationSerializer, **ERRORS},
    ),
    update=extend_schema(
        summary="Een locatie wijzigen (alle velden)",
        parameters=[PROVINCE, LOCATION],
        request=LocationInputSerializer,
        responses={200: LocationSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Een locatie wijzigen (alleen de meegestuurde velden)",
        parameters=[PROVINCE, LOCATION],
        request=LocationInputSerializer,
        responses={200: LocationSerializer, **ERRORS},
    ),
)
@extend_schema(tags=["Partners (met API-sleutel)"])
class DraftLocationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = LocationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []
    lookup_value_regex = r"[0-9]+"

    def get_version(self):
        if not hasattr(self, "_version"):
            self._version = selectors.draft_version_of_province(self.request.user, self.kwargs["provincie"])
            if self._version is None:
                raise NotFound(_("Er is geen conceptversie van het plan van deze provincie die u mag zien."))
        return self._version

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlannedLocation.objects.none()
        return (
            PlannedLocation.objects.filter(version=self.get_version())
            .select_related("location_type", "version")
            .order_by("name", "pk")
        )

    def _editable(self):
        version = self.get_version()
        if not plan_permissions.can_edit_version(self.request.user, version):
            raise PermissionDenied(_("Alleen een PRT-lid van deze provincie wijzigt het conceptplan."))
        return version

    def _save(self, location: PlannedLocation | None, *, partial: bool):
        version = self._editable()
        if not isinstance(self.request.data, dict):
            raise ApiValidationError({"niet_bij_een_veld": [_("Stuur een JSON-object met de velden van de locatie.")]})
        form = LocationForm(_form_data(location, self.request.data, partial=partial), instance=location)
        if not form.is_valid():
            raise ApiValidationError(_form_errors(form))
        values = {name: form.cleaned_data[name] for name in LocationForm.Meta.fields}
        saved = services.location_save(
            version=version,
            location=location,
            by=self.request.user,
            expected_row_version=form.cleaned_data.get("row_version"),
            **values,
        )
        return PlannedLocation.objects.select_related("location_type", "version").get(pk=saved.pk)

    def create(self, request, *args, **kwargs):
        saved = self._save(None, partial=False)
        return Response(LocationSerializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        location = self.get_object()
        saved = self._save(location, partial=kwargs.get("partial", False))  # StaleEdit: 409 (errors.py)
        return Response(LocationSerializer(saved).data)

    def get_object(self):
        try:
            return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        except Http404 as exc:
            raise NotFound(_("Deze locatie staat niet in het conceptplan.")) from exc
