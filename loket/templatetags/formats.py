"""`{% load formats %}`: `{{ n|getal }}` writes 88000 as "88.000" (`{{ x|getal:1 }}` one decimal,
"1.234,5"), through loket.core.formats. Dates use Django's `date` filter with the house formats
("SHORT_DATE_FORMAT", "DATE_FORMAT", "TIME_FORMAT", ...; config/formats/nl/formats.py); quarters
`{{ q|quarter }}` (plans_tags) "2026-K3"."""

from django import template

from loket.core.formats import number

register = template.Library()


@register.filter(name="getal")
def getal(value, decimals=None) -> str:
    return number(value, None if decimals in (None, "") else int(decimals))
