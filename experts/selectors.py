"""Reads of experts; `experts_visible_to` is the one scoping function for the directory and search."""

from django.db.models import QuerySet

from loket.roles import Role, has_role, is_core_team

from .models import Expert

DIRECTORY_ROLES = (Role.KERNTEAM, Role.PRT, Role.CDK, Role.LRT, Role.EXPERT, Role.BEHEERDER)


def experts_visible_to(user) -> QuerySet[Expert]:
    """Core team: every expert, listed or not. Other logged-in partners: listed experts only
    (consent given, not withdrawn). Anonymous visitors: none."""
    if not getattr(user, "is_authenticated", False) or not has_role(user, *DIRECTORY_ROLES):
        return Expert.objects.none()
    if is_core_team(user):
        return Expert.objects.all()
    return Expert.objects.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)
