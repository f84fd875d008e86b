from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from loket.accounts.services import password_reset_request
from loket.core.forms import CharacterLimitsMixin


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
            password_reset_request(user=user)


class ProfileForm(CharacterLimitsMixin, forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": _("Voornaam"), "last_name": _("Achternaam"), "email": _("E-mailadres")}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        others = get_user_model()._default_manager.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError(_("Dit e-mailadres hoort al bij een ander account."))
        return email
