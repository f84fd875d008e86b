"""The two-step location import: a preview per row, then applying exactly what was previewed."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from loket.core.concurrency import bump_row_version
from loket.core.models import LocationType

from .. import changes, selectors
from ..importing import parse_locations
from ..models import (
    PendingImport,
    PlannedLocation,
    PlanVersion,
)
from .versions import lock_editable

PENDING_IMPORT_LIFETIME = timedelta(hours=1)


def _fingerprint(version: PlanVersion) -> str:
    return changes.fingerprint(version.locations.order_by("pk").values_list(*changes.FINGERPRINT_FIELDS))


def locations_import_preview(
    *, version: PlanVersion, rows: list[list[str]], by, replace: bool = False, file_name: str = ""
) -> PendingImport:
    """Check the rows of a location sheet and compare them with the version: per row new, changed,
    unchanged or an error. Nothing changes in the version; the result waits (bound to `by` and the
    version, for an hour) until `locations_import_confirm`. A file without usable rows or columns raises
    a ValidationError."""
    result = parse_locations(rows)
    if result.file_errors:
        raise ValidationError(
            [ValidationError(changes.row_error(e), code="import_file") for e in result.file_errors], code="import_file"
        )
    with transaction.atomic():
        locked = lock_editable(version, by)
        existing = list(locked.locations.order_by("pk"))
        plan_keys = {
            str(key)
            for key in PlannedLocation.objects.filter(version__plan_id=locked.plan_id)
            .exclude(version=locked)
            .values_list("key", flat=True)
        }
        plan = changes.import_plan(
            parsed=result,
            existing=existing,
            plan_keys=plan_keys,
            replace=replace,
            horizon=selectors.horizon(),
            type_codes=dict(LocationType.objects.values_list("pk", "code")),
        )
        now = timezone.now()
        PendingImport.objects.filter(Q(expires_at__lte=now) | Q(version=locked, created_by=by)).delete()
        return PendingImport.objects.create(
            version=locked,
            created_by=by,
            expires_at=now + PENDING_IMPORT_LIFETIME,
            file_name=file_name[:255],
            replace=replace,
            fingerprint=changes.fingerprint(
                tuple(getattr(loc, f) for f in changes.FINGERPRINT_FIELDS) for loc in existing
            ),
            plan=plan,
        )


def locations_import_confirm(*, pending: PendingImport, by) -> dict[str, int]:
    """Apply exactly the previewed changes of `pending`, in one transaction, and remove it. Refused (and
    removed) when it expired or when the version's locations changed since the preview; refused when the
    preview has errors or someone else made it. Returns the counts of the preview."""
    refusal = None
    with transaction.atomic():
        locked = lock_editable(pending.version, by)
        current = PendingImport.objects.select_for_update().filter(pk=pending.pk, version=locked).first()
        if current is None or by is None or current.created_by_id != by.pk:
            raise ValidationError(_("Deze import bestaat niet meer of is al uitgevoerd."), code="gone")
        plan = current.plan
        if current.expires_at <= timezone.now():
            refusal = ValidationError(changes.EXPIRED_IMPORT, code="expired")
        elif _fingerprint(locked) != current.fingerprint:
            refusal = ValidationError(changes.STALE_IMPORT, code="stale")
        elif plan["counts"]["error"]:
            raise ValidationError(_("Het bestand bevat fouten. Verbeter ze en upload het opnieuw."), code="errors")
        else:
            updates = {item["id"]: item["values"] for item in plan["updates"]}
            changed = list(locked.locations.filter(pk__in=updates))
            fields = set()
            for location in changed:
                for name, value in updates[location.pk].items():
                    setattr(location, name, value)
                    fields.add(name)
                bump_row_version(location)  # an open location form of a colleague is now stale
                fields.add("row_version")
            if changed:
                bulk_update_with_history(changed, PlannedLocation, sorted(fields), default_user=by)
            if plan["deletes"]:
                locked.locations.filter(pk__in=plan["deletes"]).delete()
            new = [
                PlannedLocation(version=locked, key=item["key"] or uuid.uuid4(), **item["values"])
                for item in plan["creates"]
            ]
            bulk_create_with_history(new, PlannedLocation, default_user=by)
            locked.save(update_fields=["updated_at"])
            current.delete()
            return plan["counts"]
    PendingImport.objects.filter(pk=pending.pk).delete()
    raise refusal


def pending_import_cancel(*, pending: PendingImport, by) -> None:
    PendingImport.objects.filter(pk=pending.pk, created_by=by).delete()
