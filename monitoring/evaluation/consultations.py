"""Evaluation sections about the consultations on draft kaders (issue 15): the rounds held with
their invitees and comments, how the core team handled the comments, and both per organisation type."""

from __future__ import annotations

from django.utils.translation import gettext as _

from loket.core.formats import short_date
from loket.core.models import OrganisationType
from loket.publications.consultations.selectors import consultation_figures
from loket.publications.consultations.workflow import Handling

from .base import Scope, Section, share

UNANSWERED = ""  # a comment without a handling still waits for the core team's answer


def _figures(scope: Scope) -> dict:
    if "consultations" not in scope._memo:
        low, high = scope.bounds()
        scope._memo["consultations"] = consultation_figures(low=low, high=high)
    return scope._memo["consultations"]


def _handling_headers() -> list[str]:
    return [h.label for h in Handling]


def consultation_round_section(scope: Scope) -> Section:
    figures = _figures(scope)
    comments = figures["comments"]
    rows = []
    for pk, title, version, closes_on in figures["rounds"]:
        per_handling = [comments.get((pk, h.value), 0) for h in Handling]
        total = sum(per_handling) + comments.get((pk, UNANSWERED), 0)
        label = _("%(title)s (versie %(version)s, tot %(date)s)") % {
            "title": title,
            "version": version,
            "date": short_date(closes_on),
        }
        rows.append([label, figures["invitees"].get(pk, 0), total, sum(per_handling), *per_handling])
    width = 3 + len(Handling)
    return Section(
        "consultaties",
        _("Consultatierondes, genodigden en reacties"),
        _(
            "De consultatierondes op conceptkaders die in de periode zijn geopend: hoeveel mensen waren "
            "uitgenodigd, hoeveel reacties kwamen er, hoeveel het kernteam al heeft beantwoord en hoe "
            "(overgenomen, deels overgenomen, niet overgenomen)."
        ),
        [_("Ronde"), _("Genodigden"), _("Reacties"), _("Beantwoord"), *_handling_headers()],
        rows,
        2,
        [None, *["0"] * width],
        total_row=[
            _("Alle rondes (%(n)s)") % {"n": len(rows)},
            *[sum(row[1 + i] for row in rows) for i in range(width)],
        ],
    )


def consultation_handling_section(scope: Scope) -> Section:
    counts: dict[str, int] = {}
    for (_pk, handling), n in _figures(scope)["comments"].items():
        counts[handling] = counts.get(handling, 0) + n
    answered = sum(n for handling, n in counts.items() if handling != UNANSWERED)
    rows = [[h.label, counts.get(h.value, 0), share(counts.get(h.value, 0), answered)] for h in Handling]
    rows.append([_("Nog niet beantwoord"), counts.get(UNANSWERED, 0), None])
    return Section(
        "consultatie-verwerking",
        _("Verwerking van de consultatiereacties"),
        _(
            "Alle reacties in de rondes van de periode naar wat het kernteam ermee deed. Het aandeel telt "
            "alleen de beantwoorde reacties: van elke 100 beantwoorde reacties zoveel overgenomen, deels "
            "overgenomen of niet overgenomen."
        ),
        [_("Verwerking"), _("Reacties"), _("Aandeel van de beantwoorde (%)")],
        rows,
        1,
        [None, "0", "0.0"],
        total_row=[_("Alle reacties"), sum(counts.values()), None],
    )


def consultation_organisation_section(scope: Scope) -> Section:
    figures = _figures(scope)
    invitees = figures["invitees_by_type"]
    comments = figures["comments_by_type"]
    types = [(value, label) for value, label in OrganisationType.choices]
    if "" in invitees or any(kind == "" for kind, _h in comments):
        types.append(("", _("Niet in de lijst")))
    rows = []
    for value, label in types:
        per_handling = [comments.get((value, h.value), 0) for h in Handling]
        total = sum(per_handling) + comments.get((value, UNANSWERED), 0)
        rows.append([label, invitees.get(value, 0), total, *per_handling])
    width = 2 + len(Handling)
    return Section(
        "consultatie-organisatie",
        _("Consultatie per soort organisatie"),
        _(
            "Genodigden en reacties naar de soort organisatie van de persoon (uit het profiel), met hoe "
            "het kernteam de reacties verwerkte. Wie zonder organisatie reageerde, staat onder "
            "\u201cNiet in de lijst\u201d."
        ),
        [_("Soort organisatie"), _("Genodigden"), _("Reacties"), *_handling_headers()],
        rows,
        2,
        [None, *["0"] * width],
        total_row=[_("Totaal"), *[sum(row[1 + i] for row in rows) for i in range(width)]],
    )
