"""Quarters as whole numbers: year * 4 + (quarter - 1). `2026-K3` is 2026 * 4 + 2 = 8106.

Stored as integers, quarters compare and aggregate in the database; shown as `2026-K3`.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

QUARTER_RE = re.compile(r"^\s*(\d{4})\s*-?\s*[KkQq]\s*([1-4])\s*$")


def encode(year: int, quarter: int) -> int:
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1-4")
    return year * 4 + (quarter - 1)


def decode(value: int) -> tuple[int, int]:
    return value // 4, value % 4 + 1


def label(value: int | None) -> str:
    if value is None:
        return ""
    year, quarter = decode(value)
    return f"{year}-K{quarter}"


def parse(text: str) -> int:
    """`2026-K3` (also `2026K3`, `2026-Q3`) to its number; a clear Dutch error otherwise."""
    match = QUARTER_RE.match(str(text or ""))
    if not match:
        raise ValidationError(
            _("“%(value)s” is geen kwartaal. Schrijf het als jaar-K-nummer, bijvoorbeeld 2026-K3."),
            code="invalid_quarter",
            params={"value": text},
        )
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise ValidationError(
            _("Het jaar van kwartaal “%(value)s” ligt niet tussen 2000 en 2100."),
            code="invalid_quarter",
            params={"value": text},
        )
    return encode(year, int(match.group(2)))


def of_date(day: date) -> int:
    return encode(day.year, (day.month - 1) // 3 + 1)


def start_date(value: int) -> date:
    year, quarter = decode(value)
    return date(year, 3 * (quarter - 1) + 1, 1)
