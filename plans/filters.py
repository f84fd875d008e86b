import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.core.models import LocationType

from .models import LocationStatus, PlannedLocation, Region


class LocationFilter(django_filters.FilterSet):
    """Filters for the locations of one version: the same FilterSet serves the page and the export."""

    q = django_filters.CharFilter(label=_("Naam of gemeente"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LocationStatus.choices, empty_label=_("Alle"))
    location_type = django_filters.ModelChoiceFilter(
        label=_("Locatietype"), queryset=LocationType.objects.order_by("code"), empty_label=_("Alle")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Regio"), queryset=Region.objects.order_by("name"), empty_label=_("Alle")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren op"),
        empty_label=_("Standaard volgorde"),
        fields=(
            ("name", "name"),
            ("municipality", "municipality"),
            ("capacity", "capacity"),
            ("first_quarter", "first_quarter"),
        ),
        field_labels={
            "name": _("naam"),
            "municipality": _("gemeente"),
            "capacity": _("capaciteit"),
            "first_quarter": _("eerste kwartaal"),
        },
    )

    class Meta:
        model = PlannedLocation
        fields = ["q", "status", "location_type", "region"]

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        if province is not None:
            self.filters["region"].queryset = Region.objects.filter(province=province).order_by("name")
            self.form.fields["region"].queryset = self.filters["region"].queryset
        # The choices as plain values, labelled as the fields label them (str of the object): one plain
        # query each instead of the fields' iterators (a server-side cursor, three round trips, and a
        # model instance per choice; issue 21). A submitted value is still checked against the queryset.
        fields = self.form.fields
        fields["location_type"].widget.choices = [
            ("", fields["location_type"].empty_label),
            *[
                (str(pk), f"{name} ({code})")
                for pk, name, code in LocationType.objects.order_by("code").values_list("pk", "name", "code")
            ],
        ]
        fields["region"].widget.choices = [
            ("", fields["region"].empty_label),
            *[(str(pk), name) for pk, name in fields["region"].queryset.values_list("pk", "name")],
        ]
        for field in self.form.fields.values():
            css = (
                "utrecht-select utrecht-select--html-select"
                if hasattr(field, "choices")
                else "utrecht-textbox utrecht-textbox--html-input"
            )
            field.widget.attrs.setdefault("class", css)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(municipality__icontains=value))
