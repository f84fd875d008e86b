"""Markdown for the narrative sections, rendered safely: Markdown to HTML, then an nh3 allow-list.

Raw HTML in the source is escaped by the allow-list (scripts, styles, event handlers and iframes are
dropped); links may only point to http(s) and mailto, so `javascript:` links never reach the page.
"""

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}


def render_markdown(text: str, *, top_level: int = 4) -> str:
    """`# Kop` becomes `<h{top_level}>` (default h4: the sections sit under an h2 and an h3), capped at h6."""
    html = md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    shift = top_level - 1
    for level in range(6, 0, -1):
        new = min(level + shift, 6)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
