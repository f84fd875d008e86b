"""Evaluation sections about practical support (function III of the arrangement): the requests per
kind and state, and per province, with the working days until the core team accepted them."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.workdays import working_day_counter
from plans.selectors import support_figures
from plans.workflow import SupportKind, SupportStatus

from .base import Scope, Section, median

# The states a request reaches only after it was accepted (accepted, planned, done).
ACCEPTED_OR_LATER = frozenset({SupportStatus.ACCEPTED, SupportStatus.PLANNED, SupportStatus.DONE})


def _what_is_counted() -> str:
    return _(
        "Aanvragen voor praktische ondersteuning die een PRT of CdK in de periode deed, met hun status nu. "
        "Werkdagen tot acceptatie: van de dag van de aanvraag tot de dag waarop het kernteam haar accepteerde "
        "(weekenden, feestdagen en vrije dagen tellen niet); de mediaan is de middelste waarde."
    )


def _figures(scope: Scope) -> dict:
    """The grouped counts and the working days to acceptance, once per scope for both sections."""
    if "support" in scope._memo:
        return scope._memo["support"]
    low, high = scope.bounds()
    raw = support_figures(low=low, high=high)
    days: dict[str, list[int]] = defaultdict(list)  # "kind:<k>" / "province:<pk>" / "all"
    if raw["accepted"]:
        local = [
            (province, kind, timezone.localtime(made).date(), timezone.localtime(accepted).date())
            for province, kind, made, accepted in raw["accepted"]
        ]
        between = working_day_counter(min(row[2] for row in local), max(row[3] for row in local))
        for province, kind, made, accepted in local:
            n = between(made, accepted)
            days[f"kind:{kind}"].append(n)
            days[f"province:{province}"].append(n)
            days["all"].append(n)
    scope._memo["support"] = {"counts": raw["counts"], "days": days}
    return scope._memo["support"]


def support_kind_section(scope: Scope) -> Section:
    figures = _figures(scope)
    table: dict = defaultdict(lambda: defaultdict(int))
    for _province, kind, status, n in figures["counts"]:
        table[kind][status] += n
    statuses = list(SupportStatus)
    rows = []
    for kind in SupportKind:
        values = [table[kind.value][s.value] for s in statuses]
        rows.append([kind.label, *values, sum(values), median(figures["days"][f"kind:{kind.value}"])])
    totals = [sum(row[1 + i] for row in rows) for i in range(len(statuses) + 1)]
    return Section(
        "ondersteuning",
        _("Praktische ondersteuning per soort en status"),
        _what_is_counted(),
        [_("Soort ondersteuning"), *[s.label for s in statuses], _("Totaal"), _("Mediaan werkdagen tot acceptatie")],
        rows,
        len(statuses) + 1,
        [None, *["0"] * (len(statuses) + 1), "0.0"],
        total_row=[_("Alle soorten"), *totals, median(figures["days"]["all"])],
    )


def support_province_section(scope: Scope) -> Section:
    figures = _figures(scope)
    table: dict = defaultdict(lambda: defaultdict(int))
    for province, _kind, status, n in figures["counts"]:
        table[province]["total"] += n
        table[province]["accepted"] += n if status in ACCEPTED_OR_LATER else 0
        table[province]["declined"] += n if status == SupportStatus.DECLINED else 0
        table[province]["done"] += n if status == SupportStatus.DONE else 0
    columns = ("total", "accepted", "declined", "done")
    rows = [
        [name, *[table[pk][c] for c in columns], median(figures["days"][f"province:{pk}"])]
        for pk, name in scope.provinces()
    ]
    return Section(
        "ondersteuning-provincie",
        _("Praktische ondersteuning per provincie"),
        _("Per provincie: de aanvragen, hoeveel het kernteam accepteerde of afwees en hoeveel er zijn afgerond. ")
        + _what_is_counted(),
        [
            _("Provincie"),
            _("Aanvragen"),
            _("Geaccepteerd"),
            _("Afgewezen"),
            _("Afgerond"),
            _("Mediaan werkdagen tot acceptatie"),
        ],
        rows,
        1,
        [None, "0", "0", "0", "0", "0.0"],
        total_row=[
            _("Alle provincies"),
            *[sum(row[1 + i] for row in rows) for i in range(len(columns))],
            median(figures["days"]["all"]),
        ],
    )
