"""The bars of the capacity chart rendered in Python (plans/templatetags/capacity_tables.py, issue 21):
exactly what the chart's template loop wrote, with a short quarter and text that must be escaped."""

from django.template import Context, Template
from django.utils import translation

from plans.capacity import Line, chart
from plans.models import LocationStatus
from plans.templatetags.capacity_tables import capacity_chart_bars, capacity_focus_rows

# The loop of templates/plans/capacity.html before issue 21.
TEMPLATE_LOOP = """{% load i18n %}{% for bar in chart.bars %}
              {% for seg in bar.segments %}<rect x="{{ bar.x }}" y="{{ seg.y }}" width="{{ bar.width }}" height="{{ seg.height }}" fill="{{ seg.fill }}" stroke="#ffffff" stroke-width="0.5"><title>{{ seg.title }}</title></rect>{% endfor %}
              <text x="{{ bar.label_x }}" y="{{ chart.label_y }}" text-anchor="middle" fill="#333333">{{ bar.label }}</text>
              {% if bar.short %}<text x="{{ bar.label_x }}" y="{{ chart.note_y }}" text-anchor="middle" fill="#8b0000" font-weight="bold">{% translate "tekort" %}</text>{% endif %}
            {% endfor %}"""  # noqa: E501 - verbatim


def test_bars_are_what_the_template_wrote():
    statuses = (LocationStatus.EXISTING, LocationStatus.INTENDED)
    line = Line(
        required=250,
        planned=[300, 120, 0],
        by_status={LocationStatus.EXISTING: [200, 100, 0], LocationStatus.INTENDED: [100, 20, 0]},
        by_type={},
    )
    line.finish()
    with translation.override("nl"):
        geometry = chart(line, ["2026-K1", "<b>K2</b>", "2026-K3"], statuses)
        assert any(bar["short"] for bar in geometry["bars"])
        expected = Template(TEMPLATE_LOOP).render(Context({"chart": geometry}))
        assert capacity_chart_bars(geometry) == expected
    assert "&lt;b&gt;K2&lt;/b&gt;" in expected and ">tekort</text>" in expected


FOCUS_LOOP = """{% load i18n formats plans_tags %}{% for row in focus_rows %}
            <tr{% if row.short %} class="row-short"{% endif %}><th scope="row">{{ row.label }}</th>{% for value in row.by_status %}<td class="num">{{ value|getal }}</td>{% endfor %}
              <td class="num">{{ row.planned|getal }}</td><td class="num">{% if row.realised is None %}-{% else %}{{ row.realised|getal }}{% endif %}</td><td class="num">{{ row.required|getal|default:"-" }}</td>
              <td class="num">{{ row.gap|signed|default:"-" }}{% if row.short %} <span class="marker marker--danger">{% translate "tekort" %}</span>{% endif %}</td></tr>
          {% endfor %}"""  # noqa: E501 - verbatim


def test_focus_rows_are_what_the_template_wrote():
    rows = [
        {"label": "2026-K1", "by_status": [12000, 0], "planned": 12000, "required": 9000, "gap": 3000, "short": False,
         "realised": 1500},
        {"label": "<K2>", "by_status": [100, 20], "planned": 120, "required": 250, "gap": -130, "short": True,
         "realised": 0},
        {"label": "2026-K3", "by_status": [0, 0], "planned": 0, "required": None, "gap": None, "short": False,
         "realised": None},
    ]  # fmt: skip
    with translation.override("nl"):
        expected = Template(FOCUS_LOOP).render(Context({"focus_rows": rows}))
        assert capacity_focus_rows(rows) == expected
    assert "+3.000" in expected and "&lt;K2&gt;" in expected and "tekort" in expected
