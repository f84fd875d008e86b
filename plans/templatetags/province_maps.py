"""`{% province_map_tiles map %}` and `{% province_map_rows map %}`: the twelve tiles of the province map
(plans/maps.py) and the rows of the table beside it, in templates/plans/includes/province_map.html.

Rendered in Python, as the capacity tables (capacity_tables.py): the tile loop, twelve tiles with two
shapes, a name and up to three lines of figures each, cost ~3-4 ms of the capacity picture in template
variables and tags (issue 21). The markup is exactly what the include's loops wrote; every value is
escaped (the figures are text made by plans/maps.py with gettext and loket.core.formats).
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def province_map_tiles(map: dict) -> SafeString:
    size = f'width="{map["tile_w"]}" height="{map["tile_h"]}" rx="6"'
    map_id = escape(str(map["id"]))
    out = []
    for t in map["tiles"]:
        state = escape(t.state)
        at = f'x="{t.x}" y="{t.y}" {size}'
        pattern = ""
        if t.state != "unknown":
            fill = "streep" if t.state == "short" else "stip"
            pattern = f'<rect {at} fill="url(#{map_id}-{fill})" class="province-map__pattern"></rect>'
        figures = "".join(
            f'<text x="{t.text_x}" y="{row["y"]}" class="province-map__figures">{escape(row["text"])}</text>'
            for row in t.text_rows
        )
        out.append(
            f'\n        <a href="{escape(t.url)}" class="province-map__tile province-map__tile--{state}">\n'
            f'          <rect {at} class="province-map__shape"></rect>\n'
            f"          {pattern}\n"
            f'          <text x="{t.text_x}" y="{t.name_y}" class="province-map__name">{escape(t.name)}</text>\n'
            f"          {figures}\n"
            "        </a>\n        "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag
def province_map_rows(map: dict) -> SafeString:
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<tr class="province-map__row--{escape(t.state)}"><th scope="row"><a href="{escape(t.url)}">'
            f"{escape(t.name)}</a></th><td>{'; '.join(escape(line) for line in t.lines)}</td></tr>"
            for t in map["tiles"]
        )
    )
