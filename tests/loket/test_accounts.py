"""Login (username or e-mail), logout, password reset by mail through Celery, lockout, profile."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

GENERIC_ERROR = "Inloggen is niet gelukt. Controleer uw gebruikersnaam of e-mailadres en uw wachtwoord."


@pytest.mark.parametrize("identifier", ["kernteam", "kernteam@test.example", "KERNTEAM@test.example"])
def test_login_by_username_or_email(client, users, identifier):
    response = client.post(reverse("loket:login"), {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user.username == "kernteam"


@pytest.mark.parametrize("identifier", ["kernteam", "niemand", "niemand@test.example"])
def test_wrong_login_gives_one_message_without_hint(client, users, identifier):
    response = client.post(reverse("loket:login"), {"username": identifier, "password": "fout-wachtwoord"})
    assert response.status_code == 200
    content = response.content.decode()
    assert GENERIC_ERROR in content
    assert "niet bekend" not in content


def test_logout_is_a_post(client_for):
    client = client_for("prt_utrecht")
    response = client.post(reverse("loket:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mail_goes_through_celery_and_link_works(client, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("loket:password_reset"), {"email": "prt-utrecht@test.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["prt-utrecht@test.example"]
    assert "Nieuw wachtwoord" in message.subject
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = re.search(r"http://[^\s]+/inloggen/nieuw-wachtwoord/[^\s]+/", message.body).group(0)
    path = link.split("8000", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "Een-nieuw-wachtwoord-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    users["prt_utrecht"].refresh_from_db()
    assert users["prt_utrecht"].check_password(new_password)


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client, users):
    response = client.post(reverse("loket:password_reset"), {"email": "onbekend@test.example"}, follow=True)
    assert response.status_code == 200
    assert "Kijk in uw e-mail" in response.content.decode()
    assert mail.outbox == []


def test_lockout_after_repeated_failures(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("loket:login"), {"username": "kernteam", "password": "fout"})
    response = client.post(reverse("loket:login"), {"username": "kernteam", "password": PASSWORD})
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()


def test_profile_shows_roles_organisation_and_province(client_for):
    response = client_for("prt_utrecht").get(reverse("loket:profile"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "PRT-lid" in content and "Provincie Utrecht" in content


def test_profile_refuses_an_address_of_another_account(client_for):
    client = client_for("prt_utrecht")
    response = client.post(
        reverse("loket:profile"), {"first_name": "P", "last_name": "U", "email": "kernteam@test.example"}
    )
    assert response.status_code == 200
    assert "Dit e-mailadres hoort al bij een ander account." in response.content.decode()


def test_profile_requires_login(client, db):
    response = client.get(reverse("loket:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("loket:login"))
