"""Reads of the register. `signals_visible_to` is the one scoping function for list, detail,
search and export."""

from django.db.models import Q, QuerySet

from loket.roles import Role, has_role, province_id_of, sees_everything

from .models import Signal


def signals_visible_to(user) -> QuerySet[Signal]:
    """Core team and LRT secretary: every signal. PRT-lid and CdK-medewerker: signals that concern
    their own province (views leave out internal notes for them). Anyone else: none."""
    if sees_everything(user):
        return Signal.objects.all()
    province_id = province_id_of(user)
    if has_role(user, Role.PRT, Role.CDK) and province_id:
        return Signal.objects.filter(Q(provinces=province_id)).distinct()
    return Signal.objects.none()
