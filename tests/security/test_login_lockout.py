"""Issue 20.3: failed logins count against the account they resolve to, whatever the spelling
(username, e-mail address, any capitalisation), and against the client address."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def attempt(client, username: str, password: str = "fout", ip: str = "192.0.2.10"):  # noqa: S107 - a wrong password on purpose
    return client.post(reverse("loket:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("spelling", ["kernteam", "Kernteam", "KERNTEAM@TEST.EXAMPLE", "kernteam@test.example"])
def test_five_failures_in_mixed_spellings_lock_the_account_for_every_spelling(client, users, settings, spelling):
    settings.AXES_FAILURE_LIMIT = 5
    tries = ["Kernteam", "kernteam@test.example", "KERNTEAM@test.example", "kernteam", "KernTeam@Test.Example"]
    for n, name in enumerate(tries):  # each from another address: only the account counts
        response = attempt(client, name, ip=f"192.0.2.{n + 1}")
        assert response.status_code == (429 if n == 4 else 200)  # the fifth failure locks
    response = attempt(client, spelling, PASSWORD, ip="198.51.100.9")
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_e_mail_address_in_capitals_no_longer_escapes_a_lock_on_the_username(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for n in range(5):
        attempt(client, "kernteam", ip=f"192.0.2.{n + 1}")
    assert attempt(client, "KERNTEAM@TEST.EXAMPLE", PASSWORD, ip="198.51.100.9").status_code == 429


def test_fewer_failures_than_the_limit_do_not_lock(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for name in ["Kernteam", "kernteam@test.example", "kernteam", "KERNTEAM@TEST.EXAMPLE"]:
        attempt(client, name)
    assert attempt(client, "prt-utrecht", PASSWORD, ip="198.51.100.9").status_code == 302


def test_one_address_guessing_at_many_accounts_is_locked(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for name in ["kernteam", "prt-utrecht", "cdk-utrecht", "onbekend", "expert@test.example"]:
        attempt(client, name, ip="203.0.113.66")
    # the sixth guess from that address is refused, even with the right password of another account
    assert attempt(client, "prt-gelderland", PASSWORD, ip="203.0.113.66").status_code == 429
    # the accounts themselves are not locked from elsewhere
    assert attempt(client, "prt-gelderland", PASSWORD, ip="198.51.100.9").status_code == 302


def test_logging_in_to_an_own_account_does_not_wipe_the_failures_of_that_address(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for name in ["kernteam", "lrt-secretaris", "beheerder", "kernteam2"]:
        attempt(client, name, ip="203.0.113.66")
    assert attempt(client, "prt-utrecht", PASSWORD, ip="203.0.113.66").status_code == 302  # the attacker's own
    client.logout()
    attempt(client, "cdk-utrecht", ip="203.0.113.66")
    assert attempt(client, "prt-gelderland", PASSWORD, ip="203.0.113.66").status_code == 429
