"""Filters of the open-data lists (django-filter, as the portal's own lists)."""

import django_filters

from loket.publications.models import Publication, PublicationKind
from plans.models import PrognosisRound


class PublicationFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(field_name="kind", choices=PublicationKind.choices)
    thema = django_filters.CharFilter(field_name="themes__code", label="Themacode", distinct=True)
    provincie = django_filters.CharFilter(field_name="province__code", label="CBS-code van de provincie")
    gepubliceerd_vanaf = django_filters.DateFilter(field_name="published_at__date", lookup_expr="gte")
    gepubliceerd_tot_en_met = django_filters.DateFilter(field_name="published_at__date", lookup_expr="lte")

    class Meta:
        model = Publication
        fields: list[str] = []


class PrognosisFilter(django_filters.FilterSet):
    peildatum_vanaf = django_filters.DateFilter(field_name="reference_date", lookup_expr="gte")
    peildatum_tot_en_met = django_filters.DateFilter(field_name="reference_date", lookup_expr="lte")

    class Meta:
        model = PrognosisRound
        fields: list[str] = []
