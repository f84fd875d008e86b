"""`{% question_table questions caption=... select=True sort_links=sort_links %}`: the core team's
question table (the question list and both tables of the dashboard).

Rendered in Python rather than with a template: these tables are the portal's most-requested pages
(the core team works in them all day) and a Django template spends about 0.4 ms per row resolving
its variables, filters, includes and URL tags; this renders a page of 25 rows in well under 1 ms
(issue 9, `docs/benchmark.md`). The headers and texts are escaped by `format_html`; a row is written
with `str.format` of values escaped with `html.escape` (what Django's own escaping calls; its
lazy-aware wrapper cost more than the rest of a row, as in experts/templatetags/expert_tables.py),
each distinct name and status once per page. Every text goes through the translation machinery, once
per process and language (like the headers without sort links, the detail URL and each distinct date's
text: they depend on nothing else; issue 21). The markup is exactly what the accessibility tests
expect: a caption, `scope` on every header, `aria-sort` on the sorted column and text next to every
colour marker.
"""

from __future__ import annotations

import datetime
from html import escape as _e

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from loket.core.scroll_regions import scroll_region
from questions.workflow import Status

register = template.Library()

DATE_FORMAT = "SHORT_DATE_FORMAT"  # "2 okt. 2026" (config/formats/nl/formats.py)
SORT_ARROWS = {"ascending": "▲", "descending": "▼"}


def _columns() -> list[tuple[str | None, str]]:
    """(sort key or None, header text) per column after the selection box, in the table's order."""
    return [
        ("reference", gettext("Kenmerk")),
        ("subject", gettext("Onderwerp")),
        (None, gettext("Thema's")),
        (None, gettext("Provincie")),
        (None, gettext("Organisatie")),
        ("status", gettext("Status")),
        (None, gettext("Behandelaar")),
        ("received_at", gettext("Ontvangen")),
        ("due_date", gettext("Uiterste datum")),
    ]


def _header(key: str | None, label: str, sort_links: dict | None) -> SafeString:
    link = (sort_links or {}).get(key) if key else None
    sticky = mark_safe(' class="loket-sticky-col"') if key == "reference" else ""
    if not link:
        return format_html('<th scope="col"{}>{}</th>', sticky, label)
    direction = link.get("direction", "")
    arrow = format_html(' <span aria-hidden="true">{}</span>', SORT_ARROWS[direction]) if direction else ""
    aria = format_html(' aria-sort="{}"', direction) if direction else ""
    return format_html('<th scope="col"{}{}><a href="{}">{}{}</a></th>', sticky, aria, link["url"], label, arrow)


class _Escaped(dict):
    """`html.escape` of each distinct text once per page: names, statuses and dates repeat from row to
    row."""

    def __missing__(self, text) -> str:
        escaped = self[text] = _e(str(text))
        return escaped


class _Dates:
    """Dates in SHORT_DATE_FORMAT, "2 okt. 2026" (datetimes in local time), escaped. Django's date formatting
    is the slowest part of a row, and a date's text depends only on the language: each distinct date is
    formatted once per process and language (`_DATE_TEXTS`, bounded)."""

    def __init__(self):
        self._seen = _date_texts(get_language())

    def __call__(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        text = self._seen.get(value)
        if text is None:
            if len(self._seen) >= _DATES_MAX:
                self._seen.clear()
            text = self._seen[value] = _e(date_format(value, DATE_FORMAT))
        return text


_DATES_MAX = 4096  # distinct dates per language (a few years of received and due dates)
_DATE_TEXTS: dict[str, dict[datetime.date, str]] = {}


def _date_texts(language: str) -> dict[datetime.date, str]:
    texts = _DATE_TEXTS.get(language)
    if texts is None:
        texts = _DATE_TEXTS[language] = {}
    return texts


ROW = (
    "<tr>{select}"
    '<th scope="row" class="loket-sticky-col"><a class="reference" href="{url}">{reference}</a>{faq}</th>'
    '<td class="loket-break">{subject}</td><td>{themes}</td><td>{province}</td><td>{organisation}</td>'
    '<td>{status}{late}</td><td>{assignee}</td><td class="loket-nowrap">{received}</td>'
    '<td class="loket-nowrap">{due}</td></tr>'
)
SELECT = (
    '<td><input type="checkbox" name="bulk-questions" value="{pk}" id="select-{pk}" form="bulk-assign"'
    ' class="utrecht-checkbox utrecht-checkbox--html-input">'
    '<label for="select-{pk}" class="rhc-visually-hidden">{label}</label></td>'
)


def _detail_url_maker():
    """pk -> URL of the question page (escaped): `reverse` once per page instead of once per row."""
    marker = 987654321
    before, after = (_e(part) for part in reverse("questions:detail", kwargs={"pk": marker}).split(str(marker)))
    return lambda pk: f"{before}{pk}{after}"


def _row(q, *, select: bool, texts: dict, dates: _Dates, detail_url, escaped: _Escaped) -> str:
    """One row: every value escaped (`_e`, `escaped`, or HTML made by format_html in `texts`); the ids are
    numbers."""
    check = SELECT.format(pk=q.pk, label=_e(texts["select"] % {"ref": q.reference})) if select else ""
    return ROW.format(
        select=check,
        url=detail_url(q.pk),
        reference=_e(q.reference),
        faq=texts["faq"] if q.faq_candidate else "",
        subject=_e(q.subject),
        themes=escaped[", ".join(q.theme_names)],
        province=escaped[q.province_name] if q.province_id else texts["national"],
        organisation=escaped[q.organisation_label or q.organisation_name],
        status=escaped[texts["statuses"].get(q.status, q.status)],
        late=texts["late"] if q.is_overdue else "",
        assignee=escaped[q.assignee_name] if q.assignee_id else texts["nobody"],
        received=dates(q.received_at),
        due=dates(q.due_date),
    )


class _TableTexts:
    """What every question table shares that depends only on the code, the language and the URL
    configuration: the texts (each asked of the translation machinery once per process and language
    instead of once per table), the column headers and the detail URL maker."""

    def __init__(self):
        self.texts = {
            "select": gettext("Selecteer %(ref)s"),
            "faq": format_html(' <span class="marker marker--ok">{}</span>', gettext("FAQ-kandidaat")),
            "national": _e(gettext("Landelijk")),
            "late": format_html(' <span class="marker marker--danger">{}</span>', gettext("Te laat")),
            "nobody": format_html('<span class="marker marker--warning">{}</span>', gettext("Niemand")),
            # the label of every status once (Model.get_status_display rebuilds the choices on every call)
            "statuses": {value: str(label) for value, label in Status.choices},
        }
        self.select_header = format_html(
            '<th scope="col"><span class="rhc-visually-hidden">{}</span></th>', gettext("Selecteren")
        )
        self.empty = gettext("Geen vragen.")
        self.columns = _columns()
        self.plain_headers = [_header(key, label, None) for key, label in self.columns]  # without sort links
        self.detail_url = _detail_url_maker()


# (language, script prefix, URL configuration) -> _TableTexts; tests that swap translations or URLs clear it
_TABLE_TEXTS: dict[tuple, _TableTexts] = {}


def _table_texts() -> _TableTexts:
    key = (get_language(), get_script_prefix(), get_urlconf())
    texts = _TABLE_TEXTS.get(key)
    if texts is None:
        texts = _TABLE_TEXTS[key] = _TableTexts()
    return texts


def _forget(*, setting: str, **_kwargs) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _TABLE_TEXTS.clear()
        _DATE_TEXTS.clear()


setting_changed.connect(_forget, dispatch_uid="questions-table-texts-forget")


class _PageParts:
    """What every question table of one rendered page shares: the texts of the process (`_TableTexts`),
    each distinct text escaped once and the formatted dates (the dashboard's two tables share many due
    dates)."""

    def __init__(self):
        shared = _table_texts()
        self.texts = shared.texts
        self.select_header = shared.select_header
        self.empty = shared.empty
        self.columns = shared.columns
        self.plain_headers = shared.plain_headers
        self.detail_url = shared.detail_url
        self.dates = _Dates()
        self.escaped = _Escaped()


def _page_parts(context) -> _PageParts:
    """The `_PageParts` of the page being rendered, in the bottom layer of its render context (which the
    page's includes share, as the scroll regions' counter, loket.core.scroll_regions), per language. A
    plain dict as context (a call from Python) gets its own."""
    render_context = getattr(context, "render_context", None)
    if render_context is None:
        return _PageParts()
    key = ("questions.question_tables.parts", get_language())
    parts = render_context.dicts[0].get(key)
    if parts is None:
        parts = render_context.dicts[0][key] = _PageParts()
    return parts


@register.simple_tag(takes_context=True)
def question_table(
    context, questions, caption: str = "", select: bool = False, sort_links: dict | None = None
) -> SafeString:
    """The table of `questions` (`questions.rows.QuestionRow`s, or questions of
    `questions.selectors.question_list_qs`, with their names set by `with_row_labels`). `select`: a
    checkbox per row for the bulk-assign form; `sort_links`: {column: {"url", "direction"}} makes the
    sortable headers links."""
    parts = _page_parts(context)
    columns = [_header(key, label, sort_links) for key, label in parts.columns] if sort_links else parts.plain_headers
    headers = [parts.select_header, *columns] if select else columns
    rows = [
        _row(q, select=select, texts=parts.texts, dates=parts.dates, detail_url=parts.detail_url, escaped=parts.escaped)
        for q in questions
    ]
    if not rows:
        rows = [format_html('<tr><td colspan="{}">{}</td></tr>', len(headers), parts.empty)]
    # In its own focusable scroll region, named by the caption: on a phone the table scrolls, not the page.
    table = format_html(
        '<table class="utrecht-table utrecht-table--html-table loket-table--compact">\n  <caption>{}</caption>\n'
        "  <thead><tr>{}</tr></thead>\n  <tbody>\n{}\n  </tbody>\n</table>",
        caption,
        mark_safe("".join(headers)),  # noqa: S308 - format_html output
        mark_safe("\n".join(f"    {row}" for row in rows)),  # noqa: S308 - every value escaped by _row
    )
    return scroll_region(table, context=context)
