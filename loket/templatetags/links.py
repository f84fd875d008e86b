"""`{% link 'loket:home' %}` and `{% asset 'css/loket.css' %}`: the `{% url %}` and `{% static %}` of
the page frame (base.html), worked out once per process (loket.core.links)."""

from django import template

from loket.core.links import reverse_once, static_once

register = template.Library()


@register.simple_tag
def link(url_name: str) -> str:
    return reverse_once(url_name)


@register.simple_tag
def asset(path: str) -> str:
    return static_once(path)
