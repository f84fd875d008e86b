"""Reference data shared by all apps (provinces, themes, organisations, location types), user
profiles, the loket's contact details and the outbox of tasks."""

from django.conf import settings
from django.db import models
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


class SubmissionKey(models.Model):
    """A one-time key of a form that creates something (`loket.core.submission`): the first POST with a
    key claims it and creates; a second POST with the same key (double click, resend) creates nothing
    and is sent to the first result."""

    key = models.CharField(_("sleutel"), max_length=64, unique=True)
    path = models.CharField(_("pad"), max_length=500)
    result_url = models.CharField(_("resultaat"), max_length=2000, blank=True)
    result_cookies = models.TextField(_("cookies van het resultaat"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verzendsleutel")
        verbose_name_plural = _("verzendsleutels")

    def __str__(self) -> str:
        return self.key


class Counter(models.Model):
    """A numbered series (`loket.core.counters`): the last number handed out, e.g. `questions:2026`
    for the references of 2026. The row is locked by the transaction that takes the next number, so
    concurrent takers queue and every number is used once, without gaps (a rolled-back transaction
    gives its number back)."""

    name = models.CharField(_("reeks"), max_length=100, unique=True)
    value = models.PositiveIntegerField(_("laatste nummer"), default=0)

    class Meta:
        verbose_name = _("nummerreeks")
        verbose_name_plural = _("nummerreeksen")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class Arrangement(models.Model):
    """The period of the (temporary) arrangement and the portal's read-only switch (one row, pk 1).

    Read through `loket.core.arrangement.current_arrangement()` (cached); the switch is flipped only
    by the audited service `loket.portal.closing.read_only_set`."""

    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(
        _("einddatum"),
        null=True,
        blank=True,
        help_text=_("Vanaf een maand hiervoor toont het portaal een melding; daarna kan het alleen-lezen worden."),
    )
    evaluation_date = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    read_only = models.BooleanField(_("alleen lezen"), default=False)
    read_only_since = models.DateTimeField(_("alleen lezen sinds"), null=True, blank=True)
    successor_text = models.TextField(
        _("waar kunt u nu terecht"),
        blank=True,
        help_text=_("Staat op elke pagina en in het antwoord op e-mail zodra het portaal alleen-lezen is."),
    )

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangement")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="arrangement_one_row")]

    def __str__(self) -> str:
        return str(_("Periode van het arrangement"))


class DayOffKind(models.TextChoices):
    EXTRA = "extra", _("Extra vrije dag")
    WORKING = "werkdag", _("Toch een werkdag")


class DayOff(models.Model):
    """A change to the working-day calendar of `loket.core.workdays`: an extra day off (e.g. 5 May,
    which the Rijk gives off every year), or a public holiday that counts as a working day after all.
    `every_year`: the same day and month in every year."""

    day = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=10, choices=DayOffKind.choices, default=DayOffKind.EXTRA)
    every_year = models.BooleanField(_("elk jaar"), default=False)
    name = models.CharField(_("omschrijving"), max_length=150)

    class Meta:
        verbose_name = _("vrije dag")
        verbose_name_plural = _("vrije dagen")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["day", "every_year"], name="day_off_unique_day")]

    def __str__(self) -> str:
        return f"{self.day:%d-%m}{'' if self.every_year else f'-{self.day:%Y}'} {self.name}"


class DataVersion(models.Model):
    """How often a group of tables has been written to (`loket.core.data_versions`): database triggers
    on those tables raise `value` in the same transaction as every write, whatever the path (services,
    bulk builders, queryset updates, deletes), so other processes see the new value exactly when they see
    the new rows. Cached pages built from those tables are keyed on it."""

    name = models.CharField(_("gegevensgroep"), max_length=50, primary_key=True)
    value = models.BigIntegerField(_("versie"), default=0)

    class Meta:
        verbose_name = _("gegevensversie")
        verbose_name_plural = _("gegevensversies")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
