"""The workflows of mailings and subscriptions: every (from, to) pair through `mailing_transition`
and `subscription_transition`, the history they write, and the pages, tasks and admin that change a
state only through them."""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from loket.mailings.admin import SubscriptionAdmin
from loket.mailings.models import (
    Mailing,
    MailingRecipient,
    MailingStatusChange,
    RecipientStatus,
    Subscription,
    SubscriptionStatusChange,
)
from loket.mailings.services import mailing_finish_if_done, mailing_send, mailing_transition, mailing_update
from loket.mailings.subscriptions import (
    confirm_token,
    subscription_confirm,
    subscription_request,
    subscription_transition,
    subscription_unsubscribe,
    subscription_update_for_user,
    unsubscribe_token,
)
from loket.mailings.workflow import (
    MAILING_TRANSITIONS,
    SUBSCRIPTION_TRANSITIONS,
    MailingStatus,
    SubscriptionStatus,
)
from tests.loket.factories import MailingFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def subscription_in(status: SubscriptionStatus) -> Subscription:
    now = timezone.now()
    dates = {
        SubscriptionStatus.PENDING: {"confirmed_at": None, "unsubscribed_at": None},
        SubscriptionStatus.ACTIVE: {"confirmed_at": now - timedelta(days=3), "unsubscribed_at": None},
        SubscriptionStatus.UNSUBSCRIBED: {"confirmed_at": now - timedelta(days=3), "unsubscribed_at": now},
    }[status]
    subscription = SubscriptionFactory(**dates)
    assert subscription.status == status
    return subscription


@pytest.mark.parametrize(("source", "target"), list(itertools.product(MailingStatus, MailingStatus)))
def test_mailing_every_pair_follows_the_table(users, source, target, django_capture_on_commit_callbacks):
    mailing = MailingFactory(status=source)
    MailingRecipient.objects.create(mailing=mailing, email="a@test.example", status=RecipientStatus.SENT)
    if target in MAILING_TRANSITIONS[source]:
        with django_capture_on_commit_callbacks() as started:
            mailing_transition(mailing=mailing, to=target, by=users["kernteam"], note="test")
        mailing.refresh_from_db()
        assert mailing.status == target
        change = MailingStatusChange.objects.get(mailing=mailing)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            source,
            target,
            users["kernteam"],
            "test",
        )
        assert len(started) == (1 if target == MailingStatus.SENDING else 0)  # sending starts the task
    else:
        with pytest.raises(ValidationError) as info:
            mailing_transition(mailing=mailing, to=target, by=users["kernteam"])
        assert "kan niet naar" in info.value.messages[0]
        mailing.refresh_from_db()
        assert (mailing.status, mailing.sent_at, mailing.finished_at) == (source, None, None)
        assert not MailingStatusChange.objects.filter(mailing=mailing).exists()


@pytest.mark.parametrize(("source", "target"), list(itertools.product(SubscriptionStatus, SubscriptionStatus)))
def test_subscription_every_pair_follows_the_table(users, source, target):
    subscription = subscription_in(source)
    before = (subscription.confirmed_at, subscription.unsubscribed_at)
    if target in SUBSCRIPTION_TRANSITIONS[source]:
        subscription_transition(subscription=subscription, to=target, by=users["kernteam"], note="test")
        subscription.refresh_from_db()
        assert subscription.status == target
        change = SubscriptionStatusChange.objects.get(subscription=subscription)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            source,
            target,
            users["kernteam"],
            "test",
        )
    else:
        with pytest.raises(ValidationError) as info:
            subscription_transition(subscription=subscription, to=target, by=users["kernteam"])
        assert "kan niet naar" in info.value.messages[0]
        subscription.refresh_from_db()
        assert (subscription.confirmed_at, subscription.unsubscribed_at) == before
        assert not SubscriptionStatusChange.objects.filter(subscription=subscription).exists()


def test_every_status_has_a_row_in_its_table():
    assert set(MAILING_TRANSITIONS) == set(MailingStatus)
    assert set(SUBSCRIPTION_TRANSITIONS) == set(SubscriptionStatus)


def test_a_mailing_with_pending_rows_is_not_done(users):
    mailing = MailingFactory(status=MailingStatus.SENDING)
    row = MailingRecipient.objects.create(mailing=mailing, email="a@test.example")
    with pytest.raises(ValidationError, match="nog niet naar alle ontvangers"):
        mailing_transition(mailing=mailing, to=MailingStatus.SENT, by=users["kernteam"])
    assert mailing_finish_if_done(mailing.pk) is False
    MailingRecipient.objects.filter(pk=row.pk).update(status=RecipientStatus.SENT)
    assert mailing_finish_if_done(mailing.pk) is True
    assert mailing_finish_if_done(mailing.pk) is False  # done once
    assert [(c.to_status, c.by_name) for c in mailing.status_changes.all()] == [("verzonden", "Automatisch")]


def test_sending_writes_the_history_of_both_moves(users, mailoutbox, django_capture_on_commit_callbacks):
    SubscriptionFactory(email="lezer@test.example")
    mailing = MailingFactory(audience_general=True)
    with django_capture_on_commit_callbacks(execute=True):
        mailing_send(mailing=mailing, by=users["kernteam"])
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and [m.to for m in mailoutbox] == [["lezer@test.example"]]
    history = [(c.from_status, c.to_status, c.by) for c in mailing.status_changes.all()]
    assert history == [("concept", "verzenden", users["kernteam"]), ("verzenden", "verzonden", None)]


def test_editing_a_mailing_that_was_sent_meanwhile_changes_nothing(users):
    """The edit page was opened on the draft; a colleague sent it before this save."""
    mailing = MailingFactory(status=MailingStatus.DRAFT, subject="Oud")
    stale = Mailing.objects.get(pk=mailing.pk)
    Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.SENDING)
    with pytest.raises(ValidationError, match="niet meer wijzigen"):
        mailing_update(mailing=stale, data={"subject": "Nieuw", "body": "Nieuw"})
    mailing.refresh_from_db()
    assert (mailing.status, mailing.subject) == (MailingStatus.SENDING, "Oud")


def test_the_edit_page_saves_a_draft_through_the_service(client_for):
    mailing = MailingFactory(status=MailingStatus.DRAFT, subject="Oud")
    response = client_for("kernteam").post(
        reverse("loket:mailing_edit", kwargs={"pk": mailing.pk}),
        {"subject": "Nieuw", "body": "Tekst", "audience_general": "on"},
        follow=True,
    )
    assert "De mailing is opgeslagen." in response.content.decode()
    mailing.refresh_from_db()
    assert (mailing.subject, mailing.audience_general, mailing.status) == ("Nieuw", True, MailingStatus.DRAFT)


def test_the_journey_of_a_subscription_is_in_its_history(users, django_capture_on_commit_callbacks):
    subscription = subscription_request(email="lid@test.example", general_news=True)
    subscription_confirm(token=confirm_token(Subscription.objects.get(pk=subscription.pk)))
    assert subscription_unsubscribe(token=unsubscribe_token("lid@test.example")) == ("lid@test.example", False)
    assert subscription_unsubscribe(token=unsubscribe_token("lid@test.example")) == ("lid@test.example", True)
    user = users["prt_utrecht"]
    user.email = "lid@test.example"
    user.save()
    subscription_update_for_user(user=user, receive=True, general_news=True)
    history = [(c.from_status, c.to_status, c.by_name) for c in subscription.status_changes.all()]
    assert history == [
        ("onbevestigd", "actief", "Abonnee"),
        ("actief", "afgemeld", "Abonnee"),
        ("afgemeld", "actief", user.get_full_name() or user.get_username()),
    ]


def test_admin_action_unsubscribes_through_the_service(client_for, users):
    active = subscription_in(SubscriptionStatus.ACTIVE)
    gone = subscription_in(SubscriptionStatus.UNSUBSCRIBED)
    response = client_for("kernteam").post(
        reverse("admin:loket_subscription_changelist"),
        {"action": "unsubscribe", "_selected_action": [active.pk, gone.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "De status van 1 abonnement is gewijzigd." in page
    assert "met status “Afgemeld” kan niet naar “Afgemeld”" in page
    active.refresh_from_db()
    assert active.status == SubscriptionStatus.UNSUBSCRIBED
    change = active.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("actief", "afgemeld", users["kernteam"])
    assert not gone.status_changes.exists()


def test_admin_change_form_does_not_undo_an_unsubscribe_made_meanwhile(client_for, monkeypatch):
    """The core team saves a subscription while its owner clicks "afmelden": the opt-out stays."""
    subscription = subscription_in(SubscriptionStatus.ACTIVE)
    original = SubscriptionAdmin.save_form

    def save_form_while_the_owner_unsubscribes(self, request, form, change):
        obj = original(self, request, form, change)
        subscription_unsubscribe(token=unsubscribe_token(subscription.email))
        return obj

    monkeypatch.setattr(SubscriptionAdmin, "save_form", save_form_while_the_owner_unsubscribes)
    response = client_for("kernteam").post(
        reverse("admin:loket_subscription_change", args=[subscription.pk]),
        {
            "email": subscription.email,
            "general_news": "",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.general_news is False
