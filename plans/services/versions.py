"""Plan versions and their locations: start a version, edit its texts and locations (with the row
version that refuses a stale save), and move it through its states."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from loket.core.concurrency import bump_row_version, check_row_version
from loket.core.models import Province
from loket.core.workflow import check_transition

from .. import changes, permissions
from ..models import (
    Plan,
    PlannedLocation,
    PlanStatusChange,
    PlanVersion,
)
from ..workflow import (
    EDITABLE,
    SUPERSEDED_BY_ADOPTION,
    TRANSITIONS,
    WITHDRAWN_BY_REVISION,
    Status,
)

# --- plans and versions -------------------------------------------------------------------------

NARRATIVE_FIELDS = ("scaling", "regional", "roles", "risks")
# The fields of a location a person sets: the one list in plans.changes.
LOCATION_FIELDS = changes.COMPARED_FIELDS


def lock_editable(version: PlanVersion, by) -> PlanVersion:
    locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(_("Deze versie is ingediend en kan niet meer worden gewijzigd. Start een nieuwe versie."))
    if by is not None and not permissions.can_edit_version(by, locked):
        raise ValidationError(_("U mag deze versie niet wijzigen."))
    return locked


def plan_version_start(*, province: Province, by) -> PlanVersion:
    """A new concept version, copied from the latest version (narrative and locations), if any.
    Refused while the province still has a version in concept or in PRT."""
    with transaction.atomic():
        plan, _created = Plan.objects.get_or_create(province=province)
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        latest = plan.versions.order_by("-number").first()
        if latest and latest.status in EDITABLE:
            raise ValidationError(
                _("Versie %(n)s is nog niet ingediend; werk die versie bij in plaats van een nieuwe te starten.")
                % {"n": latest.number}
            )
        number = (plan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        # A revision withdraws what is still submitted: it no longer awaits adoption.
        for stale in plan.versions.select_for_update().filter(status=Status.SUBMITTED):
            _apply_transition(stale, Status.WITHDRAWN, by=by, note=WITHDRAWN_BY_REVISION % {"n": number})
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            status=Status.CONCEPT,
            created_by=by,
            based_on=latest,
            **{name: getattr(latest, name) for name in NARRATIVE_FIELDS} if latest else {},
        )
        if latest:
            # The copy keeps each location's key: the same location in every version of the plan.
            copies = [
                PlannedLocation(
                    version=version,
                    key=loc.key,
                    **{f: getattr(loc, f) for f in (*LOCATION_FIELDS, *changes.CARRIED_FIELDS)},
                )
                for loc in latest.locations.all()
            ]
            bulk_create_with_history(copies, PlannedLocation, default_user=by)
        PlanStatusChange.objects.create(
            version=version,
            from_status="",
            to_status=Status.CONCEPT,
            by=by,
            note=_("Nieuwe versie op basis van versie %(n)s.") % {"n": latest.number}
            if latest
            else _("Eerste versie."),
        )
    return version


STALE_TEXTS = gettext_lazy(
    "Een collega heeft de teksten van deze versie zojuist gewijzigd. Uw wijziging is niet opgeslagen."
)
STALE_LOCATION = gettext_lazy("Een collega heeft deze locatie zojuist gewijzigd. Uw wijziging is niet opgeslagen.")
GONE_LOCATION = gettext_lazy("Een collega heeft deze locatie intussen verwijderd. Uw wijziging is niet opgeslagen.")


def plan_version_update(
    *, version: PlanVersion, by, expected_row_version: int | None = None, **narrative: str
) -> PlanVersion:
    """Change the narrative sections of an editable version. With `expected_row_version` (the counter
    the form was loaded with) a save after a colleague's is refused with StaleEdit; nothing is written."""
    with transaction.atomic():
        locked = lock_editable(version, by)
        check_row_version(locked, expected_row_version, STALE_TEXTS)
        for name, value in narrative.items():
            if name not in NARRATIVE_FIELDS:
                raise ValueError(name)
            setattr(locked, name, value)
        bump_row_version(locked)
        locked.save()
    return locked


def _lock_location(locked_version: PlanVersion, location: PlannedLocation) -> PlannedLocation:
    current = PlannedLocation.objects.select_for_update().filter(pk=location.pk).first()
    if current is None:
        raise ValidationError(GONE_LOCATION, code="gone")
    if current.version_id != locked_version.pk:
        raise ValidationError(_("Deze locatie hoort niet bij deze versie."))
    return current


def location_save(
    *,
    version: PlanVersion,
    by,
    location: PlannedLocation | None = None,
    expected_row_version: int | None = None,
    **values,
) -> PlannedLocation:
    """Add a location to an editable version, or change one of its locations. A change with
    `expected_row_version` (the counter the form was loaded with) is refused with StaleEdit when a
    colleague changed the location meanwhile; nothing is written."""
    with transaction.atomic():
        locked = lock_editable(version, by)
        if location is None:
            location = PlannedLocation(version=locked)
        else:
            location = _lock_location(locked, location)
            check_row_version(location, expected_row_version, STALE_LOCATION)
            bump_row_version(location)
        for name, value in values.items():
            if name not in LOCATION_FIELDS and name not in ("location_type", "region"):
                raise ValueError(name)
            setattr(location, name, value)
        if location.region_id and location.region.province_id != locked.plan.province_id:
            raise ValidationError({"region": _("Deze regio hoort niet bij de provincie van dit plan.")})
        location.full_clean(exclude=["version"])
        location.save()
        locked.save(update_fields=["updated_at"])
    return location


def location_delete(*, location: PlannedLocation, by, expected_row_version: int | None = None) -> None:
    """Remove a location; refused with StaleEdit when a colleague changed it after the page was loaded."""
    with transaction.atomic():
        locked = lock_editable(location.version, by)
        current = _lock_location(locked, location)
        check_row_version(current, expected_row_version, STALE_LOCATION)
        current.delete()
        locked.save(update_fields=["updated_at"])


def plan_version_transition(*, version: PlanVersion, to: Status | str, by, note: str = "") -> PlanVersion:
    """Move a version through concept -> in PRT -> ingediend -> vastgesteld (see workflow.py).
    Locks the row, refuses illegal moves and moves the user may not make, writes the history row."""
    to = Status(to)
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
        current = Status(locked.status)
        check_transition(TRANSITIONS, current, to, noun=_("Een versie"))
        if by is not None and not permissions.can_transition(by, locked, to):
            raise ValidationError(_("U mag deze stap niet zetten."), code="not_allowed")
        if to == Status.SUBMITTED and not locked.locations.exists():
            raise ValidationError(_("Een versie zonder locaties kan niet worden ingediend."), code="empty")
        _apply_transition(locked, to, by=by, note=note)
        if to == Status.ADOPTED:
            # Older versions still submitted are settled by this adoption.
            stale = (
                PlanVersion.objects.select_for_update()
                .filter(plan_id=locked.plan_id, status=Status.SUBMITTED, number__lt=locked.number)
                .order_by("number")
            )
            for older in stale:
                _apply_transition(older, Status.SUPERSEDED, by=by, note=SUPERSEDED_BY_ADOPTION % {"n": locked.number})
    return locked


def _apply_transition(locked: PlanVersion, to: Status, *, by, note: str) -> None:
    """The one place a version changes status: checks the edge, sets the dates, writes the history row.
    Callers hold the row lock inside a transaction."""
    current = Status(locked.status)
    check_transition(TRANSITIONS, current, to, noun=_("Een versie"))
    now = timezone.now()
    locked.status = to
    if to == Status.SUBMITTED:
        locked.submitted_at = now
    if to == Status.ADOPTED:
        locked.adopted_at = now
    locked.save()
    PlanStatusChange.objects.create(version=locked, from_status=current, to_status=to, by=by, note=note)
