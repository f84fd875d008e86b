"""The shapes of the API. Field names are Dutch, like the portal's URLs; quarters are written
"2026-K3", dates ISO 8601 (machines read them)."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from loket.publications.models import Publication
from plans import quarters
from plans.models import LocationStatus, PlannedLocation, PrognosisRound, ProvincePrognosis


class ProvinceRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS-code, bijvoorbeeld PV26.")
    naam = serializers.CharField(source="name")


class PublicationSerializer(serializers.ModelSerializer):
    soort = serializers.CharField(source="kind")
    titel = serializers.CharField(source="title")
    samenvatting = serializers.CharField(source="summary")
    tekst = serializers.CharField(source="body", help_text="Markdown.")
    themas = serializers.SerializerMethodField()
    provincie = serializers.SlugRelatedField(source="province", slug_field="code", read_only=True, allow_null=True)
    gepubliceerd_op = serializers.DateTimeField(source="published_at")
    versie = serializers.IntegerField(source="version")
    geldig_vanaf = serializers.DateField(source="valid_from", allow_null=True)
    geldig_tot_en_met = serializers.DateField(source="valid_until", allow_null=True)
    webadres = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = [
            "slug",
            "soort",
            "titel",
            "samenvatting",
            "tekst",
            "themas",
            "provincie",
            "gepubliceerd_op",
            "versie",
            "geldig_vanaf",
            "geldig_tot_en_met",
            "webadres",
        ]

    def get_themas(self, obj) -> list[str]:
        return [t.code for t in obj.themes.all()]

    def get_webadres(self, obj) -> str:
        return settings.SITE_URL + reverse("loket:publication_detail", kwargs={"slug": obj.slug})


class ProvinceFigureSerializer(serializers.ModelSerializer):
    provincie_code = serializers.CharField(source="province.code")
    provincie = serializers.CharField(source="province.name")
    opgave = serializers.IntegerField(source="figure", help_text="Benodigde plaatsen.")

    class Meta:
        model = ProvincePrognosis
        fields = ["provincie_code", "provincie", "opgave"]


class PrognosisSerializer(serializers.ModelSerializer):
    peildatum = serializers.DateField(source="reference_date")
    landelijke_opgave = serializers.IntegerField(source="national_total")
    verdeelmethode = serializers.CharField(source="method")
    bron = serializers.CharField(source="source")
    toelichting = serializers.CharField(source="notes")
    gepubliceerd_op = serializers.DateTimeField(source="published_at", allow_null=True)
    provincies = serializers.SerializerMethodField()

    class Meta:
        model = PrognosisRound
        fields = [
            "id",
            "peildatum",
            "landelijke_opgave",
            "verdeelmethode",
            "bron",
            "toelichting",
            "gepubliceerd_op",
            "provincies",
        ]

    @staticmethod
    def _sorted(obj):
        return sorted(obj.provinces.all(), key=lambda p: p.province.name)

    @extend_schema_field(ProvinceFigureSerializer(many=True))
    def get_provincies(self, obj) -> list[dict]:
        return ProvinceFigureSerializer(self._sorted(obj), many=True).data


class CapacityRowSerializer(serializers.Serializer):
    kwartaal = serializers.CharField(help_text="Bijvoorbeeld 2026-K3.")
    provincie_code = serializers.CharField()
    provincie = serializers.CharField()
    locatietype_code = serializers.CharField()
    locatietype = serializers.CharField()
    geplande_capaciteit = serializers.IntegerField(help_text="Plaatsen in vastgestelde planversies.")


class CapacityProvinceRowSerializer(serializers.Serializer):
    kwartaal = serializers.CharField(help_text="Bijvoorbeeld 2026-K3.")
    provincie_code = serializers.CharField()
    provincie = serializers.CharField()
    planversie = serializers.IntegerField(allow_null=True, help_text="De vastgestelde versie die meetelt.")
    geplande_capaciteit = serializers.IntegerField()
    opgave = serializers.IntegerField(allow_null=True, help_text="Uit de laatste gepubliceerde prognose.")
    verschil = serializers.IntegerField(allow_null=True, help_text="Gepland min opgave; negatief is een tekort.")
    tekort = serializers.BooleanField()


class LocationSerializer(serializers.ModelSerializer):
    """A location of a draft plan version, as the partner system reads it."""

    versie = serializers.IntegerField(source="version.number")
    sleutel = serializers.UUIDField(source="key", help_text="Blijft gelijk over planversies heen.")
    naam = serializers.CharField(source="name")
    gemeente = serializers.CharField(source="municipality")
    locatietype = serializers.CharField(source="location_type.code")
    capaciteit = serializers.IntegerField(source="capacity")
    plaatsen_amv = serializers.IntegerField(source="minors_places")
    eerste_kwartaal = serializers.SerializerMethodField()
    laatste_kwartaal = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=LocationStatus.choices)
    flexibel = serializers.BooleanField(source="flexible")
    row_version = serializers.IntegerField(
        help_text="Wijzigingsteller. Stuur hem mee bij een wijziging: is de locatie intussen gewijzigd, "
        "dan volgt 409 en verandert er niets."
    )

    class Meta:
        model = PlannedLocation
        fields = [
            "id",
            "versie",
            "sleutel",
            "naam",
            "gemeente",
            "locatietype",
            "capaciteit",
            "plaatsen_amv",
            "eerste_kwartaal",
            "laatste_kwartaal",
            "status",
            "flexibel",
            "row_version",
        ]

    def get_eerste_kwartaal(self, obj) -> str:
        return quarters.label(obj.first_quarter)

    def get_laatste_kwartaal(self, obj) -> str | None:
        return quarters.label(obj.last_quarter) or None


class LocationInputSerializer(serializers.Serializer):
    """What a partner system sends to add or change a location. The web form's rules apply
    (plans.forms.LocationForm); the messages are the same."""

    naam = serializers.CharField(max_length=200)
    gemeente = serializers.CharField(max_length=100)
    locatietype = serializers.CharField(help_text="Code van het locatietype, bijvoorbeeld AZC.")
    capaciteit = serializers.IntegerField(min_value=1)
    plaatsen_amv = serializers.IntegerField(min_value=0, required=False)
    eerste_kwartaal = serializers.CharField(help_text="Bijvoorbeeld 2026-K3.")
    laatste_kwartaal = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    status = serializers.ChoiceField(choices=LocationStatus.choices)
    flexibel = serializers.BooleanField(required=False)
    row_version = serializers.IntegerField(min_value=0, required=False, help_text="Verplicht bij een wijziging.")


# API name -> form field name of plans.forms.LocationForm
LOCATION_FIELDS = {
    "naam": "name",
    "gemeente": "municipality",
    "locatietype": "location_type",
    "capaciteit": "capacity",
    "plaatsen_amv": "minors_places",
    "eerste_kwartaal": "first_quarter",
    "laatste_kwartaal": "last_quarter",
    "status": "status",
    "flexibel": "flexible",
    "row_version": "row_version",
}
API_NAME = {form: api for api, form in LOCATION_FIELDS.items()}
