"""CSV and XLSX downloads of the one export writer (`loket.core.exports`), every cell neutralised.

An app says which columns (`Column`: header, width, how to get the value, number format) and
which objects or rows; this module writes them, the same way everywhere:

- CSV streams (`;`-separated, with a BOM so Excel reads UTF-8): a generator writes one line at a
  time, so a large queryset `.iterator()` never sits in memory.
- XLSX is written as a stream by `xlsx.write_workbook` (rows go straight into the zip in a temporary
  file) with a bold, frozen header, column widths, an auto filter and real dates and numbers.
- Every text cell, headers included, goes through `neutralise`: a value that begins with
  = + - @ (or a tab / carriage return) gets a leading apostrophe, so a spreadsheet never runs it as
  a formula (CSV/formula injection). Numbers and dates are written as numbers and dates.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values as they are."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    get: Callable[[Any], Any]
    number_format: str | None = None


def table_columns(headers: Sequence[str | tuple[str, int, str | None]]) -> list[Column]:
    """Columns for plain rows (lists): per column a header, or (header, width, number format)."""
    columns = []
    for i, item in enumerate(headers):
        header, width, fmt = (item, max(12, len(str(item)) + 2), None) if isinstance(item, str | Promise) else item
        columns.append(Column(header, width, (lambda row, i=i: row[i]), fmt))
    return columns


def local(value: Any) -> Any:
    """A datetime in local time without tzinfo (spreadsheets have no time zones); other values as they are."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def cell_text(value: Any) -> str:
    """A value as CSV text: dates as 31-12-2026 (23:59), text neutralised, numbers as they are."""
    if type(value) is str:  # the common case first: one type check per text cell
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, also a negative one, is no formula
    return neutralise(str(value))


# --- CSV -----------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def csv_rows(columns: Sequence[Column], objects: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # BOM: Excel opens the UTF-8 file with the right characters
    yield writer.writerow([cell_text(c.header) for c in columns])
    for obj in objects:
        yield writer.writerow([cell_text(c.get(obj)) for c in columns])


def csv_response(columns: Sequence[Column], objects: Iterable, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(columns, objects), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
