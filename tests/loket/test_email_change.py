"""Issue 20.2: a new e-mail address on the profile counts only after the link mailed to it; the old
address is told. Subscriptions never move from one person to another, and mailings and the
prognosis update go only to the account's confirmed address."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from loket.accounts.models import EmailChangeRequest
from loket.accounts.tasks import send_email_change_confirmation, send_email_change_notice
from loket.mailings.models import Mailing, Subscription
from loket.mailings.prognosis import prognosis_recipients
from loket.mailings.services import audience_of
from loket.mailings.subscriptions import active_subscriptions
from loket.portal.privacy import personal_data_export

pytestmark = pytest.mark.django_db


def change_email(client, email, capture, first_name="Prt", last_name="Utrecht"):
    with capture(execute=True):
        return client.post(reverse("loket:profile"), {"first_name": first_name, "last_name": last_name, "email": email})


def link_path(message) -> str:
    url = re.search(r"https?://\S+/profiel/e-mailadres/\S+/", message.body).group(0)
    return "/" + url.split("//", 1)[1].split("/", 1)[1]


def confirmed_subscription(email, **extra):
    now = timezone.now()
    return Subscription.objects.create(email=email, general_news=True, confirmed_at=now, requested_at=now, **extra)


def test_a_new_address_counts_only_after_its_link(client_for, users, django_capture_on_commit_callbacks):
    client = client_for("prt_utrecht")
    user = users["prt_utrecht"]
    response = change_email(client, "Nieuw@Voorbeeld.nl", django_capture_on_commit_callbacks, first_name="Petra")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "prt-utrecht@test.example" and user.first_name == "Petra"  # the name at once
    confirm, notice = sorted(mail.outbox, key=lambda m: m.to != ["Nieuw@Voorbeeld.nl"])
    assert confirm.to == ["Nieuw@Voorbeeld.nl"] and "Bevestig uw nieuwe e-mailadres" in confirm.subject
    assert notice.to == ["prt-utrecht@test.example"] and "Nieuw@Voorbeeld.nl" in notice.body
    assert "/profiel/e-mailadres/" not in notice.body  # the old address cannot confirm
    assert confirm.alternatives and notice.alternatives  # text and HTML
    assert "wacht nog op bevestiging" in client.get(reverse("loket:profile")).content.decode()

    path = link_path(confirm)
    page = client.get(path)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and "Ja, dit is mijn nieuwe e-mailadres" in page.content.decode()
    user.refresh_from_db()
    assert user.email == "prt-utrecht@test.example"

    client.logout()  # the link works in another browser too
    done = client.post(path)
    assert done.status_code == 200 and "Gelukt" in done.content.decode()
    user.refresh_from_db()
    assert user.email == "Nieuw@Voorbeeld.nl"
    again = client.post(path)
    assert "al gebruikt" in again.content.decode()


def test_the_mails_go_once_per_request(client_for, users, django_capture_on_commit_callbacks):
    change_email(client_for("prt_utrecht"), "nieuw@voorbeeld.nl", django_capture_on_commit_callbacks)
    change = EmailChangeRequest.objects.get()
    send_email_change_confirmation(change.pk)
    send_email_change_notice(change.pk)
    assert len(mail.outbox) == 2


def test_a_newer_request_replaces_the_older_link(client_for, users, django_capture_on_commit_callbacks):
    client = client_for("prt_utrecht")
    change_email(client, "eerste@voorbeeld.nl", django_capture_on_commit_callbacks)
    first = link_path(next(m for m in mail.outbox if m.to == ["eerste@voorbeeld.nl"]))
    change_email(client, "tweede@voorbeeld.nl", django_capture_on_commit_callbacks)
    assert "al gebruikt of vervangen" in client.post(first).content.decode()
    users["prt_utrecht"].refresh_from_db()
    assert users["prt_utrecht"].email == "prt-utrecht@test.example"


def test_an_expired_or_tampered_link_changes_nothing(client_for, users, settings, django_capture_on_commit_callbacks):
    client = client_for("prt_utrecht")
    change_email(client, "nieuw@voorbeeld.nl", django_capture_on_commit_callbacks)
    path = link_path(next(m for m in mail.outbox if m.to == ["nieuw@voorbeeld.nl"]))
    assert client.post(path[:-3] + "xx/").status_code == 400
    settings.EMAIL_CHANGE_MAX_AGE = -1  # every link is older than that
    assert client.post(path).status_code == 410
    users["prt_utrecht"].refresh_from_db()
    assert users["prt_utrecht"].email == "prt-utrecht@test.example"


def test_an_address_of_another_account_is_refused(client_for, users, django_capture_on_commit_callbacks):
    response = change_email(client_for("prt_utrecht"), "KERNTEAM@test.example", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Dit e-mailadres hoort al bij een ander account." in response.content.decode()
    assert mail.outbox == [] and not EmailChangeRequest.objects.exists()


def test_an_address_taken_before_the_link_is_used_is_refused(client_for, users, django_capture_on_commit_callbacks):
    change_email(client_for("prt_utrecht"), "nieuw@voorbeeld.nl", django_capture_on_commit_callbacks)
    path = link_path(next(m for m in mail.outbox if m.to == ["nieuw@voorbeeld.nl"]))
    users["cdk_utrecht"].email = "nieuw@voorbeeld.nl"
    users["cdk_utrecht"].save()
    response = client_for(None).post(path)
    assert response.status_code == 409 and "inmiddels bij een ander account" in response.content.decode()
    users["prt_utrecht"].refresh_from_db()
    assert users["prt_utrecht"].email == "prt-utrecht@test.example"


def test_an_empty_address_is_refused(client_for, users, django_capture_on_commit_callbacks):
    response = change_email(client_for("prt_utrecht"), "", django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "Vul uw e-mailadres in." in response.content.decode()


# --- the attacks of the issue ------------------------------------------------------------------


def test_setting_someone_elses_address_does_not_take_over_their_subscription(
    client_for, users, django_capture_on_commit_callbacks
):
    victim = confirmed_subscription("lid@voorbeeld.nl")
    client = client_for("prt_utrecht")
    change_email(client, "lid@voorbeeld.nl", django_capture_on_commit_callbacks)
    page = client.get(reverse("loket:profile")).content.decode()
    assert "Mailings gaan naar prt-utrecht@test.example" in page
    # "unsubscribe" on the profile touches only the attacker's own address
    client.post(reverse("loket:profile_subscription"), {"general_news": "on"})
    victim.refresh_from_db()
    assert victim.is_active and victim.user is None
    assert not Subscription.objects.filter(email="lid@voorbeeld.nl", user=users["prt_utrecht"]).exists()


def test_subscribing_a_third_address_without_consent_is_impossible(
    client_for, users, django_capture_on_commit_callbacks
):
    client = client_for("prt_utrecht")
    change_email(client, "derde@voorbeeld.nl", django_capture_on_commit_callbacks)
    client.post(reverse("loket:profile_subscription"), {"receive": "on", "general_news": "on"})
    assert not active_subscriptions().filter(email="derde@voorbeeld.nl").exists()
    assert active_subscriptions().filter(email="prt-utrecht@test.example").exists()


def test_a_subscription_managed_by_another_account_is_neither_shown_nor_changed(client_for, users):
    # e.g. an address that passed from one person to another through the admin
    theirs = confirmed_subscription("prt-utrecht@test.example", user=users["cdk_utrecht"])
    client = client_for("prt_utrecht")
    response = client.post(reverse("loket:profile_subscription"), {"general_news": "on"}, follow=True)
    assert "hoort bij een ander account" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.is_active and theirs.user == users["cdk_utrecht"]


def test_the_own_subscription_follows_a_confirmed_change(client_for, users, django_capture_on_commit_callbacks):
    own = confirmed_subscription("prt-utrecht@test.example", user=users["prt_utrecht"])
    client = client_for("prt_utrecht")
    change_email(client, "nieuw@voorbeeld.nl", django_capture_on_commit_callbacks)
    own.refresh_from_db()
    assert own.email == "prt-utrecht@test.example"  # not before the confirmation
    client.post(link_path(next(m for m in mail.outbox if m.to == ["nieuw@voorbeeld.nl"])))
    own.refresh_from_db()
    assert own.email == "nieuw@voorbeeld.nl" and own.user == users["prt_utrecht"] and own.is_active


def test_mailings_and_the_prognosis_update_go_to_the_confirmed_address_only(
    client_for, users, utrecht, django_capture_on_commit_callbacks
):
    confirmed_subscription("prt-utrecht@test.example", user=users["prt_utrecht"]).provinces.add(utrecht)
    change_email(client_for("prt_utrecht"), "nieuw@voorbeeld.nl", django_capture_on_commit_callbacks)
    mailing = Mailing.objects.create(subject="Nieuws", body="Tekst", audience_all_partners=True, audience_general=True)
    audience = audience_of(mailing)
    assert "prt-utrecht@test.example" in audience and "nieuw@voorbeeld.nl" not in audience
    recipients = prognosis_recipients()
    assert "prt-utrecht@test.example" in recipients and "nieuw@voorbeeld.nl" not in recipients


def test_the_right_of_access_shows_a_pending_change_under_both_addresses(
    client_for, users, django_capture_on_commit_callbacks
):
    change_email(client_for("prt_utrecht"), "nieuw@voorbeeld.nl", django_capture_on_commit_callbacks)
    for address in ("prt-utrecht@test.example", "NIEUW@voorbeeld.nl"):
        (change,) = personal_data_export(address)["email_changes"]
        assert change["new_email"] == "nieuw@voorbeeld.nl" and change["confirmed_at"] is None
