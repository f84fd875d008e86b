"""End-to-end tests: Playwright for Python driving Debian's Chromium against a live test server.

Run with `make e2e` (or `pytest -m e2e tests/e2e`); a plain `pytest` skips them. The database is
the test database with the reference data and `manage.py load_demo` (all demo accounts, password
demo-loket-2020), restored before every test. Adding a journey:

    pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

    def test_something(page, live_url, login_as):
        login_as(page, "kernteam")            # handles the second step for the three 2FA roles
        page.goto(live_url("/kernteam/"))
        ...

Fixtures: `page` (a fresh browser tab, CSP bypassed only so axe can be injected), `live_url(path)`,
`login_as(page, username)`, `totp_code(device)` and `assert_accessible(page)` (axe-core, WCAG 2.2 AA rules: no serious
or critical violations).
"""

import base64
import io
import os
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from loket.accounts.security import OTP_REQUIRED_ROLES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DEMO_PASSWORD = "demo-loket-2020"


def pytest_collection_modifyitems(config, items):
    if "e2e" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="browsertests draaien met `make e2e` (pytest -m e2e)")
    for item in items:
        # The marker, not item.keywords: keywords also hold the names of parent nodes, and a checkout in a
        # directory called "e2e" would then skip the whole suite.
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database plus the demo data; every test starts again from this state."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        for alias in connections:
            connection = connections[alias]
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} ontbreekt: make e2e-deps (apt-get install chromium)")

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # themselves (devices, assertions) are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(bypass_csp=True, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def live_url(live_server):
    return lambda path="/": f"{live_server.url}{path}"


def totp_code_for_key(key_b32: str, *, counter: int | None = None) -> str:
    key = base64.b32decode(key_b32.replace(" ", "") + "=" * (-len(key_b32.replace(" ", "")) % 8))
    return f"{hotp(key, counter if counter is not None else int(time.time() // 30)):06d}"


@pytest.fixture
def totp_code():
    """totp_code(device): the code the app shows now, or the next one if that was used already."""

    def _code(device) -> str:
        device.refresh_from_db()
        now = int((time.time() - device.t0) // device.step) + device.drift
        return f"{hotp(device.bin_key, max(now, device.last_t + 1), digits=device.digits):06d}"

    return _code


@pytest.fixture
def login_as(live_url, totp_code):
    """login_as(page, "kernteam"): log in through the login page, with the second step if needed."""

    def _login(page, username: str, password: str = DEMO_PASSWORD) -> None:
        user = get_user_model().objects.get(username=username)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        required = user.is_superuser or user.groups.filter(name__in=[r.value for r in OTP_REQUIRED_ROLES]).exists()
        if device is None and required:
            device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        page.goto(live_url("/inloggen/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if device is not None:  # the login page's second step (django-two-factor-auth)
            page.wait_for_selector("#id_otp_token")
            page.fill("#id_otp_token", totp_code(device))
            page.click("main button[type=submit]")
            page.wait_for_load_state()
        assert "/inloggen/" not in page.url, page.url

    return _login


@pytest.fixture
def assert_accessible():
    """Runs axe-core on the page; fails on serious or critical violations (WCAG 2.0/2.1/2.2 A and AA rules, and
    axe's best practices)."""

    def _check(page, *, impacts=("serious", "critical")) -> list:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: [
                    'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'
                ]}
            })"""
        )
        bad = [v for v in result["violations"] if v["impact"] in impacts]
        report = "\n".join(
            f"{v['impact']}: {v['id']} ({v['help']}) op {[n['target'] for n in v['nodes']][:5]}" for v in bad
        )
        assert not bad, f"axe-core op {page.url}:\n{report}"
        return result["violations"]

    return _check
