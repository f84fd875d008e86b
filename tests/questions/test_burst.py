"""Issue 20.1: a burst of 50 questions submitted at the same moment are all stored, each with a unique,
gap-free reference. Once through the service from 50 threads (each its own database connection),
once through the real form on gunicorn (several worker processes with threads), both on PostgreSQL
(SQLite serialises all writes, there is no race to lose)."""

import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection, connections

from bench.server import Server, cookie_header, cookies_from, csrf_token_from, free_port, request
from loket.core.models import Theme
from questions.models import Question
from questions.services import question_submit

ROOT = Path(__file__).resolve().parents[2]
BURST = 50

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="gelijktijdige transacties vragen PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_gap_free(count: int) -> None:
    rows = list(Question.objects.values_list("year", "sequence", "reference"))
    assert len(rows) == count
    year = rows[0][0]
    assert sorted(sequence for _year, sequence, _ref in rows) == list(range(1, count + 1))
    assert sorted(ref for *_rest, ref in rows) == [f"V-{year}-{n:05d}" for n in range(1, count + 1)]


def test_fifty_simultaneous_submissions_through_the_service():
    theme = Theme.objects.get(code="KWA")
    barrier = threading.Barrier(BURST)
    errors = []

    def submit(n):
        try:
            barrier.wait(timeout=300)
            question_submit(
                asker_name=f"Vrager {n}",
                asker_email=f"v{n}@example.nl",
                subject="Tegelijk",
                body="Tekst",
                themes=[theme],
                organisation_name="Gemeente",
            )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_gap_free(BURST)


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn (4 worker processes with 4 threads each) on the test database, as in production
    but on loopback http; mail in-process to files, the rate limit off for this one asker address."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    port = free_port()
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{host}/{db['NAME']}",
        "DEBUG": "false",
        "SECRET_KEY": "burst-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "QUESTIONS_RATE_LIMIT": "0",
        "CELERY_BROKER_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "LOG_LEVEL": "WARNING",
    }
    if not env.get("REDIS_URL"):
        env["ALLOW_LOCAL_CACHE"] = "true"  # a run without Redis: no shared cache to test here
    log = tmp_path / "gunicorn.log"
    # production serves the static files from the manifest collectstatic writes
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn_bin), "config.wsgi:application", "--workers", "4", "--threads", "4"]
    command += ["--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--timeout", "60"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    server = Server(process=process, host="127.0.0.1", port=port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-3000:]
        try:
            if request(server, "GET", "/gezondheid/")[0] in (200, 503):
                break
        except OSError:
            time.sleep(0.3)
    else:
        server.stop()
        pytest.fail("gunicorn antwoordde niet op /gezondheid/")
    try:
        yield server
    finally:
        server.stop()
        connections.close_all()


SUBMISSION_KEY_RE = re.compile(rb'name="submission_key"\s+value="([^"]+)"|value="([^"]+)"\s+name="submission_key"')


def test_fifty_simultaneous_submissions_through_the_form_on_gunicorn(gunicorn, ask_data):
    barrier = threading.Barrier(BURST)

    def submit(n):
        try:
            status, headers, page = request(gunicorn, "GET", "/vragen/stellen/")
            assert status == 200, page[:500]
        except BaseException:
            barrier.abort()  # the others stop waiting: the test fails instead of hanging
            raise
        jar = cookies_from(headers)
        key = SUBMISSION_KEY_RE.search(page)
        form = {
            **ask_data,
            "asker_email": f"vrager{n}@gemeente.example.nl",
            "csrfmiddlewaretoken": csrf_token_from(page),
            "submission_key": (key.group(1) or key.group(2)).decode(),
            "send": "1",
        }
        barrier.wait(timeout=300)
        status, headers, page = request(
            gunicorn,
            "POST",
            "/vragen/stellen/",
            body=urlencode(form, doseq=True).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header(jar),
                "Referer": f"{gunicorn.base_url}/vragen/stellen/",
            },
        )
        return status, page

    with ThreadPoolExecutor(BURST) as pool:
        answers = list(pool.map(submit, range(BURST)))
    refused = [page.decode(errors="replace")[:300] for status, page in answers if status != 302]
    assert refused == []
    assert_gap_free(BURST)
