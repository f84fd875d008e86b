"""The core team's question list filter (the same FilterSet serves the page and any export)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.filtersets import SharedFiltersMixin
from loket.core.models import OrganisationType, Theme
from loket.core.reference_lists import ReferenceChoicesMixin, ReferenceLists

from .models import Channel, Question
from .workflow import OPEN_STATUSES, Status

UNASSIGNED = "niemand"
NATIONAL = "landelijk"


class QuestionFilter(SharedFiltersMixin, ReferenceChoicesMixin, django_filters.FilterSet):
    """Built from a prototype per process, language and reference lists (loket.core.filtersets): no filter
    or form field is changed per request."""

    reference_choices = {"theme": "themes"}

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    # a column of the question itself: no duplicate rows, so no DISTINCT (which sorted every match by
    # all columns instead of reading one index range in page order; issue 21)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thema"), queryset=Theme.objects.order_by("code"), method="filter_theme"
    )
    province = django_filters.ChoiceFilter(label=_("Provincie"), method="filter_province", empty_label=_("Alle"))
    assignee = django_filters.ChoiceFilter(label=_("Behandelaar"), method="filter_assignee", empty_label=_("Iedereen"))
    organisation_type = django_filters.ChoiceFilter(
        label=_("Soort organisatie"), field_name="organisation__type", choices=OrganisationType.choices
    )
    channel = django_filters.ChoiceFilter(label=_("Kanaal"), choices=Channel.choices, empty_label=_("Alle"))
    overdue = django_filters.BooleanFilter(
        label=_("Over de termijn"),
        method="filter_overdue",
        widget=forms.Select(choices=[("", _("Alle")), ("true", _("Ja")), ("false", _("Nee"))]),
    )
    received_after = django_filters.DateFilter(
        label=_("Ontvangen vanaf"),
        field_name="received_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_before = django_filters.DateFilter(
        label=_("Ontvangen tot en met"),
        field_name="received_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sorteren"),
        empty_label=_("Standaard volgorde"),
        fields=(
            ("received_at", "received_at"),
            ("due_date", "due_date"),
            ("reference", "reference"),
            ("status", "status"),
            ("subject", "subject"),
        ),
        field_labels={
            "received_at": _("Ontvangen"),
            "-received_at": _("Ontvangen (nieuwste eerst)"),
            "due_date": _("Uiterste datum"),
            "-due_date": _("Uiterste datum (laatste eerst)"),
            "reference": _("Kenmerk"),
            "-reference": _("Kenmerk (aflopend)"),
            "status": _("Status"),
            "-status": _("Status (aflopend)"),
            "subject": _("Onderwerp"),
            "-subject": _("Onderwerp (aflopend)"),
        },
    )

    class Meta:
        model = Question
        fields: list[str] = []

    @classmethod
    def prototype_choices(cls, lists: ReferenceLists) -> dict[str, list]:
        # the choice lists from the cache (loket.core.reference_lists), not three queries per page view
        return {
            "province": [(NATIONAL, _("Landelijk")), *[(str(pk), name) for pk, name in lists.provinces]],
            "assignee": [(UNASSIGNED, _("Niemand (wachtrij)")), *[(str(pk), name) for pk, name in lists.core_team]],
        }

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(subject__icontains=value)
            | Q(body__icontains=value)
            | Q(asker_name__icontains=value)
            | Q(asker_email__icontains=value)
            | Q(organisation_name__icontains=value)
        )

    def filter_theme(self, queryset, name, value):
        """A main theme also finds the questions on its sub-themes (without duplicate rows)."""
        links = Question.themes.through.objects.filter(Q(theme=value) | Q(theme__parent=value))
        return queryset.filter(pk__in=links.values("question_id"))

    def filter_province(self, queryset, name, value):
        if value == NATIONAL:
            return queryset.filter(province__isnull=True)
        return queryset.filter(province_id=value)

    def filter_assignee(self, queryset, name, value):
        if value == UNASSIGNED:
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=list(OPEN_STATUSES), due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
