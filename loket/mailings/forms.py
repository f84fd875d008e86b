"""Forms of subscriptions and mailings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.forms import CharacterLimitsMixin, HoneypotForm, ModelMultipleChoiceField
from loket.core.markdown import validate_markdown
from loket.core.models import Province, Theme
from loket.core.roles import Role
from loket.mailings.models import Mailing


def _theme_choices():
    return Theme.objects.filter(is_active=True).select_related("parent").order_by("code")


class SubscribeForm(HoneypotForm):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    general_news = forms.BooleanField(label=_("Algemeen nieuws van het loket"), required=False, initial=True)
    themes = ModelMultipleChoiceField(
        label=_("Thema's"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    provinces = ModelMultipleChoiceField(
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
        del self.fields["website"]  # a logged-in page needs no honeypot

    def clean(self):
        data = forms.Form.clean(self)
        if data.get("receive") and not (data.get("general_news") or data.get("themes") or data.get("provinces")):
            raise forms.ValidationError(
                _("Kies ten minste één onderwerp: algemeen nieuws, een thema of een provincie.")
            )
        return data


ROLE_CHOICES = [(role.value, role.value) for role in (Role.PRT, Role.CDK, Role.KERNTEAM, Role.LRT, Role.EXPERT)]


class MailingForm(CharacterLimitsMixin, forms.ModelForm):
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
        field_classes = {"audience_provinces": ModelMultipleChoiceField, "audience_themes": ModelMultipleChoiceField}
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
