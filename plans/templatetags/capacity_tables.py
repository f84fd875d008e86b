"""`{% capacity_province_table picture %}`: the body and foot of the capacity picture's table per province
and quarter; `{% capacity_type_rows type_rows columns %}`: the body of its table per location type.

Rendered in Python, as the core team's question table (questions/templatetags/question_tables.py) and the
review comments (review_comments.py): twelve provinces times twelve quarters, each cell with its planned
capacity, its gap to the opgave and its capacity in use, cost a Django template most of the page in
variables, filters and translation tags (issue 21). The markup is exactly what the template wrote (the
tests of the page and the accessibility tests read it); every value is escaped, every text goes through
the translation machinery, numbers through loket.core.formats.
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from loket.core.formats import number_writer, signed

from ..capacity import CapacityPicture

register = template.Library()

CODE, NUMBER = "PV99", 987654321  # placeholders in the reversed URLs (plans.urls: a code is PV and two digits)


def _cells(line, *, strong: bool, number) -> str:
    """The quarter cells of one line, with the template's white space between them."""
    short = ' <span class="marker marker--danger">{}</span>'.format(escape(gettext("tekort")))
    in_use = gettext("in gebruik %(n)s")
    out = []
    for cell in line.cells:
        value = escape(number(cell["value"]))
        text = f"<strong>{value}</strong>" if strong else value
        if cell["gap"] is not None:
            text += "<br><small>{}</small>".format(escape(signed(cell["gap"], writer=number)))
            if cell["short"]:
                text += short
        if cell["realised"] is not None:
            text += "<br><small>{}</small>".format(escape(in_use % {"n": number(cell["realised"])}))
        out.append(f'\n            <td class="num">{text}</td>\n          ')
    return "".join(out)


def _required(line, number) -> str:
    return escape(number(line.required)) or "-"


@register.simple_tag
def capacity_province_table(picture: CapacityPicture) -> SafeString:
    """<tbody> ... </tfoot> of the table "Geplande capaciteit per provincie en kwartaal"."""
    none = escape(gettext("geen"))
    number = number_writer()
    # The two URLs reversed once with placeholders (a code no province has, a number no version has),
    # then filled in per province: 24 reverses were ~1 ms of the page (issue 21).
    plan_pattern = reverse("plans:plan_detail", kwargs={"province_code": CODE})
    version_pattern = reverse("plans:version_detail", kwargs={"province_code": CODE, "number": NUMBER})
    rows = []
    for row in picture.provinces:
        province, version, line = row["province"], row["version"], row["line"]
        code = province.code
        plan_url = escape(plan_pattern.replace(CODE, code))
        if version is not None:
            version_url = escape(version_pattern.replace(str(NUMBER), str(version.number)).replace(CODE, code))
            counted = f'<a href="{version_url}">v{version.number}</a> ({escape(str(version.get_status_display()))})'
        else:
            counted = none
        rows.append(
            "\n        <tr>"
            f'\n          <th scope="row"><a href="{plan_url}">{escape(province.name)}</a></th>'
            f"\n          <td>{counted}</td>"
            f'\n          <td class="num">{_required(line, number)}</td>'
            f"\n          {_cells(line, strong=False, number=number)}"
            "\n        </tr>\n      "
        )
    national = picture.national
    foot = (
        "\n      </tbody>\n      <tfoot>\n        <tr>"
        f'\n          <th scope="row">{escape(gettext("Nederland"))}</th><td></td>'
        f'<td class="num">{_required(national, number)}</td>'
        f"\n          {_cells(national, strong=True, number=number)}"
        "\n        </tr>\n      </tfoot>"
    )
    return mark_safe("<tbody>\n      " + "".join(rows) + foot)  # noqa: S308 - every value above is escaped


@register.simple_tag
def capacity_type_rows(type_rows: list[dict], columns: int) -> SafeString:
    """The rows of the table per location type (or the one row that says there is none)."""
    if not type_rows:
        empty = escape(gettext("Geen geplande capaciteit."))
        return mark_safe(f'<tr><td colspan="{columns + 1}">{empty}</td></tr>')  # noqa: S308 - escaped
    number = number_writer()
    rows = []
    for row in type_rows:
        kind = row["type"]
        cells = "".join(f'<td class="num">{escape(number(value))}</td>' for value in row["values"])
        rows.append(f'<tr><th scope="row">{escape(kind.name)} ({escape(kind.code)})</th>{cells}</tr>\n      ')
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def capacity_chart_bars(chart: dict) -> SafeString:
    """The bars of the capacity chart (plans.capacity.chart): per quarter a rect per status with its
    title, the quarter's label and, when it falls short, the word under it (the chart's former loop)."""
    short = escape(gettext("tekort"))
    label_y, note_y = escape(str(chart["label_y"])), escape(str(chart["note_y"]))
    out = []
    for bar in chart["bars"]:
        x, width, label_x = escape(str(bar["x"])), escape(str(bar["width"])), escape(str(bar["label_x"]))
        segments = "".join(
            f'<rect x="{x}" y="{escape(str(seg["y"]))}" width="{width}" height="{escape(str(seg["height"]))}" '
            f'fill="{escape(str(seg["fill"]))}" stroke="#ffffff" stroke-width="0.5">'
            f"<title>{escape(str(seg['title']))}</title></rect>"
            for seg in bar["segments"]
        )
        note = (
            f'<text x="{label_x}" y="{note_y}" text-anchor="middle" fill="#8b0000" font-weight="bold">{short}</text>'
            if bar.get("short")
            else ""
        )
        out.append(
            f"\n              {segments}\n"
            f'              <text x="{label_x}" y="{label_y}" text-anchor="middle" fill="#333333">'
            f"{escape(str(bar['label']))}</text>\n"
            f"              {note}\n            "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.simple_tag
def capacity_focus_rows(rows: list[dict]) -> SafeString:
    """The rows of the table beside the chart: per quarter the capacity by status, the total, the
    capacity in use, the opgave and the difference (the table's former loop)."""
    number = number_writer()
    short = ' <span class="marker marker--danger">{}</span>'.format(escape(gettext("tekort")))
    out = []
    for row in rows:
        statuses = "".join(f'<td class="num">{escape(number(value))}</td>' for value in row["by_status"])
        realised = "-" if row["realised"] is None else escape(number(row["realised"]))
        required = escape(number(row["required"])) or "-"
        gap = escape(signed(row["gap"], writer=number)) or "-"
        row_class = ' class="row-short"' if row["short"] else ""
        out.append(
            f"\n            <tr{row_class}>"
            f'<th scope="row">{escape(str(row["label"]))}</th>{statuses}\n'
            f'              <td class="num">{escape(number(row["planned"]))}</td><td class="num">{realised}</td>'
            f'<td class="num">{required}</td>\n'
            f'              <td class="num">{gap}{short if row["short"] else ""}</td></tr>\n          '
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
