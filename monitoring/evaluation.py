"""The evaluation of the arrangement (journey 10): figures per period, as a list of sections.

Each section is built by one small function in SECTIONS (`(scope) -> Section`): a title, a short
explanation of the measure, a table, and which column its bar chart shows. The page, the XLSX
export (one sheet per section) and the PDF report all walk the same list, so a new section (support
requests, consultations) is one function added to SECTIONS.

Response times count working days (loket.core.workdays: weekends, public holidays and the
Beheerder's days off): a question received on Friday evening and answered on Monday counts 1.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Referral, ReferralStatus
from loket.core.exports import pdf_document, table_columns
from loket.core.formats import short_date
from loket.core.models import OrganisationType, Province, Theme
from loket.core.workdays import working_day_counter
from questions.models import AskerKind, Channel, Helpfulness, MessageKind, Question, QuestionFeedback, StatusChange
from questions.workflow import Status as QuestionStatus

from .models import Escalation, Signal, SignalKind
from .selectors import percentile

SignalProvince = Signal.provinces.through


@dataclass
class Scope:
    """The period of the evaluation (both ends inclusive; None: open)."""

    start: date | None = None
    end: date | None = None
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def _bounds(self) -> tuple[datetime | None, datetime | None]:
        tz = timezone.get_current_timezone()
        low = datetime.combine(self.start, time.min, tzinfo=tz) if self.start else None
        high = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz) if self.end else None
        return low, high

    def within(self, field_name: str) -> Q:
        low, high = self._bounds()
        q = Q()
        if low:
            q &= Q(**{f"{field_name}__gte": low})
        if high:
            q &= Q(**{f"{field_name}__lt": high})
        return q

    def questions(self) -> QuerySet[Question]:
        return Question.objects.filter(self.within("received_at"))

    @property
    def label(self) -> str:
        if not self.start and not self.end:
            return _("de hele looptijd")
        start = short_date(self.start) if self.start else "…"
        end = short_date(self.end) if self.end else "…"
        return _("%(start)s tot en met %(end)s") % {"start": start, "end": end}


@dataclass
class Section:
    key: str
    title: str
    explanation: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart_column: int | None = 1  # the column the bar chart shows (None: no chart)
    formats: list[str | None] = field(default_factory=list)  # XLSX number format per column


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _counted(title: str, key: str, explanation: str, label: str, counts: list[tuple[str, int]]) -> Section:
    return Section(key, title, explanation, [label, _("Vragen")], [[name, n] for name, n in counts], 1, [None, "0"])


# --- Sections ------------------------------------------------------------------------------------


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
        [_("Mediaan reactietijd (werkdagen)"), statistics.median(days) if days else None],
        [_("90e percentiel reactietijd (werkdagen)"), percentile(days, 0.9)],
        [_("Binnen de termijn beantwoord (%)"), _share(on_time, len(days))],
        [_("Heropend na een antwoord (%)"), _share(reopened, len(days))],
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
    return _counted(
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
    return _counted(
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
    return _counted(
        _("Vragen per thema"),
        "thema",
        _("Per (sub)thema; een vraag met meer thema's telt bij elk thema, dus de som is groter dan het aantal vragen."),
        _("Thema"),
        [(r["theme__name"], r["n"]) for r in rows],
    )


def province_section(scope: Scope) -> Section:
    counts = _grouped(scope)["province"]
    rows = [(p.name, counts.get(p.pk, 0)) for p in Province.objects.order_by("name")]
    if counts.get(None):
        rows.append((_("Geen provincie / landelijk"), counts[None]))
    return _counted(
        _("Vragen per provincie"), "provincie", _("De provincie die de vragensteller koos."), _("Provincie"), rows
    )


def organisation_type_section(scope: Scope) -> Section:
    counts = _grouped(scope)["org_type"]
    rows = [(label, counts.get(value, 0)) for value, label in OrganisationType.choices]
    if counts.get(""):
        rows.append((_("Niet in de lijst"), counts[""]))
    return _counted(
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
    return _counted(_("Vragen per rol"), "rol", _("De rol die de vragensteller op het formulier koos."), _("Rol"), rows)


def month_section(scope: Scope) -> Section:
    rows = (
        scope.questions()
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return _counted(
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
        [[label, counts.get(value, 0), _share(counts.get(value, 0), total)] for value, label in Helpfulness.choices],
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


def signal_section(scope: Scope) -> Section:
    signals = Signal.objects.filter(scope.within("created_at"))
    table: dict = defaultdict(lambda: defaultdict(int))
    for row in (
        SignalProvince.objects.filter(signal__in=signals)
        .values("province_id", "signal__kind")
        .annotate(n=Count("signal_id"))
        .order_by()
    ):
        table[row["province_id"]][row["signal__kind"]] = row["n"]
    for row in signals.filter(provinces__isnull=True).values("kind").annotate(n=Count("pk")).order_by():
        table[None][row["kind"]] = row["n"]
    kinds = list(SignalKind)
    places = [(p.pk, p.name) for p in Province.objects.order_by("name")] + [(None, _("Landelijk"))]
    rows = [[name, *[table[pk][k.value] for k in kinds], sum(table[pk].values())] for pk, name in places]
    return Section(
        "signalen",
        _("Signalen per soort en provincie"),
        _(
            "Kansen, risico's en issues die in de periode zijn vastgelegd; "
            "een signaal over twee provincies telt bij beide."
        ),
        [_("Provincie"), *[k.label for k in kinds], _("Totaal")],
        rows,
        len(kinds) + 1,
        [None, *["0"] * (len(kinds) + 1)],
    )


def escalation_section(scope: Scope) -> Section:
    rows = (
        Escalation.objects.filter(scope.within("escalated_at"))
        .values("signal__kind")
        .annotate(n=Count("pk"), decided=Count("pk", filter=~Q(decision="")))
        .order_by()
    )
    counts = {r["signal__kind"]: r for r in rows}
    return Section(
        "escalaties",
        _("Escalaties naar de LRT en besluiten"),
        _("Signalen die in de periode naar een LRT-overleg zijn geëscaleerd, en hoeveel daarvan een besluit hebben."),
        [_("Soort"), _("Geëscaleerd"), _("Met besluit"), _("Zonder besluit")],
        [
            [
                k.label,
                counts.get(k.value, {}).get("n", 0),
                counts.get(k.value, {}).get("decided", 0),
                counts.get(k.value, {}).get("n", 0) - counts.get(k.value, {}).get("decided", 0),
            ]
            for k in SignalKind
        ],
        1,
        [None, "0", "0", "0"],
    )


# The evaluation's sections, in the order of the page, the sheets and the report. The lead adds
# support requests (issue 16) and consultations (issue 15) here, one function each.
SECTIONS: list[Callable[[Scope], Section]] = [
    response_section,
    satisfaction_section,
    channel_section,
    main_theme_section,
    theme_section,
    province_section,
    organisation_type_section,
    asker_role_section,
    month_section,
    referral_section,
    signal_section,
    escalation_section,
]


def evaluation_sections(scope: Scope | None = None) -> list[Section]:
    scope = scope or Scope()
    return [build(scope) for build in SECTIONS]


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def evaluation_report_pdf(scope: Scope | None = None) -> bytes:
    """The evaluation report: every section's explanation and table, for the period."""
    scope = scope or Scope()
    blocks: list[tuple[str, object]] = [
        (
            "p",
            _("Evaluatie van het ondersteuningsarrangement over %(period)s. Gemaakt op %(today)s.")
            % {"period": scope.label, "today": short_date(timezone.localdate())},
        ),
        ("p", _("Reactietijden staan in werkdagen. Bij elke tabel staat kort wat de maat betekent.")),
    ]
    for section in evaluation_sections(scope):
        blocks += [
            ("h2", section.title),
            ("p", section.explanation),
            ("table", [section.headers, *[[_text(cell) for cell in row] for row in section.rows]]),
        ]
    return pdf_document(_("Evaluatierapport Loket Flexibilisering Asielketen"), blocks)


def evaluation_sheets(scope: Scope | None = None) -> list:
    """The sections as XLSX sheets for loket.core.exports.xlsx_response."""
    sheets = []
    for section in evaluation_sections(scope):
        widths = [40] + [14] * (len(section.headers) - 1)
        formats = section.formats or [None] * len(section.headers)
        columns = table_columns(list(zip(section.headers, widths, formats, strict=True)))
        title = "".join(c for c in section.title if c not in "[]:*?/\\")[:31]  # what a sheet name may hold
        sheets.append((title, columns, section.rows))
    return sheets
