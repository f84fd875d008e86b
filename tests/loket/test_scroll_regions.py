"""The scroll region of wide tables and charts (loket.core.scroll_regions, `{% scroll_region %}`): named by
the table's caption through an id that is unique on the page, also when one include is used twice."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine, Template
from django.utils.html import format_html

from loket.core.scroll_regions import scroll_region

TABLE = "<table><caption>{}</caption><tr><td>1</td></tr></table>"


def render(source: str, **context) -> str:
    return Template("{% load scroll_regions %}" + source).render(Context(context))


def test_the_region_points_at_the_caption_which_gets_an_id():
    html = render("{% scroll_region %}" + TABLE.format("Locaties") + "{% endscroll_region %}")
    assert html == (
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="tabel-1">'
        '<table><caption id="tabel-1">Locaties</caption><tr><td>1</td></tr></table></div>'
    )


def test_a_caption_with_attributes_or_its_own_id():
    html = render(
        '{% scroll_region %}<table><caption class="rhc-visually-hidden">A</caption></table>{% endscroll_region %}'
        '{% scroll_region %}<table><caption id="eigen">B</caption></table>{% endscroll_region %}'
    )
    assert '<caption id="tabel-1" class="rhc-visually-hidden">A</caption>' in html
    assert 'aria-labelledby="tabel-1"' in html
    assert 'aria-labelledby="eigen"' in html and '<caption id="eigen">B</caption>' in html


def test_the_same_include_twice_on_one_page_gives_two_ids():
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "table.html": "{% load scroll_regions %}"
                    "{% scroll_region %}<table><caption>{{ caption }}</caption></table>{% endscroll_region %}"
                },
            )
        ],
        libraries={"scroll_regions": "loket.templatetags.scroll_regions"},
    )
    page = engine.from_string(
        '{% include "table.html" with caption="Per provincie" %}'
        '{% for c in captions %}{% include "table.html" with caption=c only %}{% endfor %}'
    )
    html = page.render(Context({"captions": ["Per regio", "Per type"]}))
    assert re.findall(r'aria-labelledby="([^"]+)"', html) == ["tabel-1", "tabel-2", "tabel-3"]
    assert re.findall(r'<caption id="([^"]+)">', html) == ["tabel-1", "tabel-2", "tabel-3"]
    # a new page counts from 1 again
    assert 'aria-labelledby="tabel-1"' in page.render(Context({"captions": []}))


def test_a_chart_without_caption_is_named_by_its_label_and_keeps_its_class():
    html = render(
        '{% scroll_region css_class="chart-scroll" label=name %}<svg></svg>{% endscroll_region %}',
        name='Grafiek: "Utrecht" <per kwartaal>',
    )
    assert html == (
        '<div class="chart-scroll" tabindex="0" role="region" '
        'aria-label="Grafiek: &quot;Utrecht&quot; &lt;per kwartaal&gt;"><svg></svg></div>'
    )


def test_the_content_is_escaped_as_in_any_template():
    html = render("{% scroll_region %}<table><caption>{{ c }}</caption></table>{% endscroll_region %}", c="<b>x</b>")
    assert '<caption id="tabel-1">&lt;b&gt;x&lt;/b&gt;</caption>' in html


def test_tables_rendered_in_python_count_on_the_same_page():
    context = Context({})
    assert 'id="tabel-1"' in scroll_region(format_html(TABLE, "B"), context=context)
    assert 'id="tabel-2"' in scroll_region(format_html(TABLE, "<C>"), context=context)


def test_no_template_writes_its_own_scroll_region():
    """One mechanism: every scroll region comes from `{% scroll_region %}` (or its Python function)."""
    written = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if re.search(r'role="region"|<div[^>]*\sclass="[^"]*\b(table|chart)-scroll\b', path.read_text())
    ]
    assert written == []


def test_a_string_not_marked_safe_is_escaped_not_trusted():
    html = scroll_region("<table><caption>x</caption></table>", context=Context({}), label="Tabel")
    assert "&lt;table&gt;" in html and "<caption" not in html


def test_every_scroll_region_in_the_templates_has_a_caption_or_a_label():
    """Without either the region has no name: a screen reader cannot tell it from the others."""
    blocks = re.compile(r"{% scroll_region([^%]*)%}(.*?){% endscroll_region %}", re.S)
    nameless = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for tag, body in blocks.findall(path.read_text())
        if "<caption" not in body and "label=" not in tag
    ]
    assert nameless == []
