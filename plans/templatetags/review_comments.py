"""`{% review_comment comment %}`: one review comment of a plan version with, for who may answer, its
answer form (the version's comments page).

Rendered in Python, as the core team's question table (questions/templatetags/question_tables.py): a
version has 200 locations and can have 100 comments (issue 21 item 5), and the former include
(`plans/_review_comment.html`) cost most of the page in template variables, filters and URL tags. The
markup is that include's (`{% review_location_rows location_rows %}`: the block per location with its
comments, as the page's loop wrote it); every value is escaped (html.escape, as Django's `escape`), every text goes
through gettext, dates in the named DATETIME_FORMAT. What is the same for every comment of the page
(labels, the answer URL, the CSRF field) is made once per page.
"""

from __future__ import annotations

from html import escape

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

ANSWER_PK = 987654321  # placeholder in the answer URL, reversed once per page


def _text(value: str) -> str:
    """As the `linebreaksbr` filter: escaped, every line break a <br>."""
    return escape(value.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _page(context) -> dict:
    cached = context.render_context.get("review_comment_page")
    if cached is None:
        version, province = context["version"], context["province"]
        can_answer = bool(context.get("can_answer"))
        cached = {
            "tz": timezone.get_current_timezone(),
            "write": datetime_writer(get_format("DATETIME_FORMAT")),  # "2 oktober 2026 18:56"
            "resolved": escape(gettext("afgehandeld")),
            "open": escape(gettext("open")),
            "answer": escape(gettext("Antwoord")),
            "can_answer": can_answer,
        }
        if can_answer:
            cached.update(
                url=reverse(
                    "plans:comment_answer",
                    kwargs={"province_code": province.code, "number": version.number, "pk": ANSWER_PK},
                ),
                csrf='<input type="hidden" name="csrfmiddlewaretoken" value="{}">'.format(
                    escape(get_token(context["request"]))
                ),
                reopen=escape(gettext("Weer openzetten")),
                your_answer=escape(gettext("Uw antwoord")),
                mark=escape(gettext("Markeer als afgehandeld")),
                save=escape(gettext("Opslaan")),
            )
        context.render_context["review_comment_page"] = cached
    return cached


# The specifiers of a date format written here without a DateFormat per value (as dateformat writes them);
# a format with any other specifier is written by dateformat itself.
_FIELDS = {
    "j": lambda d, months: str(d.day),
    "d": lambda d, months: f"{d.day:02d}",
    "n": lambda d, months: str(d.month),
    "F": lambda d, months: months[d.month],
    "Y": lambda d, months: f"{d.year:04d}",
    "G": lambda d, months: str(d.hour),
    "H": lambda d, months: f"{d.hour:02d}",
    "i": lambda d, months: f"{d.minute:02d}",
}


def datetime_writer(format_string: str):
    """A function writing a (local) datetime as `dateformat.format(value, format_string)` does. The
    format is split once per page and the month names translated once: 100 comments with their answers
    took dateformat ~60 us per date (a DateFormat, a regular expression and a translated month name
    each), more than the rest of a comment (issue 21)."""
    pieces: list = []
    for i, piece in enumerate(dateformat.re_formatchars.split(str(format_string))):
        if i % 2:
            if piece not in _FIELDS:
                return lambda value: dateformat.format(value, format_string)
            pieces.append(_FIELDS[piece])
        elif piece:
            pieces.append(dateformat.re_escaped.sub(r"\1", piece))
    months = {number: str(name) for number, name in MONTHS.items()}

    def write(value) -> str:
        return "".join(piece if type(piece) is str else piece(value, months) for piece in pieces)

    return write


def _when(page: dict, value) -> str:
    return escape(page["write"](value.astimezone(page["tz"]))) if value else ""


@register.simple_tag(takes_context=True)
def review_comment(context, comment) -> SafeString:
    page = _page(context)
    pk = comment.pk
    resolved = comment.resolved_at is not None
    marker = (
        f'<span class="marker marker--ok">{page["resolved"]}</span>'
        if resolved
        else f'<span class="marker marker--warning">{page["open"]}</span>'
    )
    answer = ""
    if comment.answer:
        by = comment.answered_by
        name = (by.get_full_name() or str(by)) if by is not None else "-"
        answer = (
            f'<p class="loket-mb-s loket-ps-m loket-box--start"><strong>{page["answer"]}</strong> ({escape(name)}, '
            f"{_when(page, comment.answered_at)}):<br>{_text(comment.answer)}</p>"
        )
    form = ""
    if page["can_answer"]:
        url = escape(page["url"].replace(str(ANSWER_PK), str(pk)))
        if resolved:
            inner = (
                '<button type="submit" name="reopen" value="1" '
                'class="utrecht-link-button utrecht-link-button--html-button loket-p-0">'
                f"{page['reopen']}</button>"
            )
        else:
            inner = (
                f'<label class="utrecht-form-label" for="antwoord-{pk}">{page["your_answer"]}</label>\n'
                f'<textarea name="answer" id="antwoord-{pk}" rows="2" '
                'class="utrecht-textarea utrecht-textarea--html-textarea loket-mb-xs" maxlength="4000">'
                "</textarea>\n"
                f'<div class="utrecht-form-field utrecht-form-field--checkbox loket-mb-xs">'
                f'<input type="checkbox" name="resolve" value="on" id="afgehandeld-{pk}" '
                f'class="utrecht-checkbox utrecht-checkbox--html-input">'
                f'<label class="utrecht-form-label utrecht-form-label--checkbox" for="afgehandeld-{pk}">'
                f"{page['mark']}</label>"
                "</div>\n"
                f'<button type="submit" class="utrecht-button utrecht-button--secondary-action">{page["save"]}</button>'
            )
        form = f'<form method="post" action="{url}" class="no-print" novalidate>{page["csrf"]}\n{inner}\n</form>'
    html = (
        f'<article class="loket-card loket-mb-s{" loket-card--resolved" if resolved else ""}" id="opmerking-{pk}">\n'
        "  <div>\n"
        f'    <p class="loket-mb-xs"><strong>{escape(comment.author_name)}</strong>, '
        f"{_when(page, comment.created_at)}\n"
        f"      {marker}</p>\n"
        f'    <p class="loket-mb-s">{_text(comment.body)}</p>\n'
        f"    {answer}\n    {form}\n"
        "  </div>\n</article>"
    )
    return mark_safe(html)  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def review_location_rows(context, location_rows) -> SafeString:
    """The comments on the locations: per location its name and key figures beside its comments (the
    page's former loop, which cost ~9 ms at 100 comments in variables and a blocktranslate per row)."""
    figures = gettext("%(m)s · %(t)s · %(c)s plaatsen · vanaf %(f)s")
    out = []
    for row in location_rows:
        location = row["location"]
        summary = figures % {
            "m": escape(location.municipality),
            "t": escape(location.location_type.code),
            "c": location.capacity,
            "f": escape(location.first_quarter_label),
        }
        comments = "".join(review_comment(context, comment) for comment in row["comments"])
        out.append(
            '\n      <div class="loket-row loket-mb-m">\n'
            '        <div class="loket-col-half"><h3 class="nl-heading nl-heading--level-5">'
            f"{escape(location.name)}</h3>\n"
            f"          <p>{summary}</p></div>\n"
            f'        <div class="loket-col-half">{comments}</div>\n'
            "      </div>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
