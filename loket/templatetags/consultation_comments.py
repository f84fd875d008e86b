"""`{% consultation_comments comments %}`: the comments of a consultation round beside its text (the
consultation page of invitees and the core team).

Rendered in Python, as the core team's question table (questions/templatetags/question_tables.py): a
round can have 500 comments (issue 21 item 5) and a Django template spends a good part of a millisecond
per comment on its variables, filters and URL tags. The markup is that of the former
`loket/consultations/_comments.html`; every value is escaped (html.escape, as Django's `escape`),
every text goes through gettext, dates in the named DATETIME_FORMAT.
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from loket.publications.consultations.workflow import Handling

register = template.Library()

EDIT_PK = 987654321  # placeholder in the edit URL, reversed once per list


def _text(value: str) -> str:
    """As the `linebreaksbr` filter: escaped, every line break a <br>."""
    return escape(value.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


@register.simple_tag(takes_context=True)
def consultation_comments(context, comments) -> SafeString:
    consultation = context["consultation"]
    user = context["request"].user
    own_editable = consultation.accepts_comments  # once, not per comment
    edit_url = edit_label = ""
    if own_editable:
        edit_url = reverse(
            "loket:consultation_comment_edit", kwargs={"slug": consultation.publication.slug, "pk": EDIT_PK}
        )
        edit_label = escape(gettext("Wijzigen"))
    handlings = {value: escape(str(label)) for value, label in Handling.choices}
    tz = timezone.get_current_timezone()
    datetime_format = get_format("DATETIME_FORMAT")  # "2 oktober 2026 18:56", named, looked up once
    parts = ['<ul class="loket-list-plain">']
    for c in comments:
        organisation = f" ({escape(c.organisation_name)})" if c.organisation_name else ""
        handling = ""
        if c.handling:
            handling = (
                f'<p class="loket-small loket-mb-xs">'
                f'<span class="marker">{handlings.get(c.handling, escape(c.handling))}</span> '
                f"{escape(c.reason)}</p>"
            )
        edit = ""
        if own_editable and c.author_id == user.pk:
            edit = (
                f'<a class="loket-small" href="{escape(edit_url.replace(str(EDIT_PK), str(c.pk)))}">{edit_label}'
                f'<span class="rhc-visually-hidden"> R{c.pk}</span></a>'
            )
        parts.append(
            f'  <li class="loket-box loket-p-s loket-mb-s" id="reactie-{c.pk}">\n'
            f'    <p class="loket-small loket-mb-xs">'
            f"<strong>R{c.pk}</strong> · {escape(c.author_name)}{organisation} · "
            f"{escape(dateformat.format(c.updated_at.astimezone(tz), datetime_format))}</p>\n"
            f'    <p class="loket-mb-xs">{_text(c.text)}</p>\n'
            f"    {handling}{edit}\n"
            "  </li>"
        )
    parts.append("</ul>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped
