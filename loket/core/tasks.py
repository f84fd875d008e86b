"""The Celery base task and retry policy every app's mail tasks use, the round-trip ping and the
outbox beat. Tasks take ids, are idempotent and retry with backoff."""

import logging

from celery import Task, shared_task
from celery.signals import worker_ready

from loket.core.checks import mail_setting_problems
from loket.core.outbox import flush_outbox as flush
from loket.core.outbox import keep_after_failure
from loket.core.submission import purge_submission_keys as purge_keys

logger = logging.getLogger(__name__)


class DurableTask(Task):
    """A task that is never lost to a mail server that stays down longer than all its retries:
    when the last retry fails because the server cannot be reached, the task is kept in the outbox
    and `loket.flush_outbox` hands it over again (a new round of retries) until it goes through."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        keep_after_failure(self, exc, args)
        super().on_failure(exc, task_id, args, kwargs, einfo)


RETRY = {
    "base": DurableTask,
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(name="loket.ping", ignore_result=False)
def ping() -> str:
    """Round trip used by the health check tests and the broker tests."""
    return "pong"


@shared_task(name="loket.flush_outbox")
def flush_outbox() -> int:
    """Beat: hand tasks that were kept while the broker was down to the broker."""
    return flush()


@shared_task(name="loket.purge_submission_keys")
def purge_submission_keys() -> int:
    """Beat: remove one-time submission keys older than SUBMISSION_KEY_DAYS."""
    return purge_keys()


@worker_ready.connect
def check_mail_server_at_start(**kwargs) -> None:
    """The worker sends all mail: at start-up it says clearly when the mail settings cannot work
    (e.g. EMAIL_USE_TLS on and a server without STARTTLS), asking the server with a short timeout."""
    for problem in mail_setting_problems(probe=True):
        log = logger.error if problem.is_serious() else logger.warning
        log("Mailcontrole bij het starten (%s): %s %s", problem.id, problem.msg, problem.hint or "")
