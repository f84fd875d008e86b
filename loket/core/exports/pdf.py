"""PDF downloads of the one export writer (`loket.core.exports`): one builder, one response helper.

`PdfReport` lays out every PDF of the portal (reportlab, `invariant=1` so the same data gives the same
bytes, no page compression so the text stays searchable in tests and archives). A report is a title
and named parts, added in order:

- `heading(text, level)` and `paragraph(text)`: text is escaped (no reportlab markup from data),
  newlines become line breaks, dates are written as 31-12-2026;
- `table(rows)`: plain rows, the first one a bold header repeated on every page;
- `facts(rows)`: a small label/value grid (labels bold in the even columns), e.g. a signal's metadata;
- `column_table(columns, objects)`: the same `Column`s as the CSV/XLSX of the same data, with widths
  in proportion to `Column.width` (the reactienota);
- `space(height_cm)`.

`pdf_document(title, blocks)` is the short form for a list of ("h2" | "h3" | "p" | "table", content)
blocks (the evaluation report and the archive's renditions of kader versions);
`pdf_response(content, filename)` sends any of them as a download.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .tabular import Column, cell_text

AUTHOR = "Loket Flexibilisering Asielketen"
GRID = [("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]


class PdfReport:
    """A PDF report built from named parts; `build()` returns the bytes."""

    def __init__(
        self,
        title: str,
        *,
        author: str = AUTHOR,
        landscape_page: bool = False,
        margin_cm: float = 2,
    ) -> None:
        self.title = str(title)
        self.styles = getSampleStyleSheet()
        self.cell_style = self.styles["BodyText"].clone("cell", fontSize=8, leading=10)
        self._buffer = io.BytesIO()
        self._doc = SimpleDocTemplate(
            self._buffer,
            pagesize=landscape(A4) if landscape_page else A4,
            title=self.title,
            author=author,
            leftMargin=margin_cm * cm,
            rightMargin=margin_cm * cm,
            topMargin=margin_cm * cm,
            bottomMargin=margin_cm * cm,
            invariant=1,
            pageCompression=0,
        )
        self.story: list = [self.text(self.title, "Title")]

    @property
    def width(self) -> float:
        """The width between the margins, in points."""
        return self._doc.width

    def text(self, value: Any, style: str | Any = "Normal") -> Paragraph:
        """One escaped paragraph flowable (for a table cell or a part)."""
        if value is None:
            value = ""
        elif isinstance(value, date):
            value = cell_text(value)
        style = self.styles[style] if isinstance(style, str) else style
        return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)

    # --- named parts -----------------------------------------------------------------------------

    def heading(self, text: Any, level: int = 2) -> PdfReport:
        self.story.append(self.text(text, f"Heading{level}"))
        return self

    def paragraph(self, text: Any) -> PdfReport:
        self.story.append(self.text(text))
        return self

    def space(self, height_cm: float = 0.3) -> PdfReport:
        self.story.append(Spacer(1, height_cm * cm))
        return self

    def table(self, rows: Sequence[Sequence[Any]], *, widths_cm: Sequence[float] | None = None) -> PdfReport:
        """Plain rows; the first is the header (bold, repeated on every page). No rows, no table."""
        data = [[self.text(cell) for cell in row] for row in rows]
        if not data:
            return self
        table = Table(data, colWidths=[w * cm for w in widths_cm] if widths_cm else None, repeatRows=1)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), *GRID]))
        self.story += [table, Spacer(1, 0.3 * cm)]
        return self

    def facts(self, rows: Sequence[Sequence[Any]], *, widths_cm: Sequence[float] | None = None) -> PdfReport:
        """A label/value grid: columns 0, 2, … are bold labels, the others their values."""
        data = [[str(cell if cell is not None else "") for cell in row] for row in rows]
        if not data:
            return self
        table = Table(data, colWidths=[w * cm for w in widths_cm] if widths_cm else None)
        bold = [("FONTNAME", (i, 0), (i, -1), "Helvetica-Bold") for i in range(0, len(data[0]), 2)]
        table.setStyle(TableStyle([*bold, ("FONTSIZE", (0, 0), (-1, -1), 9), *GRID]))
        self.story += [table, Spacer(1, 0.2 * cm)]
        return self

    def column_table(self, columns: Sequence[Column], objects: Iterable) -> PdfReport:
        """One long table with the export's `Column`s; cells wrap, widths follow `Column.width`."""
        total = sum(c.width for c in columns) or 1
        widths = [self.width * c.width / total for c in columns]
        data = [[self.text(c.header, "Heading6") for c in columns]]
        data += [[self.text(c.get(obj), self.cell_style) for c in columns] for obj in objects]
        table = LongTable(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(GRID))
        self.story.append(table)
        return self

    def build(self) -> bytes:
        self._doc.build(self.story)
        return self._buffer.getvalue()


def pdf_document(title: str, blocks: Iterable[tuple[str, Any]], *, author: str = AUTHOR) -> bytes:
    """A report from ("h2" | "h3" | "p" | "table", content) blocks; a table block is [header, *rows]."""
    report = PdfReport(title, author=author)
    for kind, content in blocks:
        if kind == "h2":
            report.heading(content, 2)
        elif kind == "h3":
            report.heading(content, 3)
        elif kind == "table":
            report.table(content)
        else:
            report.paragraph(content)
    return report.build()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF as a download."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
