"""The map of the Netherlands on the capacity picture and the prognosis page (issue 18, item 3).

A schematic tile map: the twelve provinces as equal tiles in their geographic positions (Fryslân and
Groningen on top, Zeeland bottom left, Limburg bottom right). No acceptable open province outline was
at hand in the package registries (loket/reference_data/SOURCES.md says what was looked at), and
equal tiles also give Utrecht and Flevoland as much room for their figures as Gelderland.

Accessible by design (templates/plans/includes/province_map.html): each tile is a link with the
province's name and figures in text; shortfall and surplus differ in pattern, in a word and a sign,
not only in colour; a table with the same figures stands beside the map."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from loket.core.formats import number

from .capacity import CapacityPicture

# CBS code -> (column, row) on the tile grid; the values are in loket/reference_data/province_tiles.csv.
TILES = {
    "PV21": (1, 0),  # Fryslân
    "PV20": (2, 0),  # Groningen
    "PV27": (0, 1),  # Noord-Holland
    "PV24": (1, 1),  # Flevoland
    "PV22": (2, 1),  # Drenthe
    "PV28": (0, 2),  # Zuid-Holland
    "PV26": (1, 2),  # Utrecht
    "PV23": (2, 2),  # Overijssel
    "PV29": (0, 3),  # Zeeland
    "PV30": (1, 3),  # Noord-Brabant
    "PV25": (2, 3),  # Gelderland
    "PV31": (2, 4),  # Limburg
}
TILE_W, TILE_H, GAP, PAD = 150, 92, 6, 4
COLUMNS, ROWS = 3, 5


@dataclass
class Tile:
    code: str
    name: str
    url: str
    state: str  # "short", "enough", "unknown"
    lines: list[str]  # the figures as text, shown in the tile and read out by screen readers
    x: int = 0
    y: int = 0

    @property
    def text_x(self) -> int:
        return self.x + 8

    @property
    def name_y(self) -> int:
        return self.y + 20

    @property
    def text_rows(self) -> list[dict]:
        """The figures with their baselines under the name."""
        return [{"text": text, "y": self.y + 42 + 18 * i} for i, text in enumerate(self.lines)]


STATES = ("short", "enough", "unknown")


def _place(tiles: list[Tile]) -> dict:
    for tile in tiles:
        col, row = TILES.get(tile.code, (0, ROWS))
        tile.x = PAD + col * (TILE_W + GAP)
        tile.y = PAD + row * (TILE_H + GAP)
    order = sorted(tiles, key=lambda t: (t.y, t.x))
    return {
        "tiles": order,
        "width": PAD * 2 + COLUMNS * TILE_W + (COLUMNS - 1) * GAP,
        "height": PAD * 2 + ROWS * TILE_H + (ROWS - 1) * GAP,
        "tile_w": TILE_W,
        "tile_h": TILE_H,
        "counts": {state: sum(t.state == state for t in tiles) for state in STATES},
    }


def capacity_map(picture: CapacityPicture, *, index: int = 0, query: QueryDict | None = None, title: str = "") -> dict:
    """The map of one quarter of a capacity picture (`index` into its quarters): per province the
    planned capacity against its opgave, short (red, striped) or enough (green, dotted)."""
    index = max(0, min(index, len(picture.labels) - 1)) if picture.labels else 0
    label = picture.labels[index] if picture.labels else ""
    tiles = []
    for entry in picture.provinces:
        province, line = entry["province"], entry["line"]
        planned = line.planned[index] if line.planned else 0
        gap = line.gap[index] if line.gap else None
        lines = [_("gepland %(n)s") % {"n": number(planned)}]
        if gap is None:
            state = "unknown"
            lines.append(_("geen opgave"))
        else:
            lines.append(_("opgave %(n)s") % {"n": number(line.required)})
            if gap < 0:
                state = "short"
                lines.append(_("▼ tekort %(n)s") % {"n": number(-gap)})
            else:
                state = "enough"
                lines.append(_("▲ %(n)s over") % {"n": number(gap)} if gap else _("▲ precies genoeg"))
        tiles.append(
            Tile(
                code=province.code,
                name=province.name,
                url=reverse("plans:plan_detail", kwargs={"province_code": province.code}),
                state=state,
                lines=lines,
            )
        )
    placed = _place(tiles)
    placed.update(
        id="kaart-capaciteit",
        quarter=label,
        quarters=[
            {"label": q, "current": i == index, "href": "?" + href}
            for i, (q, href) in enumerate(zip(picture.labels, _with_each(query, "kaart", picture.labels), strict=True))
        ],
        title=title or _("Capaciteit tegenover de opgave per provincie in %(q)s") % {"q": label},
    )
    return placed


def _with_each(query: QueryDict | None, key: str, values: list[str]) -> list[str]:
    """The query string with `key` set to each of `values` in turn (one copy of the query, not one per
    value: twelve quarters on the capacity picture)."""
    changed = query.copy() if query is not None else QueryDict(mutable=True)
    out = []
    for value in values:
        changed[key] = value
        out.append(changed.urlencode())
    return out


def map_index(picture: CapacityPicture, chosen: str | None) -> int:
    """The quarter the map shows: `?kaart=2026-K3` when it is in the picture, else the first."""
    return picture.labels.index(chosen) if chosen in picture.labels else 0
