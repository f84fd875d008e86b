"""Foundation journeys in a real browser: accessibility, keyboard-only login, two-factor login."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import DEMO_PASSWORD, totp_code_for_key

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("path", ["/", "/inloggen/", "/inloggen/wachtwoord-vergeten/"])
def test_public_pages_pass_axe(page, live_url, assert_accessible, path):
    page.goto(live_url(path))
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_keyboard_only_login(page, live_url):
    page.goto(live_url("/"))
    # The skip link is the first stop for keyboard users ...
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Direct naar de inhoud"
    # ... and on the login page the name field has the focus from the start.
    page.goto(live_url("/inloggen/"))
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("prt-utrecht")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_url("/"))
    assert page.get_by_text("Mijn profiel (prt-utrecht)").is_visible()


def test_kernteam_sets_up_two_factor_and_verifies_in_the_browser(
    page, live_url, assert_accessible, settings, totp_code
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise make us wait a second
    TOTPDevice.objects.filter(user__username="kernteam").delete()
    page.goto(live_url("/kernteam/"))
    page.fill("#id_username", "kernteam")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/inloggen/tweestapsverificatie/instellen/.*"))
    assert page.locator("img.otp-qr").get_attribute("src") == "/inloggen/tweestapsverificatie/qr-code/"
    page.wait_for_function("document.querySelector('img.otp-qr').complete")
    assert page.evaluate("document.querySelector('img.otp-qr').naturalWidth") > 0  # the SVG loads (CSP: self)
    assert_accessible(page)
    secret = page.locator(".otp-secret").inner_text()

    page.fill("#id_token", "000000")
    page.click("main button[type=submit]")
    assert page.get_by_text("Deze code klopt niet of is verlopen").first.is_visible()

    page.fill("#id_token", totp_code_for_key(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/reservecodes/.*"))
    assert page.locator(".otp-codes li").count() == 10
    page.get_by_role("link", name="Verder").click()
    page.wait_for_url(live_url("/kernteam/"))
    assert "/inloggen/" not in page.url

    # Next login: the code is asked again.
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(live_url("/inloggen/"))
    page.fill("#id_username", "kernteam")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("#id_otp_token")  # the login page's second step
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=get_user_model().objects.get(username="kernteam"), confirmed=True)
    device.refresh_from_db()
    page.fill("#id_otp_token", totp_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url(live_url("/"))
    assert page.get_by_text("Mijn profiel (kernteam)").is_visible()


@pytest.mark.parametrize("username", ["beheerder", "lrt-secretaris", "prt-gelderland"])
def test_login_as_handles_every_role(page, live_url, login_as, username):
    login_as(page, username)
    page.goto(live_url("/profiel/"))
    assert page.locator("h1").inner_text() == "Mijn profiel"
