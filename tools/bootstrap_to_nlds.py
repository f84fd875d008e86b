"""Rewrite Bootstrap 5 classes in Django templates to the NL Design System / Rijkshuisstijl classes
and the project's own layout classes (static/css/loket.css). See docs/frontend.md for the mapping.

    .venv/bin/python tools/bootstrap_to_nlds.py templates/some/page.html [more files or folders]

Only the plain words of a `class="..."` attribute are rewritten; template tags inside it are kept.
What it cannot map (an unknown Bootstrap class) it reports; tests/a11y/test_no_bootstrap.py fails on
leftovers. Pagination, breadcrumbs and messages are includes: use those, do not copy their markup.
"""

import re
import sys
from pathlib import Path

SPACING = {
    "mb-0": "loket-mb-0",
    "ps-2": "loket-ps-s",
    "py-2": "loket-py-s",
    "mb-1": "loket-mb-xs",
    "mb-2": "loket-mb-s",
    "mb-3": "loket-mb-m",
    "mb-4": "loket-mb-l",
    "mt-0": "loket-mt-0",
    "mt-1": "loket-mt-xs",
    "mt-2": "loket-mt-s",
    "mt-3": "loket-mt-m",
    "mt-4": "loket-mt-l",
    "my-3": "loket-my-m",
    "py-3": "loket-py-m",
    "py-4": "loket-py-l",
    "p-0": "loket-p-0",
    "p-2": "loket-p-s",
    "p-3": "loket-p-m",
    "ps-3": "loket-ps-m",
    "ms-2": "loket-ms-s",
    "me-3": "loket-me-m",
    "m-0": "loket-mb-0",
}
SIMPLE = {
    **SPACING,
    "table": "utrecht-table utrecht-table--html-table",
    "table-sm": "loket-table--compact",
    "table-responsive": "",  # the table gets its own {% scroll_region %} (wrap_tables)
    "align-middle": "",
    "alert": "utrecht-alert",
    "alert-warning": "utrecht-alert--warning",
    "alert-info": "utrecht-alert--info",
    "alert-danger": "utrecht-alert--error",
    "alert-success": "utrecht-alert--ok",
    "form-label": "utrecht-form-label",
    "form-text": "utrecht-form-field-description",
    "form-check": "utrecht-form-field utrecht-form-field--checkbox",
    "form-check-inline": "loket-inline",
    "form-check-label": "utrecht-form-label utrecht-form-label--checkbox",
    "form-select": "utrecht-select utrecht-select--html-select",
    "form-control-sm": "",
    "input-group": "loket-input-group",
    "w-auto": "loket-w-auto",
    "invalid-feedback": "utrecht-form-field-error-message",
    "is-invalid": "loket-invalid",
    "visually-hidden": "rhc-visually-hidden",
    "visually-hidden-focusable": "loket-visually-hidden-focusable",
    "d-flex": "loket-cluster",
    "flex-wrap": "",
    "gap-1": "",
    "gap-2": "",
    "gap-4": "loket-cluster--wide",
    "align-items-end": "loket-cluster--end",
    "align-items-center": "",
    "justify-content-between": "loket-cluster--between",
    "d-inline": "loket-inline",
    "small": "loket-small",
    "text-muted": "loket-muted",
    "text-body-secondary": "loket-muted",
    "lead": "utrecht-paragraph--lead",
    "text-nowrap": "loket-nowrap",
    "fs-6": "",
    "fw-normal": "loket-fw-normal",
    "list-unstyled": "loket-list-plain",
    "list-inline": "loket-list-inline",
    "list-inline-item": "",
    "rounded": "",
    "border": "loket-box",
    "border-start": "loket-box--start",
    "border-bottom": "loket-box--bottom",
    "border-success": "loket-card--resolved",
    "bg-white": "",
    "container": "loket-container",
    "g-2": "",
    "g-3": "",
    "g-4": "",
    "h1": "nl-heading nl-heading--level-1",
    "h2": "nl-heading nl-heading--level-2",
    "h3": "nl-heading nl-heading--level-3",
    "h4": "nl-heading nl-heading--level-4",
    "h5": "nl-heading nl-heading--level-5",
    "h6": "nl-heading nl-heading--level-6",
    "badge": "marker",
    "text-bg-warning": "marker--warning",
    "text-bg-secondary": "",
    "card": "loket-card",
    "card-body": "",
    "nav": "loket-tabs",
    "nav-tabs": "",
    "nav-item": "loket-tabs__item",
    "nav-link": "loket-tabs__link",
}
WIDE = {"col-md-8", "col-lg-8", "col-md-7", "col-lg-7", "col-lg-9"}
HALF = {"col-md-6", "col-lg-6", "col-xxl-6"}
NARROW = {"col-md-4", "col-lg-4", "col-md-5", "col-lg-5", "col-md-3", "col-lg-3", "col-md-2"}
BUTTON_KIND = {
    "btn-primary": "primary-action",
    "btn-success": "primary-action",
    "btn-outline-primary": "secondary-action",
    "btn-secondary": "secondary-action",
    "btn-outline-secondary": "secondary-action",
    "btn-danger": "secondary-action",
    "btn-outline-danger": "secondary-action",
}
TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b")
CLASS_RE = re.compile(r'class="([^"]*)"')
TEMPLATE_PART = re.compile(r"(\{%.*?%\}|\{\{.*?\}\})")
unknown: set[str] = set()


def map_token(word: str, tag: str, tagtext: str, words_in_attr: set[str]) -> str:
    if word in SIMPLE:
        return SIMPLE[word]
    if word == "active":
        return "loket-tabs__link--current" if "nav-link" in words_in_attr else ""
    if word == "row":
        return "loket-dl" if tag == "dl" else "loket-row"
    if word.startswith("col-"):
        if tag in ("dt", "dd"):
            return ""
        if word in WIDE:
            return "loket-col-wide"
        if word in HALF:
            return "loket-col-half"
        if word in NARROW:
            return "loket-col-narrow"
        if word == "col-auto":
            return "loket-col-auto"
        if word == "col-12":
            return "loket-col-full"
        if word in ("col-sm-2", "col-sm-3", "col-sm-4", "col-sm-8", "col-sm-9"):
            return ""
    if word == "form-control":
        if tag == "textarea":
            return "utrecht-textarea utrecht-textarea--html-textarea"
        if tag == "select":
            return "utrecht-select utrecht-select--html-select"
        return "utrecht-textbox utrecht-textbox--html-input"
    if word == "form-check-input":
        if 'type="radio"' in tagtext:
            return "utrecht-radio-button utrecht-radio-button--html-input"
        return "utrecht-checkbox utrecht-checkbox--html-input"
    if word == "btn":
        return "utrecht-button-link utrecht-button-link--html-a" if tag == "a" else "utrecht-button"
    if word == "btn-sm":
        return ""
    if word == "btn-link":
        return "" if tag == "a" else "utrecht-link-button utrecht-link-button--html-button"
    if word in BUTTON_KIND:
        kind = BUTTON_KIND[word]
        if tag == "a":
            return f"utrecht-button-link--{kind}"
        return f"utrecht-button--{kind}" + (" utrecht-button--danger" if "danger" in word else "")
    return word


def rewrite_class(value: str, tag: str, tagtext: str) -> str:
    parts = TEMPLATE_PART.split(value)
    words_in_attr = {t for i, p in enumerate(parts) if i % 2 == 0 for t in p.split()}
    if "btn-link" in words_in_attr and tag != "a":
        words_in_attr.discard("btn")
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        words = re.split(r"(\s+)", part)
        mapped = []
        for w in words:
            if not w or w.isspace():
                mapped.append(w)
                continue
            if w == "btn" and "btn-link" in words_in_attr and tag != "a":
                mapped.append("")
                continue
            mapped.append(map_token(w, tag, tagtext, words_in_attr))
        out.append("".join(mapped))
    result = "".join(out)
    # tidy the spaces the dropped words leave, outside template tags only
    parts = TEMPLATE_PART.split(result)
    for i in range(0, len(parts), 2):
        lead = " " if parts[i][:1].isspace() and i else ""
        trail = " " if parts[i][-1:].isspace() and i < len(parts) - 1 else ""
        parts[i] = (
            lead + " ".join(parts[i].split()) + trail
            if parts[i].strip()
            else (" " if parts[i] and 0 < i < len(parts) - 1 else "")
        )
    return "".join(parts)


SCROLL_OPEN, SCROLL_CLOSE = "{% scroll_region %}", "{% endscroll_region %}"
LOAD = re.compile(r"{%\s*load\s+([^%]*?)\s*%}")


def wrap_tables(text: str) -> str:
    """Every table in its own focusable scroll region named by its caption (`{% scroll_region %}`,
    loket.core.scroll_regions): a phone never scrolls the page sideways."""
    out, pos = [], 0
    for match in re.finditer(r"<table\b", text):
        if match.start() < pos:
            continue
        before = text[: match.start()]
        if before.rfind(SCROLL_OPEN) > before.rfind(SCROLL_CLOSE):
            continue
        end = text.find("</table>", match.start())
        if end == -1:
            continue
        end += len("</table>")
        out += [text[pos : match.start()], SCROLL_OPEN, text[match.start() : end], SCROLL_CLOSE]
        pos = end
    out.append(text[pos:])
    result = "".join(out)
    if SCROLL_OPEN in result and not re.search(r"{%\s*load\s[^%]*\bscroll_regions\b", result):
        load = LOAD.search(result)
        if load:
            result = result[: load.start()] + "{% load " + load.group(1) + " scroll_regions %}" + result[load.end() :]
        elif result.startswith("{% extends"):
            first_line = result.find("\n") + 1
            result = result[:first_line] + "{% load scroll_regions %}\n" + result[first_line:]
        else:
            result = "{% load scroll_regions %}" + result
    return result


def convert(text: str) -> str:
    def repl(match: re.Match) -> str:
        start = text.rfind("<", 0, match.start())
        tag_match = TAG_RE.match(text, start)
        tag = tag_match.group(1).lower() if tag_match else ""
        end = text.find(">", match.end())
        tagtext = text[start : end + 1]
        return f'class="{rewrite_class(match.group(1), tag, tagtext)}"'

    return re.sub(r'\s+class=""', "", CLASS_RE.sub(repl, text))


def main(paths: list[str]) -> None:
    files = []
    for p in map(Path, paths):
        files += sorted(p.rglob("*.html")) if p.is_dir() else [p]
    for f in files:
        if "emails" in f.parts:  # mails have their own plain markup
            continue
        old = f.read_text()
        new = wrap_tables(convert(old))
        if new != old:
            f.write_text(new)
            print("converted", f)


if __name__ == "__main__":
    main(sys.argv[1:])
