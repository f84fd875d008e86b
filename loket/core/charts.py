"""One chart geometry for the portal's server-rendered SVG charts (the evaluation figures of
monitoring, the capacity picture of plans).

Python computes every coordinate; a template draws them with attributes only (no inline styles,
no script) and an accessible table always stands beside the chart. Coordinates come out as
locale-free strings (`svg_number`: "85.3", never "85,3" under the Dutch locale), so templates print
them as they are, without `{% localize off %}`. Values shown as text (ticks, totals) stay numbers.

- `bar_chart`: horizontal bars, one per (label, value), scaled to the largest value.
- `stacked_bar_chart`: vertical bars of stacked segments on a "nice" scale with ticks, and an
  optional reference line (for example the required capacity).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def svg_number(value: float) -> str:
    """A number for an SVG attribute, whatever the active locale: "12", "85.3" (one decimal at most)."""
    if isinstance(value, int):
        return str(value)
    return f"{round(value, 1):.1f}"


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least `value`."""
    magnitude = 10 ** max(len(str(int(value))) - 1, 0)
    for step in (1, 2, 2.5, 5, 10):
        candidate = int(step * magnitude)
        if candidate >= value:
            return candidate
    return int(10 * magnitude)


@dataclass(frozen=True)
class Scale:
    """Values from 0 to `maximum` onto 0 to `length` pixels."""

    maximum: float
    length: float

    def pixels(self, value: float) -> float:
        return self.length * value / self.maximum

    def size(self, value: float) -> float:
        """The length of a bar for `value`, to a tenth of a pixel."""
        return round(self.pixels(value), 1)


# --- horizontal bars -----------------------------------------------------------------------------

LABEL_WIDTH = 190
BAR_AREA = 360
ROW_HEIGHT = 22
BAR_HEIGHT = 16


def bar_chart(items: Sequence[tuple[str, int | float | None]], *, title: str) -> dict:
    """One horizontal bar per (label, value), the largest value filling the bar area; the label
    stands left of the bar, the value right of it."""
    scale = Scale(maximum=max((v or 0 for _label, v in items), default=0) or 1, length=BAR_AREA)
    bars = []
    for index, (label, value) in enumerate(items):
        value = value or 0
        y = index * ROW_HEIGHT
        width = scale.size(value)
        bars.append(
            {
                "label": str(label),
                "value": value,
                "y": svg_number(y),
                "text_y": svg_number(y + BAR_HEIGHT - 3),
                "width": svg_number(width),
                "value_x": svg_number(LABEL_WIDTH + width + 6),
            }
        )
    return {
        "title": title,
        "bars": bars,
        "label_width": svg_number(LABEL_WIDTH),
        "label_x": svg_number(LABEL_WIDTH - 6),
        "bar_height": svg_number(BAR_HEIGHT),
        "width": svg_number(LABEL_WIDTH + BAR_AREA + 60),
        "height": svg_number(max(len(bars), 1) * ROW_HEIGHT),
    }


# --- stacked vertical bars -----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: its value, its colour and the text shown on hover."""

    value: int | float
    fill: str
    title: str


def stacked_bar_chart(
    stacks: Sequence[tuple[str, Sequence[Segment]]],
    *,
    reference: float | None = None,
    width: int = 760,
    height: int = 340,
    tick_count: int = 4,
) -> dict:
    """One bar per (label, segments), the segments stacked from the bottom, on a scale from 0 to a
    nice ceiling of the highest bar (or the reference) with `tick_count` + 1 ticks; `reference_y`
    is where a horizontal reference line stands (None without a reference). Under each bar a
    label (`label_y`) and room for a note (`note_y`)."""
    left, right, top, bottom = 64, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.value for s in segments) for _label, segments in stacks]
    scale = Scale(maximum=nice_ceiling(max([*totals, reference or 0, 1])), length=plot_h)
    slot = plot_w / max(len(stacks), 1)
    bar_w = slot * 0.6

    def y(value: float) -> float:
        return round(top + plot_h - scale.pixels(value), 1)

    bars = []
    for i, (label, segments) in enumerate(stacks):
        x = round(left + i * slot + (slot - bar_w) / 2, 1)
        base = 0
        drawn = []
        for segment in segments:
            if segment.value:
                drawn.append(
                    {
                        "y": svg_number(y(base + segment.value)),
                        "height": svg_number(scale.size(segment.value)),
                        "fill": segment.fill,
                        "title": segment.title,
                    }
                )
            base += segment.value
        bars.append(
            {
                "x": svg_number(x),
                "width": svg_number(round(bar_w, 1)),
                "segments": drawn,
                "label": label,
                "label_x": svg_number(round(x + bar_w / 2, 1)),
                "total": totals[i],
            }
        )
    ticks = [
        {"value": scale.maximum * k // tick_count, "y": svg_number(y(scale.maximum * k / tick_count))}
        for k in range(tick_count + 1)
    ]
    return {
        "width": svg_number(width),
        "height": svg_number(height),
        "left": svg_number(left),
        "tick_label_x": svg_number(left - 6),
        "right_x": svg_number(width - right),
        "bottom_y": svg_number(top + plot_h),
        "label_y": svg_number(top + plot_h + 18),
        "note_y": svg_number(top + plot_h + 36),
        "bars": bars,
        "ticks": ticks,
        "reference_y": svg_number(y(reference)) if reference is not None else None,
    }
