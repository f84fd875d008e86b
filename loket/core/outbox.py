"""Hand tasks to Celery without ever losing them.

`enqueue_on_commit("questions.send_question_answer", *args)` is how services start side effects
(mail, mailings): by the task's *name*, so a service never imports a tasks module (tasks import
services, never the other way round). After the transaction commits, the task goes to the broker.
When the broker cannot be reached (Redis down), the task is written to the `OutboxTask` table
instead and the page still succeeds; the beat task `loket.flush_outbox` hands those rows to the
broker once it is back. Tasks are idempotent, so a row handed over twice (a crash between sending
and marking) does no harm.

The same table keeps a task whose last retry failed because the mail server stayed unreachable
(`keep_after_failure`, called by `loket.core.tasks.DurableTask`): the beat hands it over again, so a
confirmation mail is delayed by an outage, never lost.
"""

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from loket.core.mail import MAIL_SERVER_DOWN_ERRORS, mail_server_problem
from loket.core.models import OutboxTask

logger = logging.getLogger(__name__)
BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError, TimeoutError)


def keep_after_failure(task: Any, exc: BaseException, args: Any) -> bool:
    """Store a task that finally failed because the mail server was down; mark the exception so
    an eager caller does not store it a second time. Returns whether it was kept."""
    if not isinstance(exc, MAIL_SERVER_DOWN_ERRORS):
        return False
    OutboxTask.objects.create(task_name=task.name, args=list(args or []), last_error=str(exc)[:2000])
    logger.warning("Mailserver onbruikbaar; taak %s bewaard in de outbox: %s", task.name, mail_server_problem(exc))
    with contextlib.suppress(AttributeError):  # exceptions without a __dict__
        exc.kept_in_outbox = True
    return True


_loading = threading.Lock()


def task_named(name: str) -> Any:
    """The registered Celery task called `name`. The tasks modules are loaded on first use (a worker
    loads them at start-up; a web process the first time it sends one). One thread loads them while
    the others wait: Celery's autodiscovery returns nothing to a second caller while a first is busy."""
    if name not in current_app.tasks:
        with _loading:
            if name not in current_app.tasks:
                current_app.loader.import_default_modules()
    return current_app.tasks[name]


def enqueue(task_name: str, *args: Any) -> None:
    """Send the task `task_name` with `args` (ids and other JSON values) to the broker, or keep it in
    the outbox when the broker cannot be reached."""
    try:
        task_named(task_name).apply_async(args=args, retry=False)
    except BROKER_ERRORS as exc:
        if getattr(exc, "kept_in_outbox", False):
            return  # eager mode: the task ran, the mail server was down, the task kept itself
        logger.warning("Broker onbereikbaar; taak %s bewaard in de outbox: %s", task_name, exc)
        OutboxTask.objects.create(task_name=task_name, args=list(args), last_error=str(exc)[:2000])


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    transaction.on_commit(lambda: enqueue(task_name, *args))


def flush_outbox(*, limit: int = 500, send: Callable[[str, list], None] | None = None) -> int:
    """Hand pending outbox rows to the broker, oldest first. Returns how many were handed over."""
    send = send or (lambda name, args: task_named(name).apply_async(args=args, retry=False))
    handed = 0
    for row in OutboxTask.objects.filter(sent_at__isnull=True).order_by("created_at", "pk")[:limit]:
        try:
            send(row.task_name, row.args)
        except BROKER_ERRORS as exc:
            if getattr(exc, "kept_in_outbox", False):
                # Eager mode: the task ran and, the mail server still down, kept itself in a new
                # row. This row is done; stop hammering the server until the next beat.
                OutboxTask.objects.filter(pk=row.pk).update(sent_at=timezone.now(), attempts=row.attempts + 1)
                break
            OutboxTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=str(exc)[:2000])
            break  # the broker is still down: try again at the next beat
        OutboxTask.objects.filter(pk=row.pk).update(sent_at=timezone.now(), attempts=row.attempts + 1)
        handed += 1
    return handed
