"""Reads of plans. `plan_versions_visible_to` is the one scoping function for plan versions."""

from datetime import date

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext

from loket.core.models import Province
from loket.core.roles import Role, has_role, is_core_team, province_id_of, sees_everything

from . import changes, quarters
from .models import (
    LocationRealisation,
    PendingImport,
    Plan,
    PlannedLocation,
    PlanVersion,
    PrognosisRound,
    Region,
    ReviewComment,
    SupportRequest,
    SupportStatusChange,
)
from .workflow import EDITABLE, SETTLED, SUPPORT_OPEN, RealisationState, RoundStatus, Status, SupportStatus


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


# --- prognosis rounds ---------------------------------------------------------------------------


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


# --- plan versions ------------------------------------------------------------------------------


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


def capacity_by_quarter(version_ids, quarter_list: list[int]) -> dict[int, dict[int, int]]:
    """Version pk -> {quarter: planned capacity}. One query (conditional aggregation per quarter)."""
    if not quarter_list:
        return {}
    rows = (
        PlannedLocation.objects.filter(version_id__in=version_ids)
        .values("version_id")
        .annotate(**{f"q{q}": _in_quarter_sum(q) for q in quarter_list})
    )
    return {row["version_id"]: {q: row[f"q{q}"] or 0 for q in quarter_list} for row in rows}


def _in_quarter_sum(q: int) -> Sum:
    return Sum(
        "capacity",
        filter=Q(first_quarter__lte=q) & (Q(last_quarter__isnull=True) | Q(last_quarter__gte=q)),
    )


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


def prognosis_rounds_due_for_mailing() -> QuerySet[PrognosisRound]:
    """Published rounds whose half-yearly mailing to the PRT's has not been sent yet (for the loket app).
    Per province the figures and the change since the previous round: `round_figures(round_)`."""
    return PrognosisRound.objects.filter(status=RoundStatus.PUBLISHED, mailing_due=True, mailed_at__isnull=True)


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


# --- regions ------------------------------------------------------------------------------------


def regions_of(province_id: int) -> QuerySet[Region]:
    return Region.objects.filter(province_id=province_id, active=True).order_by("name")


def version_by_region(version: PlanVersion, quarter_list: list[int], locations=None) -> list[dict]:
    """Per region of the version's locations (and "no region"): location count, capacity and capacity
    per quarter. One query."""
    locations = version.locations.all() if locations is None else locations
    rows = (
        locations.values("region_id", "region__name")
        .annotate(n=Count("pk"), total=Sum("capacity"), **{f"q{q}": _in_quarter_sum(q) for q in quarter_list})
        .order_by("region__name")
    )
    return [
        {
            "region": row["region__name"] or gettext("Geen regio"),
            "count": row["n"],
            "capacity": row["total"] or 0,
            "quarters": [row[f"q{q}"] or 0 for q in quarter_list],
        }
        for row in rows
    ]


# --- review comments ----------------------------------------------------------------------------


def review_comments_of(version: PlanVersion) -> list[ReviewComment]:
    return list(version.review_comments.select_related("answered_by", "resolved_by").order_by("created_at", "pk"))


def open_comment_counts(version_ids) -> dict[int, int]:
    """Version pk -> number of unresolved review comments. One query."""
    return dict(
        ReviewComment.objects.filter(version_id__in=version_ids, resolved_at__isnull=True)
        .values("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )


def open_comments_by_province() -> dict[int, int]:
    """Province pk -> unresolved comments on the versions that still count (not settled). One query."""
    return dict(
        ReviewComment.objects.filter(resolved_at__isnull=True)
        .exclude(version__status__in=SETTLED)
        .values("version__plan__province_id")
        .annotate(n=Count("pk"))
        .values_list("version__plan__province_id", "n")
    )


# --- practical support --------------------------------------------------------------------------


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


# --- realisation of locations -------------------------------------------------------------------


def realisations_of(plan_id: int) -> dict:
    """Location key -> its LocationRealisation (one row per key, across versions). One query."""
    return {r.key: r for r in LocationRealisation.objects.filter(plan_id=plan_id)}


def realisation_history(plan_id: int, key) -> list:
    return list(
        LocationRealisation.history.filter(plan_id=plan_id, key=key)
        .select_related("history_user")
        .order_by("-history_date")[:25]
    )


def realisation_annotations(outer_plan: str = "version__plan_id") -> dict:
    """Subqueries that give a planned location the quarters of its realisation (by plan and key)."""
    row = LocationRealisation.objects.filter(plan_id=OuterRef(outer_plan), key=OuterRef("key"))
    return {
        "realised_from": Subquery(row.values("in_use_quarter")[:1]),
        "realised_until": Subquery(row.values("closed_quarter")[:1]),
        "realisation_state": Subquery(row.values("state")[:1]),
    }


def realised_in(q: int) -> Q:
    """A location counts as realised in quarter q from the quarter it went in use up to, not including,
    the quarter it was closed."""
    return Q(realised_from__lte=q) & (Q(realised_until__isnull=True) | Q(realised_until__gt=q))


def implementation_progress(*, today: date | None = None) -> dict[int, dict]:
    """Province pk -> implementation of its current version (the newest not settled): places planned
    to be in use in the current quarter, of those realised, their share (%), and the locations late
    against their first quarter (that quarter has passed and they are not in use). One query."""
    today = today or timezone.localdate()
    now = quarters.of_date(today)
    newest = PlanVersion.objects.filter(plan=OuterRef("version__plan")).exclude(status__in=SETTLED).order_by("-number")
    active_now = Q(first_quarter__lte=now) & (Q(last_quarter__isnull=True) | Q(last_quarter__gte=now))
    rows = (
        PlannedLocation.objects.annotate(newest=Subquery(newest.values("pk")[:1]), **realisation_annotations())
        .filter(version_id=F("newest"))
        .values("version__plan__province_id")
        .annotate(
            planned=Sum("capacity", filter=active_now),
            realised=Sum("capacity", filter=active_now & realised_in(now)),
            late=Count(
                "pk",
                filter=Q(first_quarter__lt=now)
                & (Q(realisation_state__isnull=True) | Q(realisation_state=RealisationState.PREPARING)),
            ),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        planned, realised = row["planned"] or 0, row["realised"] or 0
        result[row["version__plan__province_id"]] = {
            "planned": planned,
            "realised": realised,
            "share": round(100 * realised / planned) if planned else None,
            "late": row["late"],
        }
    return result
