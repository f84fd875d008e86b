"""`{% load filterforms %}{{ filter.form|cached_crispy }}`: the crispy HTML of a GET filter form, cached
on everything it depends on (see loket/core/filterforms.py)."""

from django import template

from loket.core.filterforms import cached_filter_form

register = template.Library()


@register.filter
def cached_crispy(form, template=None):
    """`template`: a template rendering `form` (default: `{{ form|crispy }}`)."""
    return cached_filter_form(form, template=template) if template else cached_filter_form(form)
