"""Celery tasks of the portal: the privacy jobs."""

from celery import shared_task

from loket.core.tasks import RETRY
from loket.portal.archive.runs import archive_run_execute
from loket.portal.privacy import anonymise_due


@shared_task(name="loket.anonymise_personal_data", **RETRY)
def anonymise_personal_data() -> dict:
    """Daily: remove personal data past its retention period (see loket/privacy.py)."""
    return anonymise_due()


@shared_task(name="loket.export_archive", acks_late=True)
def export_archive(run_id: int) -> None:
    """The archive export started from the closing page (no retry: a half-written folder is not reused)."""
    archive_run_execute(run_id)
