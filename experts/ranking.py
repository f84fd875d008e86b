"""Ranking of experts for a question: a pure function, explained on the referral page.

Points (higher is better):
- theme: 3 per theme of the question the expert has; 1 per question theme that shares its main
  theme with one of the expert's themes (related);
- province: 2 when the expert knows the question's province (national questions: no points);
- availability: available 2, limited 1; unavailable experts are not suggested (an until-date in the
  past means the limitation is over);
- load: minus 1 per open referral, at most minus 3.
Experts without any theme or province match are not suggested. Ties: fewer open referrals, then name.
Experts whose profile is not confirmed (see `experts.selectors.expert_is_unconfirmed`) come last,
whatever their score, and the page marks them "profiel niet bevestigd".
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

THEME_EXACT = 3
THEME_RELATED = 1
PROVINCE = 2
AVAILABILITY = {"beschikbaar": 2, "beperkt": 1}
LOAD_PER_REFERRAL = 1
LOAD_CAP = 3


@dataclass(frozen=True)
class Candidate:
    expert_id: int
    name: str
    theme_ids: frozenset[int]
    theme_main_ids: frozenset[int]  # the main theme of each of the expert's themes (or itself)
    province_ids: frozenset[int]
    availability: str
    available_until: date | None = None
    open_referrals: int = 0
    listed: bool = True
    confirmed: bool = True


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    score: int
    reasons: tuple[tuple[int, str], ...] = field(default_factory=tuple)


def effective_availability(availability: str, until: date | None, today: date) -> str:
    if availability != "beschikbaar" and until is not None and until < today:
        return "beschikbaar"
    return availability


def rank_experts(
    candidates: Iterable[Candidate],
    *,
    theme_ids: Iterable[int],
    theme_main_ids: Iterable[int],
    province_id: int | None,
    today: date,
    limit: int | None = 10,
) -> list[Suggestion]:
    q_themes = frozenset(theme_ids)
    q_mains = frozenset(theme_main_ids)
    suggestions = []
    for c in candidates:
        if not c.listed:
            continue
        availability = effective_availability(c.availability, c.available_until, today)
        if availability not in AVAILABILITY:
            continue
        reasons: list[tuple[int, str]] = []
        exact = q_themes & c.theme_ids
        related = (q_mains & c.theme_main_ids) - exact if not exact else frozenset()
        if exact:
            n = len(exact)
            reasons.append(
                (
                    THEME_EXACT * n,
                    ngettext("%(n)s thema gelijk aan de vraag", "%(n)s thema's gelijk aan de vraag", n) % {"n": n},
                )
            )
        elif related:
            n = len(related)
            text = ngettext("%(n)s verwant thema (zelfde hoofdthema)", "%(n)s verwante thema's (zelfde hoofdthema)", n)
            reasons.append((THEME_RELATED * n, text % {"n": n}))
        province_match = province_id is not None and province_id in c.province_ids
        if province_match:
            reasons.append((PROVINCE, _("kent de provincie van de vraag")))
        if not exact and not related and not province_match:
            continue
        label = _("beschikbaar") if availability == "beschikbaar" else _("beperkt beschikbaar")
        reasons.append((AVAILABILITY[availability], label))
        if c.open_referrals:
            penalty = min(c.open_referrals * LOAD_PER_REFERRAL, LOAD_CAP)
            text = ngettext("%(n)s open doorverwijzing", "%(n)s open doorverwijzingen", c.open_referrals)
            reasons.append((-penalty, text % {"n": c.open_referrals}))
        suggestions.append(Suggestion(candidate=c, score=sum(p for p, _ in reasons), reasons=tuple(reasons)))
    suggestions.sort(
        key=lambda s: (
            not s.candidate.confirmed,
            -s.score,
            s.candidate.open_referrals,
            s.candidate.name.lower(),
            s.candidate.expert_id,
        )
    )
    return suggestions[:limit] if limit else suggestions
