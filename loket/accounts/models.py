"""The audit log of logins, logouts, role changes and two-factor events; password-reset requests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
    LOGOUT = "logout", _("Uitgelogd")
    ROLE_ADDED = "role_added", _("Rol toegekend")
    ROLE_REMOVED = "role_removed", _("Rol ingetrokken")
    OTP_SETUP = "otp_setup", _("Tweestapsverificatie ingesteld")
    OTP_VERIFIED = "otp_verified", _("Tweede stap gelukt")
    OTP_FAILED = "otp_failed", _("Tweede stap mislukt")
    OTP_DISABLED = "otp_disabled", _("Tweestapsverificatie uitgezet")
    BACKUP_CODES = "backup_codes", _("Nieuwe reservecodes")
    READ_ONLY_ON = "read_only_on", _("Portaal op alleen-lezen gezet")
    READ_ONLY_OFF = "read_only_off", _("Alleen-lezen opgeheven")
    ARCHIVE_EXPORT = "archive_export", _("Archief geëxporteerd")


class AuditEvent(models.Model):
    """One security-relevant event: who did what to whom, when and from where. Never edited."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    action = models.CharField(_("gebeurtenis"), max_length=20, choices=AuditAction.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("door (naam)"), max_length=150, blank=True)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("betreft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_name = models.CharField(_("betreft (naam)"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target_name}"


class PasswordResetRequest(models.Model):
    """One request for a password-reset mail ("wachtwoord vergeten"). The mail's sent-marker
    belongs to the request, not to the account: asking again is a new mail, a task that runs twice
    for the same request sends one (loket.accounts.tasks.send_password_reset)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, editable=False)

    class Meta:
        verbose_name = _("aanvraag nieuw wachtwoord")
        verbose_name_plural = _("aanvragen nieuw wachtwoord")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.requested_at:%Y-%m-%d %H:%M}"


class EmailChangeRequest(models.Model):
    """A change of an account's e-mail address that waits for the new address to confirm it through
    the signed link mailed there (loket.accounts.email_change). Until then the account keeps its old
    address, and with it everything that goes to the account's address (mailings, the prognosis
    update, a new password). A newer request replaces the open one. Each of its two mails has its
    own sent-marker: the link to the new address and the notice to the old address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    old_email = models.EmailField(_("huidig e-mailadres"), blank=True)
    new_email = models.EmailField(_("nieuw e-mailadres"))
    nonce = models.CharField(max_length=64, editable=False)
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("link verstuurd op"), null=True, editable=False)
    notice_sent_at = models.DateTimeField(_("melding aan huidig adres verstuurd op"), null=True, editable=False)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("wijziging e-mailadres")
        verbose_name_plural = _("wijzigingen e-mailadres")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.new_email}"


class ApiToken(models.Model):
    """A user's key for partner systems (the API, loket.api). One per user; making a new one
    replaces the old. Only a SHA-256 digest is stored: the key itself is shown once, on the
    profile page that made it (loket.accounts.services.api_token_create)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begin van de sleutel"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.prefix}…"
