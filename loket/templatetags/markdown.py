"""`{{ text|markdown }}`: the portal's one Markdown renderer (`loket.core.markdown`) in templates.
`{{ text|markdown:4 }}` starts the headings at h4."""

from django import template
from django.utils.safestring import SafeString

from loket.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None, top_level: int = 2) -> SafeString:
    return render_markdown(text, top_level=int(top_level))
