"""Mailings: audience, preview and test, and the exactly-once property of sending."""

import smtplib
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from loket.core.models import Theme
from loket.core.roles import Role, sync_groups
from loket.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus, Subscription
from loket.mailings.services import MAX_ATTEMPTS, audience_of, mailing_send
from loket.mailings.tasks import resume_mailings, send_mailing, send_mailing_batch
from tests.conftest import make_user
from tests.loket.factories import MailingFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def sent_to() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


@pytest.fixture
def partners_mailing(users, django_capture_on_commit_callbacks):
    mailing = MailingFactory(audience_all_partners=True, audience_general=True)
    SubscriptionFactory.create_batch(5)
    SubscriptionFactory(email="onbevestigd@voorbeeld.nl", confirmed_at=None)
    return mailing


def test_audience_combines_and_skips_unconfirmed_and_opted_out(users, utrecht):
    theme = Theme.objects.filter(parent__isnull=True).first()
    themed = SubscriptionFactory(general_news=False)
    themed.themes.add(theme)
    SubscriptionFactory(email="geen-thema@voorbeeld.nl", general_news=False)
    SubscriptionFactory(email="onbevestigd@voorbeeld.nl", confirmed_at=None)
    Subscription.objects.create(email=users["prt_gelderland"].email, unsubscribed_at=timezone.now())
    mailing = MailingFactory(audience_roles=["Kernteam"])
    mailing.audience_provinces.add(utrecht)
    mailing.audience_themes.add(theme)
    people = audience_of(mailing)
    assert set(people) == {
        users["prt_utrecht"].email,  # PRT of Utrecht
        users["kernteam"].email,
        users["kernteam2"].email,  # role
        themed.email,  # theme subscriber
    }
    mailing.audience_all_partners = True
    people = audience_of(mailing)
    assert users["cdk_utrecht"].email in people
    assert users["prt_gelderland"].email not in people  # opted out with the unsubscribe link


def test_send_snapshots_once_and_each_recipient_gets_exactly_one(
    partners_mailing, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=partners_mailing, by=users["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=partners_mailing, by=users["kernteam"])  # a second click
    send_mailing(partners_mailing.pk)  # the task run twice more
    send_mailing.delay(partners_mailing.pk)
    addresses = sent_to()
    assert len(addresses) == len(set(addresses)) == 8  # 3 partners + 5 confirmed subscribers
    assert "onbevestigd@voorbeeld.nl" not in addresses
    partners_mailing.refresh_from_db()
    assert partners_mailing.status == MailingStatus.SENT
    assert MailingRecipient.objects.filter(mailing=partners_mailing, status=RecipientStatus.SENT).count() == 8


def test_every_mail_has_unsubscribe_link_and_headers(
    partners_mailing, users, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=partners_mailing, by=users["kernteam"])
    for message in mail.outbox:
        header = message.extra_headers["List-Unsubscribe"]
        assert header.startswith("<http") and "/nieuwsbrief/afmelden/" in header
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/nieuwsbrief/afmelden/" in message.body
        html = message.alternatives[0][0]
        assert "<strong>kader</strong>" in html and "Afmelden" in html
    # the header's URL works as a one-click POST
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + url).status_code == 200


def test_send_that_fails_halfway_then_resumes_sends_each_once(users, django_capture_on_commit_callbacks, settings):
    settings.LOKET_MAILING_BATCH_SIZE = 3
    subscribers = SubscriptionFactory.create_batch(10)
    mailing = MailingFactory(audience_general=True)
    real_send = mail.EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky_server(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 4:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", flaky_server),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mailing_send(mailing=mailing, by=users["kernteam"])
    assert len(mail.outbox) == 4
    assert MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.PENDING).count() == 6
    assert not MailingRecipient.objects.filter(mailing=mailing, status=RecipientStatus.FAILED).exists()
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENDING

    resume_mailings()  # the server is back: the beat task picks up the pending rows
    resume_mailings()
    addresses = sent_to()
    assert sorted(addresses) == sorted(s.email for s in subscribers)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_recipient_failures_are_retried_then_marked_failed_with_reason(users, django_capture_on_commit_callbacks):
    SubscriptionFactory.create_batch(3)
    bad = SubscriptionFactory(email="kapot@voorbeeld.nl")
    mailing = MailingFactory(audience_general=True)
    real_send = mail.EmailMultiAlternatives.send

    def refuse_one(message, *args, **kwargs):
        if bad.email in message.to:
            raise smtplib.SMTPRecipientsRefused({bad.email: (550, b"mailbox unavailable")})
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", refuse_one):
        with django_capture_on_commit_callbacks(execute=True):
            mailing_send(mailing=mailing, by=users["kernteam"])
        send_mailing(mailing.pk)  # a retry changes nothing for finished rows
    failed = MailingRecipient.objects.get(mailing=mailing, email=bad.email)
    assert failed.status == RecipientStatus.FAILED and failed.attempts == MAX_ATTEMPTS
    assert "SMTPRecipientsRefused" in failed.reason
    addresses = sent_to()
    assert len(addresses) == len(set(addresses)) == 3 and bad.email not in addresses
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_a_batch_run_twice_never_sends_twice(users):
    SubscriptionFactory.create_batch(4)
    mailing = MailingFactory(audience_general=True)
    with mock.patch("loket.mailings.tasks.send_mailing.delay"):
        mailing_send(mailing=mailing, by=users["kernteam"])
    ids = list(mailing.recipients.values_list("pk", flat=True))
    send_mailing_batch(mailing.pk, ids)
    send_mailing_batch(mailing.pk, ids)  # e.g. redelivered after a worker died
    assert len(mail.outbox) == 4


def test_mailing_without_audience_is_refused(users):
    mailing = MailingFactory(audience_general=True)  # nobody subscribed
    with pytest.raises(ValidationError):
        mailing_send(mailing=mailing, by=users["kernteam"])
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT


def test_core_team_writes_previews_tests_and_sends(client_for, users, django_capture_on_commit_callbacks, utrecht):
    client = client_for("kernteam")
    response = client.post(
        reverse("loket:mailing_create"),
        {"subject": "Nieuw kader", "body": "Lees het **nieuwe** kader.", "audience_provinces": [utrecht.pk]},
    )
    mailing = Mailing.objects.get(subject="Nieuw kader")
    assert response.status_code == 302
    page = client.get(reverse("loket:mailing_detail", kwargs={"pk": mailing.pk})).content.decode()
    assert "<strong>nieuwe</strong>" in page and "Deze mailing gaat naar 1 adres" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("loket:mailing_test", kwargs={"pk": mailing.pk}))
    assert sent_to() == [users["kernteam"].email] and mail.outbox[0].subject.startswith("[TEST]")
    assert not mailing.recipients.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("loket:mailing_send", kwargs={"pk": mailing.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("loket:mailing_send", kwargs={"pk": mailing.pk}))  # second click
    assert sent_to() == [users["kernteam"].email, users["prt_utrecht"].email]
    page = client.get(reverse("loket:mailing_detail", kwargs={"pk": mailing.pk})).content.decode()
    assert "Verzendlog" in page and users["prt_utrecht"].email in page
    # a sent mailing can no longer be edited
    client.post(
        reverse("loket:mailing_edit", kwargs={"pk": mailing.pk}),
        {"subject": "Anders", "body": "x", "audience_general": "on"},
    )
    mailing.refresh_from_db()
    assert mailing.subject == "Nieuw kader"


def test_mailing_form_refuses_hostile_body_and_missing_audience(client_for):
    response = client_for("kernteam").post(
        reverse("loket:mailing_create"), {"subject": "x", "body": "<img src=x onerror=alert(1)>"}
    )
    page = response.content.decode()
    assert "HTML is niet toegestaan" in page and "Kies ten minste één doelgroep" in page
    assert not Mailing.objects.exists()


@pytest.mark.parametrize("rows", [10, 500])
def test_mailing_pages_query_count_is_constant(client_for, rows, django_assert_max_num_queries):
    client = client_for("kernteam")
    mailings = Mailing.objects.bulk_create([Mailing(subject=f"M {i}", status=MailingStatus.SENT) for i in range(rows)])
    MailingRecipient.objects.bulk_create(
        [
            MailingRecipient(mailing=mailings[0], email=f"r{i}@voorbeeld.nl", status=RecipientStatus.SENT)
            for i in range(rows)
        ]
    )
    with django_assert_max_num_queries(10):
        assert client.get(reverse("loket:mailings")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("loket:mailing_detail", kwargs={"pk": mailings[0].pk})).status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("no_role", 403), ("prt_utrecht", 403), ("lrt", 403), ("beheerder", 403), ("kernteam", 200)],
)
def test_mailing_pages_per_role(client_for, role, expected):
    mailing = MailingFactory()
    for url in (
        reverse("loket:mailings"),
        reverse("loket:mailing_create"),
        reverse("loket:mailing_detail", kwargs={"pk": mailing.pk}),
    ):
        assert client_for(role).get(url).status_code == expected, url


@pytest.mark.parametrize("role", [None, "prt_utrecht", "lrt"])
def test_only_core_team_can_send(client_for, role):
    SubscriptionFactory()
    mailing = MailingFactory(audience_general=True)
    client_for(role).post(reverse("loket:mailing_send", kwargs={"pk": mailing.pk}))
    client_for(role).post(reverse("loket:mailing_test", kwargs={"pk": mailing.pk}))
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT and not mail.outbox


def test_make_user_helper_is_available():
    assert make_user("extra-prt").email == "extra-prt@test.example"


def test_subject_and_text_are_not_html_escaped(users, django_capture_on_commit_callbacks):
    SubscriptionFactory()
    mailing = MailingFactory(subject="Kaders & prognose: 'nieuw'", body="Plannen & cijfers", audience_general=True)
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=mailing, by=users["kernteam"])
    assert mail.outbox[0].subject == "Kaders & prognose: 'nieuw'"
    assert "Plannen & cijfers" in mail.outbox[0].body
    assert "Plannen &amp; cijfers" in mail.outbox[0].alternatives[0][0]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="alleen op PostgreSQL (row locks)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_recipient_once(settings):
    """Two workers run the same batch at the same time (e.g. a redelivered task): row locks with
    skip_locked make each address go out once."""
    sync_groups()
    kernteam = make_user("kernteam-thread", Role.KERNTEAM)
    SubscriptionFactory.create_batch(12)
    mailing = MailingFactory(audience_general=True)
    with mock.patch("loket.mailings.tasks.send_mailing.delay"):
        mailing_send(mailing=mailing, by=kernteam)
    ids = list(mailing.recipients.values_list("pk", flat=True))
    real_send = mail.EmailMultiAlternatives.send

    def slow_send(message, *args, **kwargs):
        time.sleep(0.02)
        return real_send(message, *args, **kwargs)

    def worker():
        try:
            send_mailing_batch(mailing.pk, ids)
        finally:
            connections.close_all()

    with mock.patch.object(mail.EmailMultiAlternatives, "send", slow_send):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    addresses = sent_to()
    rows = list(mailing.recipients.values_list("email", "status", "attempts", "reason"))
    assert len(addresses) == len(set(addresses)) == 12, rows
    assert mailing.recipients.filter(status=RecipientStatus.SENT).count() == 12


def test_a_mail_sent_again_after_a_lost_commit_is_the_same_message(users):
    """SMTP can deliver twice: a worker that dies after the server accepted a mail, before the row is
    marked sent, sends it again. The second copy carries the same Message-ID (one per recipient row),
    so mail programs show one message (the load test's chaos found such a copy on 2026-12-02)."""
    SubscriptionFactory.create_batch(3)
    mailing = MailingFactory(audience_general=True)
    with mock.patch("loket.mailings.tasks.send_mailing.delay"):
        mailing_send(mailing=mailing, by=users["kernteam"])
    rows = list(mailing.recipients.order_by("pk"))
    send_mailing_batch(mailing.pk, [r.pk for r in rows])
    first = {m.to[0]: m.message()["Message-ID"] for m in mail.outbox}
    assert len(set(first.values())) == 3
    assert first[rows[0].email] == f"<mailing-{mailing.pk}.ontvanger-{rows[0].pk}@example.nl>"

    # The commit of the first row was lost: the row is pending again and goes out a second time.
    MailingRecipient.objects.filter(pk=rows[0].pk).update(status=RecipientStatus.PENDING, sent_at=None)
    send_mailing_batch(mailing.pk, [rows[0].pk])
    again = mail.outbox[-1]
    assert again.to == [rows[0].email] and again.message()["Message-ID"] == first[rows[0].email]


def test_a_batch_locks_each_row_by_its_key_alone_and_reads_the_mailing_once(users):
    """Issue 21 item 7: the row lock joined the mailing, and PostgreSQL then walked the index of every
    pending row of the mailing for each recipient (5,000 recipients: a quadratic mailing). Each row is
    now locked by its primary key alone; the batch reads its mailing once."""
    SubscriptionFactory.create_batch(6)
    mailing = MailingFactory(audience_general=True)
    with mock.patch("loket.mailings.tasks.send_mailing.delay"):
        mailing_send(mailing=mailing, by=users["kernteam"])
    ids = list(mailing.recipients.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        send_mailing_batch(mailing.pk, ids)
    assert len(mail.outbox) == 6
    sql = [q["sql"] for q in queries.captured_queries]
    # the row lock (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has no row locks) of each row
    locks = [q for q in sql if 'FROM "loket_mailingrecipient"' in q and '"loket_mailingrecipient"."id" = ' in q]
    assert len(locks) == 6 and not [q for q in locks if "JOIN" in q]
    reads_of_mailing = [
        q for q in sql if q.startswith("SELECT") and 'FROM "loket_mailing" ' in q and "FOR UPDATE" not in q
    ]
    assert len(reads_of_mailing) <= 3  # the batch's one read and those of finishing it, not one per row
