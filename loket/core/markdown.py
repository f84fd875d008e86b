"""Markdown, rendered safely: the one renderer of the portal (publications, mailings, the narrative
sections of a plan; in templates the `markdown` filter of `loket/templatetags/markdown.py`).

Two layers: raw HTML in the source is never interpreted (Python-Markdown's HTML handling is
switched off, so `<script>` shows as text), and the output is cleaned by nh3 with a strict
allow-list (no scripts, no event attributes, only http(s) and mailto links). Forms also refuse raw
HTML and unsafe links with a message, so authors learn what is wrong instead of seeing it vanish.
Headings nest under the page's own headings (`top_level`) without skipping a level.
"""

import html as htmllib
import re

import markdown as md_lib
import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

# Only what the enabled extensions produce (no raw HTML reaches the sanitiser as markup).
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
MAX_MARKDOWN_CHARS = 100_000

_RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*([\s/][^>]*)?>")
_LINK_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>", re.M
)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")


def _converter() -> md_lib.Markdown:
    converter = md_lib.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


_HEADING = re.compile(r"<(/?)h([1-6])>")


class HeadingLevels:
    """The author's heading levels mapped onto the page's, so that no level is skipped (WCAG 1.3.1, axe
    heading-order): the first heading gets `top_level`, a deeper heading one level below the heading it
    follows, a heading as shallow as an earlier one that one's level. "#" then "###" becomes h2 then h3;
    a text that starts at "##" starts at h2 all the same; never past h6. One instance walks one text in
    order (`markdown_sections` renders a text block by block through the same instance)."""

    def __init__(self, top_level: int = 2):
        self.top = min(max(top_level, 2), 6)  # the page has its own h1
        self.open: list[int] = []  # the author's levels of the headings the next one sits under

    def level(self, author_level: int) -> int:
        while self.open and self.open[-1] >= author_level:
            self.open.pop()
        self.open.append(author_level)
        return min(self.top + len(self.open) - 1, 6)


def render_markdown(text: str | None, *, top_level: int = 2, levels: HeadingLevels | None = None) -> SafeString:
    """Markdown -> sanitised HTML (safe to put in a template).

    The text's first heading becomes `<h{top_level}>` and the others nest under it without skipping a
    level (`HeadingLevels`): by default h2, as the page has its own h1 (so never below 2); a plan's
    narrative sections sit under an h2 and an h3 and use 4. `levels`: carry on the headings of the blocks
    rendered before (instead of `top_level`)."""
    if not text:
        return mark_safe("")
    levels = levels or HeadingLevels(top_level)
    current = levels.top

    def heading(match: re.Match) -> str:
        nonlocal current
        if not match.group(1):  # an opening tag; headings do not nest, so its own closing tag comes next
            current = levels.level(int(match.group(2)))
        return f"<{match.group(1)}h{current}>"

    html = _HEADING.sub(heading, _converter().convert(text))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 with an allow-list


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|pre|blockquote|table|ul|ol)>|<br\s*/?>|<hr\s*/?>")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def markdown_to_text(text: str | None) -> str:
    """Markdown -> plain text, through the same renderer: no `**`, `#` or link syntax (a link keeps its
    text), one line per block. For snippets in search results and suggestions, and for summaries.
    The result is text, not HTML: templates escape it as usual."""
    if not text:
        return ""
    html = _BLOCK_END.sub("\n", _converter().convert(text))
    stripped = nh3.clean(html, tags=set(), attributes={}, strip_comments=True)
    lines = (" ".join(line.split()) for line in htmllib.unescape(stripped).splitlines())
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def validate_markdown(text: str | None) -> None:
    """Refuse what the renderer would drop: raw HTML and links with another scheme than http(s)/mailto."""
    if not text:
        return
    if len(text) > MAX_MARKDOWN_CHARS:
        raise ValidationError(_("De tekst is te lang (hoogstens %(max)s tekens).") % {"max": MAX_MARKDOWN_CHARS})
    if _RAW_HTML.search(text):
        raise ValidationError(
            _("HTML is niet toegestaan. Gebruik Markdown, bijvoorbeeld **vet** of [linktekst](https://…).")
        )
    for match in _LINK_TARGET.finditer(text):
        target = next((g for g in match.groups()[:1] + match.groups()[1:2] + match.groups()[3:4] if g), "")
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES:
            raise ValidationError(
                _("Deze link is niet toegestaan: %(link)s. Gebruik een link die begint met https://.")
                % {"link": target[:80]}
            )


# --- sections with stable anchors (consultation comments point at one) ----------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING_LINE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s+")


class Section:
    """One block of a Markdown text: a heading, a paragraph, a list, a table or a code block.
    `anchor` is derived from the text's headings ("h-aanpak", "h-aanpak-p2"): the same text always
    gives the same anchors. `label` says in words which part it is ("Kop: Aanpak", "Alinea 2 onder Aanpak")."""

    __slots__ = ("anchor", "heading", "html", "is_heading", "label", "source")

    def __init__(self, *, anchor: str, label: str, source: str, is_heading: bool, heading: str, html: SafeString):
        self.anchor, self.label, self.source = anchor, label, source
        self.is_heading, self.heading, self.html = is_heading, heading, html


def _blocks(text: str) -> list[str]:
    """The source split into blocks: blank lines end a block (not inside a fenced code block), a
    heading line is a block of its own, and list items that follow each other stay one list."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            current.append(line)
            continue
        if fenced:
            current.append(line)
            continue
        if _HEADING_LINE.match(line):
            if current:
                blocks.append(current)
            blocks.append([line])
            current = []
        elif not line.strip():
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    merged: list[list[str]] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        follows = bool(_LIST_ITEM.match(block[0]) or block[0][:1] in " \t")
        if previous and _LIST_ITEM.match(previous[0]) and follows:
            previous.extend(["", *block])
        else:
            merged.append(block)
    return ["\n".join(block) for block in merged]


def markdown_sections(text: str | None, *, top_level: int = 2) -> list[Section]:
    """The blocks of a Markdown text in order, each with a stable anchor and its rendered HTML (through
    `render_markdown`, so sanitised as everywhere). A heading's anchor is "h-" + its slug (a second
    heading with the same words gets "-2"); a block under it is "<heading anchor>-p<n>", before the
    first heading "p<n>". Heading levels run on from block to block, as in `render_markdown` of the whole
    text."""
    sections: list[Section] = []
    levels = HeadingLevels(top_level)
    used: set[str] = set()
    heading_anchor, heading_text, number = "", "", 0
    for source in _blocks(text or ""):
        match = _HEADING_LINE.match(source)
        if match:
            heading_text = markdown_to_text(match.group(2)) or match.group(2)
            base = "h-" + (slugify(heading_text)[:60] or "kop")
            anchor, n = base, 1
            while anchor in used:
                n += 1
                anchor = f"{base}-{n}"
            heading_anchor, number = anchor, 0
            label = _("Kop: %(heading)s") % {"heading": heading_text}
            is_heading = True
        else:
            number += 1
            anchor = f"{heading_anchor}-p{number}" if heading_anchor else f"p{number}"
            if heading_text:
                label = _("Alinea %(n)s onder “%(heading)s”") % {"n": number, "heading": heading_text}
            else:
                label = _("Alinea %(n)s") % {"n": number}
            is_heading = False
        used.add(anchor)
        sections.append(
            Section(
                anchor=anchor,
                label=label,
                source=source,
                is_heading=is_heading,
                heading=heading_text,
                html=render_markdown(source, levels=levels),
            )
        )
    return sections
