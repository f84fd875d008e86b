"""The bench's own database and a production-like gunicorn on the loopback interface.

`bench_environment()` derives, from the caller's environment, the one the bench runs in: the bench
settings (bench/settings.py), a separate database (SQLite `var/<name>.sqlite3`, or the PostgreSQL
database `<name>` on the server of DATABASE_URL), DEBUG off, a SECRET_KEY, plain http on loopback
(no SSL redirect, no secure cookies, no HSTS), Celery eager unless CELERY_BROKER_URL is given,
REDIS_URL passed through for the cache. `reexec_in_bench_environment()` restarts `python -m bench`
in it. Nothing here needs Django: the launcher uses it before any settings are loaded.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "bench.settings"
REDIS_PORT_ENV = "LOKET_BENCH_REDIS_PORT"  # the chaos load test's own redis-server (bench/chaos.py)
CHILD_MARKER = "LOKET_BENCH_CHILD"  # set in the restarted process: it runs in the bench environment
BENCH_SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - loopback bench


def bench_database_url(source_url: str | None, name: str) -> str:
    """SQLite var/bench.sqlite3 (for name loket_bench) without DATABASE_URL; else the same server,
    database <name>. A DATABASE_URL pointing to SQLite also gets the separate SQLite file."""
    if not source_url or source_url.startswith("sqlite"):
        filename = name.removeprefix("loket_") + ".sqlite3"
        return f"sqlite:///{BASE_DIR / 'var' / filename}"
    parts = urlsplit(source_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://", "psql://"))


def bench_environment(source: dict[str, str], *, database: str) -> dict[str, str]:
    env = dict(source)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DEBUG": "false",
            "SECRET_KEY": source.get("BENCH_SECRET_KEY", BENCH_SECRET_KEY),
            "DATABASE_URL": bench_database_url(source.get("DATABASE_URL"), database),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            # The bench submits hundreds of questions from one address: the per-IP/e-mail limit off.
            "QUESTIONS_RATE_LIMIT": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(BASE_DIR / "var" / f"{database}-mail"),
            "MEDIA_ROOT": str(BASE_DIR / "var" / f"{database}-media"),
        }
    )
    env.pop("EMAIL_HOST", None)
    if not source.get("REDIS_URL"):
        # A bench without Redis: each process its own cache, said explicitly (production refuses that).
        env["ALLOW_LOCAL_CACHE"] = "true"
    broker = source.get("CELERY_BROKER_URL", "")
    env["CELERY_TASK_ALWAYS_EAGER"] = "false" if broker else "true"
    return env


def ensure_postgres_database(url: str) -> None:
    """Create the bench database on the PostgreSQL server when it does not exist yet."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))
    conn = psycopg2.connect(maintenance)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def in_bench_process() -> bool:
    return os.environ.get(CHILD_MARKER) == "1"


def reexec_in_bench_environment(database: str, argv: list[str], *, create_database: bool = True) -> None:
    """Restart `python -m bench <argv>` in the bench environment (its own database, production-like).
    Does not return. `create_database=False`: only the environment (e.g. for --help)."""
    env = bench_environment(dict(os.environ), database=database)
    env[CHILD_MARKER] = "1"
    if create_database and is_postgres(env["DATABASE_URL"]):
        ensure_postgres_database(env["DATABASE_URL"])
    (BASE_DIR / "var").mkdir(exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # same interpreter, same command, bench environment
    os.execve(sys.executable, [sys.executable, "-m", "bench", *argv], env)  # noqa: S606


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    host: str
    port: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def gunicorn_command(*, port: int, workers: int) -> list[str]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [
        str(gunicorn) if gunicorn.exists() else "gunicorn",
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]


def server_environment(source) -> dict[str, str]:
    """The server's environment: the bench process's own, always with the bench settings (the
    portal's WSGI application reads DJANGO_SETTINGS_MODULE; the bench's adds the ceiling URL)."""
    env = dict(source)
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    return env


def start_gunicorn(*, workers: int = 2, log_path: Path | None = None, timeout: float = 60) -> Server:
    """gunicorn with sync workers on a free loopback port; waits until /gezondheid/ answers 200."""
    port = free_port()
    cmd = gunicorn_command(port=port, workers=workers)
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - lives as long as the server
    env = server_environment(os.environ)
    process = subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=log, stderr=log)  # noqa: S603
    server = Server(process=process, host="127.0.0.1", port=port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopte direct (code {process.returncode}); zie {log_path}")
        try:
            status, _headers, _body = request(server, "GET", "/gezondheid/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError("gunicorn antwoordde niet op tijd op /gezondheid/")


def request(server: Server, method: str, path: str, *, body: bytes | None = None, headers=None):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


CSRF_INPUT_RE = re.compile(
    rb'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"'
)


def cookies_from(headers) -> dict[str, str]:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            parsed = SimpleCookie()
            parsed.load(value)
            for key, morsel in parsed.items():
                jar[key] = morsel.value
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


SUBMISSION_KEY_RE = re.compile(rb'name="submission_key" value="([0-9a-f]{32})"')


def submission_key_from(body: bytes) -> str | None:
    """The one-time submission key of the form on a page (loket.core.submission), or None."""
    match = SUBMISSION_KEY_RE.search(body)
    return match.group(1).decode() if match else None


def csrf_token_from(body: bytes) -> str | None:
    match = CSRF_INPUT_RE.search(body)
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode()


def login(server: Server, login_path: str, username: str, password: str, *, otp_code=None) -> dict[str, str]:
    """Log in through the real login page (GET for the CSRF cookie and token, then POST the password);
    when the page answers with its second step (django-two-factor-auth: a field `otp_token`),
    `otp_code()` gives the code that is posted to the same page."""
    status, headers, body = request(server, "GET", login_path)
    jar = cookies_from(headers)
    token = csrf_token_from(body)
    if status != 200 or not token or "csrftoken" not in jar:
        raise RuntimeError(f"inlogformulier niet bruikbaar (status {status})")

    def post(fields: dict) -> tuple[int, bytes]:
        form = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        status, headers, body = request(
            server,
            "POST",
            login_path,
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)},
        )
        jar.update(cookies_from(headers))
        return status, body

    status, body = post({"username": username, "password": password})
    if status == 200 and b'name="otp_token"' in body and otp_code is not None:
        token = csrf_token_from(body) or token
        status, body = post({"login_view-current_step": "token", "otp_token": otp_code()})
        if status not in (302, 303):
            raise RuntimeError(f"tweestapsverificatie als {username} mislukt (status {status})")
    if status not in (302, 303) or "sessionid" not in jar:
        raise RuntimeError(f"inloggen als {username} mislukt (status {status})")
    return jar


def fixed_csrf_pair() -> tuple[str, str]:
    """A CSRF cookie value and the matching form token. Django accepts the unmasked 32-character
    secret as the token when it equals the cookie's secret, so one pair serves every request."""
    secret = "BenchCsrfSecret0123456789abcdefX"  # noqa: S105 - 32 characters of Django's CSRF alphabet
    return secret, secret
