"""Writes the archive package: `export_archive(output)`.

Layout (inside the bag's `data/` folder):
  records/<entity>.jsonl and .csv   every record, one line each (streamed: `iterator(chunk_size)`)
  metadata/<entity>.mdto.json       the MDTO record of the entity (identification, name, category,
                                    valuation and retention, dates of creation and change, relations)
  files/<storage path>              every uploaded document and attachment, as stored
  renditions/                       PDF of every published kader version, every LRT escalation
                                    report and the evaluation report
  archief.json                      counts and ids range per entity, what was anonymised, when
  LEESMIJ.txt                       what is where, in Dutch
The bag itself (bagit.make_bag, sha256 manifests) is made in place around it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import bagit
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from loket.core.exports import pdf_document
from loket.portal.archive.registry import REGISTRY, SELECTION_LIST, Entry, m2m_tables, project_models
from loket.portal.privacy import anonymise_due
from loket.publications.models import PublicationKind, PublicationRevision
from monitoring.evaluation import evaluation_report_pdf
from monitoring.exports import escalation_report_pdf
from monitoring.models import LrtMeeting
from monitoring.selectors import meeting_agenda

CHUNK = 2000
SUMMARY = "archief.json"
ORGANISATION = "Ondersteuningsarrangement Flexibilisering Asielketen"

Progress = Callable[[int, int, str], None]


class ArchiveError(Exception):
    pass


def _json_default(value):
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return DjangoJSONEncoder().default(value)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _columns(model: type[models.Model], entry: Entry | None) -> list[models.Field]:
    exclude = set(entry.exclude) if entry else set()
    return [f for f in model._meta.concrete_fields if f.name not in exclude and f.attname not in exclude]


def date_fields(model) -> tuple[str | None, str | None]:
    created = changed = None
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField | models.DateField):
            if getattr(field, "auto_now", False):
                changed = changed or field.attname
            elif getattr(field, "auto_now_add", False) or field.default is timezone.now:
                created = created or field.attname
    if created is None:
        created = next((f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)), None)
    return created, changed or created


def _safe_relative(name: str) -> Path | None:
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not name:
        return None
    return path


def _copy_file(field_file_name: str, storage, files_dir: Path, missing: list) -> str:
    rel = _safe_relative(field_file_name)
    if rel is None:
        missing.append(field_file_name)
        return ""
    target = files_dir / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with storage.open(field_file_name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
    except (FileNotFoundError, OSError):
        missing.append(field_file_name)
        return ""
    return f"data/files/{rel.as_posix()}"


def _write_entity(
    name: str, model: type[models.Model], entry: Entry | None, data: Path, missing: list, owner: str
) -> dict:
    fields = _columns(model, entry)
    attnames = [f.attname for f in fields]
    file_fields = {i: f for i, f in enumerate(fields) if isinstance(f, models.FileField)}
    records = data / "records"
    count = 0
    with (
        (records / f"{name}.jsonl").open("w", encoding="utf-8") as jsonl,
        (records / f"{name}.csv").open("w", encoding="utf-8", newline="") as csv_file,
    ):
        writer = csv.writer(csv_file, delimiter=";")
        writer.writerow(attnames)
        rows = model._default_manager.order_by("pk").values_list(*attnames).iterator(chunk_size=CHUNK)
        for row in rows:
            row = list(row)
            for index, field in file_fields.items():
                if row[index]:
                    row[index] = {
                        "name": row[index],
                        "path": _copy_file(row[index], field.storage, data / "files", missing),
                    }
            record = dict(zip(attnames, row, strict=True))
            jsonl.write(json.dumps(record, ensure_ascii=False, default=_json_default))
            jsonl.write("\n")
            writer.writerow([_csv_cell(v) for v in row])
            count += 1
    created, changed = date_fields(model)
    span = model._default_manager.aggregate(
        first_id=Min("pk"),
        last_id=Max("pk"),
        **({"created_from": Min(created), "created_until": Max(created)} if created else {}),
        **({"changed_until": Max(changed)} if changed else {}),
    )
    _write_mdto(name, model, entry, data, count, span, owner)
    return {"count": count, "first_id": span["first_id"], "last_id": span["last_id"]}


def _iso(value):
    return value.isoformat() if value is not None else None


def _write_mdto(name, model, entry: Entry | None, data: Path, count: int, span: dict, owner: str) -> None:
    """The entity's metadata record with the fields of MDTO (Metagegevens Duurzaam Toegankelijke
    Overheidsinformatie)."""
    related = sorted(
        {f.related_model._meta.label for f in model._meta.concrete_fields if f.is_relation and f.related_model}
    )
    record = {
        "identificatie": {"identificatieKenmerk": f"loket:{name}", "identificatieBron": ORGANISATION},
        "naam": str(model._meta.verbose_name_plural),
        "omschrijving": str(model.__doc__ or "").strip().split("\n\n")[0] if model.__doc__ else "",
        "aggregatieniveau": "Serie",
        "classificatie": entry.category if entry else owner,
        "informatiecategorie": {
            "begripLabel": entry.category if entry else owner,
            "begripCode": entry.code if entry else "",
            "begripBegrippenlijst": {"verwijzingNaam": SELECTION_LIST.name, "status": SELECTION_LIST.status},
        },
        "waardering": {"B": "bewaren", "V": "vernietigen"}[entry.valuation] if entry else "bewaren",
        "bewaartermijn": (None if entry is None or entry.retention_years is None else f"P{entry.retention_years}Y"),
        "bewaartermijnToelichting": " ".join(
            part
            for part in (
                _("Blijvend te bewaren.")
                if entry is None or entry.retention_years is None
                else _("Te vernietigen %(n)s jaar na de laatste wijziging.") % {"n": entry.retention_years},
                entry.reason if entry else "",
            )
            if part
        ),
        "waarderingBron": {
            "selectielijst": SELECTION_LIST.name,
            "status": SELECTION_LIST.status,
            "toelichting": SELECTION_LIST.explanation,
        },
        "dekkingInTijd": {
            "begin": _iso(span.get("created_from")),
            "eind": _iso(span.get("changed_until") or span.get("created_until")),
        },
        "event": [
            {"eventType": "Aanmaak", "eventTijd": _iso(span.get("created_from"))},
            {"eventType": "Wijziging", "eventTijd": _iso(span.get("changed_until"))},
            {"eventType": "Archivering", "eventTijd": timezone.now().isoformat()},
        ],
        "gerelateerdInformatieobject": [f"loket:{label}" for label in related],
        "omvang": {"records": count},
        "bestanden": [f"data/records/{name}.jsonl", f"data/records/{name}.csv"],
        "velden": [
            {"naam": f.attname, "omschrijving": str(getattr(f, "verbose_name", f.name))} for f in _columns(model, entry)
        ],
    }
    path = data / "metadata" / f"{name}.mdto.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=_json_default), encoding="utf-8")


def _renditions(data: Path) -> dict:
    folder = data / "renditions"
    (folder / "kaders").mkdir(parents=True)
    (folder / "escalaties").mkdir()
    kaders = 0
    revisions = (
        PublicationRevision.objects.filter(
            publication__kind=PublicationKind.FRAMEWORK, publication__published_at__isnull=False
        )
        .select_related("publication")
        .order_by("publication_id", "version")
        .iterator(chunk_size=200)
    )
    for revision in revisions:
        blocks = [("p", revision.summary), ("p", revision.body)]
        if revision.valid_from or revision.valid_until:
            blocks.insert(
                0,
                (
                    "p",
                    _("Geldig van %(a)s tot en met %(b)s")
                    % {"a": revision.valid_from or "—", "b": revision.valid_until or "—"},
                ),
            )
        content = pdf_document(f"{revision.title} ({_('versie')} {revision.version})", blocks)
        name = f"{slugify(revision.publication.slug or revision.publication_id)}-v{revision.version}.pdf"
        (folder / "kaders" / name).write_bytes(content)
        kaders += 1
    meetings = 0
    for meeting in LrtMeeting.objects.order_by("date").iterator(chunk_size=200):
        content = escalation_report_pdf(meeting, meeting_agenda(meeting))
        (folder / "escalaties" / f"escalatierapportage-lrt-{meeting.date:%Y-%m-%d}.pdf").write_bytes(content)
        meetings += 1
    (folder / "evaluatierapport.pdf").write_bytes(evaluation_report_pdf())
    return {"kaders": kaders, "escalatierapportages": meetings, "evaluatierapport": 1}


def entities() -> list[tuple[str, type[models.Model], Entry | None, str]]:
    """(entity name, model, registry entry, owner) for every table that goes into the archive."""
    found = []
    for model in project_models():
        label = model._meta.label
        entry = REGISTRY.get(label)
        found.append((label, model, entry, label))
        for name, through in m2m_tables(model):
            found.append((name, through, entry, label))
    return found


def export_archive(output: Path, *, progress: Progress | None = None, anonymise: bool = True) -> dict:
    """Write the whole portal as a validated BagIt package into `output` (a new or empty folder)."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise ArchiveError(_("De map %(dir)s is niet leeg.") % {"dir": output})
    output.mkdir(parents=True, exist_ok=True)
    data = output  # make_bag moves everything into data/ in place
    for sub in ("records", "metadata", "files"):
        (data / sub).mkdir()
    anonymised = anonymise_due() if anonymise else {}
    todo = entities()
    total = len(todo) + 1
    summary: dict = {}
    missing: list[str] = []
    for done, (name, model, entry, owner) in enumerate(todo):
        if progress:
            progress(done, total, name)
        summary[name] = _write_entity(name, model, entry, data, missing, owner)
    if progress:
        progress(len(todo), total, _("PDF-weergaven"))
    renditions = _renditions(data)
    made_at = timezone.now()
    (data / SUMMARY).write_text(
        json.dumps(
            {
                "gemaakt_op": made_at.isoformat(),
                "entiteiten": summary,
                "weergaven": renditions,
                "ontbrekende_bestanden": missing,
                "geanonimiseerd_voor_export": anonymised,
                "anonimisering": _(
                    "Persoonsgegevens waarvan de bewaartermijn voorbij is, zijn vóór deze export geanonimiseerd "
                    "of verwijderd (vragen, deskundigen, onbevestigde abonnementen)."
                ),
            },
            ensure_ascii=False,
            indent=2,
            default=_json_default,
        ),
        encoding="utf-8",
    )
    (data / "LEESMIJ.txt").write_text(_readme(), encoding="utf-8")
    cwd = os.getcwd()
    try:
        bagit.make_bag(
            str(output),
            bag_info={
                "Source-Organization": ORGANISATION,
                "External-Description": _("Archief van het portaal %(name)s bij het einde van het arrangement")
                % {"name": settings.LOKET_NAME},
                "Bagging-Date": made_at.date().isoformat(),
                "External-Identifier": f"loket-archief-{made_at:%Y%m%d%H%M%S}",
                "Anonymisation": "Persoonsgegevens met een verstreken bewaartermijn zijn geanonimiseerd.",
                "Selection-List": f"{SELECTION_LIST.name} ({SELECTION_LIST.status})",
            },
            checksums=["sha256"],
        )
    finally:
        os.chdir(cwd)  # make_bag changes the working directory while it works
    if progress:
        progress(total, total, _("Klaar"))
    return {"entities": summary, "renditions": renditions, "missing_files": missing}


def _readme() -> str:
    return _(
        "Archief van het Loket Flexibilisering Asielketen\n\n"
        "Dit is een BagIt-pakket (RFC 8493). De map data/ bevat:\n"
        "- records/: per entiteit alle records als JSON Lines (.jsonl, één record per regel) en als CSV (;)\n"
        "- metadata/: per entiteit een metagegevensrecord volgens MDTO (identificatie, naam,\n"
        "  informatiecategorie, waardering en bewaartermijn, datum van aanmaak en wijziging, relaties)\n"
        "- files/: alle documenten en bijlagen zoals ze in het portaal stonden\n"
        "- renditions/: PDF van elke gepubliceerde kaderversie, elke escalatierapportage en het evaluatierapport\n"
        "- archief.json: aantallen per entiteit, wat vooraf is geanonimiseerd, ontbrekende bestanden\n\n"
        "Persoonsgegevens waarvan de bewaartermijn voorbij was, zijn vóór de export geanonimiseerd.\n"
        "Waardering en bewaartermijnen: zie metadata/ (waarderingBron). Ze zijn een voorstel: er was geen\n"
        "vastgestelde selectielijst voor dit arrangement; de zorgdrager stelt ze vast.\n"
        "Controleren: bagit.py --validate <map>, of manage.py verify_archive <map>.\n"
    )
