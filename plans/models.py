"""Prognosis rounds, provincial plans with versions, and planned locations."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loket.core.formats import number, short_date
from loket.core.models import LocationType, Province
from loket.core.workflow import StatusHistory

from . import quarters
from .workflow import EDITABLE, FROZEN, RealisationState, RoundStatus, Status, SupportKind, SupportStatus


class SplitMethod(models.TextChoices):
    POPULATION = "inwoners", _("Naar inwonertal (grootste overschot)")
    TABLE = "tabel", _("Geïmporteerde officiële tabel")


class PrognosisRound(models.Model):
    """The national required capacity for a reference date, split per province."""

    reference_date = models.DateField(_("peildatum"))
    national_total = models.PositiveIntegerField(_("landelijke opgave (plaatsen)"))
    method = models.CharField(_("verdeelmethode"), max_length=20, choices=SplitMethod.choices)
    source = models.CharField(_("bron"), max_length=250)
    notes = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The half-yearly prognosis mailing (loket app) records here that this round was mailed.
    mailing_due = models.BooleanField(_("mailing nog te versturen"), default=False)
    mailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    # An imported official table states its own total; the parts may not add up to it. Both are kept.
    stated_total = models.PositiveIntegerField(_("vermeld totaal in de tabel"), null=True, blank=True)
    # The published round this one follows (set on publication), for "change since the previous round".
    previous_round = models.ForeignKey(
        "self",
        verbose_name=_("vorige ronde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("prognoseronde")
        verbose_name_plural = _("prognoserondes")
        ordering = ["-reference_date", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        constraints = [
            # One published round per reference date (drafts may share a date until one is published).
            models.UniqueConstraint(
                fields=["reference_date"],
                condition=models.Q(status=RoundStatus.PUBLISHED),
                name="prognosis_one_published_round_per_date",
            )
        ]

    def __str__(self) -> str:
        return f"{short_date(self.reference_date)}: {number(self.national_total)}"

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED


class ProvincePrognosis(models.Model):
    round = models.ForeignKey(PrognosisRound, on_delete=models.CASCADE, related_name="provinces")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    figure = models.PositiveIntegerField(_("opgave (plaatsen)"))

    class Meta:
        verbose_name = _("provinciale opgave")
        verbose_name_plural = _("provinciale opgaven")
        ordering = ["province__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "province"], name="prognosis_unique_province_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.province}: {self.figure}"


class Plan(models.Model):
    """The provincial reception plan of one province; its content lives in versions."""

    province = models.OneToOneField(Province, on_delete=models.PROTECT, related_name="plan")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("provinciaal plan")
        verbose_name_plural = _("provinciale plannen")
        ordering = ["province__name"]

    def __str__(self) -> str:
        return str(self.province)


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    scaling = models.TextField(_("op- en afschaling"), blank=True)
    regional = models.TextField(_("regionale opvang"), blank=True)
    roles = models.TextField(_("rollen en verantwoordelijkheden"), blank=True)
    risks = models.TextField(_("risico's"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self", verbose_name=_("gebaseerd op"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by every save of the texts: the texts form carries it, a stale save is refused (409).
    row_version = models.PositiveIntegerField(_("wijzigingsteller"), default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "row_version"])

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Region(models.Model):
    """A regional partnership within a province (reference data, edited in the admin). Seeded with
    the 25 safety regions as an example set (loket/reference_data/SOURCES.md)."""

    province = models.ForeignKey(Province, verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["province__name", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="region_unique_name_per_province")]

    def __str__(self) -> str:
        return self.name


class LocationStatus(models.TextChoices):
    EXISTING = "bestaand", _("Bestaand")
    DECIDED = "vastgesteld", _("Vastgesteld")
    INTENDED = "voornemen", _("Voornemen")


class PlannedLocation(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="locations")
    # The same location in every version of the plan: a new version copies it, an import matches on it,
    # the comparison of two versions pairs locations by it (plans/identity.py).
    key = models.UUIDField(_("locatie-ID"), default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    municipality = models.CharField(_("gemeente"), max_length=100)
    location_type = models.ForeignKey(LocationType, verbose_name=_("locatietype"), on_delete=models.PROTECT)
    capacity = models.PositiveIntegerField(_("capaciteit (plaatsen)"))
    minors_places = models.PositiveIntegerField(_("waarvan plaatsen voor amv"), default=0)
    first_quarter = models.IntegerField(_("eerste kwartaal"))
    last_quarter = models.IntegerField(_("laatste kwartaal"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LocationStatus.choices)
    flexible = models.BooleanField(_("flexibel inzetbaar"), default=False)
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by every change (form or import): the location form carries it, a stale save is refused (409).
    row_version = models.PositiveIntegerField(_("wijzigingsteller"), default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["row_version"])

    class Meta:
        verbose_name = _("geplande locatie")
        verbose_name_plural = _("geplande locaties")
        ordering = ["version", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="location_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(last_quarter__isnull=True) | models.Q(last_quarter__gte=models.F("first_quarter")),
                name="location_quarters_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(minors_places__lte=models.F("capacity")), name="location_minors_within_capacity"
            ),
            models.UniqueConstraint(fields=["version", "key"], name="location_unique_key_per_version"),
        ]
        indexes = [models.Index(fields=["version", "first_quarter", "last_quarter"])]

    def __str__(self) -> str:
        return self.name

    @property
    def first_quarter_label(self) -> str:
        return quarters.label(self.first_quarter)

    @property
    def last_quarter_label(self) -> str:
        return quarters.label(self.last_quarter)


class PendingImport(models.Model):
    """An uploaded location sheet, checked and compared with the version, waiting for confirmation.

    `plan` holds the previewed rows and exactly the changes the confirmation applies; `fingerprint` is
    that of the version's locations at the preview: when they changed since, the preview is stale and
    is refused. Bound to the person and the version, and it expires."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    file_name = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    replace = models.BooleanField(_("locaties die niet in het bestand staan verwijderen"), default=False)
    fingerprint = models.CharField(max_length=64)
    plan = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import in afwachting")
        verbose_name_plural = _("imports in afwachting")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.version}: {self.file_name}"


class PlanStatusChange(StatusHistory):
    """Immutable history of a plan version's status."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=Status.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging plan")
        verbose_name_plural = _("statuswijzigingen plan")

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status} → {self.to_status}"


class ReviewComment(models.Model):
    """A review remark of the core team or the CdK-medewerker on a plan version: on the whole version,
    on one narrative section, or on one location line (by its stable key). It stays with its version
    after that version is frozen; the PRT-lid answers it and marks it resolved."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="review_comments")
    section = models.CharField(_("tekstonderdeel"), max_length=20, blank=True)
    location_key = models.UUIDField(_("locatie"), null=True, blank=True)
    location_name = models.CharField(_("naam van de locatie"), max_length=200, blank=True)
    body = models.TextField(_("opmerking"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("door"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reviewopmerking")
        verbose_name_plural = _("reviewopmerkingen")
        ordering = ["version", "created_at", "pk"]
        indexes = [models.Index(fields=["version", "resolved_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~(~models.Q(section="") & models.Q(location_key__isnull=False)),
                name="review_comment_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.body[:40]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class SupportRequest(models.Model):
    """A request for practical support by a PRT-lid or CdK-medewerker for their province. The core
    team accepts or declines it, assigns a member, plans it and records the outcome (states in
    workflow.py, history in SupportStatusChange)."""

    province = models.ForeignKey(Province, verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort ondersteuning"), max_length=20, choices=SupportKind.choices)
    description = models.TextField(_("omschrijving"))
    wished_date = models.DateField(_("gewenste datum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SupportStatus.choices, default=SupportStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kernteamlid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_for = models.DateField(_("gepland op"), null=True, blank=True)
    decline_reason = models.TextField(_("reden van afwijzing"), blank=True)
    outcome = models.TextField(_("uitkomst"), blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ondersteuningsaanvraag")
        verbose_name_plural = _("ondersteuningsaanvragen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "province"])]

    def __str__(self) -> str:
        return f"{self.province}: {self.get_kind_display()}"


class SupportStatusChange(StatusHistory):
    """Immutable history of a support request; `mailed_at` is the sent-marker of the requester's mail."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=SupportStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=SupportStatus.choices)
    mailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging ondersteuning")
        verbose_name_plural = _("statuswijzigingen ondersteuning")

    def __str__(self) -> str:
        return f"{self.request}: {self.from_status} → {self.to_status}"


class LocationRealisation(models.Model):
    """Whether a planned location was realised: one row per location key of a plan, so it holds across
    versions and changes without a new plan version. Its history is kept (simple_history)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="realisations")
    key = models.UUIDField(_("locatie-ID"))
    state = models.CharField(
        _("realisatie"), max_length=20, choices=RealisationState.choices, default=RealisationState.PREPARING
    )
    in_use_since = models.DateField(_("in gebruik sinds"), null=True, blank=True)
    closed_since = models.DateField(_("afgebouwd sinds"), null=True, blank=True)
    # The quarters of both dates (quarters.of_date), so the capacity picture sums in the database.
    in_use_quarter = models.IntegerField(null=True, blank=True, editable=False)
    closed_quarter = models.IntegerField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "in_use_quarter", "closed_quarter"])

    class Meta:
        verbose_name = _("realisatie van een locatie")
        verbose_name_plural = _("realisatie van locaties")
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="realisation_unique_key_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_state_display()}"
