from django import template

from loket.core.formats import number
from plans import quarters

register = template.Library()


@register.filter
def quarter(value) -> str:
    return quarters.label(value)


@register.filter
def signed(value) -> str:
    if value is None:
        return ""
    return f"+{number(value)}" if value > 0 else number(value)


@register.filter
def index(sequence, position):
    try:
        return sequence[position]
    except (IndexError, KeyError, TypeError):
        return None
