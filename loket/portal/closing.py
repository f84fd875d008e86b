"""Closing the arrangement: the audited read-only switch (the flag itself lives in loket.core)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.audit import audit_record
from loket.accounts.models import AuditAction
from loket.core.arrangement import forget_arrangement, may_close
from loket.core.models import Arrangement
from loket.core.roles import Role, has_role


def read_only_set(*, on: bool, by: Any, request=None) -> Arrangement:
    """Switch read-only mode on (core team or Beheerder, after the end date) or off (Beheerder only)."""
    if on and not has_role(by, Role.KERNTEAM, Role.BEHEERDER):
        raise PermissionDenied
    if not on and not has_role(by, Role.BEHEERDER):
        raise PermissionDenied
    with transaction.atomic():
        arrangement, _created = Arrangement.objects.select_for_update().get_or_create(pk=1)
        if arrangement.read_only == on:
            raise ValidationError(
                _("Het portaal staat al op alleen-lezen.") if on else _("Het portaal staat niet op alleen-lezen.")
            )
        if on and not may_close(timezone.localdate(), arrangement):
            raise ValidationError(_("Het portaal kan pas na de einddatum van het arrangement op alleen-lezen."))
        arrangement.read_only = on
        arrangement.read_only_since = timezone.now() if on else None
        arrangement.save(update_fields=["read_only", "read_only_since"])
        audit_record(
            action=AuditAction.READ_ONLY_ON if on else AuditAction.READ_ONLY_OFF,
            actor=by,
            target_name=str(arrangement),
            request=request,
            details={"end_date": arrangement.end_date.isoformat() if arrangement.end_date else None},
        )
        transaction.on_commit(forget_arrangement)
    forget_arrangement()
    return arrangement
