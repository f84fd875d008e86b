"""Two-factor login: required for Kernteam, LRT-secretaris and Beheerder, optional for others."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.accounts.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD

WRONG = "Deze code klopt niet of is verlopen."


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now; or, if that one was used already, the next one (tolerance 1)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), digits=device.digits):06d}"


def password_login(client, username: str):
    response = client.post(reverse("loket:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.mark.parametrize("name", ["kernteam", "lrt", "beheerder"])
def test_required_role_without_device_is_sent_to_setup_everywhere(client, users, name):
    password_login(client, name.replace("_", "-"))
    for path in ["/", reverse("loket:profile"), "/beheer/", reverse("loket:dashboard")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("otp:setup")), path


def test_setup_shows_a_qr_code_and_a_correct_code_enables_it(client, users):
    password_login(client, "kernteam")
    page = client.get(reverse("otp:setup") + "?next=/profiel/")
    content = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in content
    assert "Tweestapsverificatie instellen" in content
    device = TOTPDevice.objects.get(user=users["kernteam"], confirmed=False)

    wrong = client.post(reverse("otp:setup"), {"code": "000000", "next": "/profiel/"})
    assert wrong.status_code == 200 and WRONG in wrong.content.decode()

    done = client.post(reverse("otp:setup"), {"code": code_for(device), "next": "/profiel/"})
    assert done.status_code == 302 and done.url.startswith(reverse("otp:backup_codes"))
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(done.url).content.decode()
    assert codes_page.count("<li><code>") == 10
    assert client.get("/profiel/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.OTP_SETUP, target=users["kernteam"]).exists()


def test_with_device_a_wrong_code_is_refused_in_dutch_and_a_right_code_lets_in(client, users):
    device = TOTPDevice.objects.create(user=users["kernteam"], name="app", confirmed=True)
    password_login(client, "kernteam")
    response = client.get(reverse("loket:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("otp:verify"))
    # Setting up a new device is not a way around the code.
    assert client.get(reverse("otp:setup")).url.startswith(reverse("otp:verify"))

    wrong = client.post(reverse("otp:verify"), {"code": "123456", "next": "/profiel/"})
    assert wrong.status_code == 200
    assert WRONG in wrong.content.decode()
    assert client.get("/profiel/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.OTP_FAILED).count() == 1

    right = client.post(reverse("otp:verify"), {"code": code_for(device), "next": "/profiel/"})
    assert right.status_code == 302 and right.url == "/profiel/"
    assert client.get("/profiel/").status_code == 200
    assert client.get("/beheer/").status_code == 200


def test_a_backup_code_works_once(client, users):
    TOTPDevice.objects.create(user=users["lrt"], name="app", confirmed=True)
    static = StaticDevice.objects.create(user=users["lrt"], name="Reservecodes", confirmed=True)
    static.token_set.create(token="abcd2345ef")
    password_login(client, "lrt")
    ok = client.post(reverse("otp:verify"), {"code": "ABCD 2345 EF"}, follow=True)
    assert ok.status_code == 200 and "reservecode gebruikt" in ok.content.decode()
    client.post(reverse("loket:logout"))
    password_login(client, "lrt")
    again = client.post(reverse("otp:verify"), {"code": "abcd2345ef"})
    assert again.status_code == 200 and WRONG in again.content.decode()


def test_a_new_password_login_asks_for_the_code_again(client, users):
    device = TOTPDevice.objects.create(user=users["beheerder"], name="app", confirmed=True)
    password_login(client, "beheerder")
    client.post(reverse("otp:verify"), {"code": code_for(device)})
    assert client.get("/beheer/").status_code == 200
    client.post(reverse("loket:logout"))
    password_login(client, "beheerder")
    assert client.get("/beheer/").status_code == 302


def test_prt_member_is_not_forced_but_may_opt_in(client, users):
    password_login(client, "prt-utrecht")
    assert client.get(reverse("loket:profile")).status_code == 200
    manage = client.get(reverse("otp:manage"))
    assert manage.status_code == 200 and "Tweestapsverificatie instellen" in manage.content.decode()
    client.get(reverse("otp:setup"))
    device = TOTPDevice.objects.get(user=users["prt_utrecht"])
    client.post(reverse("otp:setup"), {"code": code_for(device)})
    # Opted in: the next login asks for the code too.
    client.post(reverse("loket:logout"))
    password_login(client, "prt-utrecht")
    assert client.get(reverse("loket:profile")).url.startswith(reverse("otp:verify"))
    client.post(reverse("otp:verify"), {"code": code_for(device)})
    # ...and the opt-in can be undone (not so for the required roles).
    client.post(reverse("otp:manage"), {"action": "uitzetten"})
    assert not TOTPDevice.objects.filter(user=users["prt_utrecht"]).exists()


def test_required_role_cannot_switch_it_off(client_for, users):
    client = client_for("kernteam")
    response = client.post(reverse("otp:manage"), {"action": "uitzetten"}, follow=True)
    assert "verplicht" in response.content.decode()
    assert TOTPDevice.objects.filter(user=users["kernteam"], confirmed=True).exists()


@pytest.mark.parametrize("name", ["kernteam", "lrt", "beheerder", "prt_utrecht", "expert"])
def test_the_test_login_helper_passes_the_second_step(client_for, name):
    assert client_for(name).get(reverse("loket:profile")).status_code == 200


def test_unverified_user_may_still_log_out(client, users):
    password_login(client, "kernteam")
    response = client.post(reverse("loket:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_open_redirect_is_refused(client, users):
    device = TOTPDevice.objects.create(user=users["kernteam"], name="app", confirmed=True)
    password_login(client, "kernteam")
    response = client.post(reverse("otp:verify"), {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.parametrize("url_name", ["otp:verify", "otp:setup", "otp:backup_codes", "otp:manage"])
def test_two_factor_pages_need_a_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response.url.startswith(reverse("loket:login"))


def test_beheerder_can_reset_a_lost_device_in_the_admin(client_for, users):
    lost = TOTPDevice.objects.create(user=users["kernteam2"], name="app", confirmed=True)
    client = client_for("beheerder")
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()


@pytest.mark.parametrize("with_device", [True, False])
def test_before_the_second_factor_only_logout_shows(client, users, with_device):
    """On the verify (or set-up) page a Kernteam user sees no menu, no profile, no search: only "Uitloggen"."""
    if with_device:
        TOTPDevice.objects.create(user=users["kernteam"], name="app", confirmed=True)
    password_login(client, "kernteam")
    page = client.get(reverse("otp:verify" if with_device else "otp:setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Uitloggen" in html
    assert 'aria-label="Hoofdmenu"' not in html
    assert "Mijn profiel" not in html
    assert reverse("loket:dashboard") not in html
    assert 'role="search"' not in html


def test_after_the_second_factor_the_menu_and_profile_show(client_for):
    html = client_for("kernteam").get("/").content.decode()
    assert 'aria-label="Hoofdmenu"' in html and "Mijn profiel" in html
    assert reverse("loket:dashboard") in html
