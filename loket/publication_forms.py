"""Forms and filters of publications, subscriptions and mailings."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .attachments import ALLOWED_TYPES
from .markdown import validate_markdown
from .models import Mailing, Province, Publication, PublicationKind, Theme
from .roles import Role


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


class PublicationForm(forms.ModelForm):
    change_note = forms.CharField(
        label=_("Toelichting op de wijziging"),
        required=False,
        max_length=300,
        help_text=_("Voor kaders: komt bij de versiegeschiedenis te staan."),
    )

    class Meta:
        model = Publication
        fields = ["kind", "title", "summary", "body", "themes", "province", "valid_from", "valid_until"]
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

    def clean_summary(self):
        value = self.cleaned_data.get("summary", "")
        validate_markdown(value)
        return value

    def clean_body(self):
        value = self.cleaned_data.get("body", "")
        validate_markdown(value)
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("De einddatum ligt voor de begindatum."))
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
        help_text=_("Toegestaan: %(types)s.") % {"types": ", ".join(sorted(e for e in ALLOWED_TYPES if e != "jpeg"))},
    )


class PublishForm(forms.Form):
    published_at = forms.DateTimeField(
        label=_("Publiceren op"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leeg: nu publiceren. Een datum in de toekomst publiceert later."),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    general_news = forms.BooleanField(label=_("Algemeen nieuws van het loket"), required=False, initial=True)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provincies (onder meer de halfjaarlijkse prognose van uw provincie)"),
        queryset=Province.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True, parent__isnull=True).order_by("code")

    def clean(self):
        data = super().clean()
        if not (data.get("general_news") or data.get("themes") or data.get("provinces")):
            raise forms.ValidationError(
                _("Kies ten minste één onderwerp: algemeen nieuws, een thema of een provincie.")
            )
        return data


class ProfileSubscriptionForm(SubscribeForm):
    """The same choices on the profile page of a logged-in partner (the address is the account's)."""

    receive = forms.BooleanField(label=_("Ik ontvang mailings van het loket"), required=False)

    field_order = ["receive", "general_news", "themes", "provinces"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]

    def clean(self):
        data = forms.Form.clean(self)
        if data.get("receive") and not (data.get("general_news") or data.get("themes") or data.get("provinces")):
            raise forms.ValidationError(
                _("Kies ten minste één onderwerp: algemeen nieuws, een thema of een provincie.")
            )
        return data


ROLE_CHOICES = [(role.value, role.value) for role in (Role.PRT, Role.CDK, Role.KERNTEAM, Role.LRT, Role.EXPERT)]


class MailingForm(forms.ModelForm):
    audience_roles = forms.MultipleChoiceField(
        label=_("Rollen"), choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Mailing
        fields = [
            "subject",
            "body",
            "audience_all_partners",
            "audience_provinces",
            "audience_roles",
            "audience_themes",
            "audience_general",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "audience_provinces": forms.CheckboxSelectMultiple,
            "audience_themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "body": _(
                "Markdown: **vet**, *schuin*, ## kopje, - opsomming, [linktekst](https://…). HTML is niet toegestaan."
            ),
            "audience_themes": _("Bevestigde abonnees die dit thema volgen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_themes"].queryset = Theme.objects.filter(is_active=True, parent__isnull=True).order_by(
            "code"
        )

    def clean_body(self):
        value = self.cleaned_data.get("body", "")
        if not value.strip():
            raise forms.ValidationError(_("Schrijf de tekst van de mailing."))
        validate_markdown(value)
        return value

    def clean(self):
        data = super().clean()
        if not (
            data.get("audience_all_partners")
            or data.get("audience_provinces")
            or data.get("audience_roles")
            or data.get("audience_themes")
            or data.get("audience_general")
        ):
            raise forms.ValidationError(_("Kies ten minste één doelgroep."))
        return data
