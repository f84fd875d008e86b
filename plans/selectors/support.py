"""Practical support requests."""

from django.db.models import Count, QuerySet

from loket.core.roles import Role, has_role, is_core_team, province_id_of

from ..models import SupportRequest, SupportStatusChange
from ..workflow import SUPPORT_OPEN, SupportStatus


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


def support_figures(*, low=None, high=None) -> dict:
    """For the evaluation: the support requests made in [low, high) (aware datetimes; None: open),
    counted per province, kind and state, and for each accepted request when it was made and when
    it was accepted (for the working days to acceptance). Two queries."""
    requests = SupportRequest.objects.all()
    if low:
        requests = requests.filter(created_at__gte=low)
    if high:
        requests = requests.filter(created_at__lt=high)
    return {
        "counts": list(requests.values_list("province_id", "kind", "status").annotate(n=Count("pk")).order_by()),
        "accepted": list(
            SupportStatusChange.objects.filter(request__in=requests, to_status=SupportStatus.ACCEPTED)
            .values_list("request__province_id", "request__kind", "request__created_at", "created_at")
            .order_by()
        ),
    }
