"""The network of experts who opted in, referrals of questions to them and introductions. The
states and their moves live in workflow.py; each stateful model has its history of moves here."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core.models import Organisation, Province, Theme
from loket.core.workflow import StatusHistory
from questions.models import Question

from .workflow import IntroductionRequestStatus, IntroductionStatus, ReferralStatus


def new_nonce() -> str:
    """Random value mixed into signed links; changing it invalidates all earlier links."""
    return secrets.token_urlsafe(12)


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
    confirmation_requested_at = models.DateTimeField(_("om bevestiging gevraagd op"), null=True, blank=True)
    link_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    # Sent-marker of the mail for the latest request of a manage link: each request clears it.
    manage_link_sent_at = models.DateTimeField(_("beheerlink verstuurd op"), null=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("deskundige")
        verbose_name_plural = _("deskundigen")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="expert_name_idx"),  # the directory's sort
            # The directory's search joins its ranked matches to the listed experts and sorts them by name:
            # with the name in this (partial) index PostgreSQL reads each match's row from the index alone.
            models.Index(
                fields=["id"],
                include=["name"],
                condition=models.Q(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True),
                name="expert_listed_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_listed(self) -> bool:
        """In the directory: consent given and not withdrawn."""
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


class Referral(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="referrals")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    note = models.TextField(_("toelichting voor de deskundige"), blank=True)
    # What the expert reads instead of the asker's own text: anonymised, checked by the core team.
    question_text = models.TextField(_("vraag zoals de deskundige die ziet"), blank=True)
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
    token_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    # Sent-markers: the referral mail to the expert, and the mail to the referrer about the response.
    mailed_at = models.DateTimeField(_("doorverwijzing gemaild op"), null=True, editable=False)
    response_notified_at = models.DateTimeField(_("reactie gemeld op"), null=True, editable=False)
    answer_sent_at = models.DateTimeField(_("antwoord verstuurd op"), null=True, blank=True)
    answer_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reden van intrekken"), blank=True)

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-referred_at"]
        indexes = [
            models.Index(fields=["expert", "status"]),
            # the dashboard's count of answers awaiting review reads this index, not the table
            models.Index(
                fields=["answered_at"],
                name="experts_referral_to_review",
                condition=models.Q(status="beantwoord", answer_sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.reference} → {self.expert}"


class Invitation(models.Model):
    """An invitation from the core team to join the network; accepted once through a signed link."""

    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=150, blank=True)
    message = models.TextField(_("persoonlijk bericht"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uitgenodigd op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    expert = models.ForeignKey(Expert, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations")
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class IntroductionRequest(models.Model):
    """A partner asks the core team to be put in touch with an expert ("Breng mij in contact")."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="introduction_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="introduction_requests"
    )
    message = models.TextField(_("waarover wilt u contact?"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=IntroductionRequestStatus.choices, default=IntroductionRequestStatus.OPEN
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("verzoek om contact")
        verbose_name_plural = _("verzoeken om contact")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.requested_by} → {self.expert}"


class Introduction(models.Model):
    """The core team introduces two parties to each other, after both agreed; one mail to both."""

    expert = models.ForeignKey(
        Expert,
        verbose_name=_("deskundige"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introductions",
    )
    party_a_name = models.CharField(_("naam partij 1"), max_length=150)
    party_a_email = models.EmailField(_("e-mailadres partij 1"))
    party_a_organisation = models.CharField(_("organisatie partij 1"), max_length=200, blank=True)
    party_b_name = models.CharField(_("naam partij 2"), max_length=150)
    party_b_email = models.EmailField(_("e-mailadres partij 2"))
    party_b_organisation = models.CharField(_("organisatie partij 2"), max_length=200, blank=True)
    party_b_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="introductions"
    )
    request = models.ForeignKey(
        IntroductionRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="introductions"
    )
    reason = models.TextField(_("waarom deze introductie"))
    status = models.CharField(
        _("status"), max_length=20, choices=IntroductionStatus.choices, default=IntroductionStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    party_a_agreed_at = models.DateTimeField(_("partij 1 stemde in op"), null=True, blank=True)
    party_b_agreed_at = models.DateTimeField(_("partij 2 stemde in op"), null=True, blank=True)
    # Sent-markers of the two mails asking each party to agree.
    party_a_asked_at = models.DateTimeField(_("partij 1 om instemming gevraagd op"), null=True, editable=False)
    party_b_asked_at = models.DateTimeField(_("partij 2 om instemming gevraagd op"), null=True, editable=False)
    declined_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    introduced_at = models.DateTimeField(_("geïntroduceerd op"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("introductiemail verstuurd op"), null=True, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    class Meta:
        verbose_name = _("introductie")
        verbose_name_plural = _("introducties")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.party_a_name} ↔ {self.party_b_name}"


class ReferralStatusChange(StatusHistory):
    """Immutable history row of a referral's status."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=ReferralStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging doorverwijzing")
        verbose_name_plural = _("statuswijzigingen doorverwijzing")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"


class IntroductionRequestStatusChange(StatusHistory):
    """Immutable history row of the status of a request for an introduction."""

    request = models.ForeignKey(IntroductionRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=IntroductionRequestStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=IntroductionRequestStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging verzoek om contact")
        verbose_name_plural = _("statuswijzigingen verzoek om contact")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class IntroductionStatusChange(StatusHistory):
    """Immutable history row of an introduction's status."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=IntroductionStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=IntroductionStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging introductie")
        verbose_name_plural = _("statuswijzigingen introductie")

    def __str__(self) -> str:
        return f"{self.introduction_id}: {self.from_status} → {self.to_status}"
