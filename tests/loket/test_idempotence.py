"""Issue #13 item 5: the subscription confirmation and the password-reset mail go out once per
request, however often the task runs; asking again is a new mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from loket.accounts.models import PasswordResetRequest
from loket.accounts.services import password_reset_request
from loket.accounts.tasks import send_password_reset
from loket.core.models import OutboxTask
from loket.core.outbox import flush_outbox
from loket.mailings.models import Subscription
from loket.mailings.subscriptions import subscription_request
from loket.mailings.tasks import send_subscription_confirmation


def subscription_confirmation(users):
    subscription = subscription_request(email="lezer@example.nl", general_news=True)
    return send_subscription_confirmation, [subscription.pk, subscription.confirm_nonce], ["lezer@example.nl"]


def password_reset(users):
    user = users["prt_utrecht"]
    request = password_reset_request(user=user)
    return send_password_reset, [user.pk, request.pk], [user.email]


MAILS = [subscription_confirmation, password_reset]


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_task_that_runs_twice_sends_one_mail(users, case):
    task, args, recipients = case(users)  # the services only queued the task
    assert mail.outbox == []
    task.apply(args=args)
    task.apply(args=args)
    assert [m.to for m in mail.outbox] == [recipients]


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_mail_server_that_fails_once_the_retry_sends_one_mail(users, mail_server, case):
    task, args, recipients = case(users)
    mail_server.fail(1)
    result = task.apply(args=args)  # eager: the automatic retry runs at once
    assert mail_server.failures == 0 and result.successful()
    assert [m.to for m in mail.outbox] == [recipients]
    task.apply(args=args)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_a_second_delivery_while_the_first_is_sending_sends_nothing(users, mail_server, case):
    task, args, recipients = case(users)
    mail_server.during_next_send(lambda: task.apply(args=args))
    task.apply(args=args)
    assert [m.to for m in mail.outbox] == [recipients]


@pytest.mark.parametrize("case", MAILS, ids=lambda case: case.__name__)
def test_an_outbox_row_flushed_twice_sends_one_mail(users, case):
    task, args, recipients = case(users)
    row = OutboxTask.objects.create(task_name=task.name, args=args)
    flush_outbox()
    OutboxTask.objects.filter(pk=row.pk).update(sent_at=None)
    flush_outbox()
    assert [m.to for m in mail.outbox] == [recipients]


def test_a_new_subscription_request_is_a_new_mail(db):
    first = subscription_request(email="lezer@example.nl", general_news=True)
    first_args = [first.pk, first.confirm_nonce]
    send_subscription_confirmation.apply(args=first_args)
    # Past the five minutes in which a request sends no second mail:
    Subscription.objects.filter(pk=first.pk).update(requested_at=first.requested_at - timedelta(minutes=10))
    second = subscription_request(email="lezer@example.nl", general_news=False)
    assert second.confirm_nonce != first.confirm_nonce
    for args in ([second.pk, second.confirm_nonce], first_args, [second.pk, second.confirm_nonce]):
        send_subscription_confirmation.apply(args=args)
    assert len(mail.outbox) == 2


def test_asking_again_for_a_new_password_is_a_new_mail(users):
    user = users["prt_utrecht"]
    first = password_reset_request(user=user)
    second = password_reset_request(user=user)
    for request in (first, second, first, second):
        send_password_reset.apply(args=[user.pk, request.pk])
    assert [m.to for m in mail.outbox] == [[user.email], [user.email]]
    assert PasswordResetRequest.objects.filter(user=user, sent_at__isnull=False).count() == 2


def test_the_password_reset_page_records_one_request(client, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("loket:password_reset"), {"email": users["prt_utrecht"].email})
    assert response.status_code == 302
    [request] = PasswordResetRequest.objects.filter(user=users["prt_utrecht"])
    assert request.sent_at is not None
    assert [m.to for m in mail.outbox] == [[users["prt_utrecht"].email]]


def test_old_password_reset_requests_are_removed_on_a_new_one(users, settings):
    user = users["prt_utrecht"]
    old = password_reset_request(user=user)
    PasswordResetRequest.objects.filter(pk=old.pk).update(
        requested_at=old.requested_at - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )
    new = password_reset_request(user=user)
    assert list(PasswordResetRequest.objects.filter(user=user)) == [new]
