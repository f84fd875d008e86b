"""A lesson learned as submitted by a partner, and the questions and answers about it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core.models import Province, Theme
from loket.core.workflow import StatusHistory
from loket.publications.lessons.workflow import LessonStatus
from loket.publications.models import Publication


class LessonSubmission(models.Model):
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitter_name = models.CharField(_("naam inzender"), max_length=150)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField(_("titel"), max_length=200)
    tried = models.TextField(_("wat is geprobeerd"))
    place = models.CharField(_("waar"), max_length=200)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), related_name="+")
    worked = models.TextField(_("wat werkte"))
    did_not_work = models.TextField(_("wat werkte niet"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_consent = models.BooleanField(_("contactpersoon wil genoemd worden"), default=False)
    show_name = models.BooleanField(_("naam inzender tonen"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=LessonStatus.choices, default=LessonStatus.SUBMITTED)
    publication = models.OneToOneField(
        Publication, on_delete=models.PROTECT, related_name="lesson_submission", verbose_name=_("publicatie")
    )
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    published_mail_sent_at = models.DateTimeField(_("publicatiebericht verstuurd op"), null=True, editable=False)

    class Meta:
        verbose_name = _("ingestuurde les")
        verbose_name_plural = _("ingestuurde lessen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the core team's queue (dashboard count, list filtered on "ingediend"): the few
            # submitted lessons, not a scan of every lesson ever sent in
            models.Index(fields=["-created_at"], condition=models.Q(status="ingediend"), name="lesson_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact_name="") | models.Q(contact_consent=True),
                name="lesson_contact_needs_consent",
                violation_error_message=_("Noem alleen een contactpersoon die ermee instemt genoemd te worden."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class LessonStatusChange(StatusHistory):
    lesson = models.ForeignKey(LessonSubmission, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=LessonStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=LessonStatus.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging les")
        verbose_name_plural = _("statuswijzigingen les")


class LessonMessage(models.Model):
    """A question of the core team to the submitter, or the submitter's answer."""

    lesson = models.ForeignKey(LessonSubmission, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("naam"), max_length=150)
    from_core_team = models.BooleanField(_("van het kernteam"), default=False)
    text = models.TextField(_("bericht"))
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    mail_sent_at = models.DateTimeField(_("mail verstuurd op"), null=True, editable=False)

    class Meta:
        verbose_name = _("bericht over les")
        verbose_name_plural = _("berichten over lessen")
        ordering = ["lesson", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"
