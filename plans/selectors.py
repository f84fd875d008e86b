"""Reads of plans. `plan_versions_visible_to` is the one scoping function for plan versions."""

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from loket.models import Province
from loket.roles import Role, has_role, province_id_of, sees_everything

from .models import Plan, PlanVersion
from .workflow import Status


def plan_versions_visible_to(user) -> QuerySet[PlanVersion]:
    """Core team and LRT secretary: all versions. PRT-lid and CdK-medewerker: every version of their
    own province, and adopted versions elsewhere. Everyone else: adopted (vastgesteld) versions only."""
    versions = PlanVersion.objects.select_related("plan__province")
    if sees_everything(user):
        return versions
    adopted = Q(status=Status.ADOPTED)
    if has_role(user, Role.PRT, Role.CDK) and province_id_of(user):
        return versions.filter(adopted | Q(plan__province_id=province_id_of(user)))
    return versions.filter(adopted)


def plan_progress(*, today: date | None = None) -> list[dict]:
    """Per province (all 12, in name order): its plan's latest version number and stage, when that
    version last changed, and days since it was submitted. Two queries, whatever the data size."""
    today = today or timezone.localdate()
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    plans = {
        plan.province_id: plan
        for plan in Plan.objects.annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
            latest_updated=Subquery(latest.values("updated_at")[:1]),
            latest_submitted=Subquery(latest.values("submitted_at")[:1]),
        )
    }
    rows = []
    for province in Province.objects.order_by("name"):
        plan = plans.get(province.pk)
        number = getattr(plan, "latest_number", None)
        status = Status(plan.latest_status) if number else None
        updated = plan.latest_updated if number else None
        submitted = plan.latest_submitted if number else None
        rows.append(
            {
                "province": province,
                "plan": plan,
                "version_number": number,
                "stage": status,
                "last_change": updated,
                "days_since_change": (today - timezone.localtime(updated).date()).days if updated else None,
                "days_since_submission": (today - timezone.localtime(submitted).date()).days if submitted else None,
            }
        )
    return rows
