"""Celery: the beat schedule names real tasks; a real worker on Redis completes a task."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from kombu.exceptions import OperationalError

from config.celery import WORKER_FLAGS, app
from loket.core import outbox
from loket.core.models import OutboxTask
from loket.core.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
# The test worker listens on a queue of its own: tasks left in the shared broker by other runs never
# stand between it and the task under test.
TEST_QUEUE = f"loket-test-{os.getpid()}"


def test_beat_schedule_names_existing_tasks():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name}: onbekende taak {entry['task']}"


def test_eager_round_trip():
    assert ping.delay().get(timeout=5) == "pong"


@pytest.fixture(scope="module")
def celery_worker_process():
    """A real `celery -A config worker` against the broker in CELERY_BROKER_URL."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("geen Redis-broker ingesteld (CELERY_BROKER_URL): draait in CI")
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            *WORKER_FLAGS,
            "--pool=solo",
            "--loglevel=WARNING",
            "-n",
            f"test-{os.getpid()}@%h",
            "-Q",
            TEST_QUEUE,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # an unread pipe could fill up and stall the worker
        stderr=subprocess.DEVNULL,
    )
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.mark.broker
def test_round_trip_through_redis_and_a_real_worker(celery_worker_process):
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        result = app.send_task("loket.ping", queue=TEST_QUEUE)
        while not result.ready() and time.monotonic() < deadline:
            time.sleep(0.25)
        assert result.get(timeout=5) == "pong"
    finally:
        app.conf.task_always_eager = True


def test_outbox_keeps_a_task_when_the_broker_is_down_and_flushes_it_later(db, monkeypatch):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(ping, "apply_async", broker_down)
    outbox.enqueue(ping.name)
    row = OutboxTask.objects.get()
    assert row.task_name == "loket.ping" and row.sent_at is None and "Connection refused" in row.last_error

    # Still down: nothing is handed over, the row stays pending.
    assert outbox.flush_outbox(send=lambda name, args: broker_down()) == 0
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1

    # Back up: the row is handed over once, and not again.
    handed = []
    assert outbox.flush_outbox(send=lambda name, args: handed.append((name, args))) == 1
    assert outbox.flush_outbox(send=lambda name, args: handed.append((name, args))) == 0
    assert handed == [("loket.ping", [])]
    row.refresh_from_db()
    assert row.sent_at is not None


def test_enqueue_on_commit_runs_after_commit_only(db, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr(ping, "apply_async", lambda args, retry: calls.append(args))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outbox.enqueue_on_commit(ping.name, 7)
        assert calls == []
    assert len(callbacks) == 1 and calls == [(7,)]


def reset_broker_connections(app) -> None:
    """Forget pooled broker connections so the next send connects to the current broker URL."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.broker
def test_outbox_against_a_real_broker_that_goes_down_and_comes_back(db, monkeypatch, celery_worker_process):
    """Redis unreachable: the task is kept; Redis back: a real worker runs it."""
    app.conf.task_always_eager = False
    real = os.environ["CELERY_BROKER_URL"]
    try:
        monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
        reset_broker_connections(app)
        outbox.enqueue(ping.name)
        assert OutboxTask.objects.filter(sent_at__isnull=True).count() == 1
        monkeypatch.setenv("CELERY_BROKER_URL", real)
        reset_broker_connections(app)
        assert outbox.flush_outbox() == 1
    finally:
        app.conf.task_always_eager = True
        reset_broker_connections(app)
    assert OutboxTask.objects.filter(sent_at__isnull=True).count() == 0
