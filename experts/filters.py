import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from loket.core.models import Organisation, Province, Theme
from loket.core.reference_lists import ReferenceChoicesMixin

from .models import Availability, Expert


class ExpertFilter(ReferenceChoicesMixin, django_filters.FilterSet):
    """The directory's filters and free-text search, ordered by relevance when searching."""

    reference_choices = {"theme": "active_themes", "organisation": "organisations", "province": "provinces"}

    q = django_filters.CharFilter(label=_("Zoeken"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Thema"), queryset=Theme.objects.filter(is_active=True), method="filter_theme"
    )
    organisation = django_filters.ModelChoiceFilter(label=_("Organisatie"), queryset=Organisation.objects.all())
    province = django_filters.ModelChoiceFilter(
        label=_("Provincie"), queryset=Province.objects.all(), field_name="provinces"
    )
    availability = django_filters.ChoiceFilter(label=_("Beschikbaarheid"), choices=Availability.choices)

    class Meta:
        model = Expert
        fields = ["q", "theme", "organisation", "province", "availability"]

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        through = Expert.themes.through
        return queryset.filter(
            Exists(
                through.objects.filter(expert_id=OuterRef("pk")).filter(
                    Q(theme_id=value.pk) | Q(theme__parent_id=value.pk)
                )
            )
        )

    def search(self, queryset, name, value):
        """The words are ranked in the database by `experts.selectors.RankedSearch` (the directory view),
        which also restricts the rows to the matches: this filter leaves the queryset as it is."""
        return queryset
