"""The one FilterSet of the register: the page, the matrix and the exports all use it."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from loket.core.models import Province, Theme
from loket.core.reference_lists import ReferenceChoicesMixin
from loket.core.roles import core_team_users

from .models import Signal, SignalKind
from .selectors import SignalProvince, overdue_q
from .workflow import Status

NATIONAL = "landelijk"


def province_choices():
    return [(NATIONAL, _("Landelijk (geen provincie)"))] + [
        (p.code, p.name) for p in Province.objects.order_by("name").only("code", "name")
    ]


class SignalFilter(ReferenceChoicesMixin, django_filters.FilterSet):
    reference_choices = {"theme": "themes"}

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Soort"), choices=SignalKind.choices, empty_label=_("Alle soorten"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("Alle statussen"))
    province = django_filters.ChoiceFilter(
        label=_("Provincie"), choices=province_choices, method="filter_province", empty_label=_("Alle provincies")
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
        self.filters["owner"].queryset = core_team_users()
        self.form.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        for name in ("score_min", "score_max"):
            self.form.fields[name].widget.attrs["step"] = 1
        self.form.fields["score_min"].error_messages["min_value"] = _("De score is minimaal 1.")
        self.form.fields["score_min"].error_messages["max_value"] = _("De score is hoogstens 25.")
        self.form.fields["score_max"].error_messages["min_value"] = _("De score is minimaal 1.")
        self.form.fields["score_max"].error_messages["max_value"] = _("De score is hoogstens 25.")
        for name in ("score_min", "score_max", "impact", "likelihood"):
            self.form.fields[name].error_messages["invalid"] = _("Vul een geheel getal in.")

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
        data = getattr(self.form, "cleaned_data", {}) or {}
        if not data.get("sort"):
            return queryset.order_by("-created_at", "-pk")
        # A tie-breaker keeps pagination stable when many rows share a score or deadline.
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def clean_range_error(self) -> str | None:
        data = getattr(self.form, "cleaned_data", {}) or {}
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and low > high:
            return _("De ondergrens van de score is hoger dan de bovengrens.")
        return None
