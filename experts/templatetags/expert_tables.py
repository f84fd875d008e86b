"""`{% expert_table experts core_team=... can_request=... confirm_cutoff=... %}`: the table of the expert
directory (`/deskundigen/`).

Rendered in Python rather than with a template, like the core team's question table
(questions/templatetags/question_tables.py): the directory is one of the most-requested pages of the
partners and a Django template spent about 0.5 ms per row on its variables, filters, include and URL
tags (issue 21). The markup is the one the template rendered: a caption, `scope` on every header, text
next to every colour marker and the expert's name in the visually hidden part of each action link.
Everything is escaped by `format_html`; every text goes through the translation machinery.

The rows are experts of `experts.selectors.directory_rows` (only the columns shown) with their theme
names set by `experts.selectors.with_theme_names`.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from loket.core.scroll_regions import scroll_region

from ..models import Availability, ContactPreference

register = template.Library()

EXPERTISE_WORDS = 40  # as `truncatewords:40`
AVAILABILITY_MARKERS = {Availability.AVAILABLE: "ok", Availability.LIMITED: "warning"}  # else "danger"

ROW = (
    "      <tr>\n"
    '        <th scope="row">{name}\n'
    "          {function}\n"
    "          {unconfirmed}</th>\n"
    "        <td>{organisation}</td>\n"
    "        <td>{themes}</td>\n"
    "        <td>{expertise}</td>\n"
    "        <td>{availability}</td>\n"
    "        {contact}<td>{action}</td>\n"
    "      </tr>"
)
CONTACT = '<td><a href="mailto:{email}">{email}</a>{phone}<br><small>{preference}</small></td>\n        '
ACTION = (
    '<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"'
    ' href="{url}">{label}<span class="rhc-visually-hidden"> {hidden}</span></a>'
)


def _url_maker(name: str):
    """pk -> URL of `name`: `reverse` once per table instead of once per row."""
    marker = 987654321
    before, after = reverse(name, kwargs={"pk": marker}).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def _texts() -> dict:
    return {
        "unconfirmed": format_html('<br><span class="marker marker--warning">{}</span>', gettext("Niet bevestigd")),
        "request": gettext("Breng mij in contact"),
        "with": gettext("met %(name)s"),
        "until": gettext("tot en met %(date)s"),
        # the labels once (Model.get_FOO_display looks them up on every call)
        "availability": {value: str(label) for value, label in Availability.choices},
        "preference": {value: str(label) for value, label in ContactPreference.choices},
    }


def _availability(expert, texts: dict) -> SafeString:
    """As templates/experts/includes/availability.html."""
    until = expert.available_until
    return format_html(
        '<span class="marker marker--{}">{}</span>{}',
        AVAILABILITY_MARKERS.get(expert.availability, "danger"),
        texts["availability"].get(expert.availability, expert.availability),
        format_html(" <small>{}</small>", texts["until"] % {"date": date_format(until, "DATE_FORMAT")})
        if until
        else "",
    )


def _is_unconfirmed(expert, cutoff) -> bool:
    """`last_confirmed_at < cutoff` as the template compared it: never confirmed is not flagged here."""
    confirmed = expert.last_confirmed_at
    return confirmed is not None and cutoff is not None and confirmed < cutoff


def _row(expert, *, core_team: bool, can_request: bool, cutoff, texts: dict, urls: dict) -> SafeString:
    name = format_html('<a href="{}">{}</a>', urls["detail"](expert.pk), expert.name) if core_team else expert.name
    organisation = expert.organisation.name if expert.organisation_id else "-"
    contact = ""
    if core_team:
        contact = format_html(
            CONTACT,
            email=expert.email,
            phone=format_html("<br>{}", expert.phone) if expert.phone else "",
            preference=texts["preference"].get(expert.contact_preference, expert.contact_preference),
        )
    action = ""
    if can_request:
        action = format_html(
            ACTION,
            url=urls["request"](expert.pk),
            label=texts["request"],
            hidden=texts["with"] % {"name": expert.name},
        )
    return format_html(
        ROW,
        name=name,
        function=format_html("<br><small>{}</small>", expert.function) if expert.function else "",
        unconfirmed=texts["unconfirmed"] if core_team and _is_unconfirmed(expert, cutoff) else "",
        organisation=organisation,
        themes=", ".join(expert.theme_names),
        expertise=Truncator(expert.expertise).words(EXPERTISE_WORDS, truncate=" …"),
        availability=_availability(expert, texts),
        contact=contact,
        action=action,
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
        mark_safe("\n".join(rows)),  # noqa: S308 - format_html output
    )
    # In its own focusable scroll region, named by the caption: on a phone the table scrolls, not the page.
    return scroll_region(conditional_escape(table), context=context)
