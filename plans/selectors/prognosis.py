"""Prognosis rounds."""

from django.db.models import QuerySet

from loket.core.roles import is_core_team

from ..models import (
    PrognosisRound,
)
from ..workflow import RoundStatus


def prognosis_rounds_visible_to(user) -> QuerySet[PrognosisRound]:
    """Everyone reads published rounds; the core team also sees drafts."""
    rounds = PrognosisRound.objects.select_related("previous_round")
    if is_core_team(user):
        return rounds
    return rounds.filter(status=RoundStatus.PUBLISHED)


def latest_published_round() -> PrognosisRound | None:
    return PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED).order_by("-published_at", "-pk").first()


def previous_round_for(round_: PrognosisRound) -> PrognosisRound | None:
    """The round a province's change is measured against: for a published round the one it followed,
    for a draft the round that is published now."""
    if round_.status == RoundStatus.PUBLISHED:
        return round_.previous_round
    return latest_published_round()


def round_figures(round_: PrognosisRound) -> list[dict]:
    """Per province: figure, population share and change since the previous round. Two queries."""
    previous = previous_round_for(round_)
    rows = list(round_.provinces.select_related("province").order_by("province__name"))
    earlier = {}
    if previous is not None:
        earlier = dict(previous.provinces.values_list("province_id", "figure"))
    result = []
    for row in rows:
        before = earlier.get(row.province_id)
        result.append(
            {
                "province": row.province,
                "figure": row.figure,
                "previous": before,
                "change": row.figure - before if before is not None else None,
            }
        )
    return result


def prognosis_rounds_due_for_mailing() -> QuerySet[PrognosisRound]:
    """Published rounds whose half-yearly mailing to the PRT's has not been sent yet (for the loket app).
    Per province the figures and the change since the previous round: `round_figures(round_)`."""
    return PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED, mailing_due=True, mailed_at__isnull=True)
