"""What every stateful model shares: the immutable history row and the check of a move against the
model's transition table.

Each app (or room) with states keeps its own `workflow.py`: a `Status(models.TextChoices)` and
`TRANSITIONS: dict[Status, frozenset[Status]]`, each edge with a short reason. Its one
`<entity>_transition` service locks the row (`select_for_update`), calls `check_transition` and
writes a history row of a concrete subclass of `StatusHistory` (`StatusHistory.record`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


def _status_type(transitions: Mapping) -> type[TextChoices]:
    return type(next(iter(transitions)))


def can_transition(transitions: Mapping, source: str, target: str) -> bool:
    """Whether the table allows the move; an unknown status is never allowed."""
    status_type = _status_type(transitions)
    if source not in status_type.values or target not in status_type.values:
        return False
    return status_type(target) in transitions.get(status_type(source), frozenset())


def check_transition(transitions: Mapping, source: str, target: str, *, noun: str) -> None:
    """Refuse a move the table does not allow, in Dutch: "Een vraag met status “Nieuw” kan niet naar
    “Gesloten”." (`noun` is the entity with its article, e.g. "Een vraag")."""
    if can_transition(transitions, source, target):
        return
    status_type = _status_type(transitions)
    if target not in status_type.values:
        raise ValidationError(_("Onbekende status: %(to)s."), code="unknown_status", params={"to": target})
    raise ValidationError(
        _("%(noun)s met status “%(from)s” kan niet naar “%(to)s”."),
        code="illegal_transition",
        params={"noun": noun, "from": status_type(source).label, "to": status_type(target).label},
    )


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class StatusHistory(models.Model):
    """Immutable history row of a status: from, to, who and why. A concrete subclass adds the
    foreign key to its entity and gives `from_status` and `to_status` their choices."""

    from_status = models.CharField(_("van"), max_length=20, blank=True)
    to_status = models.CharField(_("naar"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(_("door"), max_length=150, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @classmethod
    def record(cls, *, source: str, to: str, by=None, by_name: str = "", note: str = "", **owner) -> StatusHistory:
        """Write the row of one move. `owner` is the foreign key to the entity (`referral=...`).
        Without a logged-in user, `by_name` says who or what moved it ("Deskundige", "Automatisch")."""
        user = by if getattr(by, "is_authenticated", False) else None
        return cls._default_manager.create(
            from_status=source or "",
            to_status=to,
            by=user,
            by_name=str(by_name or display_name(user))[:150],
            note=note,
            **owner,
        )
