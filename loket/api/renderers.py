"""CSV of every list (`?format=csv` or `Accept: text/csv`): the rows of the page, nested lists
spread over rows (a prognosis round gives one row per province), through the export cell rules
of loket.core.exports (no spreadsheet formulas)."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from loket.core.exports import neutralise


def _flatten(item: dict, prefix: str = "") -> list[dict]:
    base: dict = {}
    nested: list[tuple[str, list]] = []
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            base.update(_flatten(value, f"{name}.")[0])
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested.append((name, value))
        elif isinstance(value, list):
            base[name] = ", ".join(str(v) for v in value)
        else:
            base[name] = value
    rows = [base]
    for name, values in nested:
        rows = [{**row, **sub} for row in rows for value in values for sub in _flatten(value, f"{name}.")]
    return rows


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            items = data["results"]
        elif isinstance(data, list):
            items = data
        else:
            items = [data]
        rows = [row for item in items if isinstance(item, dict) for row in _flatten(item)]
        columns: list[str] = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else neutralise(row.get(c)) for c in columns])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
