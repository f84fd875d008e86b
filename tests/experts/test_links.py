"""Signed links: tampered, expired or reused links get a clear page and change nothing."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from experts.models import Expert, Invitation, Referral, ReferralStatus
from experts.services import invitation_create, referral_create
from experts.tasks import manage_url, referral_url
from experts.tokens import Purpose, make_token

from .factories import ExpertFactory, make_question


def later(days):
    """Patch signing's clock: signed values created now look `days` old."""
    real = time.time
    return lambda: real() + days * 86400


@pytest.fixture
def referral(db, themes):
    expert = ExpertFactory(themes=[themes["a"]])
    return referral_create(question=make_question(themes=[themes["a"]]), expert=expert, by=None)


def tamper(url: str) -> str:
    head, token, tail = url.rsplit("/", 2)[0], url.rsplit("/", 2)[1], ""
    swapped = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    return f"{head}/{swapped}/{tail}"


def test_referral_link_tampered(client, referral):
    response = client.get(tamper(referral_url(referral)))
    assert response.status_code == 400
    assert "Deze link klopt niet" in response.content.decode()
    response = client.post(tamper(referral_url(referral)), {"action": "answer", "response": "x"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.response == ""


def test_referral_link_for_another_referral_id_is_refused(client, referral, themes):
    """Changing the id inside the payload breaks the signature; a valid link for referral A never opens B."""
    other = referral_create(question=make_question(themes=[themes["a"]]), expert=referral.expert, by=None)
    forged = make_token(Purpose.REFERRAL, pk=other.pk, nonce=referral.token_nonce)
    assert client.get(reverse("experts:respond", kwargs={"token": forged})).status_code == 410
    # A token signed for another purpose (the manage link) is not a referral link.
    wrong_salt = make_token(Purpose.MANAGE, pk=referral.pk, nonce=referral.token_nonce)
    assert client.get(reverse("experts:respond", kwargs={"token": wrong_salt})).status_code == 400


def test_referral_link_expires_after_14_days(client, referral, monkeypatch):
    url = referral_url(referral)
    assert client.get(url).status_code == 200

    monkeypatch.setattr(time, "time", later(13.9))
    assert client.get(url).status_code == 200
    monkeypatch.setattr(time, "time", later(14.1))
    response = client.post(url, {"action": "answer", "response": "Te laat"})
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.response == ""


def test_referral_link_reuse_after_answer(client, referral):
    url = referral_url(referral)
    assert client.post(url, {"action": "answer", "response": "Eerste antwoord"}).status_code == 200
    response = client.post(url, {"action": "answer", "response": "Tweede antwoord"})
    assert response.status_code == 410 and "al gebruikt" in response.content.decode()
    referral.refresh_from_db()
    assert referral.response == "Eerste antwoord"


def test_referral_link_reuse_after_decline(client, referral):
    url = referral_url(referral)
    client.post(url, {"action": "decline", "reason": "Niet mijn vak"})
    assert client.post(url, {"action": "accept"}).status_code == 410
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED


def test_empty_answer_is_an_error_next_to_the_field(client, referral):
    response = client.post(referral_url(referral), {"action": "answer", "response": "  "})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_invitation_link_expired_tampered_and_reused(
    client, users, themes, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(email="nieuw@test.example", name="Nina Nieuw", by=users["kernteam"])
    url = re.search(r"http://\S+/deskundigen/aanmelden/\S+/", mail.outbox[0].body).group(0)
    assert client.get(tamper(url)).status_code == 400
    data = {
        "name": "Nina Nieuw",
        "themes": [themes["a"].pk],
        "expertise": "Flexwonen",
        "availability": "beschikbaar",
        "contact_preference": "email",
        "consent": "on",
    }

    monkeypatch.setattr(time, "time", later(15))
    assert client.post(url, data).status_code == 410
    assert not Expert.objects.exists()
    monkeypatch.undo()
    assert client.post(url, data).status_code == 200
    assert Expert.objects.filter(email="nieuw@test.example").count() == 1
    response = client.post(url, data)
    assert response.status_code == 410
    assert Expert.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_manage_link_stops_working_after_withdrawal(client, db):
    expert = ExpertFactory()
    url = manage_url(expert)
    assert client.get(url).status_code == 200
    client.post(url, {"action": "withdraw"})
    assert client.get(url).status_code == 410


def test_garbage_tokens_never_500(client, db):
    for token in ["x", "a" * 400, "eyJ9:abc:def", "..", "%00"]:
        for name in ("experts:respond", "experts:join", "experts:manage", "experts:introduction_consent"):
            response = client.get(reverse(name, kwargs={"token": token}))
            assert response.status_code in (400, 404, 410)


def test_unknown_object_in_valid_token(client, db):
    token = make_token(Purpose.REFERRAL, pk=999999, nonce="x")
    assert client.get(reverse("experts:respond", kwargs={"token": token})).status_code == 400
    assert not Referral.objects.exists() and not Invitation.objects.exists()
