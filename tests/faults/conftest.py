import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from config.celery import WORKER_FLAGS, app
from tests.loket.test_celery import reset_broker_connections
from tests.questions.conftest import ask_data  # noqa: F401  (the question form's valid data)

from .smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on a free loopback port, used as the project's mail server. Starts
    stopped ("down"): call `.start()` to bring it up, `.stop()` to take it down again."""
    sink = SmtpSink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    # As in production without a broker: a failing task does not raise into the caller; its
    # retries run (without the waits) and a task that finally fails on the mail server is kept.

    app.conf.task_eager_propagates = False
    try:
        yield sink
    finally:
        app.conf.task_eager_propagates = True
        sink.stop()


# --- a real Celery worker on Redis, against the test database (PostgreSQL) ----------------------

ROOT = Path(__file__).resolve().parents[2]


def real_services_or_skip() -> str:
    """The broker URL for the fault tests' own Redis database, or skip (SQLite run)."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("geen Redis-broker ingesteld (CELERY_BROKER_URL): draait in CI")
    if connection.vendor != "postgresql":
        pytest.skip("een echte worker deelt de testdatabase alleen op PostgreSQL (DATABASE_URL): draait in CI")
    # A Redis database of its own, so no other worker of the test run takes these tasks.
    base = broker.rsplit("/", 1)[0] if broker.count("/") > 2 else broker.rstrip("/")
    worker_index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return f"{base}/{10 + worker_index % 6}"  # one per xdist worker (Redis has databases 0-15)


class Worker:
    def __init__(self, broker: str, mail_dir: Path, log: Path, extra_env: dict | None = None):
        conf = connection.settings_dict
        password = f":{conf['PASSWORD']}" if conf["PASSWORD"] else ""
        database_url = (
            f"postgres://{conf['USER']}{password}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}"
        )
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "tests.faults.mail_backend.CountingFileBackend",
            "FAULTS_MAIL_DIR": str(mail_dir),
            "PYTHONPATH": str(ROOT),
            **(extra_env or {}),
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                *WORKER_FLAGS,
                "-n",
                f"faults-{uuid.uuid4().hex[:8]}@%h",
                f"--logfile={log}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log.exists() and " ready." in log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise AssertionError(
            f"Celery-worker startte niet: {log.read_text(errors='replace')[-2000:] if log.exists() else ''}"
        )

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def real_worker(tmp_path, monkeypatch):
    """`start(**env)` starts a real `celery -A config worker` on Redis that shares the test database
    and writes mail as files in `mail_dir`; the test process sends to the same broker. Every worker
    is stopped (or killed) at the end."""
    broker = real_services_or_skip()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    workers: list[Worker] = []

    def start(**extra_env) -> Worker:
        worker = Worker(broker, mail_dir, tmp_path / f"worker{len(workers)}.log", extra_env)
        workers.append(worker)
        return worker

    redis.Redis.from_url(broker).flushdb()  # no tasks left over from an earlier run
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    app.conf.task_always_eager = False
    reset_broker_connections(app)
    start.broker = broker
    start.mail_dir = mail_dir
    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
        app.conf.task_always_eager = True
        reset_broker_connections(app)


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"niet binnen {timeout} s: {what}")
