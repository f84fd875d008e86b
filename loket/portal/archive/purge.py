"""After the archive: destroy what the selection list says (`manage.py purge_after_archive`).

Only with a package that verifies (`verify_archive`) and with the portal in read-only mode (nothing
new comes in). First the retention jobs run (loket.portal.privacy.anonymise_due); then, per model
whose registry entry says "V" (vernietigen), the records whose retention period (in the registry,
`loket.portal.archive.registry`: a proposal until the ministry adopts a selection list) has passed
since their last change are deleted. A deletion that would take a record to be kept ("B") with it (a
cascade) is skipped and reported: the selection list never removes what must be kept.
`dry_run=True` (the default of the command) only counts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.arrangement import current_arrangement
from loket.portal.archive.registry import REGISTRY, project_models
from loket.portal.archive.verify import verify_archive
from loket.portal.archive.writer import ArchiveError, date_fields
from loket.portal.privacy import anonymise_due

BATCH = 500
NEVER_PURGED = {"auth.User", "auth.Group"}  # accounts end through the Beheerder (deactivate), not by a job


def _keeps_something(objects) -> bool:
    collector = Collector(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    for model in collector.data:
        entry = REGISTRY.get(model._meta.label)
        if entry is not None and entry.valuation == "B":
            return True
    return False


def purge_after_archive(*, archive: Path, now=None, dry_run: bool = True) -> dict:
    if not current_arrangement().read_only:
        raise ArchiveError(_("Zet het portaal eerst op alleen-lezen: daarna komt er niets meer bij."))
    problems = verify_archive(Path(archive))
    if problems:
        raise ArchiveError(_("Het archief is niet in orde:") + " " + " ".join(problems))
    now = now or timezone.now()
    report: dict = {"anonymised": anonymise_due(now=now, dry_run=dry_run), "deleted": {}, "skipped": {}}
    for model in project_models():
        label = model._meta.label
        entry = REGISTRY.get(label)
        if entry is None or entry.valuation != "V" or entry.retention_years is None or label in NEVER_PURGED:
            continue
        _created, changed = date_fields(model)
        if changed is None:
            continue
        cutoff = now - timedelta(days=round(365.25 * entry.retention_years))
        due = model._default_manager.filter(**{f"{changed}__lt": cutoff}).order_by("pk")
        if dry_run:
            report["deleted"][label] = due.count()
            continue
        deleted = skipped = 0
        last_pk = None
        while True:
            batch_qs = due.filter(pk__gt=last_pk) if last_pk is not None else due
            batch = list(batch_qs[:BATCH])
            if not batch:
                break
            last_pk = batch[-1].pk
            for obj in batch:
                try:
                    with transaction.atomic():
                        if _keeps_something([obj]):
                            skipped += 1
                            continue
                        obj.delete()
                        deleted += 1
                except (ProtectedError, RestrictedError):
                    skipped += 1
        report["deleted"][label] = deleted
        if skipped:
            report["skipped"][label] = skipped
    return report
