"""Tasks are taken again after the Redis broker restarts (found by `make loadtest` on 2026-12-02:
the broker went away while a task was unacknowledged, Celery 5.7 ended the worker with
"Unrecoverable error", and 1,187 confirmations waited in the queue until the end). A real
`redis-server` of this test (append-only, as the load test's broker), a real prefork worker started
as every worker of the portal is (config.celery.WORKER_FLAGS) under the supervision production has
(bench.chaos.CeleryProcess, as systemd's Restart=always), tasks sent all the time, the broker
restarted twice; after each restart new tasks are taken. The crash itself is a race (an unacknowledged
task at the moment the broker goes): this test does not always hit it; `make loadtest` (CI) did.
Runs wherever `redis-server` is installed; skips cleanly where it is not."""

import os
import shutil
import socket
import threading
import time
import uuid

import pytest
from celery import Celery

from bench.chaos import CeleryProcess, OwnRedis

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is niet geïnstalleerd")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"niet binnen {timeout:g} s: {what}")


def test_worker_takes_tasks_again_after_its_broker_restarts(tmp_path, monkeypatch):
    broker = OwnRedis(free_port(), tmp_path / "redis")
    broker.start()
    url = f"redis://127.0.0.1:{broker.port}/0"
    log = tmp_path / "worker.log"
    # Debug settings (any SECRET_KEY, a local cache): only the broker is under test here.
    env = {**os.environ, "CELERY_BROKER_URL": url, "CELERY_TASK_ALWAYS_EAGER": "false", "DEBUG": "true"}
    for name in ("CELERY_RESULT_BACKEND", "REDIS_URL", "DATABASE_URL"):
        env.pop(name, None)
    worker = CeleryProcess(
        ["worker", "--concurrency", "2", "--loglevel", "INFO", "-n", f"restart-{uuid.uuid4().hex[:8]}@%h"],
        env,
        log,
    )
    worker.start()

    def taken() -> int:
        return log.read_text(errors="replace").count("] succeeded in ") if log.exists() else 0

    # Celery prefers the environment's CELERY_BROKER_URL to `broker=` (CI sets it): point it here.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    stop_sending = threading.Event()

    def send_all_the_time() -> None:
        """Like the web workers under load: a task every few milliseconds, broker up or down."""
        while not stop_sending.is_set():
            client = Celery(broker=url, broker_connection_timeout=0.5)
            try:
                for _ in range(50):
                    client.send_task("loket.ping", retry=False)
                    time.sleep(0.005)
            except Exception:  # the broker is down for a moment: try again
                time.sleep(0.1)
            finally:
                client.close()

    sender = threading.Thread(target=send_all_the_time, daemon=True)
    try:
        wait_until(lambda: log.exists() and " ready." in log.read_text(errors="replace"), 60, "worker klaar")
        sender.start()
        wait_until(lambda: taken() >= 20, 30, "eerste taken genomen")
        for restart in (1, 2):
            broker.stop()
            time.sleep(1.0)
            broker.start()
            before = taken()
            wait_until(lambda b=before: taken() >= b + 20, 60, f"taken na herstart {restart} genomen")
    finally:
        stop_sending.set()
        sender.join(timeout=10)
        worker.stop()
        broker.stop()
