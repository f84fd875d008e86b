"""Wide tables and charts scroll sideways in a region of their own: on a phone the region scrolls, never
the page. The region is focusable (`tabindex="0"`), so a keyboard scrolls it with the arrow keys.

`role="region"` makes it a landmark, and a screen reader lists landmarks by name: every region needs a
name of its own (axe: landmark-unique). A table's region is named by the table's caption: the region
points at it with `aria-labelledby`, and a caption without an id gets one that is unique on the rendered
page ("tabel-1", "tabel-2", ...; counted per page, so an include used twice still gives two ids). A region
without a caption (a chart) is named by `label` ("Grafiek: …").

Templates use `{% scroll_region %}…{% endscroll_region %}` (loket/templatetags/scroll_regions.py); tables
rendered in Python (the core team's question table) call `scroll_region` here with their template context.
"""

import itertools
import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

_CAPTION = re.compile(r"<caption\b([^>]*)>")
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_COUNTER = "loket.core.scroll_regions.counter"


def _page_counter(context) -> "itertools.count[int]":
    """One counter for the whole rendered page. It lives in the bottom layer of the render context, which
    includes and their own templates share (Django's `{% include %}` keeps its template cache there)."""
    return context.render_context.dicts[0].setdefault(_COUNTER, itertools.count(1))


def _named_by(content: str, context) -> tuple[str, str] | None:
    """(content with an id on its caption, that id); None without a caption."""
    match = _CAPTION.search(content)
    if match is None:
        return None
    existing = _ID.search(match.group(1))
    if existing:
        return content, existing.group(1)
    element_id = f"tabel-{next(_page_counter(context))}"
    end = match.start(1)
    return content[:end] + f' id="{element_id}"' + content[end:], element_id


def scroll_region(content: str, *, context, label: str = "", css_class: str = "table-scroll") -> SafeString:
    """`content` (rendered HTML; a string not marked safe is escaped) in a focusable scroll region named by
    its caption."""
    content = conditional_escape(content)
    named = _named_by(str(content), context)
    if named is None:
        return format_html(
            '<div class="{}" tabindex="0" role="region" aria-label="{}">{}</div>', css_class, label, content
        )
    inner, element_id = named
    return format_html(
        '<div class="{}" tabindex="0" role="region" aria-labelledby="{}">{}</div>',
        css_class,
        element_id,
        mark_safe(inner),  # noqa: S308 - safe HTML from the template, with an id attribute added
    )
