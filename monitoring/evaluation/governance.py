"""Evaluation sections about the signals register: signals per kind and province, and the
escalations to the LRT with their decisions."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ..models import Escalation, Signal, SignalKind
from .base import Scope, Section

SignalProvince = Signal.provinces.through


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
    places = [*scope.provinces(), (None, _("Landelijk"))]
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
