"""Subscriptions: double opt-in, one-click unsubscribe (RFC 8058), clear pages for bad links, and
the partner's own choices on the profile page."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from loket.core.models import Theme
from loket.mailings import subscriptions
from loket.mailings.models import Subscription
from loket.mailings.subscriptions import active_subscriptions, unsubscribe_url
from tests.conftest import submission_key

pytestmark = pytest.mark.django_db


def confirm_link(mail) -> str:
    return (
        re.search(r"https?://[^\s]+/nieuwsbrief/bevestigen/[^\s/]+/", mail.body)
        .group(0)
        .split("//", 1)[1]
        .split("/", 1)[1]
    )


def subscribe(client, email="lid@voorbeeld.nl", **extra):
    """Fill in the form as a visitor does (with the key of the rendered form); the answer is the page
    after the redirect."""
    url = reverse("loket:subscribe")
    data = {"email": email, "general_news": "on", "submission_key": submission_key(client.get(url)), **extra}
    return client.post(url, data, follow=True)


def test_double_opt_in(client, mailoutbox, django_capture_on_commit_callbacks, utrecht):
    theme = Theme.objects.filter(parent__isnull=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, "Lid@Voorbeeld.nl", themes=[theme.pk], provinces=[utrecht.pk])
    assert response.status_code == 200 and "lid@voorbeeld.nl".lower() in response.content.decode().lower()
    subscription = Subscription.objects.get(email="lid@voorbeeld.nl")
    assert not subscription.is_active and not active_subscriptions().exists()  # unconfirmed: receives nothing
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["lid@voorbeeld.nl"]

    link = "/" + confirm_link(mailoutbox[0])
    assert client.get(link).status_code == 200  # GET only shows a button (link scanners)
    assert not Subscription.objects.get(pk=subscription.pk).is_active
    response = client.post(link)
    assert response.status_code == 200 and "Aanmelding bevestigd" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.general_news
    assert list(subscription.themes.all()) == [theme] and list(subscription.provinces.all()) == [utrecht]

    used = client.post(link)  # used link: a clear page, nothing changes
    assert "al gebruikt" in used.content.decode()


def test_bad_confirmation_links_give_a_clear_page(client):
    response = client.post(reverse("loket:subscription_confirm", kwargs={"token": "rommel"}))
    assert response.status_code == 400 and "ongeldig" in response.content.decode()
    assert client.get(reverse("loket:unsubscribe", kwargs={"token": "rommel"})).status_code == 400
    assert client.post(reverse("loket:unsubscribe", kwargs={"token": "rommel"})).status_code == 400


def test_expired_confirmation_link(client, mailoutbox, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    link = "/" + confirm_link(mailoutbox[0])
    original = subscriptions.CONFIRM_MAX_AGE
    subscriptions.CONFIRM_MAX_AGE = -1
    try:
        response = client.post(link)
    finally:
        subscriptions.CONFIRM_MAX_AGE = original
    assert response.status_code == 410 and "verlopen" in response.content.decode()


def test_a_newer_request_replaces_the_older_link(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    Subscription.objects.update(requested_at=timezone.now() - timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    first, second = "/" + confirm_link(mailoutbox[0]), "/" + confirm_link(mailoutbox[1])
    assert "vervangen" in client.post(first).content.decode()
    assert "Aanmelding bevestigd" in client.post(second).content.decode()


def test_subscribe_needs_a_topic_and_a_valid_address(client):
    response = client.post(reverse("loket:subscribe"), {"email": "geen-adres"})
    page = response.content.decode()
    assert response.status_code == 200 and "Er ging iets mis" in page
    assert "Kies ten minste één onderwerp" in page
    assert not Subscription.objects.exists()


def test_one_click_unsubscribe_without_csrf_token():
    subscription = Subscription.objects.create(email="weg@voorbeeld.nl", general_news=True)

    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now())
    client = Client(enforce_csrf_checks=True)  # a mail program: no session, no CSRF token
    url = unsubscribe_url("weg@voorbeeld.nl")
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None and not active_subscriptions().exists()
    again = client.post(url)
    assert "was al afgemeld" in again.content.decode()


def test_unsubscribe_page_asks_before_unsubscribing(client):
    Subscription.objects.create(email="vraag@voorbeeld.nl")
    url = unsubscribe_url("vraag@voorbeeld.nl")
    page = client.get(url).content.decode()
    assert "vraag@voorbeeld.nl" in page and "Ja, meld mij af" in page
    assert Subscription.objects.get(email="vraag@voorbeeld.nl").unsubscribed_at is None


def test_resubscribe_after_unsubscribe(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    client.post("/" + confirm_link(mailoutbox[0]))
    client.post(unsubscribe_url("lid@voorbeeld.nl"))
    assert not active_subscriptions().exists()
    Subscription.objects.update(requested_at=timezone.now() - timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client)
    client.post("/" + confirm_link(mailoutbox[1]))
    assert active_subscriptions().filter(email="lid@voorbeeld.nl").exists()


def test_partner_manages_choices_on_profile(client_for, users, utrecht):
    client = client_for("prt_utrecht")
    page = client.get(reverse("loket:profile")).content.decode()
    assert "Ik ontvang mailings van het loket" in page
    response = client.post(
        reverse("loket:profile_subscription"), {"receive": "on", "general_news": "on", "provinces": [utrecht.pk]}
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(email=users["prt_utrecht"].email)
    assert subscription.is_active and subscription.user == users["prt_utrecht"]
    assert list(subscription.provinces.all()) == [utrecht]
    client.post(reverse("loket:profile_subscription"), {})
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_profile_subscription_needs_login(client):
    response = client.post(reverse("loket:profile_subscription"), {"receive": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_no_flood_of_confirmation_mails(client, mailoutbox, django_capture_on_commit_callbacks, utrecht):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, provinces=[utrecht.pk])
    assert len(mailoutbox) == 1
    client.post("/" + confirm_link(mailoutbox[0]))  # the one link confirms the latest choices
    assert list(Subscription.objects.get().provinces.all()) == [utrecht]
