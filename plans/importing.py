"""Turning spreadsheet rows into validated values: planned locations and official prognosis tables.

Every row is checked; errors are collected per row and column, so the user can fix the whole file at once.
Nothing is written here: the services store the result all-or-nothing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from loket.core.models import LocationType, Province

from . import quarters
from .models import LocationStatus
from .spreadsheets import header_index

LOCATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "naam locatie", "locatie", "name"),
    "municipality": ("gemeente", "municipality"),
    "location_type": ("locatietype", "type", "locatietype (code)"),
    "capacity": ("capaciteit", "plaatsen", "capacity"),
    "minors_places": ("waarvan amv", "amv", "plaatsen amv", "minors"),
    "first_quarter": ("eerste kwartaal", "van", "vanaf", "first quarter"),
    "last_quarter": ("laatste kwartaal", "tot en met", "t/m", "last quarter"),
    "status": ("status",),
    "flexible": ("flexibel", "flexibel inzetbaar", "flexible"),
    # The stable identity of the location (PlannedLocation.key), as the export of a version writes it.
    "key": ("locatie-id", "locatie id", "locatieid", "id", "key"),
}
REQUIRED_COLUMNS = ("name", "municipality", "location_type", "capacity", "first_quarter", "status")
TEMPLATE_HEADER = [
    "naam",
    "gemeente",
    "locatietype",
    "capaciteit",
    "waarvan amv",
    "eerste kwartaal",
    "laatste kwartaal",
    "status",
    "flexibel",
    "locatie-ID",
]
TEMPLATE_EXAMPLE = ["Azc Voorbeeldstad", "Voorbeeldstad", "AZC", "400", "20", "2026-K3", "", "bestaand", "nee", ""]
COLUMN_LABELS = dict(zip(LOCATION_COLUMNS, TEMPLATE_HEADER, strict=True))

THOUSANDS_RE = re.compile(r"\d{1,3}(\.\d{3})+")
YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar", ""}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    """One non-empty row under the header: its values (when valid) or its errors. `key` is the
    location-ID of the row (a string) or empty."""

    number: int
    name: str
    municipality: str
    values: dict | None
    errors: list[RowError]
    key: str = ""


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    # Errors of the file as a whole (no rows, missing columns): nothing to preview.
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def locations(self) -> list[dict]:
        return [row.values for row in self.rows if row.values is not None]

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [e for row in self.rows for e in row.errors]


def _whole_number(text: str) -> int:
    """`400`, `1200` or `1.200` (Dutch thousands separator); anything else raises ValueError."""
    cleaned = text.strip().replace(" ", "")
    if THOUSANDS_RE.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    if not cleaned.isascii() or not cleaned.isdigit():
        raise ValueError
    return int(cleaned)


def parse_locations(rows: list[list[str]]) -> ImportResult:
    """Validate the rows of a location sheet (first row: header). Row numbers as in the spreadsheet."""
    result = ImportResult()
    if not rows:
        result.file_errors.append(RowError(1, "", _("Het bestand bevat geen regels.")))
        return result
    columns = header_index(rows[0], LOCATION_COLUMNS)
    missing = [COLUMN_LABELS[key] for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        result.file_errors.append(
            RowError(1, "", _("Deze kolommen ontbreken in de kopregel: %(cols)s.") % {"cols": ", ".join(missing)})
        )
        return result
    types = {code.upper(): pk for pk, code in LocationType.objects.values_list("pk", "code")}
    statuses = {value: value for value in LocationStatus.values} | {
        str(label).lower(): value for value, label in LocationStatus.choices
    }
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row=row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        errors: list[RowError] = []

        def err(key: str, message: str, number=number, errors=errors) -> None:
            errors.append(RowError(number, COLUMN_LABELS[key], message))

        values: dict = {"name": cell("name"), "municipality": cell("municipality")}
        if not values["name"]:
            err("name", _("Vul de naam van de locatie in."))
        elif len(values["name"]) > 200:
            err("name", _("De naam is langer dan 200 tekens."))
        if not values["municipality"]:
            err("municipality", _("Vul de gemeente in."))
        elif len(values["municipality"]) > 100:
            err("municipality", _("De gemeente is langer dan 100 tekens."))
        type_code = cell("location_type").upper()
        if not type_code:
            err("location_type", _("Vul de code van het locatietype in, bijvoorbeeld AZC."))
        elif type_code not in types:
            err("location_type", _("“%(code)s” is geen bekend locatietype.") % {"code": cell("location_type")})
        else:
            values["location_type_id"] = types[type_code]
        capacity = None
        try:
            capacity = _whole_number(cell("capacity"))
            if capacity <= 0:
                raise ValueError
            if capacity > 100_000:
                err("capacity", _("De capaciteit is onwaarschijnlijk groot (meer dan 100.000)."))
            values["capacity"] = capacity
        except ValueError:
            err(
                "capacity",
                _("De capaciteit moet een positief geheel getal zijn, niet “%(v)s”.") % {"v": cell("capacity")},
            )
        minors_text = cell("minors_places")
        try:
            minors = _whole_number(minors_text) if minors_text else 0
            if capacity is not None and minors > capacity:
                err("minors_places", _("Er zijn meer plaatsen voor amv dan de capaciteit."))
            values["minors_places"] = minors
        except ValueError:
            err(
                "minors_places",
                _("Het aantal plaatsen voor amv moet een geheel getal zijn, niet “%(v)s”.") % {"v": minors_text},
            )
        first = last = None
        try:
            first = quarters.parse(cell("first_quarter"))
            values["first_quarter"] = first
        except ValidationError as exc:
            err("first_quarter", exc.messages[0])
        last_text = cell("last_quarter")
        if last_text:
            try:
                last = quarters.parse(last_text)
                values["last_quarter"] = last
            except ValidationError as exc:
                err("last_quarter", exc.messages[0])
        else:
            values["last_quarter"] = None
        if first is not None and last is not None and last < first:
            err("last_quarter", _("Het laatste kwartaal ligt vóór het eerste kwartaal."))
        status = statuses.get(cell("status").lower())
        if status is None:
            err(
                "status",
                _("De status moet bestaand, vastgesteld of voornemen zijn, niet “%(v)s”.") % {"v": cell("status")},
            )
        values["status"] = status
        flexible = cell("flexible").lower()
        if flexible in YES:
            values["flexible"] = True
        elif flexible in NO:
            values["flexible"] = False
        else:
            err("flexible", _("Flexibel moet ja of nee zijn, niet “%(v)s”.") % {"v": cell("flexible")})
        key = cell("key")
        if key:
            try:
                key = str(uuid.UUID(key))
            except ValueError:
                err(
                    "key",
                    _("“%(v)s” is geen locatie-ID. Laat de kolom leeg voor een nieuwe locatie.") % {"v": key[:60]},
                )
        result.rows.append(
            ParsedRow(
                number=number,
                name=values["name"],
                municipality=values["municipality"],
                values=None if errors else values,
                errors=errors,
                key=key,
            )
        )
    if not result.rows:
        result.file_errors.append(RowError(2, "", _("Het bestand bevat geen locaties onder de kopregel.")))
    return result


PROGNOSIS_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "cbs-code", "provinciecode"),
    "province": ("provincie", "naam", "province"),
    "figure": ("opgave", "aantal", "plaatsen", "totaal_incl_amv", "totaal", "figure"),
}
TOTAL_WORDS = {"totaal", "total", "nederland", "landelijk"}


@dataclass
class TableResult:
    figures: dict[int, int] = field(default_factory=dict)  # province pk -> figure
    stated_total: int | None = None
    errors: list[RowError] = field(default_factory=list)


def parse_prognosis_table(rows: list[list[str]]) -> TableResult:
    """An official table: one row per province (code or name, figure); an optional row `Totaal` gives
    the stated total. All twelve provinces must be present exactly once."""
    result = TableResult()
    if not rows:
        result.errors.append(RowError(1, "", _("Het bestand bevat geen regels.")))
        return result
    columns = header_index(rows[0], PROGNOSIS_COLUMNS)
    if "figure" not in columns or not ({"code", "province"} & set(columns)):
        result.errors.append(RowError(1, "", _("De kopregel moet de kolommen code (of provincie) en opgave bevatten.")))
        return result
    provinces = list(Province.objects.all())
    by_key = {p.code.upper(): p for p in provinces}
    for p in provinces:
        by_key[p.name.upper()] = p
        if p.alt_name:
            by_key[p.alt_name.upper()] = p
    seen: set[int] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row=row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        label = cell("code") or cell("province")
        try:
            figure = _whole_number(cell("figure"))
        except ValueError:
            result.errors.append(
                RowError(
                    number, "opgave", _("De opgave moet een geheel getal zijn, niet “%(v)s”.") % {"v": cell("figure")}
                )
            )
            continue
        if label.lower() in TOTAL_WORDS or cell("province").lower() in TOTAL_WORDS:
            result.stated_total = figure
            continue
        province = by_key.get(cell("code").upper()) or by_key.get(cell("province").upper())
        if province is None:
            result.errors.append(RowError(number, "code", _("“%(v)s” is geen bekende provincie.") % {"v": label}))
            continue
        if province.pk in seen:
            result.errors.append(
                RowError(number, "code", _("%(p)s staat meer dan één keer in de tabel.") % {"p": province})
            )
            continue
        seen.add(province.pk)
        result.figures[province.pk] = figure
    if not result.errors:
        missing = [p.name for p in provinces if p.pk not in seen]
        if missing:
            result.errors.append(
                RowError(0, "code", _("Deze provincies ontbreken: %(names)s.") % {"names": ", ".join(sorted(missing))})
            )
    return result
