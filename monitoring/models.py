"""Register of opportunities, risks and issues; LRT meetings and escalations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loket.core.formats import short_date
from loket.core.models import Province, Theme
from loket.core.workflow import StatusHistory
from plans.models import Plan
from plans.workflow import SETTLED as PLAN_SETTLED
from plans.workflow import Status as PlanStatus
from questions.models import Question

from .workflow import Status

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class SignalKind(models.TextChoices):
    OPPORTUNITY = "kans", _("Kans")
    RISK = "risico", _("Risico")
    ISSUE = "issue", _("Issue")


class Signal(models.Model):
    kind = models.CharField(_("soort"), max_length=10, choices=SignalKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"))
    internal_notes = models.TextField(_("interne notities"), blank=True)
    provinces = models.ManyToManyField(
        Province,
        verbose_name=_("provincies"),
        blank=True,
        related_name="signals",
        help_text=_("Geen provincie gekozen betekent landelijk."),
    )
    theme = models.ForeignKey(Theme, verbose_name=_("thema"), null=True, blank=True, on_delete=models.PROTECT)
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL)
    questions = models.ManyToManyField(Question, verbose_name=_("vragen"), blank=True, related_name="signals")
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), validators=SCORE_VALIDATORS)
    likelihood = models.PositiveSmallIntegerField(_("kans van optreden (1-5)"), validators=SCORE_VALIDATORS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_signals",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_signals",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="signal_impact_1_5"),
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5), name="signal_likelihood_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["deadline"]),
            # The register's default sort and its other sorts/filters (issue 9; plans in docs/explain.md).
            models.Index(fields=["-created_at", "-id"], name="signal_created_desc_idx"),
            # the score, then the id: "highest score first" (`?sort=-score`, ties newest first) is one
            # backward walk of 25 entries instead of sorting every signal of the top score (issue 21)
            models.Index(models.F("impact") * models.F("likelihood"), models.F("id"), name="signal_score_id_idx"),
            models.Index(fields=["kind"], name="signal_kind_idx"),
            models.Index(fields=["title"], name="signal_title_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.impact * self.likelihood


class SignalTally(models.Model):
    """How many signals there are per kind and status, kept by the database itself in the same statement
    as every insert, delete and change of a signal's kind or status (triggers, monitoring/tally.py),
    whatever wrote it: services, bulk builders, the admin, the archive's purge. The register reads its
    size here instead of counting the whole table per request (issue 21). Never written by Django."""

    kind = models.CharField(_("soort"), max_length=10, choices=SignalKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    n = models.IntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("telling van signalen")
        verbose_name_plural = _("tellingen van signalen")
        constraints = [models.UniqueConstraint(fields=["kind", "status"], name="signal_tally_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}: {self.n}"


class SignalAction(models.Model):
    signal = models.ForeignKey(Signal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="actions")
    escalation = models.ForeignKey(
        "Escalation",
        verbose_name=_("escalatie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    what = models.CharField(_("wat"), max_length=300)
    who = models.CharField(_("wie"), max_length=150)
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    done_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.what

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date is not None and self.due_date < timezone.localdate()


class SignalStatusChange(StatusHistory):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=Status.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging signaal")
        verbose_name_plural = _("statuswijzigingen signaal")

    def __str__(self) -> str:
        return f"{self.signal_id}: {self.from_status} → {self.to_status}"


class LrtMeeting(models.Model):
    date = models.DateField(_("datum"), unique=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    notes = models.TextField(_("notities"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("LRT-overleg")
        verbose_name_plural = _("LRT-overleggen")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title or f"LRT {short_date(self.date)}"


class Escalation(models.Model):
    signal = models.ForeignKey(Signal, verbose_name=_("signaal"), on_delete=models.PROTECT, related_name="escalations")
    meeting = models.ForeignKey(
        LrtMeeting, verbose_name=_("LRT-overleg"), on_delete=models.PROTECT, related_name="escalations"
    )
    proposal = models.TextField(_("voorstel voor besluit"))
    decision = models.TextField(_("besluit"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geëscaleerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("geëscaleerd op"), auto_now_add=True)
    decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besluit vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prt_informed_at = models.DateTimeField(_("PRT geïnformeerd op"), null=True, blank=True)
    # Who already has the decision mail (user ids), so a retry after a failure halfway mails only
    # the rest; `prt_informed_at` is the sent-marker of the decision mail as a whole.
    decision_mailed_to = models.JSONField(_("besluit gemaild aan"), default=list, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["signal", "meeting"], name="escalation_unique_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.signal} @ {self.meeting}"


PLAN_STAGE_CHOICES = [(s.value, s.label) for s in PlanStatus if s not in PLAN_SETTLED]


class StageDeadline(models.Model):
    """By when each province's plan should have reached a stage (editable by the core team)."""

    # The stages a plan moves through; settled versions (withdrawn, superseded) are no stage to reach.
    stage = models.CharField(_("fase"), max_length=20, unique=True, choices=PLAN_STAGE_CHOICES)
    deadline = models.DateField(_("uiterlijk"))

    class Meta:
        verbose_name = _("termijn per fase")
        verbose_name_plural = _("termijnen per fase")
        ordering = ["deadline"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {short_date(self.deadline)}"
