"""The chaos part of `make loadtest`: the processes it starts and the faults it causes, all on
127.0.0.1 and all its own (never the caller's Redis): a redis-server on a free port (broker and
cache), a real Celery worker and beat, and the SMTP sink of the fault tests as the mail server.

Schedule (fractions of the run): the worker is killed (SIGKILL, its whole process group) at 25 %
and started again 3 s later, Redis is restarted at 45 %, and the SMTP sink is down for 30 s from
65 %. Every event is logged with its time for the report.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

from bench.server import BASE_DIR
from config.celery import WORKER_FLAGS
from tests.faults.smtp_sink import SmtpSink


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class OwnRedis:
    """redis-server on its own port, with an append-only file (as a broker in production keeps its
    queue), so a restart loses no queued task."""

    def __init__(self, port: int, folder: Path):
        self.port, self.folder = port, folder
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server ontbreekt (apt-get install redis-server)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
            [
                binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder),
                "--logfile", str(self.folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not redis_ping(self.port):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server op poort {self.port} startte niet")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis flushes its append-only file and stops
            self.process.wait(timeout=20)

    def restart(self) -> float:
        t0 = time.monotonic()
        self.stop()
        self.start()
        return time.monotonic() - t0


class CeleryProcess:
    """`celery -A config worker|beat` in a process group of its own (a prefork worker's children
    die with it when the group is killed), under supervision as in production (README, "Productie":
    systemd with Restart=always): a process that exits by itself is started again after a second.
    Celery 5.7 / kombu 5.7 can end a worker with "Unrecoverable error" when the broker goes away while
    a task is unacknowledged (restoring it needs the connection that is gone); the task is not lost
    (acks_late: Redis hands it out again), but the worker must be restarted. `kill()` and `stop()` are
    deliberate: the supervisor leaves those alone. `restarts` lists when it stepped in."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path, *, supervise: bool = True):
        self.args, self.env, self.log = args, env, log
        self.process: subprocess.Popen | None = None
        self.supervise = supervise
        self.restarts: list[float] = []
        self._down_on_purpose = threading.Event()
        self._watcher: threading.Thread | None = None

    def _spawn(self) -> None:
        flags = WORKER_FLAGS if self.args[:1] == ["worker"] else ()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "celery", "-A", "config", *self.args, *flags, f"--logfile={self.log}"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def start(self) -> None:
        self._down_on_purpose.clear()
        self._spawn()
        if self.supervise and (self._watcher is None or not self._watcher.is_alive()):
            self._watcher = threading.Thread(target=self._watch, daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        while not self._down_on_purpose.wait(0.5):
            if self.process is not None and self.process.poll() is not None:
                time.sleep(1.0)  # RestartSec=1
                if not self._down_on_purpose.is_set():
                    self.restarts.append(time.monotonic())
                    self._spawn()

    def kill(self) -> None:
        self._down_on_purpose.set()
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        self._down_on_purpose.set()
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Chaos:
    duration: float
    redis: OwnRedis
    worker: CeleryProcess
    sink: SmtpSink
    sink_down_seconds: float = 30.0
    events: list[tuple[float, str]] = field(default_factory=list)
    t0: float = 0.0
    _thread: threading.Thread | None = None

    def note(self, what: str) -> None:
        self.events.append((time.monotonic() - self.t0, what))

    def run(self) -> None:
        plan = [
            (0.25, self.kill_worker),
            (0.45, self.restart_redis),
            (0.65, self.sink_down),
        ]
        for fraction, action in plan:
            wait = self.t0 + fraction * self.duration - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            action()

    def start(self) -> None:
        self.t0 = time.monotonic()
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()

    def join(self) -> None:
        if self._thread:
            self._thread.join()

    def timeline(self) -> list[tuple[float, str]]:
        """The events, with every time the supervisor restarted a worker that had stopped by itself."""
        restarts = [
            (at - self.t0, "Celery-worker zelf gestopt (fout van Celery bij het herverbinden); na 1 s opnieuw gestart")
            for at in self.worker.restarts
        ]
        return sorted(self.events + restarts)

    def kill_worker(self) -> None:
        self.note("Celery-worker gedood (SIGKILL, hele procesgroep)")
        self.worker.kill()
        time.sleep(3)
        self.worker.start()
        self.note("Celery-worker opnieuw gestart")

    def restart_redis(self) -> None:
        self.note("Redis herstart (SIGTERM, opnieuw gestart)")
        seconds = self.redis.restart()
        self.note(f"Redis weer bereikbaar na {seconds:.1f} s")

    def sink_down(self) -> None:
        self.note(f"SMTP-server plat voor {self.sink_down_seconds:g} s")
        self.sink.stop()
        time.sleep(self.sink_down_seconds)
        self.sink.start()
        self.note("SMTP-server weer op")


def message_id_of(data: bytes) -> str:
    """The Message-ID header of a message the sink received ("" when it has none)."""
    return str(message_from_bytes(data).get("Message-ID", "")).strip()


def text_of(data: bytes) -> tuple[str, str]:
    """(subject, plain-text body) of a message the sink received."""
    message = message_from_bytes(data)
    body = ""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            body += payload.decode(part.get_content_charset() or "utf-8", "replace")
    return str(message.get("Subject", "")), body
