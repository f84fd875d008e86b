"""Issue 20.4 and 20.11: nobody floods third parties with mail through the newsletter sign-up, the
expert profile link or the password reset; every limit counts in loket.core.ratelimits
(django-ratelimit on the default cache) with the client address of loket.core.http.client_ip."""

import os
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from experts.models import Expert
from loket.core.ratelimits import limit_count, limit_reached
from loket.mailings.models import Subscription
from tests.experts.factories import ExpertFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


@pytest.fixture
def rates(settings):
    settings.LOKET_RATE_LIMITS = {
        **settings.LOKET_RATE_LIMITS,
        "newsletter.ip": "3/h",
        "newsletter.all": "5/h",
        "experts.manage_link.ip": "3/h",
        "experts.manage_link.all": "5/h",
        "password_reset.ip": "3/h",
        "password_reset.all": "5/h",
    }
    return settings.LOKET_RATE_LIMITS


def subscribe(client, n, ip="192.0.2.1", **extra):
    data = {"email": f"iemand{n}@voorbeeld.nl", "general_news": "on", **extra}
    return client.post(reverse("loket:subscribe"), data, REMOTE_ADDR=ip, follow=True)


def manage_link(client, email, ip="192.0.2.1"):
    return client.post(reverse("experts:manage_request"), {"email": email}, REMOTE_ADDR=ip)


def reset(client, email, ip="192.0.2.1"):
    return client.post(reverse("loket:password_reset"), {"email": email}, REMOTE_ADDR=ip)


# --- newsletter -------------------------------------------------------------------------------


def test_newsletter_sign_ups_per_address_stop_at_the_limit(client, rates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [subscribe(client, n).status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert len(mail.outbox) == 3
    assert Subscription.objects.count() == 3
    page = subscribe(client, 9)
    assert page.status_code == 429
    assert "te veel aanmeldingen" in page.content.decode() and "Er is niets verstuurd" in page.content.decode()
    assert subscribe(client, 10, ip="198.51.100.7").status_code == 200  # another client still can


def test_newsletter_sign_ups_overall_stop_at_the_limit(client, rates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [subscribe(client, n, ip=f"192.0.2.{n + 1}").status_code for n in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    assert len(mail.outbox) == 5


def test_the_newsletter_honeypot_pretends_success_and_sends_nothing(client, rates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, 1, website="https://spam.example")
    assert response.status_code == 200
    assert "iemand1@voorbeeld.nl" in response.content.decode()
    assert mail.outbox == [] and not Subscription.objects.exists()


def test_the_newsletter_form_has_the_hidden_honeypot(client, db):
    content = client.get(reverse("loket:subscribe")).content.decode()
    assert 'name="website"' in content and 'tabindex="-1"' in content and "hp-field" in content


def test_the_newsletter_limit_behind_a_proxy_counts_per_client(client, rates, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1

    def sign_up(n, forwarded):
        data = {"email": f"iemand{n}@voorbeeld.nl", "general_news": "on"}
        return client.post(reverse("loket:subscribe"), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert [sign_up(n, f"{n}.{n}.{n}.{n}, 203.0.113.7").status_code for n in range(1, 5)] == [302, 302, 302, 429]
    assert sign_up(5, "198.51.100.5").status_code == 302  # another client behind the same proxy


def test_without_proxies_a_forwarded_header_changes_nothing(client, rates, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0

    def sign_up(n):
        data = {"email": f"iemand{n}@voorbeeld.nl", "general_news": "on"}
        return client.post(
            reverse("loket:subscribe"), data, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )

    assert [sign_up(n).status_code for n in range(4)] == [302, 302, 302, 429]


# --- expert profile links -----------------------------------------------------------------------


def test_expert_link_requests_per_address_stop_at_the_limit(client, rates, django_capture_on_commit_callbacks):
    experts = [ExpertFactory(email=f"deskundige{n}@test.example") for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [manage_link(client, expert.email).status_code for expert in experts]
    assert statuses == [200, 200, 200, 429, 429]
    assert len(mail.outbox) == 3
    # unknown addresses count too: a refusal says nothing about who is in the network
    assert manage_link(client, "onbekend@test.example", ip="192.0.2.2").status_code == 200
    assert Expert.objects.count() == 5


def test_expert_link_requests_overall_stop_at_the_limit(client, rates, django_capture_on_commit_callbacks):
    experts = [ExpertFactory(email=f"deskundige{n}@test.example") for n in range(7)]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [manage_link(client, e.email, ip=f"192.0.2.{n + 1}").status_code for n, e in enumerate(experts)]
    assert statuses == [200] * 5 + [429] * 2
    assert len(mail.outbox) == 5


# --- password reset -----------------------------------------------------------------------------


def test_password_resets_per_address_stop_at_the_limit(client, users, rates, django_capture_on_commit_callbacks):
    names = ["prt-utrecht", "prt-gelderland", "cdk-utrecht", "expert", "no-role"]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [reset(client, f"{name}@test.example").status_code for name in names]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    page = reset(client, "kernteam@test.example")
    assert page.status_code == 429 and "te veel nieuwe wachtwoorden" in page.content.decode()


def test_password_resets_overall_stop_at_the_limit(client, users, rates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [reset(client, "prt-utrecht@test.example", ip=f"192.0.2.{n + 1}").status_code for n in range(7)]
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 3  # and one account gets at most three mails an hour


def test_password_resets_per_account_are_limited_from_any_address(client, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            assert reset(client, "prt-utrecht@test.example", ip=f"192.0.2.{n + 1}").status_code == 302
    assert len(mail.outbox) == 3  # RATE_LIMIT_PASSWORD_RESET_ADDRESS, 3/h


# --- the helper ---------------------------------------------------------------------------------


def test_the_helper_works_without_a_request_per_key(settings):
    for _ in range(2):
        assert not limit_reached(group="mail_intake.sender", key="afzender@voorbeeld.nl", rate="2/h")
    assert limit_reached(group="mail_intake.sender", key="AFZENDER@voorbeeld.nl", rate="2/h")
    assert not limit_reached(group="mail_intake.sender", key="ander@voorbeeld.nl", rate="2/h")


def test_asking_does_not_count_until_counted(settings):
    assert not limit_reached(group="g", key="k", rate="1/h", increment=False)
    assert not limit_reached(group="g", key="k", rate="1/h", increment=False)
    limit_count(group="g", key="k", rate="1/h")
    assert limit_reached(group="g", key="k", rate="1/h", increment=False)


def test_an_empty_rate_switches_a_limit_off(settings):
    settings.LOKET_RATE_LIMITS = {**settings.LOKET_RATE_LIMITS, "newsletter.ip": ""}
    assert not any(limit_reached(group="newsletter.ip", key="192.0.2.1") for _ in range(50))


def test_a_cache_outage_fails_open(client, rates, django_capture_on_commit_callbacks):
    down = mock.patch("django.core.cache.backends.locmem.LocMemCache.add", side_effect=ConnectionError("weg"))
    with down, django_capture_on_commit_callbacks(execute=True):
        statuses = [subscribe(client, n).status_code for n in range(5)]
    assert statuses == [200] * 5
    assert len(mail.outbox) == 5


def test_a_redis_cache_that_is_down_fails_open(client, rates, settings, django_capture_on_commit_callbacks):
    # Django's own RedisCache on a port where nothing listens: the limit is not reached, no 500.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    assert not any(limit_reached(group="newsletter.ip", key="192.0.2.1", rate="1/h") for _ in range(3))


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="alleen met Redis (REDIS_URL)")
def test_limits_count_in_the_shared_redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # its own keys: nothing shared, nothing flushed
        }
    }
    results = [limit_reached(group="newsletter.ip", key="192.0.2.1", rate="2/h") for _ in range(4)]
    assert results == [False, False, True, True]
