"""Server-rendered SVG bar charts: geometry computed here, drawn by
templates/monitoring/includes/bar_chart.html with attributes only (no inline styles, no script).
An accessible table always stands beside each chart."""

from __future__ import annotations

LABEL_WIDTH = 190
BAR_AREA = 360
ROW_HEIGHT = 22
BAR_HEIGHT = 16


def bar_chart(items: list[tuple[str, int | float]], *, title: str) -> dict:
    values = [v or 0 for _label, v in items]
    top = max(values, default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        value = value or 0
        y = index * ROW_HEIGHT
        bars.append(
            {
                "label": str(label),
                "value": value,
                "y": y,
                "text_y": y + BAR_HEIGHT - 3,
                "width": round(BAR_AREA * value / top, 1),
                "value_x": LABEL_WIDTH + round(BAR_AREA * value / top, 1) + 6,
            }
        )
    return {
        "title": title,
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 6,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + 60,
        "height": max(len(bars), 1) * ROW_HEIGHT,
    }
