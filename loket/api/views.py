"""Open data, read-only and anonymous: publications, prognoses, the official capacity picture.

Every read goes through the selector the web pages use, for an anonymous visitor: what the API
shows is exactly what the public pages show."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError

from loket.core.models import LocationType
from loket.publications.services import publication_list_queryset
from plans import quarters
from plans.capacity import capacity_picture
from plans.models import ProvincePrognosis
from plans.selectors import horizon, prognosis_rounds_visible_to

from .filters import PrognosisFilter, PublicationFilter
from .serializers import (
    CapacityProvinceRowSerializer,
    CapacityRowSerializer,
    PrognosisSerializer,
    PublicationSerializer,
)

PUBLIC = AnonymousUser()
ROUND_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Nummer van de ronde.")


@extend_schema_view(
    list=extend_schema(summary="Gepubliceerde publicaties", tags=["Open data"]),
    retrieve=extend_schema(summary="Eén gepubliceerde publicatie", tags=["Open data"]),
)
class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Kaders, veelgestelde vragen, lessen, nieuws en handreikingen die gepubliceerd zijn, nieuwste eerst."""

    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return publication_list_queryset(PUBLIC)


@extend_schema_view(
    list=extend_schema(summary="Gepubliceerde prognoses met de verdeling per provincie", tags=["Open data"]),
    retrieve=extend_schema(
        summary="Eén gepubliceerde prognose",
        tags=["Open data"],
        parameters=[ROUND_ID],
    ),
)
class PrognosisViewSet(viewsets.ReadOnlyModelViewSet):
    """De landelijke prognose van de benodigde opvangcapaciteit en de opgave per provincie, nieuwste eerst."""

    serializer_class = PrognosisSerializer
    filterset_class = PrognosisFilter

    def get_queryset(self):
        figures = ProvincePrognosis.objects.select_related("province")
        return (
            prognosis_rounds_visible_to(PUBLIC)
            .prefetch_related(Prefetch("provinces", queryset=figures))
            .order_by("-reference_date", "-pk")
        )


CAPACITY_PARAMETERS = [
    OpenApiParameter("kwartaal", OpenApiTypes.STR, description="Eén kwartaal, bijvoorbeeld 2026-K3."),
    OpenApiParameter("provincie", OpenApiTypes.STR, description="CBS-code van de provincie, bijvoorbeeld PV26."),
]


class _CapacityBase(generics.ListAPIView):
    """The official capacity picture: adopted plan versions only (plans.capacity.capacity_picture).
    Its rows are computed, not a queryset: the filters are read here (and documented by hand)."""

    filter_backends: list = []

    def quarter_list(self) -> list[int]:
        text = self.request.query_params.get("kwartaal")
        if not text:
            return horizon()
        try:
            return [quarters.parse(text)]
        except ValidationError as exc:
            raise ApiValidationError({"kwartaal": exc.messages}) from exc

    def province_code(self) -> str | None:
        code = (self.request.query_params.get("provincie") or "").strip().upper()
        return code or None

    def picture(self, type_ids=None):
        return capacity_picture(PUBLIC, quarter_list=self.quarter_list(), type_ids=type_ids, adopted_only=True)


@extend_schema(
    summary="Vastgesteld capaciteitsbeeld per kwartaal, provincie en locatietype",
    tags=["Open data"],
    parameters=[
        *CAPACITY_PARAMETERS,
        OpenApiParameter("locatietype", OpenApiTypes.STR, description="Code van het locatietype, bijvoorbeeld AZC."),
    ],
)
class CapacityView(_CapacityBase):
    """Geplande capaciteit in de vastgestelde planversies, voor elk kwartaal van de horizon (of één
    kwartaal), per provincie en locatietype."""

    serializer_class = CapacityRowSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        types = list(LocationType.objects.order_by("code"))
        wanted = (self.request.query_params.get("locatietype") or "").strip()
        if wanted:
            types = [t for t in types if t.code.lower() == wanted.lower()]
            if not types:
                return []
        picture = self.picture(type_ids=[t.pk for t in types] if wanted else None)
        code = self.province_code()
        rows = []
        for i, label in enumerate(picture.labels):
            for entry in picture.provinces:
                province = entry["province"]
                if code and province.code != code:
                    continue
                for t in types:
                    rows.append(
                        {
                            "kwartaal": label,
                            "provincie_code": province.code,
                            "provincie": province.name,
                            "locatietype_code": t.code,
                            "locatietype": t.name,
                            "geplande_capaciteit": entry["line"].by_type.get(t.pk, [0] * len(picture.labels))[i],
                        }
                    )
        return rows


@extend_schema(
    summary="Vastgesteld capaciteitsbeeld per kwartaal en provincie, tegenover de opgave",
    tags=["Open data"],
    parameters=CAPACITY_PARAMETERS,
)
class CapacityProvinceView(_CapacityBase):
    """Per kwartaal en provincie: de geplande capaciteit in de vastgestelde planversie, de opgave uit de
    laatste gepubliceerde prognose en het verschil (negatief is een tekort)."""

    serializer_class = CapacityProvinceRowSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        picture = self.picture()
        code = self.province_code()
        rows = []
        for i, label in enumerate(picture.labels):
            for entry in picture.provinces:
                province, line, version = entry["province"], entry["line"], entry["version"]
                if code and province.code != code:
                    continue
                rows.append(
                    {
                        "kwartaal": label,
                        "provincie_code": province.code,
                        "provincie": province.name,
                        "planversie": version.number if version else None,
                        "geplande_capaciteit": line.planned[i],
                        "opgave": line.required,
                        "verschil": line.gap[i],
                        "tekort": line.short[i],
                    }
                )
        return rows
