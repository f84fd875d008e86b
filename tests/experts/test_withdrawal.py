"""Withdrawal hides an expert at once; the retention task removes personal data later."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from experts.models import Expert, Invitation, Referral, ReferralStatus
from experts.services import expert_withdraw, introduction_request_create, referral_create
from experts.tasks import manage_url, purge_withdrawn

from .factories import ExpertFactory, make_question


def test_withdrawal_via_account_hides_at_once(client_for, users, expert_user_profile):
    partner = client_for("prt_utrecht")
    assert "Eva Expert" in partner.get(reverse("experts:directory")).content.decode()
    client = client_for("expert")
    page = client.get(reverse("experts:my_profile"))
    assert page.status_code == 200 and "Afmelden als deskundige" in page.content.decode()
    response = client.post(reverse("experts:my_profile"), {"action": "withdraw"})
    assert response.status_code == 302
    expert_user_profile.refresh_from_db()
    assert expert_user_profile.consent_withdrawn_at is not None
    partner = client_for("prt_utrecht")
    assert "Eva Expert" not in partner.get(reverse("experts:directory")).content.decode()
    # Nor can a partner ask to be put in touch any more.
    assert (
        partner.get(reverse("experts:request_introduction", kwargs={"pk": expert_user_profile.pk})).status_code == 404
    )
    assert client_for("expert").get(reverse("experts:my_profile")).status_code == 404


def test_withdrawal_via_mailed_link(client, db):
    expert = ExpertFactory(name="Link Loes")
    page = client.post(manage_url(expert), {"action": "withdraw"})
    assert "U bent afgemeld" in page.content.decode()
    expert.refresh_from_db()
    assert expert.consent_withdrawn_at is not None and not expert.is_listed


def test_withdrawal_withdraws_open_referrals_and_blocks_new_ones(themes, users):
    expert = ExpertFactory(themes=[themes["a"]])
    question = make_question(themes=[themes["a"]])
    referral = referral_create(question=question, expert=expert, by=users["kernteam"])
    expert_withdraw(expert=expert)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    question.refresh_from_db()
    assert question.status == "in_behandeling"
    stale = Expert.objects.get(pk=expert.pk)
    Expert.objects.filter(pk=expert.pk).update(consent_withdrawn_at=None)
    stale.consent_withdrawn_at = None
    Expert.objects.filter(pk=expert.pk).update(consent_withdrawn_at=timezone.now())
    with pytest.raises(ValidationError, match="afgemeld"):
        referral_create(question=question, expert=stale, by=users["kernteam"])
    with pytest.raises(ValidationError):
        introduction_request_create(expert=stale, by=users["prt_utrecht"])


def test_withdrawn_expert_cannot_be_chosen_on_the_refer_page(client_for, themes):
    expert = ExpertFactory(name="Weg Willem", themes=[themes["a"]], consent_withdrawn_at=timezone.now())
    question = make_question(themes=[themes["a"]])
    client = client_for("kernteam")
    url = reverse("experts:refer", kwargs={"question_pk": question.pk})
    assert "Weg Willem" not in client.get(url).content.decode()
    response = client.post(url, {"expert": expert.pk})
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_retention_task_removes_personal_data_after_the_period(settings, themes, utrecht, users):
    settings.EXPERTS_RETENTION_DAYS = 30
    old = ExpertFactory(
        name="Oud Olga",
        email="olga@test.example",
        phone="06 1234 5678",
        user=users["expert"],
        themes=[themes["a"]],
        provinces=[utrecht],
    )
    answered = referral_create(question=make_question(themes=[themes["a"]]), expert=old, by=None)
    Referral.objects.filter(pk=answered.pk).update(status=ReferralStatus.ANSWERED, response="Het antwoord blijft.")
    Expert.objects.filter(pk=old.pk).update(consent_withdrawn_at=timezone.now() - timedelta(days=31))
    Invitation.objects.create(email="olga@test.example", name="Oud Olga", expert=old)
    recent = ExpertFactory(name="Recent Ruud", consent_withdrawn_at=timezone.now() - timedelta(days=29))
    active = ExpertFactory(name="Actief Anna")

    assert purge_withdrawn.delay().get() == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert "Olga" not in old.name and old.email.endswith(".invalid")
    assert old.phone == "" and old.expertise == "" and old.user is None
    assert not old.themes.exists() and not old.provinces.exists()
    assert not Invitation.objects.filter(email="olga@test.example").exists()
    assert Referral.objects.get(pk=answered.pk).response == "Het antwoord blijft."
    assert Expert.objects.get(pk=recent.pk).anonymised_at is None
    assert Expert.objects.get(pk=active.pk).anonymised_at is None
    # Running again changes nothing.
    assert purge_withdrawn.delay().get() == 0
