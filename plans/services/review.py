"""Review comments on a plan version: placed by the core team or the CdK-medewerker, answered and
resolved by the PRT-lid. A comment stays with its version, also after the version is frozen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.workflow import display_name

from .. import permissions
from ..models import PlanVersion, ReviewComment

REVIEW_SECTIONS = ("scaling", "regional", "roles", "risks")


def review_comment_add(*, version: PlanVersion, by, body: str, section: str = "", location_key=None) -> ReviewComment:
    """A remark on the whole version, on one narrative section or on one location line (by key).
    Refused for someone who may not comment on this version (e.g. once it is frozen for the CdK)."""
    body = (body or "").strip()
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
        if not permissions.can_comment(by, locked):
            raise ValidationError(
                _("U kunt bij deze versie (status “%(s)s”) geen opmerking plaatsen.")
                % {"s": locked.get_status_display()},
                code="not_allowed",
            )
        if not body:
            raise ValidationError({"body": _("Schrijf uw opmerking.")})
        if section and location_key:
            raise ValidationError(_("Kies een tekstonderdeel of een locatie, niet allebei."))
        if section and section not in REVIEW_SECTIONS:
            raise ValidationError({"section": _("Onbekend tekstonderdeel.")})
        location_name = ""
        if location_key:
            location = locked.locations.filter(key=location_key).first()
            if location is None:
                raise ValidationError({"location": _("Deze locatie staat niet in deze versie.")})
            location_name = location.name
        return ReviewComment.objects.create(
            version=locked,
            section=section or "",
            location_key=location_key or None,
            location_name=location_name,
            body=body,
            author=by,
            author_name=display_name(by),
        )


def _lock_comment(comment: ReviewComment, by) -> ReviewComment:
    locked = ReviewComment.objects.select_for_update().select_related("version__plan").get(pk=comment.pk)
    if not permissions.can_answer_comment(by, locked.version):
        raise ValidationError(
            _("Alleen een PRT-lid van deze provincie kan opmerkingen beantwoorden."), code="not_allowed"
        )
    return locked


def review_comment_answer(*, comment: ReviewComment, by, answer: str, resolve: bool = False) -> ReviewComment:
    """The PRT-lid answers a remark (and may mark it resolved at once)."""
    answer = (answer or "").strip()
    with transaction.atomic():
        locked = _lock_comment(comment, by)
        if not answer and not resolve:
            raise ValidationError({"answer": _("Schrijf een antwoord, of markeer de opmerking als afgehandeld.")})
        now = timezone.now()
        if answer:
            locked.answer, locked.answered_by, locked.answered_at = answer, by, now
        if resolve and locked.resolved_at is None:
            locked.resolved_at, locked.resolved_by = now, by
        locked.save()
    return locked


def review_comment_reopen(*, comment: ReviewComment, by) -> ReviewComment:
    with transaction.atomic():
        locked = _lock_comment(comment, by)
        locked.resolved_at, locked.resolved_by = None, None
        locked.save(update_fields=["resolved_at", "resolved_by"])
    return locked
