"""Questions to the knowledge desk: intake, routing, triage and answers."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.models import Organisation, OrganisationType, Province, Theme
from loket.core.workflow import StatusHistory

from .workflow import Status


def new_token() -> str:
    return secrets.token_urlsafe(32)


class RoutingRule(models.Model):
    """Ordered rule: the first active rule whose filled-in fields all match routes the question."""

    order = models.PositiveIntegerField(_("volgorde"), default=100)
    name = models.CharField(_("naam"), max_length=150)
    is_active = models.BooleanField(_("actief"), default=True)
    theme = models.ForeignKey(
        Theme, verbose_name=_("thema"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        Province, verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation_type = models.CharField(
        _("soort organisatie"), max_length=40, choices=OrganisationType.choices, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("toewijzen aan"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """How a question reached the loket."""

    WEB = "web", _("Website")
    EMAIL = "e-mail", _("E-mail")


class AskerKind(models.TextChoices):
    """The asker's role, a structured choice on the question form (for the evaluation)."""

    PRT = "prt-lid", _("Lid van een PRT")
    CDK = "cdk", _("Medewerker van de CdK")
    MUNICIPALITY = "gemeente", _("Medewerker van een gemeente")
    PROVINCE = "provincie", _("Medewerker van een provincie")
    COA = "coa", _("Medewerker van het COA")
    NATIONAL = "rijk", _("Medewerker van het Rijk")
    ADMINISTRATOR = "bestuurder", _("Bestuurder")
    OTHER = "anders", _("Anders")


class Question(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=16, unique=True)
    year = models.PositiveSmallIntegerField(_("jaar"))
    sequence = models.PositiveIntegerField(_("volgnummer"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vragensteller (account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asked_questions",
    )
    asker_name = models.CharField(_("naam"), max_length=150)
    asker_email = models.EmailField(_("e-mailadres"))
    asker_role = models.CharField(_("functie of rol"), max_length=150, blank=True)
    asker_kind = models.CharField(_("rol van de vragensteller"), max_length=12, choices=AskerKind.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), null=True, blank=True, on_delete=models.PROTECT
    )
    organisation_name = models.CharField(_("naam organisatie"), max_length=200, blank=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("provincie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Leeg betekent landelijk."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), related_name="questions")
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("vraag"))
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices, default=Channel.WEB)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_questions",
    )
    routed_by = models.ForeignKey(
        RoutingRule, verbose_name=_("gerouteerd door"), null=True, blank=True, on_delete=models.SET_NULL
    )
    received_at = models.DateTimeField(_("ontvangen op"), db_index=True)
    due_date = models.DateField(_("uiterste datum"), db_index=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    faq_publication = models.ForeignKey(
        "loket.Publication",
        verbose_name=_("veelgestelde vraag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_questions",
    )
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    faq_candidate = models.BooleanField(
        _("FAQ-kandidaat"), default=False, help_text=_("Geschikt om als veelgestelde vraag te publiceren.")
    )
    # Optimistic concurrency: every change by the core team raises the version; a form that was
    # opened on an older version is refused with a message instead of silently overwriting.
    version = models.PositiveIntegerField(_("versie"), default=0)
    # Sent-markers (loket.core.mail.send_templated_mail_once): each mail goes out once.
    confirmation_sent_at = models.DateTimeField(_("ontvangstbevestiging verstuurd op"), null=True, editable=False)
    # The mail to the current assignee; cleared each time an assignment mail is started.
    assignment_mailed_at = models.DateTimeField(_("behandelaar gemaild op"), null=True, editable=False)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="question_unique_sequence_per_year")]
        indexes = [
            # status filters, "overdue" (open and due_date < today) and the dashboard's counts (index-only)
            models.Index(fields=["status", "due_date", "assignee"], name="question_status_due_asg_idx"),
            models.Index(fields=["assignee", "status"]),
            # the core-team list: "overdue first, then due date" is two range scans of this index
            models.Index(fields=["due_date", "-received_at", "-id"], name="question_due_received_idx"),
            # the list filtered by status, newest first (`?status=…&ordering=-received_at`): one range of
            # this index in page order instead of walking all questions by date (issue 21, 100,000 rows)
            models.Index(fields=["status", "-received_at"], name="question_status_received_idx"),
            # the list filtered by status and province, newest first: its count and its page are one range
            models.Index(fields=["status", "province", "-received_at"], name="question_status_prov_recv_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"


class QuestionTally(models.Model):
    """How many questions there are per status and assignee (`assignee_key` 0: none), kept by the
    database itself in the same statement as every insert, delete and change of a question's status or
    assignee (triggers, questions/tally.py), whatever wrote it: services, bulk builders, the admin, a
    deleted user (SET_NULL). The dashboard and the question list read their counts here instead of
    counting the whole table per request (issue 21). Never written by Django."""

    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    assignee_key = models.IntegerField(_("behandelaar (id, 0 = niemand)"))
    n = models.IntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("telling van vragen")
        verbose_name_plural = _("tellingen van vragen")
        constraints = [models.UniqueConstraint(fields=["status", "assignee_key"], name="question_tally_unique")]

    def __str__(self) -> str:
        return f"{self.status} {self.assignee_key}: {self.n}"


class MessageKind(models.TextChoices):
    ANSWER = "antwoord", _("Antwoord aan vragensteller")
    REPLY = "reactie", _("Reactie van vragensteller")
    NOTE = "notitie", _("Interne notitie")


class QuestionMessage(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("soort"), max_length=20, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("naam afzender"), max_length=150, blank=True)
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)
    # Sent-marker of the mail about this message: the answer to the asker, or the reply to the
    # assignee or core team (notes are never mailed).
    mailed_at = models.DateTimeField(_("gemaild op"), null=True, editable=False)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["created_at", "pk"]
        indexes = [
            # the safety net (questions.resend_unsent_mails) reads only the few unsent answers
            models.Index(
                fields=["created_at"],
                name="message_unsent_answer_idx",
                condition=models.Q(kind="antwoord", mailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.question.reference}"


def attachment_path(instance: "QuestionAttachment", filename: str) -> str:
    return f"vragen/{instance.question.year}/{instance.question.token}/{secrets.token_hex(8)}"


class QuestionAttachment(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("bestand"), upload_to=attachment_path)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveIntegerField(_("grootte"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name


class StatusChange(StatusHistory):
    """Immutable history row of a question's status."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=Status.choices)

    class Meta(StatusHistory.Meta):
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.from_status} → {self.to_status}"


class StandardAnswer(models.Model):
    title = models.CharField(_("titel"), max_length=150)
    body = models.TextField(_("tekst"))
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True, related_name="+")
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("standaardantwoord")
        verbose_name_plural = _("standaardantwoorden")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ThemeDeadline(models.Model):
    """Working days to answer a question on a theme (default: QUESTIONS_DEFAULT_WORKING_DAYS)."""

    theme = models.OneToOneField(Theme, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="+")
    working_days = models.PositiveSmallIntegerField(_("werkdagen"))

    class Meta:
        verbose_name = _("termijn per thema")
        verbose_name_plural = _("termijnen per thema")

    def __str__(self) -> str:
        return f"{self.theme}: {self.working_days}"


class InboundStatus(models.TextChoices):
    PROCESSED = "verwerkt", _("Verwerkt")
    IGNORED = "genegeerd", _("Genegeerd (automatisch bericht)")
    FLAGGED = "gemarkeerd", _("Gemarkeerd (niet beantwoord)")
    ERROR = "fout", _("Fout")


def inbound_mail_path(instance: "InboundMail", filename: str) -> str:
    return f"mail/{timezone.now():%Y/%m}/{secrets.token_hex(12)}.eml"


class InboundMail(models.Model):
    """One message read from the loket's mailbox, exactly once per Message-ID, with the original
    (.eml) and what became of it: a question, a reply, ignored, flagged or an error with the reason."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=InboundStatus.choices)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    sender_name = models.CharField(_("naam afzender"), max_length=150, blank=True)
    sender_email = models.CharField(_("adres afzender"), max_length=254, blank=True, db_index=True)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    raw = models.FileField(_("originele e-mail"), upload_to=inbound_mail_path)
    size = models.PositiveIntegerField(_("grootte"), default=0)
    question = models.ForeignKey(
        Question,
        verbose_name=_("vraag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_mails",
    )
    reply = models.OneToOneField(
        QuestionMessage,
        verbose_name=_("reactie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_mail",
    )
    # Attachments the upload check refused: [{"name": ..., "reason": ...}], shown on the question.
    refused_attachments = models.JSONField(_("geweigerde bijlagen"), default=list, blank=True)
    received_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("binnengekomen e-mail")
        verbose_name_plural = _("binnengekomen e-mails")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.subject or self.message_id}"


class Helpfulness(models.TextChoices):
    YES = "ja", _("Ja")
    PARTLY = "deels", _("Gedeeltelijk")
    NO = "nee", _("Nee")


class QuestionFeedback(models.Model):
    """The asker's answer to "Heeft dit antwoord u geholpen?" about one answer (the latest counts:
    a second click changes it)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="feedback")
    message = models.ForeignKey(
        QuestionMessage, verbose_name=_("antwoord"), on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.CharField(_("geholpen"), max_length=5, choices=Helpfulness.choices)
    comment = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("gegeven op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("reactie op antwoord")
        verbose_name_plural = _("reacties op antwoorden")
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["message"], name="question_feedback_one_per_answer")]

    def __str__(self) -> str:
        return f"{self.question} {self.get_rating_display()}"
