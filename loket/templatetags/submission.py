"""`{% load submission %}{% submission_key %}` inside a form that creates something: the hidden one-time
key that `loket.core.submission.submit_once` checks on the server. A form shown again after an error
keeps the key it was sent with (nothing was created with it)."""

from django import template
from django.utils.html import format_html

from loket.core.submission import FIELD_NAME, key_from, new_key

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_key(context) -> str:
    request = context.get("request")
    key = (key_from(request) if request is not None else None) or new_key()
    return format_html('<input type="hidden" name="{}" value="{}" data-submission-key>', FIELD_NAME, key)
