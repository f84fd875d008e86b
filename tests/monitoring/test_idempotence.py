"""Issue #13 item 5: the LRT decision mail reaches every PRT-lid exactly once, however often the
task runs and wherever the mail server fails."""

import pytest
from django.core import mail

from loket.core.models import OutboxTask
from loket.core.outbox import flush_outbox
from loket.core.roles import Role
from monitoring.models import Escalation
from monitoring.services import escalation_decide, signal_escalate
from monitoring.tasks import send_escalation_decision
from monitoring.workflow import Status
from tests.conftest import make_user

from .factories import LrtMeetingFactory, SignalFactory


@pytest.fixture
def decided(users, gelderland):
    """A decision on a Gelderland signal (its mail only queued) and the two PRT-leden of Gelderland."""
    second = make_user("prt-gelderland-2", Role.PRT, "PV25", "PV25")
    meeting = LrtMeetingFactory()
    signal = SignalFactory(provinces=[gelderland], status=Status.IN_PROGRESS)
    signal_escalate(signal=signal, meeting=meeting, proposal="Voorstel", by=users["kernteam"])
    escalation = escalation_decide(meeting=meeting, signal=signal, decision="Besluit", by=users["lrt"])
    return escalation, sorted([users["prt_gelderland"].email, second.email])


def mails_per_address() -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in mail.outbox:
        for address in message.to:
            counts[address] = counts.get(address, 0) + 1
    return counts


def test_a_task_that_runs_twice_mails_each_prt_member_once(decided):
    escalation, addresses = decided
    send_escalation_decision.apply(args=[escalation.pk])
    send_escalation_decision.apply(args=[escalation.pk])
    assert mails_per_address() == dict.fromkeys(addresses, 1)


@pytest.mark.parametrize("fail_at", [1, 2], ids=["first-mail", "second-mail"])
def test_a_mail_server_that_fails_halfway_the_retry_mails_only_the_rest(decided, mail_server, fail_at):
    """The server refuses one message: before it nobody has the mail, or one PRT-lid has it. The
    retry mails the others and nobody gets it twice."""
    escalation, addresses = decided
    mail_server.fail(1, after=fail_at - 1)
    result = send_escalation_decision.apply(args=[escalation.pk])
    assert mail_server.failures == 0 and result.successful()
    assert mails_per_address() == dict.fromkeys(addresses, 1)
    escalation.refresh_from_db()
    assert escalation.prt_informed_at is not None and len(escalation.decision_mailed_to) == 2
    send_escalation_decision.apply(args=[escalation.pk])
    assert len(mail.outbox) == 2


def test_a_second_delivery_while_the_first_is_sending_mails_nobody_again(decided, mail_server):
    escalation, addresses = decided
    mail_server.during_next_send(lambda: send_escalation_decision.apply(args=[escalation.pk]))
    send_escalation_decision.apply(args=[escalation.pk])
    assert mails_per_address() == dict.fromkeys(addresses, 1)


def test_an_outbox_row_flushed_twice_mails_each_prt_member_once(decided):
    escalation, addresses = decided
    row = OutboxTask.objects.create(task_name="monitoring.send_escalation_decision", args=[escalation.pk])
    flush_outbox()
    OutboxTask.objects.filter(pk=row.pk).update(sent_at=None)
    flush_outbox()
    assert mails_per_address() == dict.fromkeys(addresses, 1)
    assert Escalation.objects.get(pk=escalation.pk).prt_informed_at is not None
