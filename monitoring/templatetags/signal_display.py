"""Filters for showing signals: the risk band of a score (label and CSS modifier) and whether the
user sees every province."""

from django import template

from loket.core.roles import sees_everything

from ..selectors import risk_band

register = template.Library()


@register.filter
def sees_all(user) -> bool:
    return sees_everything(user)


@register.filter
def band(score) -> str:
    return risk_band(int(score or 0))[0]


@register.filter
def band_css(score) -> str:
    return risk_band(int(score or 0))[1]
