"""One client address (loket.core.http.client_ip) for the login lock, the audit log and the rate
limit on questions: REMOTE_ADDR without trusted proxies; behind N proxies the right-most address
of X-Forwarded-For that no trusted proxy wrote, so a client cannot choose its own address."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from loket.accounts.models import AuditAction, AuditEvent
from loket.core.http import client_ip
from loket.core.models import Organisation, Province, Theme
from questions.models import Question
from tests.conftest import PASSWORD

PROXY = "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.10", None, "192.0.2.10"),
        (0, "192.0.2.10", "203.0.113.7", "192.0.2.10"),  # no proxy: a forwarded header is the client's own text
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote 6.6.6.6 itself
        (2, PROXY, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, PROXY, "203.0.113.7", PROXY),  # fewer addresses than proxies: not through all of them
        (1, PROXY, None, PROXY),
        (1, PROXY, "", PROXY),
        (1, PROXY, "203.0.113.7:4711", "203.0.113.7"),  # a port is dropped
        (1, PROXY, "[2001:DB8::1]:443", "2001:db8::1"),  # IPv6 with a port, in its normal form
        (1, PROXY, "2001:DB8::1", "2001:db8::1"),
        (1, PROXY, "6.6.6.6, onbekend", None),  # not an address: none, not the client's choice
        (0, "", None, None),
        (0, "onbekend", None, None),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.AXES_IPWARE_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **extra)) == expected


def test_no_request_has_no_address():
    assert client_ip(None) is None


def test_a_failed_login_behind_a_proxy_records_the_client(client, users, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    client.post(
        reverse("loket:login"),
        {"username": "prt-utrecht", "password": "fout"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )
    (failed,) = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failed.ip_address == "203.0.113.7"


def test_the_login_lock_behind_a_proxy_holds_the_client_not_everyone_behind_the_proxy(client, users, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for fake in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):  # a new left-most address each time does not help
        client.post(
            reverse("loket:login"),
            {"username": "kernteam", "password": "fout"},
            **{**attacker, "HTTP_X_FORWARDED_FOR": f"{fake}, 203.0.113.66"},
        )
    response = client.post(reverse("loket:login"), {"username": "kernteam", "password": PASSWORD}, **attacker)
    assert response.status_code == 429

    # The attacked account is locked too (issue 20.3), but a colleague behind the same proxy logs in.
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.5"}
    response = client.post(reverse("loket:login"), {"username": "prt-utrecht", "password": PASSWORD}, **colleague)
    assert response.status_code == 302


def test_the_question_rate_limit_behind_a_proxy_counts_per_client(
    client, settings, ask_data, django_capture_on_commit_callbacks
):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.QUESTIONS_RATE_LIMIT = 2

    def ask(n: int, forwarded: str):
        data = {**ask_data, "asker_email": f"vrager{n}@example.nl"}
        with django_capture_on_commit_callbacks(execute=True):  # a saved question counts on commit
            return client.post("/vragen/stellen/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert ask(1, "203.0.113.7").status_code == 302
    assert ask(2, "6.6.6.6, 203.0.113.7").status_code == 302
    assert ask(3, "7.7.7.7, 203.0.113.7").status_code == 429  # same client, whatever it puts in front
    assert ask(4, "198.51.100.5").status_code == 302  # another client behind the same proxy
    assert Question.objects.count() == 3


@pytest.fixture
def ask_data(db):
    return {
        "asker_name": "Anna Vrager",
        "organisation": str(Organisation.objects.get(code="VNG").pk),
        "asker_role": "Beleidsadviseur",
        "province": str(Province.objects.get(code="PV26").pk),
        "themes": [str(Theme.objects.get(code="KWA-PRO").pk)],
        "subject": "Prognose en tijdelijke locaties",
        "body": "Tellen tijdelijke locaties mee?",
        "consent": "on",
        "website": "",
    }
