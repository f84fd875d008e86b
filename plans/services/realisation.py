"""Realisation of planned locations (function V: the arrangement monitors the implementation too).
One row per location key of a plan, so it holds across versions; the PRT-lid updates it without a new
plan version, and its history is kept."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions, quarters
from ..models import LocationRealisation, PlannedLocation
from ..workflow import RealisationState


def realisation_update(
    *,
    location: PlannedLocation,
    by,
    state: str,
    in_use_since: date | None = None,
    closed_since: date | None = None,
) -> LocationRealisation:
    """Record whether a location is in preparation, in use since a date, or closed since a date.
    Dates before the location's first quarter or in the future are refused; nothing is stored then."""
    plan = location.version.plan
    if not permissions.can_update_realisation(by, plan.province_id):
        raise ValidationError(
            _("Alleen een PRT-lid van deze provincie kan de realisatie bijwerken."), code="not_allowed"
        )
    if state not in RealisationState.values:
        raise ValidationError({"state": _("Kies een stand van de realisatie.")})
    today = timezone.localdate()
    first_day = quarters.start_date(location.first_quarter)
    errors = {}
    if state == RealisationState.PREPARING:
        in_use_since = closed_since = None
    else:
        if in_use_since is None:
            errors["in_use_since"] = _("Vul in sinds wanneer de locatie in gebruik is.")
        if state == RealisationState.IN_USE:
            closed_since = None
        elif closed_since is None:
            errors["closed_since"] = _("Vul in sinds wanneer de locatie is afgebouwd.")
    for name, value in (("in_use_since", in_use_since), ("closed_since", closed_since)):
        if value is None:
            continue
        if value > today:
            errors.setdefault(name, _("Deze datum ligt in de toekomst."))
        elif value < first_day:
            errors.setdefault(
                name,
                _("Deze datum ligt vóór het eerste kwartaal van de locatie (%(q)s).")
                % {"q": quarters.label(location.first_quarter)},
            )
    if in_use_since and closed_since and closed_since < in_use_since and "closed_since" not in errors:
        errors["closed_since"] = _("De locatie kan niet zijn afgebouwd vóór ze in gebruik was.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = LocationRealisation.objects.select_for_update().filter(plan=plan, key=location.key).first()
        if row is None:
            row = LocationRealisation(plan=plan, key=location.key)
        row.state = state
        row.in_use_since, row.closed_since = in_use_since, closed_since
        row.in_use_quarter = quarters.of_date(in_use_since) if in_use_since else None
        row.closed_quarter = quarters.of_date(closed_since) if closed_since else None
        row.updated_by = by
        row._history_user = by
        row.save()
    return row
