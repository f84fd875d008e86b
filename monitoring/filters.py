"""The one FilterSet of the register: the page, the matrix and the exports all use it."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from loket.core.models import Theme
from loket.core.reference_lists import ReferenceChoicesMixin, reference_lists
from loket.core.roles import core_team_users

from .models import Signal, SignalKind
from .selectors import SignalProvince, overdue_q
from .workflow import Status

NATIONAL = "landelijk"
# Filters that leave the number of rows alone: the register's size then comes from the tally.
COUNT_NEUTRAL = frozenset({"sort"})


class SignalFilter(ReferenceChoicesMixin, django_filters.FilterSet):
    # the choice lists from the cache (loket.core.reference_lists), not a query each per page view
    reference_choices = {"theme": "themes", "owner": "core_team"}

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Soort"), choices=SignalKind.choices, empty_label=_("Alle soorten"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("Alle statussen"))
    province = django_filters.ChoiceFilter(
        label=_("Provincie"), method="filter_province", empty_label=_("Alle provincies")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thema"), queryset=Theme.objects.order_by("code"), empty_label=_("Alle thema's")
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Eigenaar"), queryset=core_team_users(), empty_label=_("Alle eigenaren")
    )
    score_min = django_filters.NumberFilter(
        label=_("Score vanaf"), field_name="score_value", lookup_expr="gte", min_value=1, max_value=25
    )
    score_max = django_filters.NumberFilter(
        label=_("Score tot en met"), field_name="score_value", lookup_expr="lte", min_value=1, max_value=25
    )
    impact = django_filters.NumberFilter(label=_("Impact"), min_value=1, max_value=5, widget=forms.HiddenInput)
    likelihood = django_filters.NumberFilter(
        label=_("Kans van optreden"), min_value=1, max_value=5, widget=forms.HiddenInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Alleen over tijd"), method="filter_overdue", widget=forms.CheckboxInput
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren op"),
        fields=(
            ("score_value", "score"),
            ("deadline", "deadline"),
            ("created_at", "aangemaakt"),
            ("title", "titel"),
            ("status", "status"),
            ("kind", "soort"),
        ),
        field_labels={
            "score_value": _("Score"),
            "deadline": _("Deadline"),
            "created_at": _("Aangemaakt"),
            "title": _("Titel"),
            "status": _("Status"),
            "kind": _("Soort"),
        },
        empty_label=_("Nieuwste eerst"),
    )

    class Meta:
        model = Signal
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = reference_lists()
        self.filters["province"].extra["choices"] = [
            (NATIONAL, _("Landelijk (geen provincie)")),
            *[(p.code, p.name) for p in self.lists.province_objects],
        ]
        self.filters["owner"].queryset = core_team_users()

    @property
    def form(self):
        """Built only when something asks for it: the register as first opened renders its form from
        the form cache (`choices_version`) and filters nothing."""
        form = super().form
        if not getattr(form, "_signal_fields_set", False):
            form.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
            for name in ("score_min", "score_max"):
                form.fields[name].widget.attrs["step"] = 1
            form.fields["score_min"].error_messages["min_value"] = _("De score is minimaal 1.")
            form.fields["score_min"].error_messages["max_value"] = _("De score is hoogstens 25.")
            form.fields["score_max"].error_messages["min_value"] = _("De score is minimaal 1.")
            form.fields["score_max"].error_messages["max_value"] = _("De score is hoogstens 25.")
            for name in ("score_min", "score_max", "impact", "likelihood"):
                form.fields[name].error_messages["invalid"] = _("Vul een geheel getal in.")
            form._signal_fields_set = True
        return form

    @staticmethod
    def choices_version() -> str:
        """Changes whenever a choice list of the form changes (the reference lists' digest covers the
        provinces' names, not their codes, which the province filter submits)."""
        lists = reference_lists()
        return f"{lists.digest}:{','.join(p.code for p in lists.province_objects)}"

    @staticmethod
    def in_default_order(queryset):
        """The register's order when no sort is chosen: newest first."""
        return queryset.order_by("-created_at", "-pk")

    @property
    def cleaned(self) -> dict:
        """The submitted values that validated (nothing for the register as first opened)."""
        if not self.is_bound:
            return {}
        return getattr(self.form, "cleaned_data", {}) or {}

    def applied(self) -> dict:
        """The filters that narrow the rows down, with their values."""
        return {
            name: value
            for name, value in self.cleaned.items()
            if name not in COUNT_NEUTRAL and value is not None and value != "" and value is not False
        }

    def filter_text(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_province(self, queryset, name, value):
        if value == NATIONAL:
            return queryset.filter(~Exists(SignalProvince.objects.filter(signal_id=OuterRef("pk"))))
        return queryset.filter(Exists(SignalProvince.objects.filter(signal_id=OuterRef("pk"), province__code=value)))

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(overdue_q())
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        if not self.cleaned.get("sort"):
            return self.in_default_order(queryset)
        # A tie-breaker keeps pagination stable when many rows share a score or deadline.
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def clean_range_error(self) -> str | None:
        low, high = self.cleaned.get("score_min"), self.cleaned.get("score_max")
        if low is not None and high is not None and low > high:
            return _("De ondergrens van de score is hoger dan de bovengrens.")
        return None
