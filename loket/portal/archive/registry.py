"""Archival metadata per model (MDTO: information category, valuation, retention period, and where
they come from).

Every concrete model of the project's apps has an entry; `tests/loket/test_archive.py` fails for a
model without one (a helper who adds a model adds its line here). Auto-created many-to-many tables
follow their owner. Valuation: "B" (bewaren, permanent) or "V" (vernietigen after the retention
period, in years after the record's last change). `purge_after_archive` destroys exactly what these
periods say, and the archive's MDTO records carry them with their source and reason.

Where the valuation comes from, honestly: no selection list that was formally adopted for this
arrangement (Archiefwet 1995, art. 5) is at hand. The lists that exist for neighbouring bodies do not
apply to it: the "Selectielijst gemeenten en intergemeentelijke organen" is for municipalities, the
"Selectielijst voor archiefbescheiden van Provinciale Organen" for provinces, and the selectielijst
for the COA's own handelingen 1994-2001 (BWBR0017746) for the COA in that period. The arrangement is
run for the Rijk, so its list is a matter for the ministry that runs it (its records manager, with
the Nationaal Archief). Until then every entry below is a **proposal** (`SELECTION_LIST.status`),
with its reason; the only external rules it leans on are the duty to select (Archiefwet 1995,
art. 5) and storage limitation for personal data (AVG art. 5 lid 1 onder e), which the portal's own
retention settings (QUESTIONS_RETENTION_DAYS, EXPERTS_RETENTION_DAYS, ...) already apply earlier.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

PROJECT_MODULES = ("loket", "questions", "experts", "plans", "monitoring")


@dataclass(frozen=True)
class SelectionList:
    name: str
    status: str  # "voorstel" until a list is adopted; then "vastgesteld" with its publication
    explanation: str


SELECTION_LIST = SelectionList(
    name="Voorstel selectielijst Loket Flexibilisering Asielketen",
    status="voorstel",
    explanation=(
        "Er is geen vastgestelde selectielijst voor dit tijdelijke arrangement bij de hand. De waardering en "
        "bewaartermijnen hieronder zijn een voorstel van het project, met per categorie de reden. De zorgdrager "
        "(het ministerie dat het arrangement voert) laat ze vaststellen of koppelt ze aan de categorieën van de "
        "selectielijst die voor dat ministerie geldt (Archiefwet 1995, artikel 5). Niet van toepassing: de "
        "Selectielijst gemeenten en intergemeentelijke organen, de selectielijst voor Provinciale Organen en de "
        "selectielijst voor de handelingen van het COA 1994-2001 (BWBR0017746)."
    ),
)


@dataclass(frozen=True)
class Entry:
    code: str  # the category's code in the (proposed) selection list
    category: str  # informatiecategorie
    valuation: str  # "B" bewaren / "V" vernietigen
    retention_years: int | None  # None: permanent
    reason: str = ""  # why this valuation and period (shown in the MDTO record)
    exclude: tuple[str, ...] = ()  # secrets that never leave the portal (tokens, password hashes)


REFERENCE = Entry(
    "LFA-01",
    "Referentiegegevens en inrichting",
    "B",
    None,
    "Provincies, thema's, organisaties, termijnen en routering: nodig om de andere te bewaren stukken te lezen.",
)
POLICY = Entry(
    "LFA-02",
    "Kaders, handreikingen, publicaties en consultaties",
    "B",
    None,
    "Beleidsvorming en verantwoording van het arrangement: de kaders, hun versies en de reactienota's laten "
    "zien hoe het beleid tot stand kwam.",
)
PLANS = Entry(
    "LFA-03",
    "Provinciale plannen en prognoses",
    "B",
    None,
    "De plannen per provincie, hun versies, de opmerkingen erop, de realisatie en de prognoses zijn de kern "
    "van de opdracht en van de evaluatie.",
)
GOVERNANCE = Entry(
    "LFA-04",
    "Signalen, LRT-overleggen, escalaties en besluiten",
    "B",
    None,
    "Bestuurlijke besluiten van de landelijke regietafel en wat eraan voorafging.",
)
MAILING_CONTENT = Entry(
    "LFA-05",
    "Berichten aan de partners",
    "B",
    None,
    "De tekst van elke mailing is informatie die het arrangement naar buiten bracht, zoals een publicatie.",
)
QUESTIONS = Entry(
    "LFA-06",
    "Vragen en antwoorden",
    "V",
    5,
    "Uitvoering: de vragen aan het loket en de antwoorden. Wat blijvend van belang is, staat in de "
    "gepubliceerde veelgestelde vragen (LFA-02, bewaren). Vijf jaar laat ruimte voor verantwoording, een "
    "tweede evaluatie en verzoeken om informatie. Persoonsgegevens gaan er eerder uit: "
    "QUESTIONS_RETENTION_DAYS na het sluiten (AVG art. 5 lid 1 onder e).",
)
SUPPORT = Entry(
    "LFA-07",
    "Praktische ondersteuning",
    "V",
    5,
    "Uitvoering: aanvragen voor praktische ondersteuning en hun afhandeling; de uitkomsten die tellen staan "
    "in de plannen (LFA-03). Vijf jaar, net als de vragen.",
)
EXPERTS = Entry(
    "LFA-08",
    "Deskundigennetwerk",
    "V",
    2,
    "Persoonsgegevens van deskundigen en hun introducties; alleen nodig zolang het netwerk werkt. Wie zich "
    "afmeldt, is er al na EXPERTS_RETENTION_DAYS uit (AVG art. 5 lid 1 onder e).",
)
REFERRALS = Entry(
    "LFA-06",
    "Vragen en antwoorden",
    "V",
    5,
    "Een doorverwijzing hoort bij de vraag: dezelfde termijn als de vragen.",
    exclude=("token_nonce",),
)
MAILING_LOG = Entry(
    "LFA-09",
    "Abonnementen en verzendlog",
    "V",
    2,
    "Adressen van abonnees en per ontvanger of een bericht is verstuurd: alleen nodig om verzending te "
    "kunnen aantonen.",
)
SECURITY = Entry(
    "LFA-10",
    "Accounts en auditlog",
    "V",
    5,
    "Wie wat deed in het portaal: even lang als de langste termijn van wat te vernietigen is (5 jaar), zodat "
    "elke handeling te verantwoorden blijft zolang het stuk bestaat. Accounts eindigen via de beheerder.",
)
TECHNICAL = Entry(
    "LFA-11",
    "Technische gegevens",
    "V",
    0,
    "Hulpgegevens zonder informatiewaarde (wachtrij, tellers, sleutels, tijdelijke imports, verzoeken om een "
    "nieuw wachtwoord): te vernietigen zodra het archief is gemaakt.",
)

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
    "loket.DataVersion": TECHNICAL,  # write counters of groups of tables (database triggers), keys of cached pages
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
    "loket.ApiToken": Entry(
        TECHNICAL.code,
        TECHNICAL.category,
        "V",
        0,
        TECHNICAL.reason + " Alleen de naam en het gebruik; nooit de sleutel.",
        exclude=("digest",),
    ),
    "loket.Subscription": MAILING_LOG,
    "loket.SubscriptionStatusChange": MAILING_LOG,
    "loket.Mailing": MAILING_CONTENT,
    "loket.MailingStatusChange": MAILING_CONTENT,
    "loket.MailingRecipient": MAILING_LOG,
    # questions
    "questions.RoutingRule": REFERENCE,
    "questions.Question": Entry(QUESTIONS.code, QUESTIONS.category, "V", 5, QUESTIONS.reason, exclude=("token",)),
    "questions.QuestionMessage": QUESTIONS,
    "questions.QuestionAttachment": QUESTIONS,
    "questions.QuestionFeedback": QUESTIONS,
    "questions.StatusChange": QUESTIONS,
    "questions.StandardAnswer": POLICY,
    "questions.ThemeDeadline": REFERENCE,
    "questions.QuestionTally": TECHNICAL,  # counts derived from the questions (database triggers)
    "questions.InboundMail": QUESTIONS,
    # experts
    "experts.Expert": EXPERTS,
    "experts.Referral": REFERRALS,
    "experts.ReferralStatusChange": Entry(REFERRALS.code, REFERRALS.category, "V", 5, REFERRALS.reason),
    "experts.Invitation": EXPERTS,
    "experts.IntroductionRequest": EXPERTS,
    "experts.Introduction": EXPERTS,
    "experts.IntroductionRequestStatusChange": EXPERTS,
    "experts.IntroductionStatusChange": EXPERTS,
    # plans
    "plans.Region": REFERENCE,
    "plans.PrognosisRound": PLANS,
    "plans.ProvincePrognosis": PLANS,
    "plans.Plan": PLANS,
    "plans.PlanVersion": PLANS,
    "plans.HistoricalPlanVersion": PLANS,
    "plans.PlannedLocation": PLANS,
    "plans.HistoricalPlannedLocation": PLANS,
    "plans.PlanStatusChange": PLANS,
    "plans.ReviewComment": PLANS,
    "plans.LocationRealisation": PLANS,
    "plans.HistoricalLocationRealisation": PLANS,
    "plans.SupportRequest": SUPPORT,
    "plans.SupportStatusChange": SUPPORT,
    "plans.PendingImport": TECHNICAL,
    # monitoring
    "monitoring.SignalTally": TECHNICAL,  # counts derived from the signals (database triggers)
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
    "auth.User": Entry(SECURITY.code, SECURITY.category, "V", 5, SECURITY.reason, exclude=("password",)),
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
