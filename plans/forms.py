from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from loket.core.concurrency import RowVersionFormMixin
from loket.core.forms import CharacterLimitsMixin, ModelMultipleChoiceField
from loket.core.markdown import validate_markdown
from loket.core.models import LocationType, Province
from loket.core.reference_lists import reference_lists
from loket.core.roles import core_team_users

from . import quarters
from .capacity import ALL_STATUSES, HARD_STATUSES
from .importing import parse_prognosis_table
from .models import PlannedLocation, PlanVersion, PrognosisRound, Region, SplitMethod
from .spreadsheets import read_table
from .workflow import RealisationState, SupportKind


class QuarterField(forms.Field):
    """A quarter typed as `2026-K3`, stored as its number."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Bijvoorbeeld 2026-K3."))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "10", "inputmode": "text"}

    def prepare_value(self, value):
        if isinstance(value, int):
            return quarters.label(value)
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        return quarters.parse(str(value))


class PrognosisRoundForm(CharacterLimitsMixin, forms.ModelForm):
    table_file = forms.FileField(
        label=_("Officiële tabel (CSV of XLSX)"),
        required=False,
        help_text=_(
            "Alleen bij verdeling volgens een officiële tabel: een kolom code (of provincie) en een kolom "
            "opgave; een regel Totaal geeft het vermelde totaal."
        ),
    )
    stated_total = forms.IntegerField(
        label=_("Vermeld totaal in de tabel"),
        required=False,
        min_value=0,
        help_text=_("Optioneel; als de tabel zelf geen regel Totaal heeft."),
    )

    class Meta:
        model = PrognosisRound
        fields = ["reference_date", "method", "national_total", "source", "notes"]
        widgets = {"reference_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "national_total": _("Bij verdeling naar inwonertal: het landelijke aantal benodigde plaatsen."),
            "source": _("Bijvoorbeeld: Meerjarige productieprognose (MPP), voorjaar 2026."),
        }

    def __init__(self, *args, editing_table: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["national_total"].required = False
        self.fields["method"].choices = [("", _("Kies een verdeling"))] + [
            choice for choice in self.fields["method"].choices if choice[0] != ""
        ]
        self.editing_table = editing_table
        self.table = None

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == SplitMethod.POPULATION:
            if not data.get("national_total"):
                self.add_error("national_total", _("Vul de landelijke opgave in (een positief geheel getal)."))
        elif method == SplitMethod.TABLE:
            upload = data.get("table_file")
            if upload:
                try:
                    rows = read_table(upload)
                except ValidationError as exc:
                    self.add_error("table_file", exc)
                    return data
                result = parse_prognosis_table(rows)
                if result.errors:
                    self.add_error(
                        "table_file",
                        [
                            (_("Regel %(row)s: %(msg)s") if e.row else "%(msg)s") % {"row": e.row, "msg": e.message}
                            for e in result.errors
                        ],
                    )
                else:
                    self.table = result.figures
                    if data.get("stated_total") is None:
                        data["stated_total"] = result.stated_total
            elif not self.editing_table:
                self.add_error("table_file", _("Voeg de officiële tabel toe (CSV of XLSX)."))
        return data


class NarrativeForm(RowVersionFormMixin, CharacterLimitsMixin, forms.ModelForm):
    class Meta:
        model = PlanVersion
        fields = ["scaling", "regional", "roles", "risks"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        help_texts = {name: _("Markdown is toegestaan: **vet**, *cursief*, lijsten en koppen.") for name in fields}

    def clean(self):
        # The policy of every Markdown field: raw HTML and unsafe links are refused with a message.
        cleaned = super().clean()
        for name in self._meta.fields:
            try:
                validate_markdown(cleaned.get(name))
            except ValidationError as exc:
                self.add_error(name, exc)
        return cleaned


class LocationForm(RowVersionFormMixin, CharacterLimitsMixin, forms.ModelForm):
    first_quarter = QuarterField(label=_("Eerste kwartaal"))
    last_quarter = QuarterField(
        label=_("Laatste kwartaal"), required=False, help_text=_("Leeg laten als de locatie open einde heeft.")
    )

    class Meta:
        model = PlannedLocation
        fields = [
            "name",
            "municipality",
            "location_type",
            "capacity",
            "minors_places",
            "first_quarter",
            "last_quarter",
            "status",
            "flexible",
            "region",
        ]

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(active=True).order_by("name")
        if province is not None:
            regions = regions.filter(province=province)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("Geen regio")
        self.fields["region"].help_text = _("Het regionale samenwerkingsverband waar de locatie bij hoort (optioneel).")
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        first, last = data.get("first_quarter"), data.get("last_quarter")
        if first is not None and last is not None and last < first:
            self.add_error("last_quarter", _("Het laatste kwartaal ligt vóór het eerste kwartaal."))
        capacity, minors = data.get("capacity"), data.get("minors_places")
        if capacity is not None and capacity < 1:
            self.add_error("capacity", _("De capaciteit moet een positief geheel getal zijn."))
        if capacity and minors is not None and minors > capacity:
            self.add_error("minors_places", _("Er zijn meer plaatsen voor amv dan de capaciteit."))
        return data

    def _post_clean(self):
        # The service validates the full model; skip the version-less model validation here.
        pass


class LocationDeleteForm(forms.Form):
    """The delete button carries the counter of the location the page showed."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (XLSX of CSV)"))
    replace = forms.BooleanField(
        label=_("Verwijder locaties van deze versie die niet in het bestand staan"),
        required=False,
        help_text=_("Zonder vinkje blijven die locaties staan. U ziet eerst wat er verandert."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.rows = read_table(upload)
        return upload


class TransitionForm(CharacterLimitsMixin, forms.Form):
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CapacityFilterForm(forms.Form):
    SCOPE_CHOICES = [
        ("hard", _("Alleen bestaand en vastgesteld")),
        ("alles", _("Ook voornemens")),
    ]
    BASIS_CHOICES = [
        ("laatste", _("Nieuwste versie die u mag zien")),
        ("vastgesteld", _("Alleen vastgestelde versies")),
    ]
    scope = forms.ChoiceField(label=_("Welke locaties tellen mee"), choices=SCOPE_CHOICES, required=False)
    basis = forms.ChoiceField(label=_("Welke planversie"), choices=BASIS_CHOICES, required=False)
    type = ModelMultipleChoiceField(
        label=_("Locatietype"),
        queryset=LocationType.objects.order_by("code"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets gekozen: alle typen."),
    )
    province = forms.ModelChoiceField(
        label=_("Grafiek voor"),
        queryset=Province.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Heel Nederland"),
    )
    start = QuarterField(label=_("Vanaf kwartaal"), required=False, help_text=_("Leeg: het huidige kwartaal."))
    region = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.select_related("province").order_by("province__name", "name"),
        to_field_name="code",
        required=False,
        empty_label=_("Alle regio's"),
        help_text=_("Alleen locaties van deze regio; de grafiek toont dan haar provincie."),
    )

    def __init__(self, *args, location_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        self.fields["start"].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        self.fields["region"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        self.fields["region"].label_from_instance = lambda region: f"{region.name} ({region.province.name})"
        for name in ("scope", "basis"):
            self.fields[name].widget = forms.RadioSelect(
                choices=self.fields[name].choices,
                attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"},
            )
        self.fields["type"].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"
        # The provinces from the cached reference lists and the location types the page read anyway
        # (labelled as the fields label them); a submitted value is still checked against the queryset.
        if location_types is not None:
            self.fields["type"].widget.choices = [(t.code, str(t)) for t in location_types]
        self.fields["province"].widget.choices = [
            ("", self.fields["province"].empty_label),
            *[(p.code, p.name) for p in reference_lists().province_objects],
        ]
        # The regions as the field labels them, read as plain values (one query, as the field's iterator
        # did, without a model instance and its province per region: issue 21).
        regions = Region.objects.order_by("province__name", "name").values_list("code", "name", "province__name")
        self.fields["region"].widget.choices = [
            ("", self.fields["region"].empty_label),
            *[(code, f"{name} ({province})") for code, name, province in regions],
        ]

    DEFAULTS = {"scope": "alles", "basis": "laatste"}

    @classmethod
    def from_query(cls, query, *, location_types=None) -> "CapacityFilterForm":
        """Bound to the query string, with the defaults filled in (so the radios show what is counted)."""
        data = query.copy()
        for key, value in cls.DEFAULTS.items():
            if not data.get(key):
                data[key] = value
        return cls(data, location_types=location_types)

    def statuses(self) -> tuple:
        scope = self.cleaned_data.get("scope") if self.is_valid() else None
        return HARD_STATUSES if scope == "hard" else ALL_STATUSES

    def value(self, name, default=None):
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


class ReviewCommentForm(CharacterLimitsMixin, forms.Form):
    """A remark on the whole version, a narrative section (`section`) or a location line (`location`)."""

    target = forms.ChoiceField(label=_("Waarover"), required=False)
    body = forms.CharField(label=_("Opmerking"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    SECTION_LABELS = {
        "scaling": _("Op- en afschaling"),
        "regional": _("Regionale opvang"),
        "roles": _("Rollen en verantwoordelijkheden"),
        "risks": _("Risico's"),
    }

    def __init__(self, *args, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("De hele versie"))]
        choices += [(f"section:{k}", _("Tekst: %(s)s") % {"s": v}) for k, v in self.SECTION_LABELS.items()]
        # Translated once, not a lazy string per location (a version has 200 of them, issue 21).
        location = gettext("Locatie: %(n)s")
        choices += [(f"location:{loc.key}", location % {"n": loc.name}) for loc in locations]
        self.fields["target"].choices = choices
        self.fields["target"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def target_parts(self) -> tuple[str, str | None]:
        """(section, location key) of the chosen target."""
        target = self.cleaned_data.get("target") or ""
        kind, _sep, value = target.partition(":")
        if kind == "section":
            return value, None
        if kind == "location":
            return "", value
        return "", None


class ReviewAnswerForm(CharacterLimitsMixin, forms.Form):
    answer = forms.CharField(
        label=_("Antwoord"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolve = forms.BooleanField(label=_("Markeer als afgehandeld"), required=False)


class SupportRequestForm(CharacterLimitsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort ondersteuning"), choices=SupportKind.choices)
    wished_date = forms.DateField(
        label=_("Gewenste datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optioneel: wanneer u de ondersteuning het liefst krijgt."),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waarmee wilt u hulp? Het kernteam denkt mee en ondersteunt; het neemt het werk niet over."),
    )


class SupportHandleForm(CharacterLimitsMixin, forms.Form):
    """The core team's step on a request: the fields that step needs (the service checks them)."""

    to = forms.CharField(widget=forms.HiddenInput)
    assignee = forms.ModelChoiceField(label=_("Kernteamlid"), queryset=None, required=False)
    planned_for = forms.DateField(
        label=_("Gepland op"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Reden of toelichting"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.CharField(
        label=_("Uitkomst"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = core_team_users()
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["assignee"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


class RealisationForm(forms.Form):
    state = forms.ChoiceField(label=_("Stand"), choices=RealisationState.choices, widget=forms.RadioSelect)
    in_use_since = forms.DateField(
        label=_("In gebruik sinds"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closed_since = forms.DateField(
        label=_("Afgebouwd sinds"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
