"""Consultation rounds on a draft kader, who is invited, and the comments with their handling."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from loket.core.formats import short_date
from loket.core.markdown import markdown_sections
from loket.core.models import Organisation
from loket.core.workflow import StatusHistory
from loket.publications.consultations.workflow import ConsultationStatus, Handling
from loket.publications.models import Publication


class Consultation(models.Model):
    """A round on the text of a draft kader as it was when the round opened (kept here: the draft
    may change meanwhile; the comments' anchors and the diff refer to this text)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="consultations")
    version = models.PositiveIntegerField(_("geconsulteerde versie"))
    title = models.CharField(_("titel van het concept"), max_length=250)
    body = models.TextField(_("tekst van het concept (Markdown)"), blank=True)
    introduction = models.TextField(_("toelichting voor de genodigden"), blank=True)
    closes_on = models.DateField(_("sluitingsdatum"))
    is_open_round = models.BooleanField(
        _("open ronde"), default=False, help_text=_("Genodigden zien elkaars reacties.")
    )
    invited_roles = models.JSONField(_("uitgenodigde rollen"), default=list, blank=True)
    invited_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("uitgenodigde organisaties"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    # The version of the publication that was published after this round (its "next version").
    published_version = models.PositiveIntegerField(_("gepubliceerd als versie"), null=True, blank=True)
    published_body = models.TextField(_("gepubliceerde tekst"), blank=True)

    class Meta:
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=models.Q(status="open"),
                name="consultation_one_open_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (consultatie tot {short_date(self.closes_on)})"

    @cached_property
    def sections(self) -> list:
        """The blocks of the consulted text with their anchors (loket.core.markdown.markdown_sections),
        parsed once per request: the page, its comment form and the comments per section share them. The
        page shows them under its h2 "Het concept", so their headings start at h3."""
        return markdown_sections(self.body, top_level=3)

    @property
    def accepts_comments(self) -> bool:
        return self.status == ConsultationStatus.OPEN and timezone.localdate() <= self.closes_on


class ConsultationStatusChange(StatusHistory):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=ConsultationStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=ConsultationStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging consultatie")
        verbose_name_plural = _("statuswijzigingen consultatie")


class ConsultationInvitee(models.Model):
    """Who is invited: a snapshot made when the round opens (roles and organisations → people).
    Each row carries the sent-markers of its mails, so every mail goes out once."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invitation_sent_at = models.DateTimeField(_("uitnodiging verstuurd op"), null=True, editable=False)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, editable=False)
    published_sent_at = models.DateTimeField(_("publicatiebericht verstuurd op"), null=True, editable=False)

    class Meta:
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="consultation_invitee_unique")]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.user_id}"


class ConsultationComment(models.Model):
    """A comment on one section of the consulted text (`anchor`, see loket.core.markdown.markdown_sections)
    or on the whole (`anchor` empty), and the core team's answer."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(_("naam"), max_length=150)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    anchor = models.CharField(_("onderdeel"), max_length=80, blank=True)
    section_label = models.CharField(_("onderdeel (in woorden)"), max_length=250, blank=True)
    text = models.TextField(_("reactie"))
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    handling = models.CharField(_("verwerking"), max_length=20, choices=Handling.choices, blank=True)
    reason = models.TextField(_("toelichting van het kernteam"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("zelfde strekking als"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consultatiereactie")
        verbose_name_plural = _("consultatiereacties")
        ordering = ["consultation", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "anchor"], name="consult_comment_anchor_idx")]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"

    @property
    def number(self) -> str:
        return f"R{self.pk}"
