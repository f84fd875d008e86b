"""Subscriptions (double opt-in), mailings and one row per recipient."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core.models import Province, Theme
from loket.core.workflow import StatusHistory
from loket.mailings.workflow import MailingStatus, SubscriptionStatus


class Subscription(models.Model):
    """A mailing subscription with double opt-in: choices take effect only after confirmation.

    One row per e-mail address. `unsubscribed_at` also records an opt-out of a partner account, so
    mailings to partners skip that address too.
    """

    email = models.EmailField(_("e-mailadres"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscriptions",
    )
    general_news = models.BooleanField(_("algemeen nieuws"), default=False)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True, related_name="subscriptions")
    provinces = models.ManyToManyField(Province, verbose_name=_("provincies"), blank=True, related_name="subscriptions")
    pending_choices = models.JSONField(_("nog te bevestigen keuzes"), null=True, blank=True)
    confirm_nonce = models.CharField(max_length=64, blank=True, editable=False)
    requested_at = models.DateTimeField(_("aangevraagd op"), null=True, blank=True)
    # Sent-marker of the confirmation mail of the current request (nonce); a new request clears it.
    confirmation_sent_at = models.DateTimeField(_("bevestigingsmail verstuurd op"), null=True, editable=False)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        ordering = ["email"]
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"])]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def status(self) -> SubscriptionStatus:
        """The state, read from the dates (see loket/mailings/workflow.py)."""
        if self.unsubscribed_at is not None:
            return SubscriptionStatus.UNSUBSCRIBED
        if self.confirmed_at is not None:
            return SubscriptionStatus.ACTIVE
        return SubscriptionStatus.PENDING


class SubscriptionStatusChange(StatusHistory):
    """Immutable history row of a subscription's state."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=SubscriptionStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=SubscriptionStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging abonnement")
        verbose_name_plural = _("statuswijzigingen abonnement")

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.from_status} → {self.to_status}"


class MailingKind(models.TextChoices):
    REGULAR = "mailing", _("Mailing")
    PROGNOSIS = "prognose", _("Prognose-update")


class Mailing(models.Model):
    kind = models.CharField(_("soort"), max_length=20, choices=MailingKind.choices, default=MailingKind.REGULAR)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MailingStatus.choices, default=MailingStatus.DRAFT)
    # Audience (combinations add up; every address gets the mailing once).
    audience_all_partners = models.BooleanField(_("alle partners (PRT-leden en CdK-medewerkers)"), default=False)
    audience_provinces = models.ManyToManyField(
        Province,
        verbose_name=_("PRT van provincie"),
        blank=True,
        related_name="+",
        help_text=_("PRT-leden van deze provincies en abonnees die deze provincies volgen."),
    )
    audience_roles = models.JSONField(_("rollen"), default=list, blank=True)
    audience_themes = models.ManyToManyField(Theme, verbose_name=_("abonnees van thema"), blank=True, related_name="+")
    audience_general = models.BooleanField(_("abonnees algemeen nieuws"), default=False)
    prognosis_round_id = models.PositiveIntegerField(_("prognoseronde"), null=True, blank=True, unique=True)
    context = models.JSONField(_("gegevens voor de mail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("verzending gestart op"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(_("verzending klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class MailingStatusChange(StatusHistory):
    """Immutable history row of a mailing's status."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=MailingStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=MailingStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging mailing")
        verbose_name_plural = _("statuswijzigingen mailing")

    def __str__(self) -> str:
        return f"{self.mailing_id}: {self.from_status} → {self.to_status}"


class RecipientStatus(models.TextChoices):
    PENDING = "wachtend", _("Wachtend")
    SENT = "verzonden", _("Verzonden")
    FAILED = "mislukt", _("Mislukt")


class MailingRecipient(models.Model):
    """One row per address per mailing: the snapshot taken at sending and the delivery log."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    context = models.JSONField(_("persoonlijke gegevens voor de mail"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RecipientStatus.choices, default=RecipientStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    reason = models.TextField(_("reden"), blank=True)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["mailing", "email"], name="mailing_recipient_unique_email")]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self) -> str:
        return self.email
