"""Introductions after both parties agreed; reminders after 3 working days; the expert's history."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from experts.models import Introduction, IntroductionRequest, IntroductionStatus, Referral, ReferralStatus
from experts.services import introduction_request_create, referral_answer, referral_create, referrals_remind
from experts.tasks import remind_referrals
from loket.core.workdays import working_days_between

from .factories import ExpertFactory, make_question

AMS = ZoneInfo("Europe/Amsterdam")


def consent_links(outbox):
    return {m.to[0]: re.search(r"http://\S+/deskundigen/kennismaking/\S+/", m.body).group(0) for m in outbox}


def test_introduction_from_a_request_after_both_agree(
    client, client_for, users, listed_expert, django_capture_on_commit_callbacks
):
    request = introduction_request_create(expert=listed_expert, by=users["prt_utrecht"], message="Over flexwonen")
    core = client_for("kernteam")
    form = core.get(reverse("experts:introduction_create") + f"?verzoek={request.pk}").content.decode()
    assert users["prt_utrecht"].email in form
    with django_capture_on_commit_callbacks(execute=True):
        response = core.post(
            reverse("experts:introduction_create"),
            {
                "verzoek": request.pk,
                "expert": listed_expert.pk,
                "party_b_name": "Petra van Utrecht",
                "party_b_email": users["prt_utrecht"].email,
                "reason": "Petra zoekt ervaring met flexwonen.",
            },
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "afgehandeld"
    links = consent_links(mail.outbox)
    assert set(links) == {"lotte@test.example", users["prt_utrecht"].email}
    mail.outbox.clear()

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links["lotte@test.example"], {"action": "agree"})
    assert not mail.outbox  # one party agreed: nothing is shared yet
    assert client.post(links["lotte@test.example"], {"action": "agree"}).status_code == 410  # reuse
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links[users["prt_utrecht"].email], {"action": "agree"})
    [intro_mail] = mail.outbox
    assert set(intro_mail.to) == {"lotte@test.example", users["prt_utrecht"].email}
    assert "lotte@test.example" in intro_mail.body and users["prt_utrecht"].email in intro_mail.body
    introduction = Introduction.objects.get()
    assert introduction.status == IntroductionStatus.INTRODUCED and introduction.mailed_at
    # Recorded on both sides: the expert's history and the requester.
    detail = client_for("kernteam").get(reverse("experts:detail", kwargs={"pk": listed_expert.pk})).content.decode()
    assert "Petra van Utrecht" in detail and "Geïntroduceerd" in detail
    assert introduction.party_b_user == users["prt_utrecht"]


def test_introduction_declined_shares_nothing(client, client_for, listed_expert, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("kernteam").post(
            reverse("experts:introduction_create"),
            {
                "party_a_name": "Gemeente A",
                "party_a_email": "a@gemeente.example",
                "party_b_name": "Gemeente B",
                "party_b_email": "b@gemeente.example",
                "reason": "Allebei een tijdelijke locatie.",
            },
        )
    links = consent_links(mail.outbox)
    mail.outbox.clear()
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links["a@gemeente.example"], {"action": "decline"})
        response = client.post(links["b@gemeente.example"], {"action": "agree"})
    assert response.status_code == 410
    assert not mail.outbox
    assert Introduction.objects.get().status == IntroductionStatus.DECLINED


def test_introduction_form_errors(client_for, db):
    response = client_for("kernteam").post(
        reverse("experts:introduction_create"), {"party_b_name": "B", "party_b_email": "geen-adres", "reason": ""}
    )
    assert response.status_code == 400
    assert "Kies een deskundige" in response.content.decode()
    assert not Introduction.objects.exists() and not IntroductionRequest.objects.exists()


def test_working_days_skip_weekends_and_dutch_holidays(db):
    # Thursday 24 April 2025 -> Tuesday 29 April: Friday 25, Monday 28 count; Sunday 27 is King's Day.
    assert working_days_between(datetime(2025, 4, 24).date(), datetime(2025, 4, 29).date()) == 3
    # Friday -> Monday is one working day.
    assert working_days_between(datetime(2026, 3, 6).date(), datetime(2026, 3, 9).date()) == 1
    # Christmas: Wed 24 Dec 2025 -> Mon 29 Dec: 25 and 26 are holidays, weekend, only Monday counts.
    assert working_days_between(datetime(2025, 12, 24).date(), datetime(2025, 12, 29).date()) == 1


def _referral_at(when, themes):
    referral = referral_create(question=make_question(themes=[themes["a"]]), expert=ExpertFactory(), by=None)
    Referral.objects.filter(pk=referral.pk).update(referred_at=when)
    return referral


def test_reminder_after_three_working_days(themes):
    # Referred on Wednesday 24 December 2025: Christmas days and the weekend do not count.
    referral = _referral_at(datetime(2025, 12, 24, 10, tzinfo=AMS), themes)
    assert referrals_remind(today=datetime(2025, 12, 30).date()) == []  # Mon 29 and Tue 30: 2 working days
    assert referrals_remind(today=datetime(2025, 12, 31).date()) == [referral.pk]


def test_reminder_task_mails_once_and_flags_for_core_team(client_for, themes):
    referral = _referral_at(timezone.now() - timedelta(days=8), themes)
    answered = _referral_at(timezone.now() - timedelta(days=8), themes)
    Referral.objects.filter(pk=answered.pk).update(status=ReferralStatus.ACCEPTED)
    assert remind_referrals.delay().get() == 1
    [message] = mail.outbox
    assert message.to == [referral.expert.email] and "Herinnering" in message.subject
    assert "/deskundigen/verwijzing/" in message.body
    assert remind_referrals.delay().get() == 0
    assert len(mail.outbox) == 1
    page = client_for("kernteam").get(reverse("experts:core")).content.decode()
    assert referral.question.reference in page


def test_expired_referral_returns_question_to_core_team(themes):
    referral = _referral_at(timezone.now() - timedelta(days=15), themes)
    remind_referrals.delay().get()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.EXPIRED
    referral.question.refresh_from_db()
    assert referral.question.status == "in_behandeling"


def test_expert_history_shows_referrals_and_response_times(client_for, themes, listed_expert):
    referral = referral_create(question=make_question(themes=[themes["a"]]), expert=listed_expert, by=None)
    Referral.objects.filter(pk=referral.pk).update(referred_at=timezone.now() - timedelta(hours=50))
    referral_answer(referral=referral, body="Klaar")
    response = client_for("kernteam").get(reverse("experts:detail", kwargs={"pk": listed_expert.pk}))
    page = response.content.decode().replace("\xa0", " ")
    assert referral.question.reference in page
    assert "1 beantwoord" in page
    assert "2 dagen, 2 uur" in page  # response time
    assert "gemiddelde reactietijd 2 dagen" in page
    assert "lotte@test.example" in page
