"""The half-yearly prognosis update: every PRT-lid and subscriber of a province gets exactly one
mail per round with that province's figures, the national figure and the change."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail

from loket.core.roles import Role
from loket.mailings.models import Mailing, MailingRecipient
from loket.mailings.tasks import send_due_prognosis_updates, send_prognosis_update
from tests.conftest import make_user
from tests.loket.factories import SubscriptionFactory, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(db):
    previous = make_round(
        reference_date=date(2025, 7, 1), national_total=90000, figures={"PV26": 6000, "PV25": 9000, "PV20": 2500}
    )
    current = make_round(
        reference_date=date(2026, 1, 1),
        national_total=96000,
        figures={"PV26": 6400, "PV25": 8800, "PV20": 2500},
        mailing_due=True,
    )
    return previous, current


def mails_for(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_each_prt_member_gets_their_own_figures_once(
    rounds, users, utrecht, gelderland, django_capture_on_commit_callbacks
):
    _previous, current = rounds
    second_prt_utrecht = make_user("prt-utrecht-2", Role.PRT, "PV26", "PV26")
    subscriber = SubscriptionFactory(email="volger@voorbeeld.nl", general_news=False)
    subscriber.provinces.add(gelderland)
    both = SubscriptionFactory(email=users["prt_utrecht"].email, general_news=False)
    both.provinces.add(gelderland)  # a PRT-lid of Utrecht who also follows Gelderland: one mail, both figures

    with django_capture_on_commit_callbacks(execute=True):
        send_prognosis_update(current.pk)
    with django_capture_on_commit_callbacks(execute=True):
        send_prognosis_update(current.pk)  # again: nothing new

    utrecht_mails = mails_for(users["prt_utrecht"].email)
    assert len(utrecht_mails) == 1
    body = utrecht_mails[0].body
    assert "Utrecht: 6400 plaatsen" in body.replace(".", "")
    assert "+400" in body and "was 6.000" in body
    assert "Gelderland: 8800 plaatsen" in body.replace(".", "")
    assert "96000" in body.replace(".", "")  # national figure
    assert "/plannen/capaciteit/" in body
    assert "List-Unsubscribe" in utrecht_mails[0].extra_headers

    gelderland_mail = mails_for(users["prt_gelderland"].email)
    assert len(gelderland_mail) == 1
    g_body = gelderland_mail[0].body.replace(".", "")
    assert "Gelderland: 8800 plaatsen" in g_body and "Utrecht" not in g_body and "-200" in g_body

    assert len(mails_for(second_prt_utrecht.email)) == 1
    assert len(mails_for("volger@voorbeeld.nl")) == 1
    assert not mails_for(users["cdk_utrecht"].email)  # CdK staff are no PRT-lid and did not subscribe
    assert not mails_for(users["kernteam"].email)
    addresses = [a for m in mail.outbox for a in m.to]
    assert len(addresses) == len(set(addresses))

    current.refresh_from_db()
    assert current.mailed_at is not None and current.mailing_due is False
    assert Mailing.objects.filter(prognosis_round_id=current.pk).count() == 1


def test_beat_sends_due_rounds_once(rounds, users, django_capture_on_commit_callbacks):
    _previous, current = rounds
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_prognosis_updates() == [current.pk]
    count = len(mail.outbox)
    assert count == 2  # prt_utrecht and prt_gelderland
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_prognosis_updates() == []
    assert len(mail.outbox) == count


def test_unpublished_round_is_not_mailed(users, django_capture_on_commit_callbacks):
    draft = make_round(reference_date=date(2026, 7, 1), national_total=1, figures={"PV26": 1}, published=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_prognosis_update(draft.pk) is None
    assert not mail.outbox
    draft.refresh_from_db()
    assert draft.mailed_at is None


def test_first_round_says_there_is_no_previous_round(users, django_capture_on_commit_callbacks):
    first = make_round(reference_date=date(2026, 1, 1), national_total=50000, figures={"PV26": 3000})
    with django_capture_on_commit_callbacks(execute=True):
        send_prognosis_update(first.pk)
    assert len(mail.outbox) == 1 and "geen vorige ronde" in mail.outbox[0].body


def test_recipient_rows_hold_each_persons_figures(rounds, users, django_capture_on_commit_callbacks):
    _previous, current = rounds
    with django_capture_on_commit_callbacks(execute=True):
        send_prognosis_update(current.pk)
    row = MailingRecipient.objects.get(email=users["prt_gelderland"].email)
    assert row.status == "verzonden"
    assert row.context["provinces"] == [
        {"name": "Gelderland", "figure": 8800, "previous": 9000, "change": -200, "change_text": "-200"}
    ]


def test_beat_entry_runs_on_1_january_and_1_july():
    entry = settings.CELERY_BEAT_SCHEDULE["loket-prognosis-update"]
    assert entry["task"] == "loket.send_due_prognosis_updates"
    schedule = entry["schedule"]
    assert schedule.day_of_month == {1} and schedule.month_of_year == {1, 7}
