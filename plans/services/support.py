"""Practical support requests (function III: the arrangement supports the drafting, it does not take
it over). A PRT-lid or CdK-medewerker asks for their own province; the core team accepts or declines
(with a reason), assigns a member, plans and records the outcome. Every move writes a history row and
mails the requester after the commit (task `plans.send_support_update`, by name)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.models import Province
from loket.core.outbox import enqueue_on_commit
from loket.core.roles import Role, has_role
from loket.core.workflow import check_transition

from .. import permissions
from ..models import SupportRequest, SupportStatusChange
from ..workflow import SUPPORT_TRANSITIONS, SupportKind, SupportStatus


def support_request_create(
    *, by, province: Province, kind: str, description: str, wished_date: date | None = None
) -> SupportRequest:
    if not permissions.can_request_support(by, getattr(province, "pk", None)):
        raise ValidationError(
            {"province": _("U kunt alleen ondersteuning aanvragen voor uw eigen provincie.")}, code="other_province"
        )
    if kind not in SupportKind.values:
        raise ValidationError({"kind": _("Kies een soort ondersteuning.")})
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Beschrijf waarmee u ondersteuning wilt.")})
    if wished_date is not None and wished_date < timezone.localdate():
        raise ValidationError({"wished_date": _("De gewenste datum ligt in het verleden.")})
    with transaction.atomic():
        request = SupportRequest.objects.create(
            province=province, kind=kind, description=description, wished_date=wished_date, requested_by=by
        )
        change = SupportStatusChange.record(
            request=request, source="", to=SupportStatus.REQUESTED, by=by, note=_("Aanvraag ingediend.")
        )
        enqueue_on_commit("plans.send_support_update", change.pk)
    return request


def support_request_transition(
    *,
    request: SupportRequest,
    to: SupportStatus | str,
    by,
    note: str = "",
    assignee=None,
    planned_for: date | None = None,
    outcome: str = "",
) -> SupportRequest:
    """The core team moves a request: accept (with the member who takes it), decline (with a reason),
    plan (with a date) or finish (with the outcome). Nothing is stored when a required part is missing."""
    to = SupportStatus(to)
    note, outcome = (note or "").strip(), (outcome or "").strip()
    with transaction.atomic():
        locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
        check_transition(SUPPORT_TRANSITIONS, locked.status, to, noun=_("Een aanvraag"))
        if not permissions.can_handle_support(by):
            raise ValidationError(_("Alleen het kernteam handelt aanvragen af."), code="not_allowed")
        errors = {}
        if to == SupportStatus.ACCEPTED:
            if assignee is None or not has_role(assignee, Role.KERNTEAM):
                errors["assignee"] = _("Kies het kernteamlid dat de aanvraag oppakt.")
            locked.assignee = assignee
        if to == SupportStatus.DECLINED:
            if not note:
                errors["note"] = _("Geef de reden van de afwijzing.")
            locked.decline_reason = note
        if to == SupportStatus.PLANNED:
            if planned_for is None:
                errors["planned_for"] = _("Kies de datum waarop de ondersteuning plaatsvindt.")
            locked.planned_for = planned_for
            if assignee is not None:
                locked.assignee = assignee
        if to == SupportStatus.DONE:
            if not outcome:
                errors["outcome"] = _("Beschrijf de uitkomst van de ondersteuning.")
            locked.outcome = outcome
        if errors:
            raise ValidationError(errors)
        source = locked.status
        locked.status = to
        locked.save()
        change = SupportStatusChange.record(request=locked, source=source, to=to, by=by, note=note or outcome)
        enqueue_on_commit("plans.send_support_update", change.pk)
    return locked
