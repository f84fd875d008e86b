"""Reference data shared by all apps, user profiles, contact details and publications."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("CBS-code"), max_length=4, unique=True, help_text=_("Bijvoorbeeld PV26."))
    name = models.CharField(_("naam"), max_length=60, unique=True)
    alt_name = models.CharField(_("andere naam"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("inwoners"))
    population_date = models.DateField(_("peildatum inwoners"))
    population_source = models.CharField(_("bron inwoners"), max_length=200, blank=True)
    municipalities = models.PositiveSmallIntegerField(_("aantal gemeenten"), default=0)
    region = models.CharField(_("landsdeel"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """Two-level vocabulary shared by questions, publications, experts, plans and signals."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hoofdthema"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> int:
        return 1 if self.parent_id is None else 2


class OrganisationType(models.TextChoices):
    MINISTRY = "ministerie", _("Ministerie")
    ZBO = "zbo", _("Zelfstandig bestuursorgaan")
    AGENCY = "agentschap", _("Agentschap")
    EXECUTIVE = "uitvoeringsorganisatie", _("Uitvoeringsorganisatie")
    UMBRELLA = "koepel", _("Koepelorganisatie")
    CONSULTATION = "overleg", _("Overlegorgaan")
    PROVINCE = "provincie", _("Provincie")
    MUNICIPALITY = "gemeente", _("Gemeente")
    GUARDIANSHIP = "voogdij-instelling", _("Voogdij-instelling")
    SOCIETY = "maatschappelijke organisatie", _("Maatschappelijke organisatie")
    KNOWLEDGE = "kenniscentrum", _("Kenniscentrum")
    OTHER = "anders", _("Anders")


class Organisation(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("soort"), max_length=40, choices=OrganisationType.choices)
    province = models.ForeignKey(Province, verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocationType(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    definition = models.TextField(_("omschrijving"), blank=True)
    source = models.CharField(_("bron of kader"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("locatietype")
        verbose_name_plural = _("locatietypen")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Profile(models.Model):
    """Organisation and (at most one) province of a user; roles are Django groups (see roles.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), null=True, blank=True, on_delete=models.PROTECT
    )
    province = models.ForeignKey(Province, verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT)
    function = models.CharField(_("functie"), max_length=150, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")

    def __str__(self) -> str:
        return str(self.user)


class ContactDetails(models.Model):
    """The arrangement's contact details, shown on the home and contact pages (one row)."""

    mailbox = models.EmailField(_("e-mailadres van het loket"))
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    availability = models.CharField(_("bereikbaarheid"), max_length=200, blank=True)
    intro = models.TextField(_("introductie"), blank=True)

    class Meta:
        verbose_name = _("contactgegevens")
        verbose_name_plural = _("contactgegevens")

    def __str__(self) -> str:
        return self.mailbox

    @classmethod
    def current(cls) -> "ContactDetails | None":
        return cls.objects.order_by("pk").first()


class ContactPerson(models.Model):
    name = models.CharField(_("naam"), max_length=150)
    role = models.CharField(_("rol"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), null=True, blank=True, on_delete=models.PROTECT
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PublicationKind(models.TextChoices):
    FRAMEWORK = "kader", _("Kader")
    LESSONS = "lessons", _("Lessons learned")
    FAQ = "faq", _("Veelgestelde vraag")
    NEWS = "nieuws", _("Nieuws")
    GUIDE = "handreiking", _("Handreiking")


class PublicationStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())


class Publication(models.Model):
    """A framework (kader), lessons learned, FAQ entry, news item or guide. The loket app owns it."""

    kind = models.CharField(_("soort"), max_length=20, choices=PublicationKind.choices)
    title = models.CharField(_("titel"), max_length=250)
    slug = models.SlugField(_("korte naam"), max_length=250, unique=True)
    summary = models.TextField(_("samenvatting"), blank=True)
    body = models.TextField(_("tekst (Markdown)"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True, related_name="publications")
    province = models.ForeignKey(Province, verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publicatiedatum"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The end date of validity the core team was reminded of (a new end date gets a new reminder).
    expiry_reminded_for = models.DateField(_("herinnerd aan einddatum"), null=True, blank=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicatie")
        verbose_name_plural = _("publicaties")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "kind", "-published_at"]),
            # Home ("latest 5") and the public list: published, newest first, any kind (issue 9).
            models.Index(fields=["status", "-published_at"], name="publication_status_pub_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="publication_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class OutboxTask(models.Model):
    """A task that could not be handed to the broker (Redis down). A beat task sends it later."""

    task_name = models.CharField(_("taak"), max_length=200)
    args = models.JSONField(_("argumenten"), default=list)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("doorgegeven op"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("uitgestelde taak")
        verbose_name_plural = _("uitgestelde taken")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"


# --- Audit log (hardening) ----------------------------------------------------------------------


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


class PublicationRevision(models.Model):
    """One kept version of a publication's text (frameworks are versioned: every revision stays readable)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=250)
    summary = models.TextField(_("samenvatting"), blank=True)
    body = models.TextField(_("tekst (Markdown)"), blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    change_note = models.CharField(_("toelichting op de wijziging"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("versie van publicatie")
        verbose_name_plural = _("versies van publicaties")
        ordering = ["publication", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "version"], name="publication_revision_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (versie {self.version})"


def publication_attachment_path(instance: "PublicationAttachment", filename: str) -> str:
    import secrets

    return f"publicaties/{timezone.now():%Y}/{secrets.token_hex(12)}"


class PublicationAttachment(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to=publication_attachment_path, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bijlage bij publicatie")
        verbose_name_plural = _("bijlagen bij publicaties")
        ordering = ["original_name", "pk"]

    def __str__(self) -> str:
        return self.original_name


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


class MailingKind(models.TextChoices):
    REGULAR = "mailing", _("Mailing")
    PROGNOSIS = "prognose", _("Prognose-update")


class MailingStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SENDING = "verzenden", _("Wordt verzonden")
    SENT = "verzonden", _("Verzonden")


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
