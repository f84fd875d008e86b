"""LRT meetings, escalation and decisions, the decision mail and the overdue reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from loket.core.roles import Role
from loket.core.workdays import is_working_day
from monitoring.models import Escalation, LrtMeeting, Signal, SignalKind
from monitoring.services import escalation_decide, signal_escalate
from monitoring.tasks import remind_overdue_actions, send_escalation_decision
from monitoring.workflow import Status
from tests.conftest import make_user

from .factories import LrtMeetingFactory, SignalActionFactory, SignalFactory


def test_done_when_journey(client_for, users, gelderland, utrecht, django_capture_on_commit_callbacks):
    """The core team escalates a Gelderland risk to the next LRT meeting; the LRT secretary records
    the decision and downloads the report as XLSX and PDF; Gelderland's PRT-leden get the decision."""
    second_prt_gelderland = make_user("prt-gelderland-2", Role.PRT, "PV25", "PV25")
    risk = SignalFactory(kind=SignalKind.RISK, provinces=[gelderland], title="Tekort aan opvangplekken Nijmegen")
    today = timezone.localdate()
    LrtMeetingFactory(date=today - timedelta(days=20), title="Vorig overleg")
    next_meeting = LrtMeetingFactory(date=today + timedelta(days=7), title="Volgend overleg")
    LrtMeetingFactory(date=today + timedelta(days=40), title="Later overleg")

    core = client_for("kernteam")
    form = core.get(f"/monitoring/signalen/{risk.pk}/escaleren/").content.decode()
    assert "Volgend overleg" in form and "Vorig overleg" not in form  # only upcoming meetings
    response = core.post(
        f"/monitoring/signalen/{risk.pk}/escaleren/",
        {"meeting": next_meeting.pk, "proposal": "Voorstel: 200 extra plekken via COA."},
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.status == Status.ESCALATED

    lrt = client_for("lrt")
    agenda = lrt.get(f"/monitoring/overleggen/{next_meeting.pk}/").content.decode()
    assert "Tekort aan opvangplekken Nijmegen" in agenda and "Voorstel: 200 extra plekken via COA." in agenda
    with django_capture_on_commit_callbacks(execute=True):
        response = lrt.post(
            f"/monitoring/overleggen/{next_meeting.pk}/besluit/{risk.pk}/",
            {
                "decision": "De LRT besluit tot 200 extra plekken.",
                "acties-TOTAL_FORMS": "3",
                "acties-INITIAL_FORMS": "0",
                "acties-0-what": "Locatie Nijmegen-Noord openen",
                "acties-0-who": "COA",
                "acties-0-due_date": (today + timedelta(days=30)).isoformat(),
                "acties-1-what": "",
                "acties-2-what": "",
            },
        )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.status == Status.DECIDED
    escalation = Escalation.objects.get(signal=risk, meeting=next_meeting)
    assert escalation.decision_by == users["lrt"] and escalation.prt_informed_at is not None
    assert escalation.actions.get().who == "COA"

    xlsx = lrt.get(f"/monitoring/overleggen/{next_meeting.pk}/rapportage.xlsx")
    assert xlsx.status_code == 200 and f"{next_meeting.date:%Y-%m-%d}" in xlsx["Content-Disposition"]
    pdf = lrt.get(f"/monitoring/overleggen/{next_meeting.pk}/rapportage.pdf")
    assert pdf.content.startswith(b"%PDF") and b"De LRT besluit tot 200 extra plekken." in pdf.content

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([users["prt_gelderland"].email, second_prt_gelderland.email])
    message = mail.outbox[0]
    assert "Tekort aan opvangplekken Nijmegen" in message.subject
    assert "De LRT besluit tot 200 extra plekken." in message.body
    assert "Locatie Nijmegen-Noord openen" in message.body
    assert f"/monitoring/signalen/{risk.pk}/" in message.body
    # The PRT-lid of Gelderland reads the decision in the register too.
    detail = client_for("prt_gelderland").get(f"/monitoring/signalen/{risk.pk}/").content.decode()
    assert "De LRT besluit tot 200 extra plekken." in detail


def test_decision_mail_is_sent_once(db, users, gelderland):
    meeting = LrtMeetingFactory()
    signal = SignalFactory(provinces=[gelderland], status=Status.IN_PROGRESS)
    signal_escalate(signal=signal, meeting=meeting, proposal="P", by=users["kernteam"])
    escalation = escalation_decide(meeting=meeting, signal=signal, decision="B", by=users["lrt"])
    mail.outbox.clear()
    assert send_escalation_decision(escalation.pk) == 1
    assert send_escalation_decision(escalation.pk) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [users["prt_gelderland"].email]


def test_decision_refused_when_not_escalated_to_that_meeting(client_for, users, gelderland):
    meeting, other = LrtMeetingFactory(), LrtMeetingFactory()
    signal = SignalFactory(provinces=[gelderland], status=Status.IN_PROGRESS)
    signal_escalate(signal=signal, meeting=other, proposal="P", by=users["kernteam"])
    with pytest.raises(ValidationError, match="niet geëscaleerd naar dit LRT-overleg"):
        escalation_decide(meeting=meeting, signal=signal, decision="B", by=users["lrt"])
    client = client_for("lrt")
    response = client.post(
        f"/monitoring/overleggen/{meeting.pk}/besluit/{signal.pk}/",
        {"decision": "B", "acties-TOTAL_FORMS": "0", "acties-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert "niet geëscaleerd naar dit LRT-overleg" in response.content.decode()
    response = client.get(f"/monitoring/overleggen/{meeting.pk}/besluit/{signal.pk}/", follow=True)
    assert "niet geëscaleerd naar dit LRT-overleg" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == Status.ESCALATED
    assert client.get(f"/monitoring/overleggen/{meeting.pk}/besluit/999999/").status_code == 404


def test_decision_twice_and_empty_decision_refused(client_for, users, gelderland):
    meeting = LrtMeetingFactory()
    signal = SignalFactory(provinces=[gelderland], status=Status.IN_PROGRESS)
    signal_escalate(signal=signal, meeting=meeting, proposal="P", by=users["kernteam"])
    response = client_for("lrt").post(
        f"/monitoring/overleggen/{meeting.pk}/besluit/{signal.pk}/",
        {
            "decision": "",
            "acties-TOTAL_FORMS": "1",
            "acties-INITIAL_FORMS": "0",
            "acties-0-what": "Iets",
            "acties-0-due_date": "99-99-9999",
        },
    )
    body = response.content.decode()
    assert "Dit veld is verplicht" in body and "Geef aan wie de actie uitvoert." in body
    assert "Vul een geldige datum in" in body
    assert not signal.actions.exists()
    escalation_decide(meeting=meeting, signal=signal, decision="B", by=users["lrt"])
    with pytest.raises(ValidationError, match="al een besluit"):
        escalation_decide(meeting=meeting, signal=signal, decision="B2", by=users["lrt"])


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.ESCALATED, "Alleen een signaal"),
        (Status.DECIDED, "Alleen een signaal"),
        (Status.CLOSED, "Alleen een signaal"),
    ],
)
def test_escalation_only_from_open_or_in_progress(db, users, status, message):
    signal = SignalFactory(status=status)
    with pytest.raises(ValidationError, match=message):
        signal_escalate(signal=signal, meeting=LrtMeetingFactory(), proposal="P", by=users["kernteam"])
    assert not Escalation.objects.exists()


def test_escalation_refuses_past_meeting_and_duplicates(client_for, users):
    signal = SignalFactory(status=Status.IN_PROGRESS)
    past = LrtMeetingFactory(date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="al geweest"):
        signal_escalate(signal=signal, meeting=past, proposal="P", by=users["kernteam"])
    response = client_for("kernteam").post(
        f"/monitoring/signalen/{signal.pk}/escaleren/", {"meeting": past.pk, "proposal": ""}
    )
    body = response.content.decode()
    assert "Kies een komend LRT-overleg." in body and "Dit veld is verplicht" in body
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS


def test_open_signal_is_taken_up_then_escalated(db, users):
    signal = SignalFactory(status=Status.OPEN)
    signal_escalate(signal=signal, meeting=LrtMeetingFactory(), proposal="P", by=users["kernteam"])
    signal.refresh_from_db()
    assert signal.status == Status.ESCALATED
    assert list(signal.status_changes.values_list("to_status", flat=True)) == [Status.IN_PROGRESS, Status.ESCALATED]


def test_meeting_create_and_list(client_for, db):
    client = client_for("kernteam")
    day = timezone.localdate() + timedelta(days=21)
    response = client.post("/monitoring/overleggen/nieuw/", {"date": day.isoformat(), "title": "LRT januari"})
    assert response.status_code == 302
    assert LrtMeeting.objects.get(date=day).title == "LRT januari"
    again = client.post("/monitoring/overleggen/nieuw/", {"date": day.isoformat()})
    assert "Er is al een LRT-overleg op deze datum." in again.content.decode()
    bad = client.post("/monitoring/overleggen/nieuw/", {"date": "32-13-2026"})
    assert "Vul een geldige datum in" in bad.content.decode()
    body = client_for("lrt").get("/monitoring/overleggen/").content.decode()
    assert "LRT januari" in body and "Komende overleggen" in body


def test_meeting_list_query_count(client_for, db, django_assert_max_num_queries, users):
    client = client_for("lrt")
    for n in (10, 200):
        LrtMeeting.objects.bulk_create(
            [LrtMeeting(date=timezone.localdate() + timedelta(days=1000 * n + i)) for i in range(n)]
        )
        with django_assert_max_num_queries(8):
            assert client.get("/monitoring/overleggen/").status_code == 200


def test_agenda_query_count(client_for, db, django_assert_max_num_queries, gelderland):
    meeting = LrtMeetingFactory()
    client = client_for("lrt")
    for n in (3, 30):
        for _ in range(n):
            s = SignalFactory(provinces=[gelderland], status=Status.ESCALATED)
            Escalation.objects.create(signal=s, meeting=meeting, proposal="P")
            SignalActionFactory(signal=s, escalation=s.escalations.get())
        with django_assert_max_num_queries(12):
            assert client.get(f"/monitoring/overleggen/{meeting.pk}/").status_code == 200


def test_overdue_actions_reminded_once_per_day(db, users, monkeypatch):
    # on a working day (the task sends nothing at weekends): the last one up to today
    today = timezone.localdate()
    while not is_working_day(today):
        today -= timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    owned = SignalFactory(owner=users["kernteam"])
    overdue = SignalActionFactory(signal=owned, due_date=today - timedelta(days=2), what="Rapport opleveren")
    SignalActionFactory(signal=owned, due_date=today + timedelta(days=2), what="Nog niet")
    SignalActionFactory(signal=owned, due_date=today - timedelta(days=2), done_at=timezone.now(), what="Klaar")
    SignalActionFactory(
        signal=SignalFactory(owner=users["kernteam"], status=Status.CLOSED), due_date=today - timedelta(days=1)
    )
    SignalActionFactory(
        signal=SignalFactory(owner=users["kernteam2"]), due_date=today - timedelta(days=9), what="Ander"
    )
    SignalActionFactory(signal=SignalFactory(owner=None), due_date=today - timedelta(days=9))
    assert remind_overdue_actions() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {users["kernteam"].email, users["kernteam2"].email}
    body = by_recipient[users["kernteam"].email].body
    assert "Rapport opleveren" in body and "Nog niet" not in body and "Klaar" not in body
    overdue.refresh_from_db()
    assert overdue.reminded_at is not None
    assert remind_overdue_actions() == 0
    assert len(mail.outbox) == 2


def test_signal_model_history_keeps_decision(db, users, gelderland):
    meeting = LrtMeetingFactory()
    signal = SignalFactory(provinces=[gelderland], status=Status.IN_PROGRESS)
    signal_escalate(signal=signal, meeting=meeting, proposal="P", by=users["kernteam"])
    escalation_decide(meeting=meeting, signal=signal, decision="Akkoord", by=users["lrt"])
    escalation = Escalation.objects.get()
    history = list(escalation.history.order_by("history_date"))
    assert [h.history_user for h in history][:2] == [users["kernteam"], users["lrt"]]
    assert history[1].decision == "Akkoord"
    assert Signal.history.filter(id=signal.pk, status=Status.DECIDED).exists()


def test_lrt_secretary_records_a_meeting(client_for, db):
    """DESIGN.md: the LRT secretary records LRT meetings (was refused with 403)."""
    client = client_for("lrt")
    assert 'href="/monitoring/overleggen/nieuw/"' in client.get("/monitoring/overleggen/").content.decode()
    day = timezone.localdate() + timedelta(days=28)
    response = client.post("/monitoring/overleggen/nieuw/", {"date": day.isoformat(), "title": "LRT februari"})
    assert response.status_code == 302
    assert LrtMeeting.objects.filter(date=day, title="LRT februari").exists()
    assert client_for("prt_utrecht").post("/monitoring/overleggen/nieuw/", {"date": day.isoformat()}).status_code == 403
