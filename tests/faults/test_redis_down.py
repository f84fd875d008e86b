"""Issue 20.7: Redis down means Redis down, cache included, not only the broker.

A real `redis-server` of this test, on a free loopback port, is the portal's cache (django-redis with
the project's options, settings.REDIS_CACHE_OPTIONS) and its broker, as `.env.example` sets them up.
The test stops that server (never the shared one) while questions come in through the real form:
every GET and POST answers, the question is stored, its confirmation waits in the outbox, the cache
error is logged once. With only the broker refused, a submission stays under a second.
Runs wherever `redis-server` is installed (CI); skips cleanly where it is not.
"""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.test import Client

from config.celery import app
from loket.core.logfilters import OncePerInterval
from loket.core.models import OutboxTask
from questions.models import Question
from tests.conftest import submission_key
from tests.loket.test_celery import reset_broker_connections

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is niet geïnstalleerd (draait in CI)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server only this test uses: `stop()` kills exactly this process."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None
        self.start()

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.dir)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.2).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("eigen redis-server startte niet")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path, settings, monkeypatch):
    """The portal on its own Redis: cache on database 1, broker on database 0 (not eager)."""
    server = OwnRedis(tmp_path)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server.url(1),
            "KEY_PREFIX": "loket",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.QUESTIONS_RATE_LIMIT = 2
    monkeypatch.setenv("CELERY_BROKER_URL", server.url(0))
    app.conf.task_always_eager = False
    reset_broker_connections(app)
    try:
        yield server
    finally:
        server.stop()
        caches["default"].close()
        app.conf.task_always_eager = True
        reset_broker_connections(app)


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def submit(client, ask_data, email, capture):
    """GET and POST the ask form; the POST's time includes sending its tasks after the commit."""
    page = client.get("/vragen/stellen/")
    assert page.status_code == 200
    started = time.monotonic()
    with capture(execute=True):
        data = {**ask_data, "asker_email": email, "submission_key": submission_key(page)}  # as a browser
        response = client.post("/vragen/stellen/", data)
    took = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:1000]
    return Question.objects.get(asker_email=email), took


@pytest.mark.django_db
def test_redis_down_the_ask_form_works_and_the_mail_waits_in_the_outbox(
    own_redis, ask_data, django_capture_on_commit_callbacks
):
    client = Client()
    capture = django_capture_on_commit_callbacks
    before, _took = submit(client, ask_data, "voor@gemeente.example.nl", capture)  # Redis up: to the broker
    assert redis.Redis(port=own_redis.port, db=1).dbsize() > 0  # the cache was used
    assert redis.Redis(port=own_redis.port, db=0).llen("celery") == 1  # the confirmation is queued
    assert not OutboxTask.objects.exists()

    own_redis.stop()
    for once_a_minute in logging.getLogger("loket.cache").filters:  # an earlier outage in this process
        if isinstance(once_a_minute, OncePerInterval):
            once_a_minute.forget()
    cache_log = Records()
    logging.getLogger("loket.cache").addHandler(cache_log)
    try:
        for n in range(5):  # GET and POST, five times (more than the rate limit of 2: it fails open)
            question, took = submit(Client(), ask_data, f"vrager{n}@gemeente.example.nl", capture)
            assert question.reference.startswith("V-") and took < 1, f"indienen duurde {took:.2f} s"
    finally:
        logging.getLogger("loket.cache").removeHandler(cache_log)
    assert client.get("/").status_code == 200
    waiting = OutboxTask.objects.filter(sent_at__isnull=True, task_name="questions.send_question_confirmation")
    assert waiting.count() == 5
    assert before.pk not in [row.args[0] for row in waiting]
    # the cache error: logged once, not once per cache read
    assert len(cache_log.records) == 1


@pytest.mark.django_db
def test_only_the_broker_refused_a_submission_takes_under_a_second(
    own_redis, ask_data, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("CELERY_BROKER_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    reset_broker_connections(app)
    question, took = submit(Client(), ask_data, "vrager@gemeente.example.nl", django_capture_on_commit_callbacks)
    assert took < 1, f"indienen duurde {took:.2f} s"
    assert OutboxTask.objects.filter(sent_at__isnull=True, args=[question.pk]).count() == 1


@pytest.mark.django_db
def test_redis_down_sessions_fall_back_to_the_database(own_redis, users):
    """Sessions (cached_db) are read from and written to the database while Redis is down: a login
    keeps working, a logout ends the session."""
    own_redis.stop()
    client = Client()
    client.force_login(users["prt_utrecht"])
    assert client.get("/profiel/").status_code == 200
    client.post("/uitloggen/")
    assert client.get("/profiel/").status_code == 302
