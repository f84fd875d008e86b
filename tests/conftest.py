"""Shared fixtures: a user per role, logged-in clients, mail and Celery in tests.

Reference data (provinces, themes, organisations, location types) comes from the data migration,
so every test database has it.
"""

import os
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail.backends import locmem
from django.core.management.sql import emit_post_migrate_signal
from django.db.backends.base.creation import BaseDatabaseCreation
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from config.celery import app
from loket.accounts.security import OTP_REQUIRED_ROLES
from loket.core.arrangement import assume_no_arrangement
from loket.core.models import Organisation, Profile, Province
from loket.core.roles import Role, sync_groups
from loket.core.submission import FIELD_NAME, new_key
from loket.core.workdays import forget_days_off

_serialize_db_to_string = BaseDatabaseCreation.serialize_db_to_string


# Tables the database's triggers keep (questions/tally.py, monitoring/tally.py): derived from other rows.
DERIVED_TABLES = [("questions", "QuestionTally"), ("monitoring", "SignalTally"), ("loket", "DataVersion")]


def _serialize_without_derived_tables(self):
    """The snapshot that `serialized_rollback` tests (the browser tests) restore leaves out the
    tallies: the database's triggers rebuild them while the questions and signals are put back.
    Restoring their rows as well would collide with what the triggers just wrote (UNIQUE keys) or
    count every row twice."""
    metas = [apps.get_model(app, model)._meta for app, model in DERIVED_TABLES]
    for opts in metas:
        opts.can_migrate = lambda connection: False
    try:
        return _serialize_db_to_string(self)
    finally:
        for opts in metas:
            del opts.can_migrate


BaseDatabaseCreation.serialize_db_to_string = _serialize_without_derived_tables

# Property tests run the same examples every time (a red CI run can be repeated); explore new
# examples locally with HYPOTHESIS_PROFILE=explore.
hypothesis_settings.register_profile("loket", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "loket"))

PASSWORD = "een-lang-test-wachtwoord-2026"

# name used in tests -> (role or None, province code or None, organisation code)
ROLE_USERS = {
    "prt_utrecht": (Role.PRT, "PV26", "PV26"),
    "prt_gelderland": (Role.PRT, "PV25", "PV25"),
    "cdk_utrecht": (Role.CDK, "PV26", "PV26"),
    "coa_landelijk": (Role.COA, None, "COA"),
    "expert": (Role.EXPERT, None, "ECF"),
    "kernteam": (Role.KERNTEAM, None, "BZK"),
    "kernteam2": (Role.KERNTEAM, None, "COA"),
    "lrt": (Role.LRT, None, "BZK"),
    "beheerder": (Role.BEHEERDER, None, "BZK"),
    "no_role": (None, None, "VNG"),
}


def make_user(username: str, role: Role | None = None, province: str | None = None, organisation: str | None = None):
    if role and not Group.objects.filter(name=role.value).exists():
        sync_groups()
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@test.example", password=PASSWORD, first_name=username.title()
    )
    if role:
        user.groups.add(Group.objects.get(name=role.value))
    Profile.objects.create(
        user=user,
        province=Province.objects.get(code=province) if province else None,
        organisation=Organisation.objects.get(code=organisation) if organisation else None,
    )
    return user


def login(client, user):
    """Log a test client in as `user`. Use this (or `client_for`) rather than force_login directly,
    so that extra login steps the portal may require (e.g. two-factor) are handled in one place.

    Users who need a second factor (Kernteam, LRT-secretaris, Beheerder, or anyone with a linked
    app) get a confirmed TOTP device and a session that has passed the second step."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    required = user.is_superuser or user.groups.filter(name__in=[r.value for r in OTP_REQUIRED_ROLES]).exists()
    if device is None and required:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


class FormClient(Client):
    """The test client, sending forms as a browser does: a form that creates something carries a fresh
    one-time key (`{% submission_key %}`, loket.core.submission), so every POST of form data without
    one gets a fresh key, as if the form was just loaded. A test of the key itself sends its own:
    `submission_key(client.get(url))` reads it from the rendered form; `"submission_key": ""` sends none."""

    def post(self, path, data=None, content_type=MULTIPART_CONTENT, *args, **kwargs):
        form_data = content_type == MULTIPART_CONTENT and (data is None or isinstance(data, dict))
        if form_data and FIELD_NAME not in (data or {}):
            data = data.copy() if data is not None else {}
            data[FIELD_NAME] = new_key()
        return super().post(path, data, content_type, *args, **kwargs)


@pytest.fixture
def client():
    """pytest-django's `client`, as a `FormClient`."""
    return FormClient()


def submission_key(response) -> str:
    """The one-time key (loket.core.submission) in the form of a page."""
    match = re.search(r'name="submission_key" value="([0-9a-f]{32})"', response.content.decode())
    assert match, "the form has no submission key"
    return match.group(1)


def download(response) -> bytes:
    """The bytes of a download: exports stream (CSV from a generator, XLSX from a temporary file)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def download_text(response) -> str:
    """A CSV download as text (without the BOM that helps Excel)."""
    return download(response).decode("utf-8-sig")


@pytest.fixture
def users(db):
    """All role users at once: users["kernteam"], users["prt_utrecht"], ..."""
    return {name: make_user(name.replace("_", "-"), *spec) for name, spec in ROLE_USERS.items()}


@pytest.fixture
def client_for(client, users):
    """client_for("kernteam") -> the test client logged in as that role user (None: anonymous)."""

    def _login(name: str | None):
        client.logout()
        if name is not None:
            login(client, users[name])
        return client

    return _login


@pytest.fixture
def utrecht(db):
    return Province.objects.get(code="PV26")


@pytest.fixture
def gelderland(db):
    return Province.objects.get(code="PV25")


DB_FIXTURES = ("db", "transactional_db", "django_db_reset_sequences", "live_server")


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reference data comes from a data migration. A transactional test (real workers, row locks,
    backups) ends with a flush that empties every table, so a later test on the same worker would
    find no provinces: put the reference data, permissions and role groups back when they are gone."""
    uses_db = request.node.get_closest_marker("django_db") or any(f in request.fixturenames for f in DB_FIXTURES)
    if not uses_db:
        return
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        transactional = True
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Province.objects.exists():
        import_module("loket.migrations.0002_reference_data").load(apps, None)
        import_module("loket.migrations.0016_arrangement_days_off_archive_run").seed_days_off(apps, None)
    if not Group.objects.filter(name=Role.KERNTEAM.value, permissions__isnull=False).exists():
        # A flush without post_migrate (serialized_rollback) also removed content types and
        # permissions: recreate them as migrate does, then the groups.
        emit_post_migrate_signal(0, False, "default")
        sync_groups()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test gets its own in-memory cache (no state shared through Redis between tests or workers).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    forget_days_off()  # the working-day calendar's sets of this process (a test may have changed DayOff)
    assume_no_arrangement()  # a test that sets the arrangement's dates calls forget_arrangement()

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


class MailServer:
    """The tests' mail server (Django's locmem backend, into `mail.outbox`) under control:
    `fail(n, after=k)` delivers k more messages, then refuses the next n as a server that is down
    does (ConnectionRefusedError), and lets eager tasks retry as in production (the failure does
    not propagate into the caller, the retries run at once); `during_next_send(fn)` calls `fn`
    while the next message is being sent, e.g. a second delivery of the same task arriving then."""

    def __init__(self, app):
        self.app = app
        self.delivered_before_failing = 0
        self.failures = 0
        self.hooks: list = []

    def fail(self, times: int = 1, *, after: int = 0) -> None:
        self.delivered_before_failing = after
        self.failures = times
        self.app.conf.task_eager_propagates = False

    def during_next_send(self, fn) -> None:
        self.hooks.append(fn)


@pytest.fixture
def mail_server(monkeypatch):
    server = MailServer(app)
    deliver = locmem.EmailBackend.send_messages

    def send_messages(backend, messages):
        if server.delivered_before_failing > 0:
            server.delivered_before_failing -= 1
        elif server.failures > 0:
            server.failures -= 1
            raise ConnectionRefusedError(111, "Connection refused (test mail server down)")
        if server.hooks:
            server.hooks.pop(0)()
        return deliver(backend, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_messages)
    yield server
    app.conf.task_eager_propagates = True
