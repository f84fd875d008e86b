from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import password_reset_request
from loket.core.forms import CharacterLimitsMixin
from loket.core.ratelimits import limit_reached


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Gebruikersnaam of e-mailadres"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        # One message for every failure: it never says whether the name or the password was wrong.
        "invalid_login": _("Inloggen is niet gelukt. Controleer uw gebruikersnaam of e-mailadres en uw wachtwoord."),
        "inactive": _("Inloggen is niet gelukt. Controleer uw gebruikersnaam of e-mailadres en uw wachtwoord."),
    }


class CeleryPasswordResetForm(PasswordResetForm):
    """Password reset whose mail is sent by Celery after the request (never inside it)."""

    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            # A few mails per account per hour at most: nobody floods a mailbox with reset mails.
            if not limit_reached(group="password_reset.address", key=str(user.pk)):
                password_reset_request(user=user)


class ProfileForm(CharacterLimitsMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": _("Voornaam"), "last_name": _("Achternaam"), "email": _("E-mailadres")}
        help_texts = {
            "email": _("Een nieuw adres geldt pas als u het bevestigt met de link die wij ernaartoe sturen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].error_messages["required"] = _("Vul uw e-mailadres in.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        others = get_user_model()._default_manager.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError(_("Dit e-mailadres hoort al bij een ander account."))
        return email
