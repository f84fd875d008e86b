"""`{% consultation_comments comments %}`: the comments of a consultation round beside its text (the
consultation page of invitees and the core team); `{% consultation_answer comment form %}`: one comment
with its answer form on the core team's processing page.

Rendered in Python, as the core team's question table (questions/templatetags/question_tables.py): a
round can have 500 comments (issue 21 item 5) and a Django template spends a good part of a millisecond
per comment on its variables, filters and URL tags. The markup is that of the former
`loket/consultations/_comments.html`; every value is escaped (html.escape, as Django's `escape`),
every text goes through gettext, dates in the named DATETIME_FORMAT.
"""

from __future__ import annotations

from html import escape

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from loket.publications.consultations.forms import AnswerForm
from loket.publications.consultations.workflow import ConsultationStatus, Handling

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
    dates = {"tz": timezone.get_current_timezone(), "format": get_format("DATETIME_FORMAT"), "dates": {}}
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
            f"{_when(dates, c.updated_at)}</p>\n"
            f'    <p class="loket-mb-xs">{_text(c.text)}</p>\n'
            f"    {handling}{edit}\n"
            "  </li>"
        )
    parts.append("</ul>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped


ANSWER_PK = 987654321  # placeholder in the answer URL, reversed once per page


def _answer_page(context) -> dict:
    """What every comment on the processing page shares: labels and help texts of the answer form
    (from AnswerForm itself, so they stay in one place), the answer URL and the CSRF field."""
    cached = context.render_context.get("consultation_answer_page")
    if cached is None:
        consultation = context["consultation"]
        fields = AnswerForm().fields
        cached = {
            "tz": timezone.get_current_timezone(),
            "format": get_format("DATETIME_FORMAT"),
            "dates": {},
            "handlings": {value: escape(str(label)) for value, label in Handling.choices},
            "choices": [(escape(value), escape(str(label))) for value, label in fields["handling"].choices],
            "labels": {name: escape(str(field.label)) for name, field in fields.items()},
            "help": {name: escape(str(field.help_text)) for name, field in fields.items() if field.help_text},
            "limits": {name: escape(field.widget.attrs.get("data-max-chars", "")) for name, field in fields.items()},
            "list_id": escape(fields["duplicate_of"].widget.attrs["list"]),
            "no_answer": escape(gettext("Nog geen antwoord")),
            "save": escape(gettext("Antwoord opslaan")),
            "url": reverse("loket:consultation_answer", kwargs={"pk": consultation.pk, "comment_pk": ANSWER_PK})
            + (f"?{context['answer_query']}" if context.get("answer_query") else ""),
            "csrf": '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'.format(
                escape(get_token(context["request"]))
            ),
            "open": consultation.status == ConsultationStatus.OPEN,
            "same_as": gettext("zelfde strekking als %(n)s"),
        }
        context.render_context["consultation_answer_page"] = cached
    return cached


def _when(page: dict, value) -> str:
    """`value` in the named DATETIME_FORMAT ("2 oktober 2026 18:56"): the date part formatted once per
    date of the page, the time added as digits. Django's date formatting (with a translated month
    name) was the slowest part of a comment."""
    local = value.astimezone(page["tz"])
    fmt = page["format"]
    if not fmt.endswith(" H:i"):  # another named format: formatted in full, once per minute
        key = local.replace(second=0, microsecond=0)
        if key not in page["dates"]:
            page["dates"][key] = escape(dateformat.format(key, fmt))
        return page["dates"][key]
    day = local.date()
    text = page["dates"].get(day)
    if text is None:
        text = page["dates"][day] = escape(dateformat.format(day, fmt.removesuffix(" H:i")))
    return f"{text} {local.hour:02d}:{local.minute:02d}"


def _answer_fields(page: dict, comment) -> str:
    """The answer form's fields as crispy-forms renders them (templates of the NL Design System pack)."""
    p = f"r{comment.pk}"
    labels, help_texts, limits = page["labels"], page["help"], page["limits"]
    radios = "".join(
        f'<div class="utrecht-form-field utrecht-form-field--radio"> <input type="radio" '
        f'class="utrecht-radio-button utrecht-radio-button--html-input" name="{p}-handling" value="{value}" '
        f'id="id_{p}-handling_{i}"{" checked" if value == comment.handling else ""}> '
        f'<label for="id_{p}-handling_{i}" class="utrecht-form-label utrecht-form-label--radio">{label}</label> </div> '
        for i, (value, label) in enumerate(page["choices"])
    )
    duplicate = f' value="R{comment.duplicate_of_id}"' if comment.duplicate_of_id else ""
    return (
        f'<div id="div_id_{p}-handling" class="utrecht-form-field"> <fieldset class="utrecht-form-fieldset '
        'utrecht-form-fieldset--html-fieldset"> <legend class="utrecht-form-fieldset__legend '
        f'utrecht-form-fieldset__legend--html-legend">{labels["handling"]}</legend> {radios}</fieldset> </div> '
        f'<div id="div_id_{p}-reason" class="utrecht-form-field"> <label for="id_{p}-reason" '
        f'class="utrecht-form-label">{labels["reason"]}</label> <div id="id_{p}-reason_helptext" '
        f'class="utrecht-form-field-description">{help_texts["reason"]}</div> <textarea name="{p}-reason" cols="40" '
        f'rows="3" data-max-chars="{limits["reason"]}" '
        'class="textarea utrecht-textarea utrecht-textarea--html-textarea" '
        f'aria-describedby="id_{p}-reason_helptext" id="id_{p}-reason">\n{escape(comment.reason)}</textarea> </div> '
        f'<div id="div_id_{p}-duplicate_of" class="utrecht-form-field"> <label for="id_{p}-duplicate_of" '
        f'class="utrecht-form-label">{labels["duplicate_of"]}</label> <div id="id_{p}-duplicate_of_helptext" '
        f'class="utrecht-form-field-description">{help_texts["duplicate_of"]}</div> <input type="text" '
        f'name="{p}-duplicate_of"{duplicate} list="{page["list_id"]}" inputmode="text" autocomplete="off" '
        f'data-max-chars="{limits["duplicate_of"]}" class="textinput utrecht-textbox utrecht-textbox--html-input" '
        f'aria-describedby="id_{p}-duplicate_of_helptext" id="id_{p}-duplicate_of"> </div>'
    )


@register.simple_tag(takes_context=True)
def consultation_answer(context, comment, form=None) -> SafeString:
    """One comment on the core team's processing page with its answer form (or, in a closed round, the
    answer). Rendered in Python like `consultation_comments`: the former template loop with a crispy
    form per comment took 4 s for 500 comments. A form with errors (`form`, bound: the answer just
    posted) is rendered by crispy-forms as before, with its error summary."""
    page = _answer_page(context)
    pk = comment.pk
    if comment.handling:
        label = page["handlings"].get(comment.handling, escape(comment.handling))
        marker = f'<span class="marker marker--ok">{label}</span>'
    else:
        marker = f'<span class="marker marker--danger">{page["no_answer"]}</span>'
    organisation = f" ({escape(comment.organisation_name)})" if comment.organisation_name else ""
    when = _when(page, comment.updated_at)
    if page["open"]:
        if form is not None and form.is_bound:
            fields = render_to_string(
                "loket/consultations/_answer_form.html", {"form": form}, request=context.get("request")
            )
            errors, fields = fields.split("<!-- fields -->", 1)
        else:
            errors, fields = "", _answer_fields(page, comment)
        url = escape(page["url"].replace(str(ANSWER_PK), str(pk)))
        body = (
            f"{errors}"
            f'<form method="post" action="{url}" novalidate>{page["csrf"]}\n{fields}\n'
            f'<button type="submit" class="utrecht-button utrecht-button--secondary-action">{page["save"]}'
            f'<span class="rhc-visually-hidden"> R{pk}</span></button>\n</form>'
        )
    else:
        same = ""
        if comment.duplicate_of_id:
            same = f" ({escape(page['same_as'] % {'n': f'R{comment.duplicate_of_id}'})})"
        body = f"<p>{escape(comment.reason)}{same}</p>"
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<section class="loket-box loket-p-m loket-mb-m" id="reactie-{pk}" aria-labelledby="kop-{pk}">\n'
        f'<h3 class="nl-heading nl-heading--level-5" id="kop-{pk}">R{pk}: {escape(comment.section_label)}\n'
        f"{marker}</h3>\n"
        f'<p class="loket-small">{escape(comment.author_name)}{organisation} · {when}</p>\n'
        f'<blockquote class="loket-box--start loket-ps-s">{_text(comment.text)}</blockquote>\n'
        f"{body}\n</section>"
    )
