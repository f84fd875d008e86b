"""Numbers and dates written the Dutch way, one way each (README, "Notaties").

Dates and times come from the format module (config/formats/nl/formats.py) through Django's own
`date` filter and `date_format`; this module adds what Django does not do without
USE_THOUSAND_SEPARATOR (which stays off: it would also group ids in URLs and form values):
whole numbers with a "." per thousand, "88.000". Pages and mails use it (`{{ n|getal }}`),
exports never do (a spreadsheet wants the number itself)."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, partial

from django.utils import formats, numberformat, timezone
from django.utils.translation import get_language


@lru_cache(maxsize=16)
def _separators(language: str | None) -> tuple[str, int, str]:
    """The decimal separator, grouping and thousands separator of a language, looked up once: the
    capacity picture writes hundreds of numbers per page, and three get_format calls per number were
    its largest cost (issue 21)."""
    return (
        formats.get_format("DECIMAL_SEPARATOR", language),
        formats.get_format("NUMBER_GROUPING", language),
        formats.get_format("THOUSAND_SEPARATOR", language),
    )


def number(value, decimals: int | None = None, *, separators: tuple[str, int, str] | None = None) -> str:
    """88000 -> "88.000", -1250 -> "-1.250", 1234.5 (decimals=1) -> "1.234,5". None -> "".

    `separators`: those of the active language, read once by a caller that writes many numbers
    (`number_writer`); else looked up here."""
    if value is None or value == "":
        return ""
    decimal_sep, grouping, thousand_sep = separators or _separators(get_language())
    if type(value) is int and decimals is None and grouping == 3:
        return f"{value:,}".replace(",", thousand_sep)  # the common case, without numberformat
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            return str(value)
    return numberformat.format(
        value,
        decimal_sep,
        decimal_pos=decimals if decimals is not None else (None if isinstance(value, int) else 0),
        grouping=grouping,
        thousand_sep=thousand_sep,
        force_grouping=True,
    )


def number_writer() -> Callable[..., str]:
    """`number` for the active language, looked up once: a table rendered in Python writes hundreds of
    numbers (the capacity picture: 12 provinces times 12 quarters, twice), and finding the active
    language took a third of each call (issue 21)."""
    return partial(number, separators=_separators(get_language()))


def signed(value, *, writer: Callable[..., str] = number) -> str:
    """1250 -> "+1.250", -140 -> "-140", 0 -> "0": a difference, with its sign. None -> ""."""
    if value is None:
        return ""
    return f"+{writer(value)}" if value > 0 else writer(value)


def short_date(value: date | datetime | None) -> str:
    """ "2 okt. 2026" (SHORT_DATE_FORMAT), for texts built in Python (mails, notes)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def long_date(value: date | datetime | None) -> str:
    """ "2 oktober 2026" (DATE_FORMAT)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")
