from django import template

from loket.core import formats
from loket.core.roles import Role, has_role
from plans import quarters

register = template.Library()


@register.filter
def quarter(value) -> str:
    return quarters.label(value)


@register.filter
def signed(value) -> str:
    return formats.signed(value)


@register.filter
def index(sequence, position):
    try:
        return sequence[position]
    except (IndexError, KeyError, TypeError):
        return None


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key`: a dict lookup by a variable key (None when absent)."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def sees_support(user) -> bool:
    """Whether the practical-support pages are open to `user` (core team, PRT-lid, CdK-medewerker)."""
    return has_role(user, Role.KERNTEAM, Role.PRT, Role.CDK)
