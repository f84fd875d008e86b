"""What changes between two sets of planned locations, matched by their stable key (plans/identity.py).

Used twice, the same way: the preview of an import (the version now against the rows of the file) and
the comparison of two versions. Pure functions on plain values: nothing is read or written here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import quarters
from .identity import normalise_name
from .importing import ImportResult, RowError
from .models import LocationStatus

STALE_IMPORT = gettext_lazy(
    "De locaties van deze versie zijn gewijzigd sinds de voorvertoning. Er is niets geïmporteerd. "
    "Upload het bestand opnieuw voor een nieuwe voorvertoning."
)
EXPIRED_IMPORT = gettext_lazy("Deze voorvertoning is verlopen. Er is niets geïmporteerd. Upload het bestand opnieuw.")


def row_error(e: RowError) -> str:
    """`Regel 4, kolom capaciteit: ...` (or without a column)."""
    template = _("Regel %(row)s, kolom %(col)s: %(msg)s") if e.column else _("Regel %(row)s: %(msg)s")
    return template % {"row": e.row, "col": e.column, "msg": e.message}


# The fields of a location that a person sets (and an import may change), in the order they are shown.
COMPARED_FIELDS = (
    "name",
    "municipality",
    "location_type_id",
    "capacity",
    "minors_places",
    "first_quarter",
    "last_quarter",
    "status",
    "flexible",
)
# Kept by a new version beside the compared fields; an import leaves it as it is (the sheet has no region).
CARRIED_FIELDS = ("region_id",)


def field_label(name: str) -> str:
    labels = {
        "name": _("naam"),
        "municipality": _("gemeente"),
        "location_type_id": _("locatietype"),
        "capacity": _("capaciteit"),
        "minors_places": _("waarvan amv"),
        "first_quarter": _("eerste kwartaal"),
        "last_quarter": _("laatste kwartaal"),
        "status": _("status"),
        "flexible": _("flexibel"),
    }
    return labels[name]


def display_value(name: str, value, type_codes: dict[int, str]) -> str:
    if name in ("first_quarter", "last_quarter"):
        return quarters.label(value) or _("open einde")
    if name == "location_type_id":
        return type_codes.get(value, str(value))
    if name == "status":
        return str(dict(LocationStatus.choices).get(value, value))
    if name == "flexible":
        return _("ja") if value else _("nee")
    return str(value)


def values_of(location) -> dict:
    """The compared fields of a PlannedLocation as a plain dict."""
    return {name: getattr(location, name) for name in COMPARED_FIELDS}


def diffs(before: dict, after: dict, type_codes: dict[int, str]) -> list[dict]:
    """Per changed field: its label, the value before and after (as shown on the page)."""
    return [
        {
            "field": name,
            "label": field_label(name),
            "before": display_value(name, before[name], type_codes),
            "after": display_value(name, after[name], type_codes),
        }
        for name in COMPARED_FIELDS
        if before[name] != after[name]
    ]


def in_quarter(values: dict | None, q: int) -> int:
    """The capacity a location counts in quarter q (first <= q <= last; empty last = open end)."""
    if values is None:
        return 0
    last = values["last_quarter"]
    return values["capacity"] if values["first_quarter"] <= q and (last is None or q <= last) else 0


def quarter_changes(before: dict | None, after: dict | None, horizon: Sequence[int]) -> list[dict]:
    """The change in capacity of one location per quarter of the horizon, as runs of quarters with the
    same difference: [{"from": "2026-K3", "to": "2027-K2", "difference": 100}, ...]."""
    runs: list[dict] = []
    for q in horizon:
        difference = in_quarter(after, q) - in_quarter(before, q)
        if runs and runs[-1]["difference"] == difference and runs[-1]["last"] == q - 1:
            runs[-1]["last"] = q
        elif difference:
            runs.append({"first": q, "last": q, "difference": difference})
    return [
        {"from": quarters.label(r["first"]), "to": quarters.label(r["last"]), "difference": r["difference"]}
        for r in runs
        if r["difference"]
    ]


def totals_per_quarter(locations: Iterable[dict], horizon: Sequence[int]) -> dict[int, int]:
    locations = list(locations)
    return {q: sum(in_quarter(values, q) for values in locations) for q in horizon}


def fingerprint(rows: Iterable[tuple]) -> str:
    """A digest of a version's locations (pk, key and the compared fields, in pk order): an import
    preview is only applied while the version still has exactly these locations."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([str(v) if v is not None else None for v in row]).encode())
    return digest.hexdigest()


FINGERPRINT_FIELDS = ("pk", "key", *COMPARED_FIELDS)


# --- the plan of an import -----------------------------------------------------------------------


def import_plan(
    *,
    parsed: ImportResult,
    existing: Sequence,
    plan_keys: set[str],
    replace: bool,
    horizon: Sequence[int],
    type_codes: dict[int, str],
) -> dict:
    """Match the rows of a file to the version's `existing` locations and say, per row, what the import
    does: new, changed (which fields), unchanged, or an error (with the row number and reason).

    A row with a locatie-ID updates the location with that key; a key of an earlier version of this plan
    brings that location back; a key from elsewhere is an error. A row without an ID is matched on its
    name within this version (noted in the preview) or else is a new location. With `replace`, locations
    the file does not mention are removed. Returns a JSON-ready dict: the rows for the preview, and the
    creates, updates and deletes that confirming applies."""
    by_key = {str(loc.key): loc for loc in existing}
    by_name: dict[str, list] = {}
    for loc in existing:
        by_name.setdefault(normalise_name(loc.name), []).append(loc)
    claimed: dict[int, int] = {}  # location pk -> row number
    keys_in_file: dict[str, int] = {}
    names_in_file: dict[tuple[str, str], int] = {}
    rows, creates, updates = [], [], []
    after_values: dict[int, dict] = {loc.pk: values_of(loc) for loc in existing}
    new_values: list[dict] = []

    for row in parsed.rows:
        entry = {
            "row": row.number,
            "name": row.name,
            "municipality": row.municipality,
            "kind": "error",
            "diffs": [],
            "errors": [{"column": e.column, "message": e.message} for e in row.errors],
            "note": "",
            "key": row.key,
        }
        rows.append(entry)
        if row.values is None:
            continue

        def refuse(message: str, column: str = "", entry=entry) -> None:
            entry["errors"].append({"column": column, "message": message})

        target = None
        if row.key:
            if row.key in keys_in_file:
                refuse(_("Deze locatie-ID staat ook op regel %(n)s.") % {"n": keys_in_file[row.key]}, "locatie-ID")
                continue
            keys_in_file[row.key] = row.number
            target = by_key.get(row.key)
            if target is None and row.key not in plan_keys:
                refuse(
                    _("Deze locatie-ID hoort niet bij dit plan. Laat de kolom leeg voor een nieuwe locatie."),
                    "locatie-ID",
                )
                continue
            if target is None:
                entry["note"] = _("Deze locatie stond in een eerdere versie van het plan en komt terug.")
        else:
            name_key = (normalise_name(row.name), normalise_name(row.municipality))
            if name_key in names_in_file:
                refuse(_("Deze locatie staat ook op regel %(n)s.") % {"n": names_in_file[name_key]}, "naam")
                continue
            names_in_file[name_key] = row.number
            candidates = [loc for loc in by_name.get(name_key[0], []) if loc.pk not in claimed]
            if len(candidates) > 1:
                candidates = [loc for loc in candidates if normalise_name(loc.municipality) == name_key[1]]
                if len(candidates) != 1:
                    refuse(
                        _(
                            "Deze versie heeft meer locaties met de naam “%(name)s”. Vul de locatie-ID in "
                            "(die staat in de export van de versie)."
                        )
                        % {"name": row.name},
                        "naam",
                    )
                    continue
            if candidates:
                target = candidates[0]
                entry["note"] = _("Gekoppeld op naam: deze regel heeft geen locatie-ID.")
        if target is not None:
            if target.pk in claimed:
                refuse(_("Deze locatie staat ook op regel %(n)s.") % {"n": claimed[target.pk]}, "locatie-ID")
                continue
            claimed[target.pk] = row.number
            before = values_of(target)
            changes = diffs(before, row.values, type_codes)
            entry.update(kind="changed" if changes else "unchanged", diffs=changes, key=str(target.key))
            entry["quarters"] = quarter_changes(before, row.values, horizon)
            if changes:
                updates.append({"id": target.pk, "values": {c["field"]: row.values[c["field"]] for c in changes}})
                after_values[target.pk] = dict(row.values)
        else:
            entry.update(kind="new", quarters=quarter_changes(None, row.values, horizon))
            creates.append({"key": row.key, "values": row.values})
            new_values.append(row.values)

    for entry in rows:
        if entry["errors"]:
            entry["kind"] = "error"
    removed = []
    if replace:
        for loc in existing:
            if loc.pk not in claimed:
                removed.append(
                    {
                        "id": loc.pk,
                        "name": loc.name,
                        "municipality": loc.municipality,
                        "capacity": loc.capacity,
                        "quarters": quarter_changes(values_of(loc), None, horizon),
                    }
                )
                after_values.pop(loc.pk)
    before_totals = totals_per_quarter((values_of(loc) for loc in existing), horizon)
    after_totals = totals_per_quarter([*after_values.values(), *new_values], horizon)
    counts = {kind: sum(1 for e in rows if e["kind"] == kind) for kind in ("new", "changed", "unchanged", "error")}
    counts["removed"] = len(removed)
    counts["kept"] = len(existing) - len(claimed) - len(removed)
    return {
        "rows": rows,
        "creates": creates,
        "updates": updates,
        "deletes": [item["id"] for item in removed],
        "removed": removed,
        "counts": counts,
        "has_changes": bool(creates or updates or removed),
        "per_quarter": [
            {
                "label": quarters.label(q),
                "before": before_totals[q],
                "after": after_totals[q],
                "difference": after_totals[q] - before_totals[q],
            }
            for q in horizon
        ],
    }
