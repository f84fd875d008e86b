"""Archival metadata per model (MDTO: information category, valuation, retention period).

Every concrete model of the project's apps has an entry; `tests/loket/test_archive.py` fails for a
model without one (a helper who adds a model adds its line here). Auto-created many-to-many tables
follow their owner. Valuation: "B" (bewaren, permanent) or "V" (vernietigen after the retention
period, in years after the record's last change). The categories follow the Selectielijst for the
arrangement (one line per kind of record); the retention jobs (loket.portal.privacy) act on the
same periods.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

PROJECT_MODULES = ("loket", "questions", "experts", "plans", "monitoring")


@dataclass(frozen=True)
class Entry:
    category: str  # informatiecategorie
    valuation: str  # "B" bewaren / "V" vernietigen
    retention_years: int | None  # None: permanent
    exclude: tuple[str, ...] = ()  # secrets that never leave the portal (tokens, password hashes)


QUESTIONS = Entry("Vragen en antwoorden", "V", 5)
QUESTIONS_SECRET = Entry("Vragen en antwoorden", "V", 5, exclude=("token",))
EXPERTS = Entry("Deskundigennetwerk en doorverwijzingen", "V", 2)
POLICY = Entry("Kaders, handreikingen en publicaties", "B", None)
PLANS = Entry("Provinciale plannen en prognoses", "B", None)
GOVERNANCE = Entry("Signalen, LRT-overleggen, escalaties en besluiten", "B", None)
MAILINGS = Entry("Mailings en abonnementen", "V", 2)
SECURITY = Entry("Beveiliging en audit", "V", 7)
REFERENCE = Entry("Referentiegegevens en inrichting", "B", None)
TECHNICAL = Entry("Technische gegevens", "V", 0)

REGISTRY: dict[str, Entry] = {
    # loket: reference data, accounts, publications, mailings
    "loket.Province": REFERENCE,
    "loket.Theme": REFERENCE,
    "loket.Organisation": REFERENCE,
    "loket.LocationType": REFERENCE,
    "loket.Profile": SECURITY,
    "loket.ContactDetails": REFERENCE,
    "loket.ContactPerson": REFERENCE,
    "loket.Arrangement": REFERENCE,
    "loket.DayOff": REFERENCE,
    "loket.OutboxTask": TECHNICAL,
    "loket.SubmissionKey": TECHNICAL,
    "loket.Counter": TECHNICAL,
    "loket.ArchiveRun": TECHNICAL,
    "loket.AuditEvent": SECURITY,
    "loket.PasswordResetRequest": TECHNICAL,
    "loket.EmailChangeRequest": TECHNICAL,
    "loket.Publication": POLICY,
    "loket.PublicationRevision": POLICY,
    "loket.PublicationDraft": POLICY,
    "loket.PublicationStatusChange": POLICY,
    "loket.PublicationAttachment": POLICY,
    "loket.Consultation": POLICY,
    "loket.ConsultationInvitee": POLICY,
    "loket.ConsultationComment": POLICY,
    "loket.ConsultationStatusChange": POLICY,
    "loket.LessonSubmission": POLICY,
    "loket.LessonMessage": POLICY,
    "loket.LessonStatusChange": POLICY,
    "loket.ApiToken": Entry("Beveiliging en audit", "V", 0, exclude=("digest",)),
    "loket.Subscription": MAILINGS,
    "loket.SubscriptionStatusChange": MAILINGS,
    "loket.Mailing": MAILINGS,
    "loket.MailingStatusChange": MAILINGS,
    "loket.MailingRecipient": MAILINGS,
    # questions
    "questions.RoutingRule": REFERENCE,
    "questions.Question": QUESTIONS_SECRET,
    "questions.QuestionMessage": QUESTIONS,
    "plans.Region": REFERENCE,
    "plans.ReviewComment": PLANS,
    "plans.SupportRequest": PLANS,
    "plans.SupportStatusChange": PLANS,
    "plans.LocationRealisation": PLANS,
    "plans.HistoricalLocationRealisation": PLANS,
    "questions.QuestionAttachment": QUESTIONS,
    "questions.QuestionFeedback": QUESTIONS,
    "questions.StatusChange": QUESTIONS,
    "questions.StandardAnswer": POLICY,
    "questions.ThemeDeadline": REFERENCE,
    "questions.InboundMail": QUESTIONS,
    # experts
    "experts.Expert": EXPERTS,
    "experts.Referral": Entry(EXPERTS.category, "V", 5, exclude=("token_nonce",)),
    "experts.Invitation": EXPERTS,
    "experts.IntroductionRequest": EXPERTS,
    "experts.Introduction": EXPERTS,
    "experts.ReferralStatusChange": EXPERTS,
    "experts.IntroductionRequestStatusChange": EXPERTS,
    "experts.IntroductionStatusChange": EXPERTS,
    # plans
    "plans.PrognosisRound": PLANS,
    "plans.ProvincePrognosis": PLANS,
    "plans.Plan": PLANS,
    "plans.PlanVersion": PLANS,
    "plans.HistoricalPlanVersion": PLANS,
    "plans.PlannedLocation": PLANS,
    "plans.HistoricalPlannedLocation": PLANS,
    "plans.PendingImport": TECHNICAL,
    "plans.PlanStatusChange": PLANS,
    # monitoring
    "monitoring.Signal": GOVERNANCE,
    "monitoring.HistoricalSignal": GOVERNANCE,
    "monitoring.SignalAction": GOVERNANCE,
    "monitoring.HistoricalSignalAction": GOVERNANCE,
    "monitoring.SignalStatusChange": GOVERNANCE,
    "monitoring.LrtMeeting": GOVERNANCE,
    "monitoring.HistoricalLrtMeeting": GOVERNANCE,
    "monitoring.Escalation": GOVERNANCE,
    "monitoring.HistoricalEscalation": GOVERNANCE,
    "monitoring.StageDeadline": PLANS,
    # Django's user: who did what (the password hash never leaves the portal)
    "auth.User": Entry("Beveiliging en audit", "V", 7, exclude=("password",)),
    "auth.Group": REFERENCE,
}


def project_models() -> list[type[models.Model]]:
    """Every concrete model of the project's apps (plus Django's users and groups), in a fixed order."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or model._meta.abstract:
            continue
        if model.__module__.split(".")[0] in PROJECT_MODULES or model._meta.label in ("auth.User", "auth.Group"):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def m2m_tables(model: type[models.Model]) -> list[tuple[str, type[models.Model]]]:
    """The auto-created many-to-many tables of `model`, as (entity name, through model)."""
    return [
        (f"{model._meta.label}.{field.name}", field.remote_field.through)
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def entry_for(label: str) -> Entry:
    return REGISTRY[label]
