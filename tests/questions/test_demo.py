from django.core.management import call_command

from questions.models import Question, RoutingRule, StatusChange
from questions.workflow import Status


def test_load_demo_twice_is_idempotent(db):
    call_command("load_demo")
    counts = (Question.objects.count(), StatusChange.objects.count(), RoutingRule.objects.count())
    call_command("load_demo")
    assert (Question.objects.count(), StatusChange.objects.count(), RoutingRule.objects.count()) == counts
    assert 35 <= counts[0] <= 45
    statuses = set(Question.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in Status}
    assignees = set(Question.objects.exclude(assignee=None).values_list("assignee__username", flat=True))
    assert assignees == {"kernteam", "kernteam2"}
    assert Question.objects.filter(assignee=None).exists()  # the triage queue is not empty
    assert Question.objects.filter(province=None).exists()
    assert set(RoutingRule.objects.values_list("assignee__username", flat=True)) == {"kernteam", "kernteam2"}
