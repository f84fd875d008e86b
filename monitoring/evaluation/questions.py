"""Evaluation sections about the questions: response times in working days, whether answers
helped, channel, main theme (rolled up), theme, province, organisation type, asker role, month and
the referrals to experts.

Response times count working days (loket.core.workdays: weekends, public holidays and the
Beheerder's days off): a question received on Friday evening and answered on Monday counts 1.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Referral, ReferralStatus
from loket.core.models import OrganisationType, Theme
from loket.core.workdays import working_day_counter
from questions.models import AskerKind, Channel, Helpfulness, MessageKind, Question, QuestionFeedback, StatusChange
from questions.workflow import Status as QuestionStatus

from ..selectors import percentile
from .base import Scope, Section, counted, median, share


def response_section(scope: Scope) -> Section:
    questions = scope.questions()
    timings = questions.annotate(
        first_answer=Min("messages__created_at", filter=Q(messages__kind=MessageKind.ANSWER))
    ).values_list("received_at", "first_answer", "answered_at", "due_date")
    # One pass over the calendar from the first receipt until today, then a subtraction per question;
    # the rows stream (flat memory: only the working-day counts are kept, for the median).
    first = questions.aggregate(first=Min("received_at"))["first"]
    today = timezone.localdate()
    between = working_day_counter(timezone.localtime(first).date(), today) if first else None
    days: list[int] = []
    on_time = total = 0
    for received, first_answer, answered, due in timings.iterator(chunk_size=2000):
        total += 1
        answered_first = first_answer or answered
        if received and answered_first and answered_first >= received:
            answered_day = timezone.localtime(answered_first).date()
            days.append(between(timezone.localtime(received).date(), answered_day))
            on_time += answered_day <= due
    reopened = (
        StatusChange.objects.filter(question__in=questions, to_status=QuestionStatus.REOPENED)
        .values("question_id")
        .distinct()
        .count()
    )
    rows = [
        [_("Gestelde vragen"), total],
        [_("Beantwoorde vragen"), len(days)],
        [_("Mediaan reactietijd (werkdagen)"), median(days)],
        [_("90e percentiel reactietijd (werkdagen)"), percentile(days, 0.9)],
        [_("Binnen de termijn beantwoord (%)"), share(on_time, len(days))],
        [_("Heropend na een antwoord (%)"), share(reopened, len(days))],
    ]
    return Section(
        "reactietijd",
        _("Reactietijd"),
        _(
            "Werkdagen van ontvangst tot het eerste antwoord aan de vragensteller; weekenden, feestdagen en de "
            "vrije dagen van het Rijk (zoals 5 mei) tellen niet. De mediaan is de middelste waarde, het 90e "
            "percentiel de tijd waarbinnen 9 van de 10 vragen een antwoord hadden. Binnen de termijn: het eerste "
            "antwoord kwam uiterlijk op de uiterste datum. Heropend: de vragensteller reageerde na het antwoord."
        ),
        [_("Maat"), _("Waarde")],
        rows,
        None,
        [None, "0.0"],
    )


def _grouped(scope: Scope) -> dict[str, dict]:
    """Questions per province, channel, organisation type and asker role: one grouped query (per scope)."""
    if "grouped" in scope._memo:
        return scope._memo["grouped"]
    out: dict[str, dict] = {k: defaultdict(int) for k in ("province", "channel", "org_type", "asker_kind")}
    rows = (
        scope.questions().values("province_id", "channel", "organisation__type", "asker_kind").annotate(n=Count("pk"))
    )
    for row in rows.order_by():
        out["province"][row["province_id"]] += row["n"]
        out["channel"][row["channel"]] += row["n"]
        out["org_type"][row["organisation__type"] or ""] += row["n"]
        out["asker_kind"][row["asker_kind"] or ""] += row["n"]
    scope._memo["grouped"] = out
    return out


def channel_section(scope: Scope) -> Section:
    counts = _grouped(scope)["channel"]
    return counted(
        _("Vragen per kanaal"),
        "kanaal",
        _("Hoe de vraag binnenkwam: via het formulier op de website of per e-mail."),
        _("Kanaal"),
        [(label, counts.get(value, 0)) for value, label in Channel.choices],
    )


def main_theme_section(scope: Scope) -> Section:
    through = Question.themes.through
    rows = (
        through.objects.filter(question__in=scope.questions())
        .annotate(main=Coalesce("theme__parent_id", "theme_id"))
        .values("main")
        .annotate(n=Count("question_id", distinct=True))
        .order_by()
    )
    counts = {row["main"]: row["n"] for row in rows}
    mains = Theme.objects.filter(parent__isnull=True).order_by("code")
    return counted(
        _("Vragen per hoofdthema"),
        "hoofdthema",
        _("Elke vraag telt één keer per hoofdthema, ook als zij meer subthema's van dat hoofdthema heeft."),
        _("Hoofdthema"),
        [(t.name, counts.get(t.pk, 0)) for t in mains],
    )


def theme_section(scope: Scope) -> Section:
    through = Question.themes.through
    rows = (
        through.objects.filter(question__in=scope.questions())
        .values("theme__name")
        .annotate(n=Count("question_id"))
        .order_by("-n", "theme__name")
    )
    return counted(
        _("Vragen per thema"),
        "thema",
        _("Per (sub)thema; een vraag met meer thema's telt bij elk thema, dus de som is groter dan het aantal vragen."),
        _("Thema"),
        [(r["theme__name"], r["n"]) for r in rows],
    )


def province_section(scope: Scope) -> Section:
    counts = _grouped(scope)["province"]
    rows = [(name, counts.get(pk, 0)) for pk, name in scope.provinces()]
    if counts.get(None):
        rows.append((_("Geen provincie / landelijk"), counts[None]))
    return counted(
        _("Vragen per provincie"), "provincie", _("De provincie die de vragensteller koos."), _("Provincie"), rows
    )


def organisation_type_section(scope: Scope) -> Section:
    counts = _grouped(scope)["org_type"]
    rows = [(label, counts.get(value, 0)) for value, label in OrganisationType.choices]
    if counts.get(""):
        rows.append((_("Niet in de lijst"), counts[""]))
    return counted(
        _("Vragen per soort organisatie"),
        "organisatie",
        _("De soort van de organisatie die de vragensteller uit de lijst koos."),
        _("Soort organisatie"),
        rows,
    )


def asker_role_section(scope: Scope) -> Section:
    counts = _grouped(scope)["asker_kind"]
    rows = [(label, counts.get(value, 0)) for value, label in AskerKind.choices]
    if counts.get(""):
        rows.append((_("Niet opgegeven"), counts[""]))
    return counted(_("Vragen per rol"), "rol", _("De rol die de vragensteller op het formulier koos."), _("Rol"), rows)


def month_section(scope: Scope) -> Section:
    rows = (
        scope.questions()
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return counted(
        _("Vragen per maand"),
        "maand",
        _("De maand van ontvangst."),
        _("Maand"),
        [(timezone.localtime(r["month"]).strftime("%m-%Y") if r["month"] else "—", r["n"]) for r in rows],
    )


def satisfaction_section(scope: Scope) -> Section:
    rows = (
        QuestionFeedback.objects.filter(question__in=scope.questions())
        .values("rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["rating"]: r["n"] for r in rows}
    total = sum(counts.values())
    return Section(
        "geholpen",
        _("Heeft het antwoord geholpen?"),
        _(
            "De reacties van vragenstellers op \u201cHeeft dit antwoord u geholpen?\u201d in de antwoordmail en op hun "
            "vraagpagina (de laatste keuze per antwoord telt)."
        ),
        [_("Reactie"), _("Aantal"), _("Aandeel (%)")],
        [[label, counts.get(value, 0), share(counts.get(value, 0), total)] for value, label in Helpfulness.choices],
        1,
        [None, "0", "0.0"],
    )


def referral_section(scope: Scope) -> Section:
    rows = (
        Referral.objects.filter(question__in=scope.questions())
        .values("status")
        .annotate(n=Count("pk"))
        .order_by("status")
    )
    labels = dict(ReferralStatus.choices)
    return Section(
        "doorverwijzing",
        _("Doorverwijzingen naar deskundigen"),
        _("Doorverwijzingen van vragen uit de periode, naar hun uitkomst nu."),
        [_("Uitkomst"), _("Aantal")],
        [[labels.get(r["status"], r["status"]), r["n"]] for r in rows],
        1,
        [None, "0"],
    )
