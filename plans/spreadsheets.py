"""Reading and writing spreadsheets (XLSX with openpyxl, and CSV) safely.

Uploaded files go through loket.core.uploads.check_upload before parsing: too large, not what they
claim to be, with macros or programs, odd member paths or zip bombs (unpacked size and ratio,
checked before openpyxl opens them) are refused with a Dutch message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from loket.core.uploads import check_upload

IMPORT_TYPES = ("xlsx", "csv")
MAX_IMPORT_MEMBERS = 200  # a worksheet export has a handful; more is not a plan
MAX_ROWS = 5000
MAX_COLUMNS = 40


def read_table(upload) -> list[list[str]]:
    """The rows of an uploaded XLSX or CSV file as lists of stripped strings (header row included).

    Raises a Dutch ValidationError for anything that is not a small, genuine XLSX or CSV file."""
    if upload is None:
        raise ValidationError(_("Kies een bestand."), code="required")
    checked = check_upload(
        upload,
        allowed=IMPORT_TYPES,
        max_size=settings.PLAN_IMPORT_MAX_BYTES,
        max_unpacked=settings.PLAN_IMPORT_MAX_UNPACKED_BYTES,
        max_members=MAX_IMPORT_MEMBERS,
    )
    upload.seek(0)
    data = upload.read(checked.size)
    if checked.extension == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on malformed files
        raise ValidationError(_("Het XLSX-bestand kon niet worden gelezen."), code="invalid_type") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ValidationError(_("Het XLSX-bestand bevat geen werkblad."), code="empty")
        rows = []
        for index, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)):
            if index > MAX_ROWS:
                raise ValidationError(
                    _("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_ROWS}, code="too_many_rows"
                )
            rows.append([_cell_text(value) for value in row])
    finally:
        workbook.close()
    return _trim(rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise ValidationError(_("Dit is geen tekstbestand (CSV)."), code="invalid_type")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise ValidationError(_("De tekens in het CSV-bestand zijn niet te lezen."), code="invalid_encoding")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = []
        for index, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
            if index > MAX_ROWS:
                raise ValidationError(
                    _("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_ROWS}, code="too_many_rows"
                )
            rows.append([cell.strip() for cell in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise ValidationError(_("Het CSV-bestand kon niet worden gelezen."), code="invalid_type") from exc
    return _trim(rows)


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop fully empty trailing rows (spreadsheets often have them)."""
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def header_index(header: Sequence[str], columns: dict[str, Iterable[str]]) -> dict[str, int]:
    """Map column keys to positions, matching header names case-insensitively against aliases."""
    normalized = [h.strip().lower() for h in header]
    found = {}
    for key, aliases in columns.items():
        for alias in aliases:
            if alias.lower() in normalized:
                found[key] = normalized.index(alias.lower())
                break
    return found


# --- writing -------------------------------------------------------------------------------------
# Exports are written by the portal's one export writer, loket.core.exports (every cell neutralised).
