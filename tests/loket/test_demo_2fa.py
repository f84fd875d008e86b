"""Demo accounts that need two-factor login can log in without a phone: `demo_code` prints the code."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse


def test_demo_core_team_logs_in_with_the_printed_code(client, db):
    call_command("load_demo", stdout=StringIO())
    response = client.post(reverse("loket:login"), {"username": "kernteam", "password": "demo-loket-2020"})
    assert response.status_code == 200 and 'name="otp_token"' in response.content.decode()  # the code step
    assert client.get(reverse("loket:dashboard")).url.startswith(reverse("loket:login"))

    out = StringIO()
    call_command("demo_code", "kernteam", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    response = client.post(reverse("loket:login"), {"login_view-current_step": "token", "otp_token": code})
    assert response.status_code == 302
    assert client.get(reverse("loket:dashboard")).status_code == 200


def test_partners_get_no_demo_authenticator(db):
    call_command("load_demo", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("demo_code", "prt-utrecht", stdout=StringIO())


def test_demo_coa_landelijk_needs_and_has_a_demo_authenticator(client, db):
    call_command("load_demo", stdout=StringIO())
    response = client.post(reverse("loket:login"), {"username": "coa-landelijk", "password": "demo-loket-2020"})
    assert response.status_code == 200 and 'name="otp_token"' in response.content.decode()
    out = StringIO()
    call_command("demo_code", "coa-landelijk", stdout=out)
    response = client.post(
        reverse("loket:login"), {"login_view-current_step": "token", "otp_token": out.getvalue().strip()}
    )
    assert response.status_code == 302
    assert client.get(reverse("plans:capacity")).status_code == 200
