"""`{% version_location_rows page_obj %}`: the rows of the table "Locaties in deze versie" on a plan
version's page (50 locations per page), each with its realisation and, for who may, its links.

Rendered in Python, as the core team's question table (questions/templatetags/question_tables.py) and the
review comments (review_comments.py): the former loop cost ~14 ms of a ~55 ms page at the bench's size in
template variables, filters, an include per row and three URL tags per row (issue 21). The markup is
exactly what the template wrote; every value is escaped, every text goes through gettext, numbers through
loket.core.formats, dates in the named SHORT_DATE_FORMAT. What is the same for every row (labels, the
URLs with a placeholder, the CSRF field) is made once per table.
"""

from __future__ import annotations

from html import escape

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from loket.core.formats import number_writer

from ..workflow import RealisationState

register = template.Library()

PK = 987654321  # placeholder in the URLs of a row, reversed once per table


def _since(value) -> str:
    return escape(gettext("sinds %(d)s") % {"d": date_format(value, "SHORT_DATE_FORMAT") if value else ""})


def realisation_state(realisation) -> str:
    """As plans/_realisation_state.html: in use or closed since a date, else in preparation."""
    if realisation is not None and realisation.state == RealisationState.IN_USE:
        in_use = escape(gettext("in gebruik"))
        return f'<span class="marker marker--ok">{in_use}</span> {_since(realisation.in_use_since)}'
    if realisation is not None and realisation.state == RealisationState.CLOSED:
        return f'<span class="marker">{escape(gettext("afgebouwd"))}</span> {_since(realisation.closed_since)}'
    return escape(gettext("in voorbereiding"))


@register.simple_tag(takes_context=True)
def version_location_rows(context, locations) -> SafeString:
    version, province = context["version"], context["province"]
    realisations = context.get("realisations") or {}
    can_update, can_edit = bool(context.get("can_update_realisation")), bool(context.get("can_edit"))
    kwargs = {"province_code": province.code, "number": version.number, "pk": PK}
    number = number_writer()
    open_end, yes, no = escape(gettext("open einde")), escape(gettext("ja")), escape(gettext("nee"))
    update_label = escape(gettext("Bijwerken"))
    of_name = gettext("realisatie van %(name)s")
    if can_update:
        realisation_url = escape(reverse("plans:location_realisation", kwargs=kwargs))
    if can_edit:
        update_url = escape(reverse("plans:location_update", kwargs=kwargs))
        delete_url = escape(reverse("plans:location_delete", kwargs=kwargs))
        csrf = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'.format(
            escape(get_token(context["request"]))
        )
        change, remove = escape(gettext("Wijzigen")), escape(gettext("Verwijderen"))
        confirm = escape(gettext("Locatie verwijderen?"))
    placeholder = str(PK)
    rows = []
    for loc in locations:
        pk, name = str(loc.pk), escape(loc.name)
        kind = loc.location_type
        region = loc.region.name if loc.region_id is not None and loc.region is not None else ""
        realisation = realisation_state(realisations.get(loc.key)) + "\n"  # the include's final line break
        if can_update:
            hidden = escape(of_name % {"name": loc.name})
            realisation += (
                f'\n            <br><a href="{realisation_url.replace(placeholder, pk)}">{update_label}'
                f'<span class="rhc-visually-hidden"> {hidden}</span></a></td>'
            )
        else:
            realisation += "\n            </td>"
        actions = ""
        if can_edit:
            actions = (
                '<td class="loket-nowrap">\n'
                f'            <a href="{update_url.replace(placeholder, pk)}">{change}'
                f'<span class="rhc-visually-hidden"> {name}</span></a>\n'
                f'            <form method="post" action="{delete_url.replace(placeholder, pk)}" class="loket-inline">'
                f'{csrf}<input type="hidden" name="row_version" value="{loc.row_version}">\n'
                '              <button type="submit" class="utrecht-link-button utrecht-link-button--html-button '
                f'loket-p-0 loket-ms-s" data-confirm="{confirm}">{remove}'
                f'<span class="rhc-visually-hidden"> {name}</span></button>\n'
                "            </form></td>"
            )
        rows.append(
            "\n        <tr>\n"
            f'          <th scope="row">{name}</th><td>{escape(loc.municipality)}</td>\n'
            f'          <td><abbr title="{escape(kind.name)}">{escape(kind.code)}</abbr></td>\n'
            f'          <td class="num">{number(loc.capacity)}</td><td class="num">{number(loc.minors_places)}</td>\n'
            f'          <td class="loket-nowrap">{escape(loc.first_quarter_label)}</td>'
            f'<td class="loket-nowrap">{escape(loc.last_quarter_label) or open_end}</td>\n'
            f"          <td>{escape(str(loc.get_status_display()))}</td><td>{yes if loc.flexible else no}</td>\n"
            f"          <td>{escape(region) or '-'}</td>\n"
            f'          <td class="loket-nowrap">{realisation}\n'
            f"          {actions}\n"
            "        </tr>\n      "
        )
    if not rows:
        empty = escape(gettext("Geen locaties."))
        rows.append(f'\n        <tr><td colspan="12">{empty}</td></tr>\n      ')
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
