"""Evaluation sections about the questions: response times in working days, whether answers
helped, channel, main theme (rolled up), theme, province, organisation type, asker role, month and
the referrals to experts.

Response times count working days (loket.core.workdays: weekends, public holidays and the
Beheerder's days off): a question received on Friday evening and answered on Monday counts 1.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Referral, ReferralStatus
from loket.core.models import OrganisationType, Theme
from loket.core.workdays import working_day_counter
from questions.models import AskerKind, Channel, Helpfulness, MessageKind, Question, QuestionFeedback, StatusChange
from questions.workflow import Status as QuestionStatus

from ..selectors import percentile
from .base import Scope, Section, median, share


@dataclass
class _Group:
    """The response figures of one group of questions (a channel, a province, a month, ...)."""

    questions: int = 0
    days: list[int] = field(default_factory=list)  # working days to the first answer, per answered question
    on_time: int = 0
    reopened: int = 0

    def add(self, days: int | None, on_time: bool, reopened: bool) -> None:
        self.questions += 1
        if days is not None:
            self.days.append(days)
            self.on_time += on_time
            self.reopened += reopened

    def row(self, label) -> list:
        answered = len(self.days)
        return [
            label,
            self.questions,
            answered,
            median(self.days),
            percentile(self.days, 0.9),
            share(self.on_time, answered),
            share(self.reopened, answered),
        ]


def _group_headers(label: str) -> list[str]:
    return [
        label,
        _("Vragen"),
        _("Beantwoord"),
        _("Mediaan (werkdagen)"),
        _("90e percentiel (werkdagen)"),
        _("Binnen de termijn (%)"),
        _("Heropend (%)"),
    ]


GROUP_FORMATS = [None, "0", "0", "0.0", "0.0", "0.0", "0.0"]


def _group_explanation() -> str:
    return _(
        "Per groep: het aantal vragen, hoeveel er een antwoord kregen, de mediaan en het 90e percentiel van de "
        "werkdagen tot het eerste antwoord, het aandeel binnen de termijn en het aandeel dat daarna heropend werd "
        "(zie Reactietijd)."
    )


def _timings(scope: Scope) -> dict:
    """Every question of the period once (one query, streamed) with its working days to the first
    answer, whether that was on time and whether it was reopened, summed per group: the whole period,
    province, channel, organisation type, asker role and month. Kept per scope for all sections."""
    if "timings" in scope._memo:
        return scope._memo["timings"]
    questions = scope.questions()
    reopened = set(
        StatusChange.objects.filter(question__in=questions, to_status=QuestionStatus.REOPENED)
        .values_list("question_id", flat=True)
        .distinct()
    )
    rows = questions.annotate(
        first_answer=Min("messages__created_at", filter=Q(messages__kind=MessageKind.ANSWER))
    ).values_list(
        "pk", "received_at", "first_answer", "answered_at", "due_date",
        "province_id", "channel", "organisation__type", "asker_kind",
    )  # fmt: skip
    # One pass over the calendar from the first receipt until today, then a subtraction per question.
    first = questions.aggregate(first=Min("received_at"))["first"]
    between = working_day_counter(timezone.localtime(first).date(), timezone.localdate()) if first else None
    out: dict = {"all": _Group(), "per_question": {}}
    for key in ("province", "channel", "org_type", "asker_kind", "month"):
        out[key] = defaultdict(_Group)
    for pk, received, first_answer, answered, due, province, channel, org_type, kind in rows.iterator(chunk_size=2000):
        answered_first = first_answer or answered
        days = on_time = None
        if received and answered_first and answered_first >= received:
            answered_day = timezone.localtime(answered_first).date()
            days = between(timezone.localtime(received).date(), answered_day)
            on_time = bool(due and answered_day <= due)
        figures = (days, bool(on_time), pk in reopened)
        out["per_question"][pk] = figures
        local = timezone.localtime(received)
        for key, value in (
            ("province", province),
            ("channel", channel),
            ("org_type", org_type or ""),
            ("asker_kind", kind or ""),
            ("month", (local.year, local.month)),
        ):
            out[key][value].add(*figures)
        out["all"].add(*figures)
    scope._memo["timings"] = out
    return out


def response_section(scope: Scope) -> Section:
    whole = _timings(scope)["all"]
    _label, total, answered, mid, p90, on_time, reopened = whole.row("")
    rows = [
        [_("Gestelde vragen"), total],
        [_("Beantwoorde vragen"), answered],
        [_("Mediaan reactietijd (werkdagen)"), mid],
        [_("90e percentiel reactietijd (werkdagen)"), p90],
        [_("Binnen de termijn beantwoord (%)"), on_time],
        [_("Heropend na een antwoord (%)"), reopened],
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


# Buckets of working days to the first answer: (label, lowest, highest; None: no upper end).
BUCKETS = (
    ("0-1", 0, 1),
    ("2-3", 2, 3),
    ("4-5", 4, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    (">20", 21, None),
)


def response_distribution_section(scope: Scope) -> Section:
    days = _timings(scope)["all"].days
    counts = [sum(1 for d in days if low <= d and (high is None or d <= high)) for _label, low, high in BUCKETS]
    return Section(
        "reactietijd-verdeling",
        _("Verdeling van de reactietijd"),
        _(
            "Hoeveel beantwoorde vragen hun eerste antwoord kregen binnen zoveel werkdagen na ontvangst; "
            "de grafiek laat zien of er een staart van late antwoorden is."
        ),
        [_("Werkdagen tot het eerste antwoord"), _("Vragen"), _("Aandeel (%)")],
        [[label, n, share(n, len(days))] for (label, _low, _high), n in zip(BUCKETS, counts, strict=True)],
        1,
        [None, "0", "0.0"],
    )


def _grouped_section(key: str, title: str, explanation: str, label: str, rows: list) -> Section:
    return Section(key, title, explanation + " " + _group_explanation(), _group_headers(label), rows, 1, GROUP_FORMATS)


def channel_section(scope: Scope) -> Section:
    groups = _timings(scope)["channel"]
    return _grouped_section(
        "kanaal",
        _("Vragen per kanaal"),
        _("Hoe de vraag binnenkwam: via het formulier op de website of per e-mail."),
        _("Kanaal"),
        [groups.get(value, _Group()).row(label) for value, label in Channel.choices],
    )


def _themes(scope: Scope) -> dict:
    """The themes of the period's questions (one query): per main theme each question once, per theme."""
    if "themes" in scope._memo:
        return scope._memo["themes"]
    per_question = _timings(scope)["per_question"]
    mains: dict = defaultdict(_Group)
    themes: dict = defaultdict(_Group)
    seen: set = set()
    links = (
        Question.themes.through.objects.filter(question__in=scope.questions())
        .values_list("question_id", "theme_id", "theme__parent_id", "theme__name")
        .order_by()
    )
    for question_id, theme_id, parent_id, name in links.iterator(chunk_size=2000):
        figures = per_question.get(question_id)
        if figures is None:
            continue
        themes[name].add(*figures)
        main = parent_id or theme_id
        if (question_id, main) not in seen:
            seen.add((question_id, main))
            mains[main].add(*figures)
    scope._memo["themes"] = {"mains": mains, "themes": themes}
    return scope._memo["themes"]


def main_theme_section(scope: Scope) -> Section:
    groups = _themes(scope)["mains"]
    mains = Theme.objects.filter(parent__isnull=True).order_by("code").values_list("pk", "name")
    return _grouped_section(
        "hoofdthema",
        _("Vragen per hoofdthema"),
        _("Elke vraag telt één keer per hoofdthema, ook als zij meer subthema's van dat hoofdthema heeft."),
        _("Hoofdthema"),
        [groups.get(pk, _Group()).row(name) for pk, name in mains],
    )


def theme_section(scope: Scope) -> Section:
    groups = _themes(scope)["themes"]
    ordered = sorted(groups.items(), key=lambda item: (-item[1].questions, item[0]))
    return _grouped_section(
        "thema",
        _("Vragen per thema"),
        _("Per (sub)thema; een vraag met meer thema's telt bij elk thema, dus de som is groter dan het aantal vragen."),
        _("Thema"),
        [group.row(name) for name, group in ordered],
    )


def province_section(scope: Scope) -> Section:
    groups = _timings(scope)["province"]
    rows = [groups.get(pk, _Group()).row(name) for pk, name in scope.provinces()]
    if None in groups:
        rows.append(groups[None].row(_("Geen provincie / landelijk")))
    return _grouped_section(
        "provincie", _("Vragen per provincie"), _("De provincie die de vragensteller koos."), _("Provincie"), rows
    )


def organisation_type_section(scope: Scope) -> Section:
    groups = _timings(scope)["org_type"]
    rows = [groups.get(value, _Group()).row(label) for value, label in OrganisationType.choices]
    if "" in groups:
        rows.append(groups[""].row(_("Niet in de lijst")))
    return _grouped_section(
        "organisatie",
        _("Vragen per soort organisatie"),
        _("De soort van de organisatie die de vragensteller uit de lijst koos."),
        _("Soort organisatie"),
        rows,
    )


def asker_role_section(scope: Scope) -> Section:
    groups = _timings(scope)["asker_kind"]
    rows = [groups.get(value, _Group()).row(label) for value, label in AskerKind.choices]
    if "" in groups:
        rows.append(groups[""].row(_("Niet opgegeven")))
    return _grouped_section(
        "rol", _("Vragen per rol"), _("De rol die de vragensteller op het formulier koos."), _("Rol"), rows
    )


def month_section(scope: Scope) -> Section:
    groups = _timings(scope)["month"]
    return _grouped_section(
        "maand",
        _("Vragen per maand"),
        _("De maand van ontvangst."),
        _("Maand"),
        [groups[month].row(f"{month[1]:02d}-{month[0]}") for month in sorted(groups)],
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
