"""Two-factor login (django-two-factor-auth): required for Kernteam, LRT-secretaris and Beheerder,
optional for others. The login is one page in steps: password, then the app's code (or a backup code)."""

import base64
import importlib
import time

import pytest
from django.apps import apps
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.accounts.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD

WRONG = "Deze code klopt niet of is verlopen."
WRONG_BACKUP = "Deze reservecode klopt niet of is al gebruikt."
STEP = "login_view-current_step"
QR_SECRET_SESSION_KEY = "django_two_factor-qr_secret_key"


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now; or, if that one was used already, the next one (tolerance 1)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), digits=device.digits):06d}"


def code_for_secret(secret_b32: str) -> str:
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{hotp(key, int(time.time() // 30)):06d}"


def login_url(next_url: str = "") -> str:
    return reverse("loket:login") + (f"?next={next_url}" if next_url else "")


def password_login(client, username: str, next_url: str = ""):
    return client.post(login_url(next_url), {"username": username, "password": PASSWORD})


def enter_code(client, code: str, next_url: str = "", step: str = "token"):
    return client.post(login_url(next_url), {STEP: step, "otp_token": code})


def app_for(user, name: str = "default") -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.mark.parametrize("name", ["kernteam", "lrt", "beheerder", "coa-landelijk"])
def test_required_role_without_device_is_sent_to_setup_everywhere(client, users, name):
    assert password_login(client, name).status_code == 302
    for path in ["/", reverse("loket:profile"), "/beheer/", reverse("loket:dashboard"), reverse("two_factor:profile")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("two_factor:setup")), path


def test_setup_shows_a_qr_code_and_a_correct_code_enables_it(client, users):
    password_login(client, "kernteam")
    page = client.get(reverse("two_factor:setup") + "?next=/profiel/")
    content = page.content.decode()
    assert page.status_code == 200
    assert f'src="{reverse("two_factor:qr")}"' in content
    assert "Tweestapsverificatie instellen" in content
    assert 'autocomplete="one-time-code"' in content and 'inputmode="numeric"' in content
    qr = client.get(reverse("two_factor:qr"))
    assert qr.status_code == 200 and qr["Content-Type"].startswith("image/svg+xml")
    secret = client.session[QR_SECRET_SESSION_KEY]

    step = {"setup_view-current_step": "generator", "next": "/profiel/"}
    wrong = client.post(reverse("two_factor:setup") + "?next=/profiel/", {**step, "token": "12345x"})
    assert wrong.status_code == 200 and WRONG in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=users["kernteam"]).exists()

    done = client.post(reverse("two_factor:setup") + "?next=/profiel/", {**step, "token": code_for_secret(secret)})
    assert done.status_code == 302 and done.url.startswith(reverse("two_factor:backup_tokens"))
    device = TOTPDevice.objects.get(user=users["kernteam"])
    assert device.confirmed and device.name == "default"
    # The confirming code cannot be used again to log in.
    assert not device.verify_token(code_for_secret(secret))
    codes_page = client.get(done.url).content.decode()
    assert codes_page.count("<li><code>") == 10
    assert 'href="/profiel/"' in codes_page  # "Verder" goes where the user was going
    assert client.get("/profiel/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.OTP_SETUP, target=users["kernteam"]).exists()


def test_with_device_a_wrong_code_is_refused_in_dutch_and_a_right_code_lets_in(client, users):
    device = app_for(users["kernteam"])
    page = password_login(client, "kernteam", "/profiel/")
    html = page.content.decode()
    assert page.status_code == 200 and "Tweestapsverificatie" in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert not is_logged_in(client)  # Django logs the user in only after the code
    assert client.get(reverse("loket:dashboard")).url.startswith(reverse("loket:login"))

    wrong = enter_code(client, "123456", "/profiel/")
    assert wrong.status_code == 200
    assert WRONG in wrong.content.decode()
    assert 'class="utrecht-alert utrecht-alert--error error-summary"' in wrong.content.decode()
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action=AuditAction.OTP_FAILED, target=users["kernteam"]).count() == 1

    right = enter_code(client, code_for(device), "/profiel/")
    assert right.status_code == 302 and right.url == "/profiel/"
    assert client.get("/profiel/").status_code == 200
    assert client.get("/beheer/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.OTP_VERIFIED, details__middel="app").count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, target=users["kernteam"]).count() == 1


def test_a_session_logged_in_without_the_code_is_sent_back_to_the_login(client, users):
    """E.g. a session from before the switch: it owes the code; setting up a new app is no way around it."""
    app_for(users["kernteam"])
    client.force_login(users["kernteam"])
    response = client.get(reverse("loket:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("loket:login"))
    assert client.get(reverse("two_factor:setup")).url.startswith(reverse("loket:login"))
    posted = client.post(reverse("two_factor:setup"), {"setup_view-current_step": "generator", "token": "123456"})
    assert posted.status_code == 302 and TOTPDevice.objects.filter(user=users["kernteam"]).count() == 1
    # The login page asks for password and code again.
    assert client.get(reverse("loket:login")).status_code == 200


def test_an_opted_in_partner_session_without_the_code_is_sent_back_too(client, users):
    app_for(users["prt_utrecht"])
    client.force_login(users["prt_utrecht"])
    assert client.get(reverse("loket:profile")).url.startswith(reverse("loket:login"))


def test_a_backup_code_works_once(client, users):
    app_for(users["lrt"])
    static = StaticDevice.objects.create(user=users["lrt"], name="Reservecodes", confirmed=True)
    static.token_set.create(token="abcd2345ef")
    static.token_set.create(token="zzzz2345ef")
    token_step = password_login(client, "lrt").content.decode()
    assert "Een reservecode gebruiken" in token_step
    backup_step = client.post(login_url(), {"wizard_goto_step": "backup"})
    assert "Inloggen met een reservecode" in backup_step.content.decode()
    ok = enter_code(client, "ABCD 2345 EF", step="backup")
    assert ok.status_code == 302 and is_logged_in(client)
    assert "reservecode gebruikt" in client.get(ok.url, follow=True).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.OTP_VERIFIED, details__middel="reservecode").exists()
    client.post(reverse("loket:logout"))
    password_login(client, "lrt")
    client.post(login_url(), {"wizard_goto_step": "backup"})
    again = enter_code(client, "abcd2345ef", step="backup")
    assert again.status_code == 200 and WRONG_BACKUP in again.content.decode()
    assert not is_logged_in(client)


def test_a_backup_code_is_not_taken_as_the_apps_code(client, users):
    app_for(users["lrt"])
    static = StaticDevice.objects.create(user=users["lrt"], name="backup", confirmed=True)
    static.token_set.create(token="abcd2345ef")
    password_login(client, "lrt")
    response = enter_code(client, "abcd2345ef")
    assert response.status_code == 200 and not is_logged_in(client)
    assert static.token_set.count() == 1


def test_a_new_password_login_asks_for_the_code_again(client, users):
    device = app_for(users["beheerder"])
    password_login(client, "beheerder")
    enter_code(client, code_for(device))
    assert client.get("/beheer/").status_code == 200
    client.post(reverse("loket:logout"))
    assert password_login(client, "beheerder").status_code == 200  # the code step
    assert client.get("/beheer/").status_code == 302


def test_the_admin_itself_requires_the_second_step(client, users, settings):
    """Without our role rule in front, two_factor's admin site still sends an unverified user to the login."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "loket.accounts.security.TwoFactorMiddleware"]
    app_for(users["beheerder"])
    client.force_login(users["beheerder"])
    response = client.get("/beheer/")
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    response = client.get(response.url)  # the admin's login is the site's login, with its code step
    assert response.status_code == 302 and response.url.startswith(reverse("loket:login"))


def test_prt_member_is_not_forced_but_may_opt_in(client, users):
    assert password_login(client, "prt-utrecht").status_code == 302
    assert client.get(reverse("loket:profile")).status_code == 200
    manage = client.get(reverse("two_factor:profile"))
    assert manage.status_code == 200 and "Tweestapsverificatie instellen" in manage.content.decode()
    client.get(reverse("two_factor:setup"))
    secret = client.session[QR_SECRET_SESSION_KEY]
    client.post(reverse("two_factor:setup"), {"setup_view-current_step": "generator", "token": code_for_secret(secret)})
    device = TOTPDevice.objects.get(user=users["prt_utrecht"], name="default")
    # Opted in: the next login asks for the code too.
    client.post(reverse("loket:logout"))
    assert password_login(client, "prt-utrecht").status_code == 200
    assert not is_logged_in(client)
    assert enter_code(client, code_for(device)).status_code == 302
    # ...and the opt-in can be undone (not so for the required roles).
    assert client.get(reverse("two_factor:disable")).status_code == 200
    refused = client.post(reverse("two_factor:disable"), {})
    assert refused.status_code == 200 and "Vink aan" in refused.content.decode()
    client.post(reverse("two_factor:disable"), {"understand": "on"})
    assert not TOTPDevice.objects.filter(user=users["prt_utrecht"]).exists()
    assert AuditEvent.objects.filter(action=AuditAction.OTP_DISABLED, target=users["prt_utrecht"]).exists()
    client.post(reverse("loket:logout"))
    assert password_login(client, "prt-utrecht").status_code == 302  # password only again


@pytest.mark.parametrize("name", ["kernteam", "coa_landelijk"])
def test_required_role_cannot_switch_it_off(client_for, users, name):
    client = client_for(name)
    response = client.post(reverse("two_factor:disable"), {"understand": "on"}, follow=True)
    assert "verplicht" in response.content.decode()
    assert TOTPDevice.objects.filter(user=users[name], confirmed=True).exists()


def test_new_backup_codes_replace_the_old_ones(client_for, users):
    client = client_for("kernteam")
    client.post(reverse("two_factor:backup_tokens"))
    first = set(StaticDevice.objects.get(user=users["kernteam"]).token_set.values_list("token", flat=True))
    response = client.post(reverse("two_factor:backup_tokens"))
    assert response.status_code == 302
    second = set(StaticDevice.objects.get(user=users["kernteam"]).token_set.values_list("token", flat=True))
    assert len(first) == len(second) == 10 and not first & second
    assert AuditEvent.objects.filter(action=AuditAction.BACKUP_CODES, target=users["kernteam"]).count() == 2


@pytest.mark.parametrize("name", ["kernteam", "lrt", "beheerder", "coa_landelijk", "prt_utrecht", "expert"])
def test_the_test_login_helper_passes_the_second_step(client_for, name):
    assert client_for(name).get(reverse("loket:profile")).status_code == 200


def test_unverified_user_may_still_log_out(client, users):
    password_login(client, "kernteam")
    response = client.post(reverse("loket:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_open_redirect_is_refused(client, users):
    device = app_for(users["kernteam"])
    password_login(client, "kernteam", "https://evil.example/")
    response = enter_code(client, code_for(device), "https://evil.example/")
    assert response.status_code == 302 and response.url == "/"


def test_the_old_code_page_sends_to_the_login(client, db):
    response = client.get("/inloggen/tweestapsverificatie/?next=/profiel/")
    assert response.status_code == 302 and response.url == reverse("loket:login") + "?next=/profiel/"


@pytest.mark.parametrize(
    "url_name", ["two_factor:setup", "two_factor:qr", "two_factor:backup_tokens", "two_factor:profile"]
)
def test_two_factor_pages_need_a_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response.url.startswith(reverse("loket:login"))


def test_beheerder_can_reset_a_lost_device_in_the_admin(client_for, users):
    lost = app_for(users["kernteam2"])
    client = client_for("beheerder")
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()


def test_before_the_second_factor_no_menu_or_profile_shows_on_the_set_up_page(client, users):
    """Logged in with the password but no app yet: no menu, no profile, no search, only "Uitloggen"."""
    password_login(client, "kernteam")
    page = client.get(reverse("two_factor:setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Uitloggen" in html
    assert 'aria-label="Hoofdmenu"' not in html
    assert "Mijn profiel" not in html
    assert reverse("loket:dashboard") not in html
    assert 'role="search"' not in html


def test_before_the_code_the_user_is_not_logged_in_and_sees_no_profile(client, users):
    app_for(users["kernteam"])
    page = password_login(client, "kernteam")
    html = page.content.decode()
    assert page.status_code == 200 and 'name="otp_token"' in html
    assert "Mijn profiel" not in html
    assert reverse("loket:dashboard") not in html
    assert "Uitloggen" not in html


def test_after_the_second_factor_the_menu_and_profile_show(client_for):
    html = client_for("kernteam").get("/").content.decode()
    assert 'aria-label="Hoofdmenu"' in html and "Mijn profiel" in html
    assert reverse("loket:dashboard") in html


def test_existing_linked_apps_become_the_default_device(client, users):
    """The data migration: an app linked under the earlier own pages keeps working."""
    old = app_for(users["kernteam"], name="Authenticator-app")
    app_for(users["lrt"], name="demo")
    TOTPDevice.objects.create(user=users["lrt"], name="Authenticator-app", confirmed=False)
    migration = importlib.import_module("loket.migrations.0015_two_factor_default_device")
    migration.name_primary_devices(apps, None)
    old.refresh_from_db()
    assert old.name == "default"
    assert list(TOTPDevice.objects.filter(user=users["lrt"]).values_list("name", "confirmed")) == [("default", True)]
    assert password_login(client, "kernteam").status_code == 200  # asks the code of that app
    assert enter_code(client, code_for(old)).status_code == 302


def test_repeated_wrong_codes_are_slowed_down_in_dutch(client, users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = app_for(users["kernteam"])
    password_login(client, "kernteam")
    enter_code(client, "123456")
    slowed = enter_code(client, code_for(device))  # even the right code waits now
    assert slowed.status_code == 200 and "te vaak een verkeerde code" in slowed.content.decode()
    assert not is_logged_in(client)


def test_the_login_lock_holds_for_users_with_an_app(client, users, settings):
    """django-axes locks the password step of two_factor's login: the code step is never reached."""
    settings.AXES_FAILURE_LIMIT = 3
    app_for(users["kernteam"])
    for _ in range(3):
        client.post(login_url(), {"username": "kernteam", "password": "fout"})
    response = password_login(client, "kernteam")
    assert response.status_code == 429 and 'name="otp_token"' not in response.content.decode()
