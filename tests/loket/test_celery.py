"""Celery: the beat schedule names real tasks; a real worker on Redis completes a task."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_beat_schedule_names_existing_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name}: onbekende taak {entry['task']}"


def test_eager_round_trip():
    from loket.tasks import ping

    assert ping.delay().get(timeout=5) == "pong"


@pytest.fixture
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
            "--pool=solo",
            "--loglevel=WARNING",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.mark.broker
def test_round_trip_through_redis_and_a_real_worker(celery_worker_process):
    from config.celery import app

    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        result = app.send_task("loket.ping")
        while not result.ready() and time.monotonic() < deadline:
            time.sleep(0.25)
        assert result.get(timeout=5) == "pong"
    finally:
        app.conf.task_always_eager = True
