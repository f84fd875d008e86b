from django.core.management import call_command

from monitoring.models import Escalation, LrtMeeting, Signal, SignalAction
from monitoring.selectors import overdue_actions
from monitoring.workflow import Status


def test_load_demo_twice(db):
    call_command("load_demo")
    counts = (
        Signal.objects.count(),
        LrtMeeting.objects.count(),
        Escalation.objects.count(),
        SignalAction.objects.count(),
    )
    assert 75 <= counts[0] <= 90
    assert counts[1] == 3
    assert Signal.objects.filter(provinces__isnull=True).exists()
    assert Signal.objects.values("provinces").distinct().count() == 13  # 12 provinces and national
    assert Escalation.objects.filter(decided_at__isnull=False).count() >= 8
    assert Escalation.objects.filter(meeting__date__gt=Signal.objects.first().created_at.date()).exists()
    assert overdue_actions().exists()
    assert Signal.objects.filter(status=Status.DECIDED).exists()
    assert Signal.objects.filter(status=Status.ESCALATED, escalations__decided_at__isnull=True).exists()
    call_command("load_demo")
    assert counts == (
        Signal.objects.count(),
        LrtMeeting.objects.count(),
        Escalation.objects.count(),
        SignalAction.objects.count(),
    )
