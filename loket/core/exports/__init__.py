"""The one export writer of the portal: CSV, XLSX and PDF downloads.

- `tabular`: `Column`, streamed CSV and streamed XLSX (`xlsx`), every cell neutralised against formula
  injection (`neutralise`).
- `pdf`: the one PDF builder `PdfReport` (named parts: heading, paragraph, table, facts,
  column_table, space), the block short form `pdf_document`, and `pdf_response` for a download.

Apps import from `loket.core.exports`; the parts are the same names.
"""

from .pdf import PdfReport, pdf_document, pdf_response
from .tabular import (
    FORMULA_TRIGGERS,
    XLSX_CONTENT_TYPE,
    Column,
    cell_text,
    csv_response,
    csv_rows,
    local,
    neutralise,
    table_columns,
)
from .xlsx import xlsx_response

__all__ = [
    "FORMULA_TRIGGERS",
    "XLSX_CONTENT_TYPE",
    "Column",
    "PdfReport",
    "cell_text",
    "csv_response",
    "csv_rows",
    "local",
    "neutralise",
    "pdf_document",
    "pdf_response",
    "table_columns",
    "xlsx_response",
]
