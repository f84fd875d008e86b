"""Practical support requests."""

from django.db.models import Count, QuerySet

from loket.core.models import Province
from loket.core.roles import Role, has_role, is_core_team, province_id_of

from ..models import (
    SupportRequest,
)
from ..workflow import SUPPORT_OPEN, SupportKind


def support_requests_visible_to(user) -> QuerySet[SupportRequest]:
    """Core team: every request. PRT-lid and CdK-medewerker: those of their own province. Others: none."""
    requests = SupportRequest.objects.select_related("province", "requested_by", "assignee")
    if is_core_team(user):
        return requests
    if has_role(user, Role.PRT, Role.CDK) and province_id_of(user):
        return requests.filter(province_id=province_id_of(user))
    return requests.none()


def open_support_requests() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(status__in=SUPPORT_OPEN)


def open_support_by_province() -> dict[int, int]:
    return dict(open_support_requests().values("province_id").annotate(n=Count("pk")).values_list("province_id", "n"))


def support_counts(*, since=None, until=None) -> dict:
    """For the evaluation: support requests per kind and per province (all states), with totals.
    One query."""
    rows = SupportRequest.objects.all()
    if since:
        rows = rows.filter(created_at__date__gte=since)
    if until:
        rows = rows.filter(created_at__date__lte=until)
    counts: dict[tuple[int, str], int] = {
        (r["province_id"], r["kind"]): r["n"]
        for r in rows.values("province_id", "kind").annotate(n=Count("pk")).order_by()
    }
    kinds = list(SupportKind)
    table = []
    for province in Province.objects.order_by("name"):
        values = [counts.get((province.pk, kind.value), 0) for kind in kinds]
        table.append({"province": province, "values": values, "total": sum(values)})
    totals = [sum(row["values"][i] for row in table) for i in range(len(kinds))]
    return {"kinds": kinds, "rows": table, "totals": totals, "total": sum(totals)}
