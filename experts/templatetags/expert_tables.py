"""`{% expert_table experts core_team=... can_request=... confirm_cutoff=... %}`: the table of the expert
directory (`/deskundigen/`).

Rendered in Python rather than with a template, like the core team's question table
(questions/templatetags/question_tables.py): the directory is one of the most-requested pages of the
partners and a Django template spent about 0.5 ms per row on its variables, filters, include and URL
tags (issue 21). The markup is the one the template rendered: a caption, `scope` on every header, text
next to every colour marker and the expert's name in the visually hidden part of each action link.
Every value is escaped (`html.escape`, what Django's own escaping calls: a row of 25 `format_html` calls
cost 60 µs); every text goes through the translation machinery.

The rows are experts of `experts.selectors.directory_rows` (only the columns shown) with their theme
names set by `experts.selectors.with_theme_names`.
"""

from __future__ import annotations

from html import escape as _e

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from loket.core.scroll_regions import scroll_region

from ..models import Availability, ContactPreference

register = template.Library()

EXPERTISE_WORDS = 40  # as `truncatewords:40`
AVAILABILITY_MARKERS = {Availability.AVAILABLE: "ok", Availability.LIMITED: "warning"}  # else "danger"

ACTION_CLASSES = "utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"


def _url_maker(name: str):
    """pk -> URL of `name`: `reverse` once per table instead of once per row."""
    marker = 987654321
    before, after = reverse(name, kwargs={"pk": marker}).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def _texts() -> dict:
    """Every text of the rows once, escaped (the rows are written with f-strings of escaped parts)."""
    return {
        "unconfirmed": f'<br><span class="marker marker--warning">{_e(gettext("Niet bevestigd"))}</span>',
        "request": _e(gettext("Breng mij in contact")),
        "with": gettext("met %(name)s"),
        "until": gettext("tot en met %(date)s"),
        # the labels once (Model.get_FOO_display looks them up on every call)
        "availability": {value: _e(str(label)) for value, label in Availability.choices},
        "preference": {value: _e(str(label)) for value, label in ContactPreference.choices},
    }


def _availability(expert, texts: dict) -> str:
    """As templates/experts/includes/availability.html."""
    value, until = expert.availability, expert.available_until
    label = texts["availability"].get(value) or _e(value)
    html = f'<span class="marker marker--{AVAILABILITY_MARKERS.get(value, "danger")}">{label}</span>'
    if until:
        html += f" <small>{_e(texts['until'] % {'date': date_format(until, 'DATE_FORMAT')})}</small>"
    return html


def _is_unconfirmed(expert, cutoff) -> bool:
    """`last_confirmed_at < cutoff` as the template compared it: never confirmed is not flagged here."""
    confirmed = expert.last_confirmed_at
    return confirmed is not None and cutoff is not None and confirmed < cutoff


def _row(expert, *, core_team: bool, can_request: bool, cutoff, texts: dict, urls: dict) -> str:
    """One row, every value from the database escaped with `_e` (html.escape: what Django's escaping does)."""
    name = _e(expert.name)
    head = f'<a href="{urls["detail"](expert.pk)}">{name}</a>' if core_team else name
    function = f"<br><small>{_e(expert.function)}</small>" if expert.function else ""
    unconfirmed = texts["unconfirmed"] if core_team and _is_unconfirmed(expert, cutoff) else ""
    organisation = _e(expert.organisation.name) if expert.organisation_id else "-"
    themes = _e(", ".join(expert.theme_names))
    expertise = _e(Truncator(expert.expertise).words(EXPERTISE_WORDS, truncate=" …"))
    contact = ""
    if core_team:
        email = _e(expert.email)
        phone = f"<br>{_e(expert.phone)}" if expert.phone else ""
        preference = texts["preference"].get(expert.contact_preference) or _e(expert.contact_preference)
        contact = f'<td><a href="mailto:{email}">{email}</a>{phone}<br><small>{preference}</small></td>\n        '
    action = ""
    if can_request:
        hidden = _e(texts["with"] % {"name": expert.name})
        action = (
            f'<a class="{ACTION_CLASSES}" href="{urls["request"](expert.pk)}">{texts["request"]}'
            f'<span class="rhc-visually-hidden"> {hidden}</span></a>'
        )
    return (
        "      <tr>\n"
        f'        <th scope="row">{head}\n'
        f"          {function}\n"
        f"          {unconfirmed}</th>\n"
        f"        <td>{organisation}</td>\n"
        f"        <td>{themes}</td>\n"
        f"        <td>{expertise}</td>\n"
        f"        <td>{_availability(expert, texts)}</td>\n"
        f"        {contact}<td>{action}</td>\n"
        "      </tr>"
    )


@register.simple_tag(takes_context=True)
def expert_table(context, experts, core_team: bool = False, can_request: bool = False, confirm_cutoff=None):
    """The directory's table of `experts`. `core_team`: names link to the expert's page, contact details
    and the "Niet bevestigd" marker are shown; `can_request`: a "Breng mij in contact" link per row."""
    texts = _texts()
    urls = {"detail": _url_maker("experts:detail"), "request": _url_maker("experts:request_introduction")}
    headers = [
        gettext("Naam"),
        gettext("Organisatie"),
        gettext("Thema's"),
        gettext("Expertise"),
        gettext("Beschikbaarheid"),
    ] + ([gettext("Contact")] if core_team else [])
    header_cells = format_html_join("\n      ", '<th scope="col">{}</th>', ((h,) for h in headers))
    rows = [
        _row(e, core_team=core_team, can_request=can_request, cutoff=confirm_cutoff, texts=texts, urls=urls)
        for e in experts
    ]
    table = format_html(
        '<table class="utrecht-table utrecht-table--html-table">\n    <caption>{}</caption>\n    <thead><tr>\n'
        "      {}\n"
        '      <th scope="col"><span class="rhc-visually-hidden">{}</span></th>\n'
        "    </tr></thead>\n    <tbody>\n{}\n    </tbody>\n  </table>",
        gettext("Deskundigen"),
        header_cells,
        gettext("Actie"),
        mark_safe("\n".join(rows)),  # noqa: S308 - every value escaped by _row
    )
    # In its own focusable scroll region, named by the caption: on a phone the table scrolls, not the page.
    return scroll_region(conditional_escape(table), context=context)
