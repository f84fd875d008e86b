"""What run_bench and run_loadtest share once Django runs: preparing the database, the server."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from bench import seed
from bench.server import BASE_DIR, Server, start_gunicorn


def prepare_database(*, scale: float, log: Callable[[str], None]) -> float | None:
    """Migrate, compile translations, seed when empty, collect static. Returns seconds spent seeding.

    The database is the bench's own (see bench.server.bench_environment), so it is seeded without
    the production check of `python -m bench seed_bench`."""
    t0 = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migraties: {time.monotonic() - t0:.1f} s")
    call_command("compile_translations", verbosity=0)
    seed_seconds = None
    if seed.is_seeded():
        log("database bevat al benchmarkgegevens (niet opnieuw gevuld)")
    else:
        t0 = time.monotonic()
        seed.seed_database(scale=scale, log=log)
        seed_seconds = time.monotonic() - t0
    t0 = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    log(f"collectstatic: {time.monotonic() - t0:.1f} s")
    connections.close_all()  # the server's workers get the database to themselves
    return seed_seconds


@contextmanager
def running_server(*, workers: int, log_name: str, log: Callable[[str], None]):
    log_path = BASE_DIR / "var" / f"{log_name}-gunicorn.log"
    server: Server = start_gunicorn(workers=workers, log_path=log_path)
    log(f"gunicorn ({workers} sync workers) luistert op {server.base_url} (log: {log_path.relative_to(BASE_DIR)})")
    try:
        yield server
    finally:
        server.stop()


def setup_summary(*, workers: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    summary = {
        "database": f"{connection.vendor} `{settings.DATABASES['default']['NAME']}`".replace(str(BASE_DIR) + "/", ""),
        "server": f"gunicorn, {workers} sync workers, 127.0.0.1",
        "cache": "Redis" if settings.REDIS_URL else "lokaal geheugen (geen REDIS_URL)",
        "Celery": "eager (geen broker)" if settings.CELERY_TASK_ALWAYS_EAGER else "worker via broker",
        "DEBUG": str(settings.DEBUG),
    }
    summary.update(extra or {})
    return summary


def write_doc(path: str, text: str) -> Path:
    target = Path(path)
    if not target.is_absolute():
        target = BASE_DIR / target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
