"""Reading and writing spreadsheets (XLSX with openpyxl, and CSV) safely.

Uploaded files are refused before parsing when they are too large, are not what they claim to be,
or are zip bombs (the uncompressed sizes of the zip members are checked before openpyxl opens them).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ROWS = 5000
MAX_COLUMNS = 40


def read_table(upload) -> list[list[str]]:
    """The rows of an uploaded XLSX or CSV file as lists of stripped strings (header row included).

    Raises a Dutch ValidationError for anything that is not a small, genuine XLSX or CSV file."""
    if upload is None:
        raise ValidationError(_("Kies een bestand."), code="required")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Het bestand is te groot (meer dan %(max)s MB).") % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Het bestand is te groot (meer dan %(max)s MB).") % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    name = (getattr(upload, "name", "") or "").lower()
    if data[:4] == b"PK\x03\x04":
        if not name.endswith((".xlsx", ".xlsm")):
            raise ValidationError(_("Dit bestand is geen XLSX- of CSV-bestand."), code="invalid_type")
        return _read_xlsx(data)
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise ValidationError(_("Dit is geen geldig XLSX-bestand."), code="invalid_type")
    if not name.endswith((".csv", ".txt")):
        raise ValidationError(_("Upload een XLSX- of CSV-bestand."), code="invalid_type")
    return _read_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("Dit is geen geldig XLSX-bestand."), code="invalid_type") from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise ValidationError(_("Dit is geen geldig XLSX-bestand."), code="invalid_type")
        if len(infos) > 200:
            raise ValidationError(_("Het XLSX-bestand bevat te veel onderdelen."), code="zip_bomb")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNCOMPRESSED_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO):
                raise ValidationError(
                    _("Het XLSX-bestand is uitgepakt te groot; het wordt niet geopend."), code="zip_bomb"
                )


def _read_xlsx(data: bytes) -> list[list[str]]:
    _check_zip(data)
    from openpyxl import load_workbook

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
