"""security.txt, sessions that expire after inactivity, password rules, security headers."""

import re
import time
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from loket.core.models import ContactDetails


def test_security_txt_follows_rfc_9116(client, db, settings):
    settings.SITE_URL = "https://loket.example.nl"
    ContactDetails.objects.create(mailbox="loket@example.nl")
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().strip().splitlines())
    assert fields["Contact"] == "mailto:loket@example.nl"
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == "https://loket.example.nl/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%S%z")
    assert timezone.now() < expires < timezone.now() + timedelta(days=365)


def test_security_txt_uses_the_configured_contact(client, db, settings):
    settings.SECURITY_CONTACT = "https://www.example.nl/kwetsbaarheid-melden"
    content = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: https://www.example.nl/kwetsbaarheid-melden\n" in content


class Clock:
    """Moves the clock of sessions (timezone.now) and of the cache (time.time) forward together."""

    def __init__(self):
        self.offset = 0.0
        real_time, real_now = time.time, timezone.now
        self._patches = [
            mock.patch("time.time", lambda: real_time() + self.offset),
            mock.patch("django.utils.timezone.now", lambda: real_now() + timedelta(seconds=self.offset)),
        ]

    def advance(self, minutes: float) -> None:
        self.offset += minutes * 60


@pytest.fixture
def clock():
    c = Clock()
    for p in c._patches:
        p.start()
    yield c
    for p in c._patches:
        p.stop()


def test_session_lives_while_used_and_ends_after_an_hour_of_inactivity(client_for, clock, settings):
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    client = client_for("prt_utrecht")
    profile = reverse("loket:profile")
    response = client.get(profile)
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 3600
    for _ in range(3):  # 150 minutes of work, never 60 minutes idle
        clock.advance(50)
        assert client.get(profile).status_code == 200
    clock.advance(61)
    response = client.get(profile)
    assert response.status_code == 302
    assert response.url.startswith(reverse("loket:login"))


def test_session_is_not_written_on_every_request(client_for, clock):
    """Renewal writes the session at most every SESSION_RENEW_AFTER seconds, not per page view."""
    client = client_for("prt_utrecht")
    profile = reverse("loket:profile")
    client.get(profile)
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    clock.advance(1)
    client.get(profile)
    assert Session.objects.get(session_key=key).expire_date == expiry  # one minute later: not written
    clock.advance(10)
    client.get(profile)
    assert Session.objects.get(session_key=key).expire_date > expiry  # ten minutes later: renewed


def test_reset_form_refuses_a_weak_password_with_dutch_messages(client, users):
    user = users["prt_utrecht"]
    link = reverse(
        "loket:password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    form_url = client.get(link).url
    cases = [
        ("Kort-12", "Dit wachtwoord is te kort. Gebruik minstens 10 tekens."),
        ("password123", "Dit wachtwoord is te algemeen."),
        ("4815162342", "Dit wachtwoord bevat alleen cijfers."),
    ]
    for weak, message in cases:
        response = client.post(form_url, {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 200
        assert message in response.content.decode(), weak
    user.refresh_from_db()
    assert not user.check_password("Kort-12")


def test_security_headers_on_every_page(client, db):
    response = client.get("/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert re.search(r"frame-ancestors 'none'", csp)
