from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.forms import CharacterLimitsMixin, ModelMultipleChoiceField
from loket.core.models import Organisation, Province, Theme

from .models import Expert
from .selectors import listed_experts
from .services import expert_exists_for_email

CONSENT_TEXT = _(
    "Ik geef toestemming om mijn naam, organisatie, functie, thema's, provincies en expertise te tonen "
    "aan ingelogde partners van het loket, en mijn contactgegevens aan het kernteam. Ik kan mij op elk "
    "moment afmelden; mijn gegevens worden dan direct verborgen en na de bewaartermijn verwijderd."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ExpertProfileForm(CharacterLimitsMixin, forms.ModelForm):
    themes = ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.filter(is_active=True).select_related("parent"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies de thema's waarover u vragen kunt beantwoorden."),
    )
    provinces = ModelMultipleChoiceField(
        label=_("Provincies die u kent"),
        queryset=Province.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Kies uw organisatie"),
    )

    class Meta:
        model = Expert
        fields = [
            "name",
            "organisation",
            "function",
            "phone",
            "themes",
            "provinces",
            "expertise",
            "availability",
            "available_until",
            "contact_preference",
        ]
        widgets = {"available_until": DateInput(), "expertise": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "expertise": _("In uw eigen woorden: waar kunt u mee helpen?"),
            "available_until": _("Bijvoorbeeld: niet beschikbaar tot en met deze datum."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["expertise"].required = True


class JoinForm(ExpertProfileForm):
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].error_messages["required"] = _("Zonder uw toestemming kunnen wij u niet opnemen.")


class InvitationForm(CharacterLimitsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    message = forms.CharField(label=_("Persoonlijk bericht"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if expert_exists_for_email(email):
            raise forms.ValidationError(_("Dit e-mailadres hoort al bij een deskundige in het netwerk."))
        return email


class ReferForm(CharacterLimitsMixin, forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Deskundige"), queryset=Expert.objects.none(), empty_label=_("Kies een deskundige")
    )
    question_text = forms.CharField(
        label=_("De vraag zoals de deskundige die leest"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Naam, aanhef, ondertekening, e-mailadres, telefoonnummer, adres en postcode zijn al weggelaten. "
            "Controleer de tekst en haal weg wat nog naar de vragensteller wijst. De deskundige ziet alleen deze tekst."
        ),
    )
    note = forms.CharField(
        label=_("Toelichting voor de deskundige"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = (
            listed_experts().filter(anonymised_at__isnull=True).select_related("organisation")
        )
        self.fields["expert"].label_from_instance = lambda e: f"{e.name} ({e.organisation or '-'})"


class ReasonForm(CharacterLimitsMixin, forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AnswerForm(CharacterLimitsMixin, forms.Form):
    response = forms.CharField(label=_("Uw antwoord"), widget=forms.Textarea(attrs={"rows": 10}))
    share_contact = forms.BooleanField(
        label=_("De vragensteller mag mijn naam en e-mailadres zien en contact met mij opnemen."), required=False
    )


class ReviewForm(CharacterLimitsMixin, forms.Form):
    body = forms.CharField(
        label=_("Antwoord aan de vragensteller"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Pas het antwoord zo nodig aan. Het wordt verstuurd namens het loket."),
    )


class IntroductionRequestForm(CharacterLimitsMixin, forms.Form):
    message = forms.CharField(
        label=_("Waarover wilt u contact?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class IntroductionForm(CharacterLimitsMixin, forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Deskundige (partij 1)"),
        queryset=Expert.objects.none(),
        required=False,
        help_text=_("Of vul hieronder naam en e-mailadres van partij 1 in."),
    )
    party_a_name = forms.CharField(label=_("Naam partij 1"), max_length=150, required=False)
    party_a_email = forms.EmailField(label=_("E-mailadres partij 1"), required=False)
    party_a_organisation = forms.CharField(label=_("Organisatie partij 1"), max_length=200, required=False)
    party_b_name = forms.CharField(label=_("Naam partij 2"), max_length=150)
    party_b_email = forms.EmailField(label=_("E-mailadres partij 2"))
    party_b_organisation = forms.CharField(label=_("Organisatie partij 2"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Waarom brengen we deze partijen in contact?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Beide partijen lezen deze tekst in de vraag om toestemming."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = listed_experts().filter(anonymised_at__isnull=True)

    def clean(self):
        data = super().clean()
        if not data.get("expert") and not (data.get("party_a_name") and data.get("party_a_email")):
            raise forms.ValidationError(_("Kies een deskundige of vul naam en e-mailadres van partij 1 in."))
        return data


class ManageLinkForm(forms.Form):
    email = forms.EmailField(label=_("Uw e-mailadres"))
