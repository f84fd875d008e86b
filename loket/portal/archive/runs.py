"""An archive export started by the Beheerder from the closing page: a row with its progress, and the
Celery task `loket.export_archive` (by name, after commit) that does the work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.accounts.audit import audit_record
from loket.accounts.models import AuditAction
from loket.core.outbox import enqueue_on_commit
from loket.core.roles import Role, has_role
from loket.portal.archive.verify import verify_archive
from loket.portal.archive.writer import export_archive
from loket.portal.models import ArchiveRun, ArchiveRunStatus

TASK = "loket.export_archive"


def latest_runs(limit: int = 5) -> list[ArchiveRun]:
    return list(ArchiveRun.objects.select_related("started_by")[:limit])


def archive_run_start(*, by: Any, request=None) -> ArchiveRun:
    if not has_role(by, Role.BEHEERDER):
        raise PermissionDenied
    with transaction.atomic():
        if (
            ArchiveRun.objects.select_for_update()
            .filter(status__in=[ArchiveRunStatus.WAITING, ArchiveRunStatus.RUNNING])
            .exists()
        ):
            raise ValidationError(_("Er loopt al een archiefexport."))
        run = ArchiveRun.objects.create(started_by=by)
        run.output = str(Path(settings.ARCHIVE_ROOT) / f"archief-{timezone.now():%Y%m%d-%H%M%S}-{run.pk}")
        run.save(update_fields=["output"])
        audit_record(action=AuditAction.ARCHIVE_EXPORT, actor=by, target_name=run.output, request=request)
        enqueue_on_commit(TASK, run.pk)
    return run


def archive_run_execute(run_id: int) -> None:
    """The task's work: export, verify, and keep the progress on the row (idempotent: a finished run stays)."""
    run = ArchiveRun.objects.filter(pk=run_id).first()
    if run is None or run.status in (ArchiveRunStatus.DONE, ArchiveRunStatus.FAILED):
        return
    ArchiveRun.objects.filter(pk=run.pk).update(status=ArchiveRunStatus.RUNNING)

    def progress(done: int, total: int, name: str) -> None:
        ArchiveRun.objects.filter(pk=run.pk).update(done=done, total=total, current=name[:200])

    try:
        export_archive(Path(run.output), progress=progress)
        problems = verify_archive(Path(run.output))
    except Exception as exc:  # the row must say it failed; the error is logged by Celery too
        ArchiveRun.objects.filter(pk=run.pk).update(
            status=ArchiveRunStatus.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    ArchiveRun.objects.filter(pk=run.pk).update(
        status=ArchiveRunStatus.FAILED if problems else ArchiveRunStatus.DONE,
        message="\n".join(problems),
        finished_at=timezone.now(),
    )
