"""The portal's one model: a run of the archive export started from the closing page (its progress)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveRunStatus(models.TextChoices):
    WAITING = "wacht", _("Wacht op de verwerking")
    RUNNING = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar en gecontroleerd")
    FAILED = "mislukt", _("Mislukt")


class ArchiveRun(models.Model):
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gestart door"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ArchiveRunStatus.choices, default=ArchiveRunStatus.WAITING
    )
    done = models.PositiveIntegerField(_("onderdelen klaar"), default=0)
    total = models.PositiveIntegerField(_("onderdelen totaal"), default=0)
    current = models.CharField(_("nu bezig met"), max_length=200, blank=True)
    output = models.CharField(_("map"), max_length=500, blank=True)
    message = models.TextField(_("melding"), blank=True)

    class Meta:
        verbose_name = _("archiefexport")
        verbose_name_plural = _("archiefexports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
