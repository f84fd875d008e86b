"""Demo content: loads twice without changes, with every kind of publication, subscribers and mailings."""

from io import StringIO

import pytest
from django.core.management import call_command

from loket.mailings.models import Mailing, MailingRecipient, MailingStatus, RecipientStatus, Subscription
from loket.mailings.prognosis import rounds_due_for_mailing
from loket.publications.models import Publication, PublicationKind

pytestmark = pytest.mark.django_db


def counts():
    return (
        Publication.objects.count(),
        Subscription.objects.count(),
        Mailing.objects.count(),
        sum(m.recipients.count() for m in Mailing.objects.all()),
        sum(p.revisions.count() for p in Publication.objects.all()),
    )


def test_load_demo_twice_is_idempotent(mailoutbox):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert not mailoutbox  # demo data never sends mail
    published = Publication.objects.published()
    assert published.filter(kind=PublicationKind.FRAMEWORK).count() == 6
    assert published.filter(kind=PublicationKind.FAQ).count() == 20
    for kind in PublicationKind.values:
        assert published.filter(kind=kind).exists()
    assert published.exclude(kind=PublicationKind.FAQ).count() >= 30
    expired = [
        p for p in published.filter(kind=PublicationKind.FRAMEWORK) if p.valid_until and p.valid_until.year < 2026
    ]
    assert len(expired) == 1 and expired[0].revisions.count() == 3
    assert Subscription.objects.filter(email__startswith="abonnee").count() == 200
    sent = Mailing.objects.filter(status="verzonden")
    assert sent.count() == 2
    for mailing in sent:
        assert mailing.recipients.filter(status=RecipientStatus.SENT).exists()


def test_demo_data_leaves_nothing_to_send(mailoutbox, django_capture_on_commit_callbacks):
    """Issue 20.8: the first worker after `load_demo` mails nobody (the tasks load_demo starts after
    commit run here; before, the newest published prognosis round was still due and its mailing
    went to the demo addresses)."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    assert rounds_due_for_mailing() == []
    assert not Mailing.objects.filter(status=MailingStatus.SENDING).exists()
    assert not MailingRecipient.objects.filter(status=RecipientStatus.PENDING).exists()
    assert not mailoutbox
