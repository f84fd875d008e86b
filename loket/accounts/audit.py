"""Audit log: logins, failed logins, logouts, role changes and two-factor events.

Role changes are group-membership changes of users, wherever they happen (the admin, a command,
a shell): an m2m_changed receiver on User.groups records each added or removed group, with the
user of the current request as actor when there is one. Connected in LoketConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from loket.accounts.models import AuditAction, AuditEvent
from loket.accounts.security import current_user
from loket.core.http import client_ip


def _authenticated(user: Any):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def audit_record(
    *,
    action: AuditAction,
    actor: Any = None,
    target: Any = None,
    target_name: str = "",
    request=None,
    details: dict | None = None,
) -> AuditEvent:
    actor = _authenticated(actor)
    target = target if target is not None and getattr(target, "pk", None) else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        target=target,
        target_name=(target.get_username() if target else target_name)[:254],
        ip_address=client_ip(request),
        details=details or {},
    )


@receiver(user_logged_in, dispatch_uid="loket_audit_login")
def _on_login(sender, request, user, **kwargs) -> None:
    audit_record(action=AuditAction.LOGIN, actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="loket_audit_logout")
def _on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="loket_audit_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already replaced the password in `credentials`; keep only the name that was tried.
    tried = str(credentials.get("username") or "")[:254]
    target = get_user_model()._default_manager.filter(username=tried).first() if tried else None
    audit_record(action=AuditAction.LOGIN_FAILED, target=target, target_name=tried, request=request)


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="loket_audit_groups")
def _on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if action == "pre_clear":
        # Remember what is about to go: post_clear no longer knows it.
        if reverse:
            instance._audit_cleared = list(instance.user_set.all())
        else:
            instance._audit_cleared = list(instance.groups.all())
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    kind = AuditAction.ROLE_ADDED if action == "post_add" else AuditAction.ROLE_REMOVED
    if action == "post_clear":
        others = getattr(instance, "_audit_cleared", [])
    else:
        others = list(model._default_manager.filter(pk__in=pk_set or ()))
    actor = current_user.get()
    for other in others:
        user, group = (other, instance) if reverse else (instance, other)
        audit_record(action=kind, actor=actor, target=user, details={"rol": group.name})
