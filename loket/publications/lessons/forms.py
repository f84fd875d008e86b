"""Forms of lessons from the field: submit, a question back, an answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.forms import CharacterLimitsMixin, ModelMultipleChoiceField
from loket.core.models import Theme
from loket.publications.lessons.models import LessonSubmission


class LessonSubmitForm(CharacterLimitsMixin, forms.ModelForm):
    themes = ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één thema.")},
    )

    class Meta:
        model = LessonSubmission
        fields = [
            "title",
            "tried",
            "place",
            "themes",
            "worked",
            "did_not_work",
            "contact_name",
            "contact_email",
            "contact_consent",
            "show_name",
        ]
        labels = {
            "title": _("Titel van de les"),
            "tried": _("Wat heeft u geprobeerd?"),
            "place": _("Waar? (gemeente, locatie of regio)"),
            "worked": _("Wat werkte?"),
            "did_not_work": _("Wat werkte niet?"),
            "contact_name": _("Contactpersoon voor meer informatie"),
            "contact_email": _("E-mailadres van de contactpersoon"),
            "contact_consent": _("De contactpersoon stemt ermee in dat we haar of zijn naam en e-mailadres noemen"),
            "show_name": _("Toon mijn naam bij de gepubliceerde les"),
        }
        help_texts = {
            "contact_name": _("Niet verplicht. Alleen iemand die ermee instemt genoemd te worden."),
            "show_name": _("Zonder vinkje publiceren we de les zonder uw naam."),
        }
        widgets = {
            "tried": forms.Textarea(attrs={"rows": 4}),
            "worked": forms.Textarea(attrs={"rows": 4}),
            "did_not_work": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Geef de les een titel.")},
            "tried": {"required": _("Beschrijf wat u heeft geprobeerd.")},
            "place": {"required": _("Vul in waar het is geprobeerd.")},
            "worked": {"required": _("Beschrijf wat werkte.")},
            "contact_email": {"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True).select_related("parent").order_by("code")

    def clean(self):
        data = super().clean()
        if data.get("contact_name") and not data.get("contact_consent"):
            self.add_error("contact_consent", _("Noem alleen een contactpersoon die ermee instemt genoemd te worden."))
        if data.get("contact_email") and not data.get("contact_name"):
            self.add_error("contact_name", _("Vul ook de naam van de contactpersoon in."))
        return data

    def service_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields if f != "themes"}


class LessonMessageForm(CharacterLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Bericht"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf uw bericht.")},
    )
