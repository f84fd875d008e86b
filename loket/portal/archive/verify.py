"""Checks an archive package again, later: `verify_archive(path)` (manage.py verify_archive DIR).

The bag must validate (bagit: every file in the manifests with the right sha256, nothing extra),
and every entity of archief.json must have its JSON Lines, CSV and MDTO files with the stated
number of records."""

from __future__ import annotations

import json
from pathlib import Path

import bagit
from django.utils.translation import gettext as _

from loket.portal.archive.writer import SUMMARY


def verify_archive(path: Path) -> list[str]:
    """The problems found (an empty list: the package is whole)."""
    path = Path(path)
    problems: list[str] = []
    try:
        bag = bagit.Bag(str(path))
        bag.validate(processes=1)
    except (bagit.BagError, bagit.BagValidationError) as exc:
        return [_("BagIt-controle mislukt: %(error)s") % {"error": exc}]
    data = path / "data"
    try:
        summary = json.loads((data / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [_("%(file)s ontbreekt of is onleesbaar: %(error)s") % {"file": SUMMARY, "error": exc}]
    for name, info in summary.get("entiteiten", {}).items():
        for kind in ("jsonl", "csv"):
            file = data / "records" / f"{name}.{kind}"
            if not file.exists():
                problems.append(_("%(file)s ontbreekt.") % {"file": file.name})
                continue
            with file.open(encoding="utf-8") as handle:
                lines = sum(1 for _line in handle) - (1 if kind == "csv" else 0)
            if kind == "jsonl" and lines != info["count"]:
                problems.append(
                    _("%(file)s heeft %(found)s records, verwacht %(want)s.")
                    % {"file": file.name, "found": lines, "want": info["count"]}
                )
        if not (data / "metadata" / f"{name}.mdto.json").exists():
            problems.append(_("Metagegevens van %(name)s ontbreken.") % {"name": name})
    return problems
