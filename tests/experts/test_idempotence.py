"""Issue #13 item 5: each mail of the experts app goes out exactly once, however often its task
runs, and a mail server that is down delays it, never loses it."""

import pytest
from django.core import mail
from django.urls import reverse

from experts import tasks
from experts.services import (
    expert_request_manage_link,
    introduction_create,
    introduction_respond,
    invitation_create,
    referral_create,
    referral_decline,
)

from .factories import make_question


def invitation(users, expert):
    invite = invitation_create(email="nieuw@deskundige.example", name="Nina Nieuw", by=users["kernteam"])
    return tasks.send_invitation, [invite.pk], ["nieuw@deskundige.example"]


def _referral(users, expert):
    return referral_create(question=make_question(), expert=expert, note="Kunt u helpen?", by=users["kernteam"])


def referral(users, expert):
    return tasks.send_referral, [_referral(users, expert).pk], [expert.email]


def referral_reminder(users, expert):
    return tasks.send_referral_reminder, [_referral(users, expert).pk], [expert.email]


def referral_response(users, expert):
    declined = referral_decline(referral=_referral(users, expert), reason="Geen tijd deze maand.")
    return tasks.notify_referral_response, [declined.pk], [users["kernteam"].email]


def manage_link(users, expert):
    expert_request_manage_link(expert=expert)
    return tasks.send_manage_link, [expert.pk], [expert.email]


def _introduction(users, expert):
    return introduction_create(
        by=users["kernteam"],
        reason="Petra zoekt ervaring met flexwonen.",
        expert=expert,
        party_b_name="Petra van Utrecht",
        party_b_email=users["prt_utrecht"].email,
    )


def consent_party_a(users, expert):
    return tasks.send_introduction_consent, [_introduction(users, expert).pk, "a"], [expert.email]


def consent_party_b(users, expert):
    return tasks.send_introduction_consent, [_introduction(users, expert).pk, "b"], [users["prt_utrecht"].email]


def introduction(users, expert):
    intro = _introduction(users, expert)
    introduction_respond(introduction=intro, party="a", agree=True)
    introduction_respond(introduction=intro, party="b", agree=True)
    return tasks.send_introduction, [intro.pk], [expert.email, users["prt_utrecht"].email]


MAILS = [
    invitation,
    referral,
    referral_reminder,
    referral_response,
    manage_link,
    consent_party_a,
    consent_party_b,
    introduction,
]


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_task_that_runs_twice_sends_one_mail(users, listed_expert, case):
    task, args, recipients = case(users, listed_expert)  # the services only queued the task
    assert mail.outbox == []
    task.apply(args=args)
    task.apply(args=args)
    assert [m.to for m in mail.outbox] == [recipients]


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_mail_server_that_fails_once_the_retry_sends_one_mail(users, listed_expert, mail_server, case):
    task, args, recipients = case(users, listed_expert)
    mail_server.fail(1)
    result = task.apply(args=args)  # eager: the automatic retry runs at once
    assert mail_server.failures == 0 and result.successful()
    assert [m.to for m in mail.outbox] == [recipients]
    task.apply(args=args)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_second_delivery_while_the_first_is_sending_sends_nothing(users, listed_expert, mail_server, case):
    task, args, recipients = case(users, listed_expert)
    mail_server.during_next_send(lambda: task.apply(args=args))
    task.apply(args=args)
    assert [m.to for m in mail.outbox] == [recipients]


def test_a_new_request_for_the_manage_link_is_a_new_mail(listed_expert):
    """The manage-link mail belongs to the request: asking again mails again; the first request's
    task, redelivered after the second request was served, adds nothing."""
    expert_request_manage_link(expert=listed_expert)
    tasks.send_manage_link.apply(args=[listed_expert.pk])
    expert_request_manage_link(expert=listed_expert)
    tasks.send_manage_link.apply(args=[listed_expert.pk])
    tasks.send_manage_link.apply(args=[listed_expert.pk])
    assert [m.to for m in mail.outbox] == [[listed_expert.email], [listed_expert.email]]


def test_the_manage_link_page_asks_through_the_service(client, listed_expert, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("experts:manage_request"), {"email": listed_expert.email})
    assert response.status_code == 200
    listed_expert.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[listed_expert.email]]
    assert listed_expert.manage_link_sent_at is not None
