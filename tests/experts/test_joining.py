"""Invitations, joining with explicit consent, editing and the half-yearly confirmation."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from experts.models import Expert, Invitation
from experts.services import invitation_create
from experts.tasks import manage_url, request_confirmations
from experts.tokens import Purpose, make_token

from .factories import ExpertFactory


def invite(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("experts:invite"), {"email": email, "name": "Nina", "message": "Doe mee!"})


def join_data(themes, **extra):
    return {
        "name": "Nina Nieuw",
        "themes": [themes["a"].pk],
        "provinces": [],
        "expertise": "Flexwonen en tussenvoorzieningen",
        "availability": "beschikbaar",
        "contact_preference": "email",
        **extra,
    }


def test_invite_join_with_consent_then_listed(client_for, themes, settings, django_capture_on_commit_callbacks):
    client = client_for("kernteam")
    assert invite(client, "Nina@Test.example", django_capture_on_commit_callbacks).status_code == 302
    [message] = mail.outbox
    assert message.to == ["nina@test.example"] and "Doe mee!" in message.body
    url = re.search(r"http://\S+/deskundigen/aanmelden/\S+/", message.body).group(0)

    client.logout()
    assert "Aanmelden als deskundige" in client.get(url).content.decode()
    # Without consent nothing is stored and the error is shown.
    response = client.post(url, join_data(themes))
    assert response.status_code == 200
    assert "Zonder uw toestemming" in response.content.decode()
    assert not Expert.objects.exists()
    assert "Nina Nieuw" not in client_for("prt_utrecht").get("/deskundigen/").content.decode()

    client.logout()
    response = client.post(url, join_data(themes, consent="on"))
    assert "Welkom in het netwerk" in response.content.decode()
    expert = Expert.objects.get(email="nina@test.example")
    assert expert.consent_given_at is not None and expert.consent_version == settings.EXPERTS_CONSENT_VERSION
    assert expert.is_listed
    assert "Nina Nieuw" in client_for("prt_utrecht").get("/deskundigen/").content.decode()


def test_invitation_to_existing_expert_says_so(client_for, listed_expert, django_capture_on_commit_callbacks):
    client = client_for("kernteam")
    response = invite(client, "LOTTE@test.example", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "hoort al bij een deskundige" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_join_link_for_an_address_that_became_an_expert_says_so(client, users, themes):
    invitation = invitation_create(email="dubbel@test.example", by=users["kernteam"])
    ExpertFactory(email="dubbel@test.example")
    url = reverse(
        "experts:join", kwargs={"token": make_token(Purpose.INVITATION, pk=invitation.pk, nonce=invitation.nonce)}
    )
    assert "staat al in het netwerk" in client.get(url).content.decode()
    client.post(url, join_data(themes, consent="on"))
    assert Expert.objects.filter(email="dubbel@test.example").count() == 1


def test_expert_edits_profile_via_link(client, themes, django_capture_on_commit_callbacks):
    expert = ExpertFactory(name="Piet Profiel", email="piet@test.example", themes=[themes["a"]])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("experts:manage_request"), {"email": "PIET@test.example"})
    assert "Kijk in uw e-mail" in page.content.decode()
    url = re.search(r"http://\S+/deskundigen/profiel/\S+/", mail.outbox[0].body).group(0)
    response = client.post(
        url, join_data(themes, name="Piet Profiel", availability="beperkt", available_until="2026-12-31")
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.availability == "beperkt" and str(expert.available_until) == "2026-12-31"
    # An unknown address gets the same answer and no mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("experts:manage_request"), {"email": "onbekend@test.example"})
    assert "Kijk in uw e-mail" in page.content.decode() and not mail.outbox


def test_invalid_profile_edit_stores_nothing(client, themes):
    expert = ExpertFactory(name="Vera Vast", themes=[themes["a"]])
    response = client.post(manage_url(expert), join_data(themes, name="", availability="onzin"))
    assert response.status_code == 200
    expert.refresh_from_db()
    assert expert.name == "Vera Vast" and expert.availability == "beschikbaar"


def test_expert_with_account_edits_own_profile(client_for, themes, expert_user_profile):
    client = client_for("expert")
    response = client.post(reverse("experts:my_profile"), join_data(themes, name="Eva Expert", expertise="Nieuw"))
    assert response.status_code == 302
    expert_user_profile.refresh_from_db()
    assert expert_user_profile.expertise == "Nieuw"


def test_half_yearly_confirmation_mail_and_flag(client, client_for, themes, django_capture_on_commit_callbacks):
    old = timezone.now() - timedelta(days=200)
    stale = ExpertFactory(name="Oud Bevestigd", email="oud@test.example", last_confirmed_at=old, consent_given_at=old)
    ExpertFactory(name="Vers Bevestigd")
    assert request_confirmations.delay().get() == 1
    [message] = mail.outbox
    assert message.to == ["oud@test.example"] and "kloppen" in message.subject.lower()
    # Asked once per period.
    assert request_confirmations.delay().get() == 0
    page = client_for("kernteam").get(reverse("experts:core")).content.decode()
    assert "Oud Bevestigd" in page and "Niet bevestigd" in page and "Vers Bevestigd" not in page
    # The expert confirms through the link: no longer flagged.
    url = re.search(r"http://\S+/deskundigen/profiel/\S+/", message.body).group(0)
    client.logout()
    client.post(url, {"action": "confirm"})
    stale.refresh_from_db()
    assert stale.last_confirmed_at > old
    assert "Oud Bevestigd" not in client_for("kernteam").get(reverse("experts:core")).content.decode()


def test_manage_link_mail_is_throttled(client, db, django_capture_on_commit_callbacks):
    ExpertFactory(email="veel@test.example")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("experts:manage_request"), {"email": "veel@test.example"})
    assert len(mail.outbox) == 1


def test_joining_while_logged_in_links_own_account_only(client_for, users, themes):
    def join_url(email):
        invitation = invitation_create(email=email, by=users["kernteam"])
        token = make_token(Purpose.INVITATION, pk=invitation.pk, nonce=invitation.nonce)
        return reverse("experts:join", kwargs={"token": token})

    client = client_for("expert")
    client.post(join_url(users["expert"].email), join_data(themes, consent="on"))
    assert Expert.objects.get(email=users["expert"].email).user == users["expert"]
    client = client_for("prt_utrecht")  # someone else opening another person's invitation
    client.post(join_url("ander@test.example"), join_data(themes, consent="on"))
    assert Expert.objects.get(email="ander@test.example").user is None
