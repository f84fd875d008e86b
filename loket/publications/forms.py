"""Forms and filters of publications."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.forms import CharacterLimitsMixin, ModelMultipleChoiceField
from loket.core.markdown import validate_markdown
from loket.core.models import Province, Theme
from loket.core.uploads import types_label
from loket.publications.models import Publication, PublicationDraft, PublicationKind
from loket.publications.services import ATTACHMENT_TYPES


def _theme_choices():
    return Theme.objects.filter(is_active=True).select_related("parent").order_by("code")


class PublicationFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(
        field_name="kind", label=_("Soort"), choices=PublicationKind.choices, empty_label=_("Alle soorten")
    )
    thema = django_filters.ModelChoiceFilter(
        field_name="themes",
        label=_("Thema"),
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("Alle thema's"),
        to_field_name="code",
    )
    provincie = django_filters.ModelChoiceFilter(
        field_name="province",
        label=_("Provincie"),
        queryset=Province.objects.all(),
        empty_label=_("Alle provincies"),
        to_field_name="code",
    )

    sorteer = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(("published_at", "datum"), ("title", "titel")),
        field_labels={"published_at": _("Publicatiedatum"), "title": _("Titel")},
        empty_label=_("Nieuwste eerst"),
    )

    class Meta:
        model = Publication
        fields: list[str] = []


class PublicationTextMixin:
    """What a publication and the draft of its next version check alike: Markdown without HTML in
    summary and body, and a validity that does not end before it starts."""

    def clean_summary(self):
        value = self.cleaned_data.get("summary", "")
        validate_markdown(value)
        return value

    def clean_body(self):
        value = self.cleaned_data.get("body", "")
        validate_markdown(value)
        return value

    def check_validity(self, data: dict) -> None:
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("De einddatum ligt voor de begindatum."))


class PublicationForm(PublicationTextMixin, CharacterLimitsMixin, forms.ModelForm):
    change_note = forms.CharField(
        label=_("Toelichting op de wijziging"),
        required=False,
        max_length=300,
        help_text=_("Voor kaders: komt bij de versiegeschiedenis te staan."),
    )

    class Meta:
        model = Publication
        fields = ["kind", "title", "summary", "body", "themes", "province", "valid_from", "valid_until"]
        field_classes = {"themes": ModelMultipleChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "themes": forms.CheckboxSelectMultiple,
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "body": _(
                "Markdown: **vet**, *schuin*, ## kopje, - opsomming, [linktekst](https://…). HTML is niet toegestaan."
            ),
            "province": _("Alleen bij lessons learned van één provincie."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _theme_choices()

    def clean(self):
        data = super().clean()
        self.check_validity(data)
        start, end = data.get("valid_from"), data.get("valid_until")
        if data.get("kind") != PublicationKind.FRAMEWORK and (start or end):
            self.add_error("valid_until" if end else "valid_from", _("Alleen kaders hebben een geldigheid."))
        return data

    def service_data(self) -> dict:
        return {
            f: self.cleaned_data.get(f)
            for f in ("kind", "title", "summary", "body", "province", "valid_from", "valid_until")
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Bijlage toevoegen"),
        help_text=_("Toegestaan: %(types)s.") % {"types": types_label(ATTACHMENT_TYPES)},
        error_messages={"required": _("Kies een bestand om toe te voegen.")},
    )


class PublishForm(forms.Form):
    published_at = forms.DateTimeField(
        label=_("Publiceren op"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leeg: nu publiceren. Een datum in de toekomst publiceert later."),
    )


class NextDraftForm(PublicationTextMixin, CharacterLimitsMixin, forms.ModelForm):
    """The draft of the next version of a published kader (loket.publications.next_version)."""

    class Meta:
        model = PublicationDraft
        fields = ["title", "summary", "body", "valid_from", "valid_until", "change_note"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "body": _(
                "Markdown: **vet**, *schuin*, ## kopje, - opsomming, [linktekst](https://…). HTML is niet toegestaan."
            ),
            "change_note": _("Komt bij de versiegeschiedenis te staan als deze versie gepubliceerd wordt."),
        }

    def clean(self):
        data = super().clean()
        self.check_validity(data)
        return data

    def service_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields}
