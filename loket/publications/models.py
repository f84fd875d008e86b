"""Publications (kaders, FAQ, lessons, news, handreikingen) with their revisions and attachments."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.models import Province, Theme
from loket.core.workflow import StatusHistory
from loket.publications.workflow import PublicationStatus


class PublicationKind(models.TextChoices):
    FRAMEWORK = "kader", _("Kader")
    LESSONS = "lessons", _("Lessons learned")
    FAQ = "faq", _("Veelgestelde vraag")
    NEWS = "nieuws", _("Nieuws")
    GUIDE = "handreiking", _("Handreiking")


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


class PublicationDraft(models.Model):
    """The draft of the next version of a published kader. The core team works on it (and consults
    the partners on it) while the published version stays public and unchanged; publishing it makes
    it the new version (`loket.publications.next_version`). At most one per kader; never public."""

    publication = models.OneToOneField(Publication, on_delete=models.CASCADE, related_name="next_draft")
    title = models.CharField(_("titel"), max_length=250)
    summary = models.TextField(_("samenvatting"), blank=True)
    body = models.TextField(_("tekst (Markdown)"), blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    change_note = models.CharField(_("toelichting op de wijziging"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("concept van de volgende versie")
        verbose_name_plural = _("concepten van volgende versies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="publication_draft_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (concept versie {self.version})"

    @property
    def version(self) -> int:
        """The version this draft becomes (the published one's plus one: while a draft exists the
        published text is not edited directly)."""
        return self.publication.version + 1


class PublicationStatusChange(StatusHistory):
    """Immutable history row of a publication's status."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=PublicationStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=PublicationStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging publicatie")
        verbose_name_plural = _("statuswijzigingen publicatie")

    def __str__(self) -> str:
        return f"{self.publication_id}: {self.from_status} → {self.to_status}"


def publication_attachment_path(instance: "PublicationAttachment", filename: str) -> str:
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
