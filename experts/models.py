"""The network of experts who opted in, and referrals of questions to them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.models import Organisation, Province, Theme
from questions.models import Question


class Availability(models.TextChoices):
    AVAILABLE = "beschikbaar", _("Beschikbaar")
    LIMITED = "beperkt", _("Beperkt beschikbaar")
    UNAVAILABLE = "niet_beschikbaar", _("Niet beschikbaar")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "telefoon", _("Telefoon")
    VIA_CORE_TEAM = "kernteam", _("Via het kernteam")


class Expert(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
    )
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), unique=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), null=True, blank=True, on_delete=models.PROTECT
    )
    function = models.CharField(_("functie"), max_length=150, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True, related_name="experts")
    provinces = models.ManyToManyField(Province, verbose_name=_("provincies"), blank=True, related_name="experts")
    expertise = models.TextField(_("expertise"), blank=True)
    availability = models.CharField(
        _("beschikbaarheid"), max_length=20, choices=Availability.choices, default=Availability.AVAILABLE
    )
    available_until = models.DateField(_("beschikbaarheid geldt tot"), null=True, blank=True)
    contact_preference = models.CharField(
        _("voorkeur voor contact"),
        max_length=20,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    consent_given_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)
    consent_version = models.CharField(_("versie toestemmingstekst"), max_length=20, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("toestemming ingetrokken op"), null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("laatst bevestigd op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("persoonsgegevens verwijderd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("deskundige")
        verbose_name_plural = _("deskundigen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_listed(self) -> bool:
        """In the directory: consent given and not withdrawn."""
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


class ReferralStatus(models.TextChoices):
    SENT = "verstuurd", _("Verstuurd")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "afgewezen", _("Afgewezen")
    ANSWERED = "beantwoord", _("Beantwoord")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")
    EXPIRED = "verlopen", _("Verlopen")


class Referral(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="referrals")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    note = models.TextField(_("toelichting voor de deskundige"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_at = models.DateTimeField(_("doorverwezen op"), auto_now_add=True)
    responded_at = models.DateTimeField(_("gereageerd op"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    response = models.TextField(_("antwoord van de deskundige"), blank=True)
    decline_reason = models.TextField(_("reden van afwijzen"), blank=True)
    share_contact = models.BooleanField(_("deskundige mag contactgegevens delen"), default=False)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-referred_at"]
        indexes = [models.Index(fields=["expert", "status"])]

    def __str__(self) -> str:
        return f"{self.question.reference} → {self.expert}"
