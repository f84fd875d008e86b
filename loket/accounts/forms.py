from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, DisableForm, TOTPDeviceForm

from loket.accounts.services import password_reset_request
from loket.core.forms import CharacterLimitsMixin
from loket.core.ratelimits import limit_reached

# Our wording for django-two-factor-auth's forms (its own Dutch reads less plainly).
WRONG_CODE = _("Deze code klopt niet of is verlopen. Probeer het opnieuw met de code die nu in uw app staat.")
WRONG_BACKUP_CODE = _("Deze reservecode klopt niet of is al gebruikt.")
THROTTLED = _("U heeft te vaak een verkeerde code ingevuld. Wacht een minuut en probeer het dan opnieuw.")
CODE_REQUIRED = _("Vul de code in.")
OTP_MESSAGES = {
    **OTPAuthenticationFormMixin.otp_error_messages,
    "token_required": CODE_REQUIRED,
    "invalid_token": WRONG_CODE,
    "n_failed_attempts": THROTTLED,
    "verification_not_allowed": THROTTLED,
}


def _code_input(*, numeric: bool) -> forms.TextInput:
    attrs = {"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "autocapitalize": "off"}
    if numeric:
        attrs["inputmode"] = "numeric"
    return forms.TextInput(attrs=attrs)


def _without_spaces(value: str) -> str:
    return "".join((value or "").split())


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


class LoginCodeForm(AuthenticationTokenForm):
    """Second step of the login: the six-digit code from the app (two_factor's form, our wording)."""

    otp_token = forms.CharField(
        label=_("Code uit de app"),
        max_length=16,
        help_text=_("De zescijferige code die uw authenticator-app nu laat zien."),
        widget=_code_input(numeric=True),
        error_messages={"required": CODE_REQUIRED},
    )
    otp_error_messages = OTP_MESSAGES

    def clean_otp_token(self) -> str:
        return _without_spaces(self.cleaned_data["otp_token"])


class LoginBackupCodeForm(BackupTokenForm):
    """Second step with one of the backup codes instead of the app; each code works once."""

    otp_token = forms.CharField(
        label=_("Reservecode"),
        max_length=32,
        help_text=_("Een van de reservecodes die u heeft bewaard. Elke code werkt één keer."),
        widget=_code_input(numeric=False),
        error_messages={"required": CODE_REQUIRED},
    )
    otp_error_messages = {**OTP_MESSAGES, "invalid_token": WRONG_BACKUP_CODE}

    def clean_otp_token(self) -> str:
        return _without_spaces(self.cleaned_data["otp_token"]).lower()


class SetupCodeForm(TOTPDeviceForm):
    """Linking the app: the first code it shows confirms the scanned key."""

    token = forms.IntegerField(
        label=_("Code uit de app"),
        min_value=0,
        max_value=999_999,
        help_text=_("Vul de zescijferige code in die de app nu laat zien."),
        widget=_code_input(numeric=True),
        error_messages={
            "required": CODE_REQUIRED,
            "invalid": WRONG_CODE,
            "min_value": WRONG_CODE,
            "max_value": WRONG_CODE,
        },
    )
    error_messages = {"invalid_token": WRONG_CODE}

    def __init__(self, key, user, metadata=None, **kwargs):  # the wizard reads these names
        super().__init__(key, user, metadata=metadata, **kwargs)
        if self.is_bound:  # "123 456" is a code too
            name = self.add_prefix("token")
            data = self.data.copy()
            data[name] = _without_spaces(data.get(name, ""))
            self.data = data


class TwoFactorDisableForm(DisableForm):
    understand = forms.BooleanField(
        label=_("Ja, ik wil tweestapsverificatie uitzetten"),
        error_messages={"required": _("Vink aan dat u tweestapsverificatie wilt uitzetten.")},
    )
