"""`{% scroll_region %}<table>…<caption>…</caption>…</table>{% endscroll_region %}`: a wide table (or chart)
in its own focusable scroll region, named by its caption (loket.core.scroll_regions).

`{% scroll_region css_class="chart-scroll" label=name %}` for a chart (a region without caption is named by
`label`); `css_class="loket-col-half table-scroll"` for more classes."""

from django import template
from django.utils.safestring import SafeString

from loket.core.scroll_regions import scroll_region as wrap

register = template.Library()


@register.simple_block_tag(takes_context=True)
def scroll_region(context, content, label: str = "", css_class: str = "table-scroll") -> SafeString:
    return wrap(content, context=context, label=label, css_class=css_class)
