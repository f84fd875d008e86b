"""Plan versions: who sees which, the overview, comparison, edit log and the horizon."""

from datetime import date

from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext

from loket.core.models import Province
from loket.core.roles import Role, has_role, province_id_of, sees_everything

from .. import changes, quarters
from ..models import (
    PendingImport,
    Plan,
    PlannedLocation,
    PlanVersion,
)
from ..workflow import EDITABLE, SETTLED, Status


def plan_versions_visible_to(user) -> QuerySet[PlanVersion]:
    """Core team, LRT secretary and COA landelijk: all versions. PRT-lid and CdK-medewerker: every
    version of their own province, and adopted versions elsewhere. Everyone else: adopted (vastgesteld)
    versions only."""
    versions = PlanVersion.objects.select_related("plan__province")
    if sees_everything(user) or has_role(user, Role.COA):
        return versions
    adopted = Q(status=Status.ADOPTED)
    if has_role(user, Role.PRT, Role.CDK) and province_id_of(user):
        return versions.filter(adopted | Q(plan__province_id=province_id_of(user)))
    return versions.filter(adopted)


def visibility_key(user) -> str:
    """Equal keys see the same plan versions (`plan_versions_visible_to`), and the same texts about them
    (a visitor who is not logged in reads other words than a logged-in user without a partner role)."""
    if sees_everything(user) or has_role(user, Role.COA):
        return "all"
    if has_role(user, Role.PRT, Role.CDK) and province_id_of(user):
        return f"province:{province_id_of(user)}"
    return "adopted:user" if getattr(user, "is_authenticated", False) else "adopted"


def planned_locations_visible_to(user) -> QuerySet[PlannedLocation]:
    """The locations of the newest plan version per province that `user` may see (through
    `plan_versions_visible_to`): what the search box and lists of locations show."""
    return PlannedLocation.objects.filter(version__in=latest_visible_versions(user).values("pk")).select_related(
        "version__plan__province"
    )


def plan_progress(*, today: date | None = None) -> list[dict]:
    """Per province (all 12, in name order): its plan's latest version number and stage, when that
    version last changed, and days since it was submitted. Versions settled by a later one (withdrawn,
    superseded) do not count. Two queries, whatever the data size."""
    today = today or timezone.localdate()
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).exclude(status__in=SETTLED).order_by("-number")
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


def latest_visible_versions(user) -> QuerySet[PlanVersion]:
    """Per plan the newest version this user may see."""
    visible = plan_versions_visible_to(user)
    newest = visible.filter(plan=OuterRef("plan")).order_by("-number").values("pk")[:1]
    return visible.filter(pk=Subquery(newest))


def plans_overview(user) -> list[dict]:
    """All 12 provinces with the newest version the user may see, its location count and capacity."""
    latest = {
        v.plan.province_id: v
        for v in latest_visible_versions(user).annotate(
            location_count=Count("locations"), capacity_total=Sum("locations__capacity")
        )
    }
    return [{"province": p, "version": latest.get(p.pk)} for p in Province.objects.order_by("name")]


def versions_of_province(user, province: Province) -> QuerySet[PlanVersion]:
    return (
        plan_versions_visible_to(user)
        .filter(plan__province=province)
        .annotate(location_count=Count("locations"), capacity_total=Sum("locations__capacity"))
        .order_by("-number")
    )


def conditional_sum(condition: str, *, alias: str = "l") -> str:
    """SUM(capacity) of the rows (of table `alias`) that meet `condition`: with FILTER where the database
    has it (PostgreSQL skips the other rows three times faster than it adds the NULLs of a CASE), else
    with CASE."""
    if connection.features.supports_aggregate_filter_clause:
        return f"SUM({alias}.capacity) FILTER (WHERE {condition})"
    return f"SUM(CASE WHEN {condition} THEN {alias}.capacity END)"


def quarter_sums(quarter_list: list[int], *, alias: str = "l") -> tuple[list[str], list[int]]:
    """Per quarter the SQL of the planned capacity in that quarter (`alias`: the locations' table) and
    its parameters. Written as SQL, not as ORM aggregates: building a dozen filtered Sum expressions
    took the ORM ~2 ms per query, longer than the database took to run it (issue 21)."""
    planned = conditional_sum(
        f"{alias}.first_quarter <= %s AND ({alias}.last_quarter IS NULL OR {alias}.last_quarter >= %s)", alias=alias
    )
    return [planned] * len(quarter_list), [q for q in quarter_list for _ in (0, 1)]


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def capacity_by_quarter(version_ids, quarter_list: list[int]) -> dict[int, dict[int, int]]:
    """Version pk -> {quarter: planned capacity}. One query (conditional aggregation per quarter)."""
    version_ids = list(version_ids)
    if not quarter_list or not version_ids:
        return {}
    sums, params = quarter_sums(quarter_list)
    sql = (
        f"SELECT l.version_id, {', '.join(sums)} FROM {PlannedLocation._meta.db_table} l "  # noqa: S608 - no user text
        f"WHERE l.version_id IN ({placeholders(version_ids)}) GROUP BY l.version_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *version_ids))
        rows = cursor.fetchall()
    return {
        version_id: {q: value or 0 for q, value in zip(quarter_list, values, strict=True)}
        for version_id, *values in rows
    }


def compare_versions(old: PlanVersion, new: PlanVersion) -> dict:
    """Locations added, removed and changed between two versions, matched by their stable key (not by
    name: a renamed location is changed, a second location with the same name is added). Each with its
    change in capacity per quarter; and capacity per quarter of both versions side by side over the
    horizon. Two queries, whatever the number of locations."""
    quarter_list = horizon()
    locations = list(
        PlannedLocation.objects.filter(version_id__in=[old.pk, new.pk])
        .select_related("location_type")
        .order_by("name", "pk")
    )
    old_locs = {loc.key: loc for loc in locations if loc.version_id == old.pk}
    new_locs = {loc.key: loc for loc in locations if loc.version_id == new.pk}
    type_codes = {loc.location_type_id: loc.location_type.code for loc in locations}
    added = [
        {"location": loc, "quarters": changes.quarter_changes(None, changes.values_of(loc), quarter_list)}
        for key, loc in new_locs.items()
        if key not in old_locs
    ]
    removed = [
        {"location": loc, "quarters": changes.quarter_changes(changes.values_of(loc), None, quarter_list)}
        for key, loc in old_locs.items()
        if key not in new_locs
    ]
    changed = []
    for key, after in new_locs.items():
        before = old_locs.get(key)
        if before is None:
            continue
        before_values, after_values = changes.values_of(before), changes.values_of(after)
        diffs = changes.diffs(before_values, after_values, type_codes)
        if diffs:
            changed.append(
                {
                    "location": after,
                    "before": before,
                    "diffs": diffs,
                    "quarters": changes.quarter_changes(before_values, after_values, quarter_list),
                }
            )
    totals = capacity_by_quarter([old.pk, new.pk], quarter_list)
    per_quarter = [
        {
            "quarter": q,
            "label": quarters.label(q),
            "old": totals.get(old.pk, {}).get(q, 0),
            "new": totals.get(new.pk, {}).get(q, 0),
        }
        for q in quarter_list
    ]
    for row in per_quarter:
        row["difference"] = row["new"] - row["old"]
    return {"added": added, "removed": removed, "changed": changed, "per_quarter": per_quarter}


def pending_import_for(user, version: PlanVersion, token) -> PendingImport | None:
    """The import preview `token` of this version, only for the person who uploaded it."""
    if not user.is_authenticated:
        return None
    return PendingImport.objects.filter(token=token, version=version, created_by=user).first()


def horizon(*, today: date | None = None, length: int | None = None, start: int | None = None) -> list[int]:
    """The quarters of the horizon: from the current quarter (or `start`), PLANS_HORIZON_QUARTERS long."""
    today = today or timezone.localdate()
    length = length or settings.PLANS_HORIZON_QUARTERS
    first = start if start is not None else quarters.of_date(today)
    return list(range(first, first + length))


def version_edit_log(version: PlanVersion, *, limit: int = 25) -> list[dict]:
    """The latest edits of a version (its texts and its locations), newest first. Two queries."""
    kinds = {"+": gettext("toegevoegd"), "~": gettext("gewijzigd"), "-": gettext("verwijderd")}
    entries = [
        {
            "when": record.history_date,
            "by": record.history_user,
            "what": gettext("Locatie %(name)s") % {"name": record.name},
            "kind": kinds.get(record.history_type, record.history_type),
        }
        for record in PlannedLocation.history.filter(version_id=version.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ]
    entries += [
        {
            "when": record.history_date,
            "by": record.history_user,
            "what": gettext("Versie (teksten of status)"),
            "kind": kinds.get(record.history_type, record.history_type),
        }
        for record in version.history.select_related("history_user").order_by("-history_date")[:limit]
    ]
    return sorted(entries, key=lambda e: e["when"], reverse=True)[:limit]


def draft_version_of_province(user, province_code: str) -> PlanVersion | None:
    """The draft (concept or in PRT) version of a province's plan, if `user` may see it
    (`plan_versions_visible_to`): what a partner system reads and edits through the API."""
    return (
        plan_versions_visible_to(user)
        .filter(plan__province__code=str(province_code).upper(), status__in=EDITABLE)
        .order_by("-number")
        .first()
    )
