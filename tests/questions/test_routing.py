from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.core.models import Organisation, Province, Theme
from questions.models import RoutingRule
from questions.routing import RoutingInput, pick_rule
from questions.services import question_submit
from questions.workflow import Status
from tests.questions.factories import RoutingRuleFactory

THEME_A, THEME_B, SUB_A = 1, 2, 3
UTRECHT, GELDERLAND = 26, 25


def rule(name, order, theme=None, province=None, org_type="", active=True):
    return SimpleNamespace(
        name=name,
        order=order,
        theme_id=theme,
        province_id=province,
        organisation_type=org_type,
        is_active=active,
        assignee_id=0,
    )


RULES = [
    rule("utrecht-gemeente", 5, province=UTRECHT, org_type="gemeente"),
    rule("inactief-thema-b", 8, theme=THEME_B, active=False),
    rule("thema-a", 10, theme=THEME_A),
    rule("thema-a-gelderland", 9, theme=THEME_A, province=GELDERLAND),
    rule("thema-b-koepel", 20, theme=THEME_B, org_type="koepel"),
    rule("gelderland", 30, province=GELDERLAND),
]


@pytest.mark.parametrize(
    ("themes", "province", "org_type", "expected"),
    [
        ({THEME_A}, None, "", "thema-a"),
        ({THEME_A}, GELDERLAND, "", "thema-a-gelderland"),  # lower order wins
        ({THEME_A}, UTRECHT, "gemeente", "utrecht-gemeente"),
        ({THEME_A}, UTRECHT, "provincie", "thema-a"),
        ({THEME_B}, None, "", None),  # the only plain theme-B rule is inactive: triage queue
        ({THEME_B}, None, "koepel", "thema-b-koepel"),
        ({THEME_B}, GELDERLAND, "", "gelderland"),
        ({THEME_B, THEME_A}, None, "koepel", "thema-a"),
        ({SUB_A}, None, "", None),
        (set(), None, "", None),
        (set(), GELDERLAND, "zbo", "gelderland"),
    ],
)
def test_pick_rule_table(themes, province, org_type, expected):
    picked = pick_rule(
        RULES, RoutingInput(theme_ids=frozenset(themes), province_id=province, organisation_type=org_type)
    )
    assert (picked.name if picked else None) == expected


def test_equal_order_keeps_given_order():
    first, second = rule("eerste", 10), rule("tweede", 10)
    assert pick_rule([first, second], RoutingInput(frozenset(), None, "")) is first


def _submit(theme_code, province_code="PV26", org_code="VNG"):
    organisation = Organisation.objects.get(code=org_code)
    return question_submit(
        asker_name="Anna",
        asker_email="anna@example.nl",
        subject="Onderwerp",
        body="Vraag",
        themes=[Theme.objects.get(code=theme_code)],
        organisation=organisation,
        province=Province.objects.get(code=province_code) if province_code else None,
    )


def test_submit_routes_records_rule_and_mails_assignee(db, users, django_capture_on_commit_callbacks):
    main = Theme.objects.get(code="KWA")
    RoutingRuleFactory(order=5, theme=main, assignee=users["kernteam2"], is_active=False)
    matched = RoutingRuleFactory(order=10, theme=main, assignee=users["kernteam2"])  # main theme: sub-themes too
    RoutingRuleFactory(order=20, province=Province.objects.get(code="PV26"), assignee=users["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        question = _submit("KWA-PRO")
    question.refresh_from_db()
    assert question.assignee == users["kernteam2"]
    assert question.routed_by == matched
    assert question.status == Status.ASSIGNED
    assert question.status_changes.last().note.startswith("Gerouteerd door regel")
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["anna@example.nl", users["kernteam2"].email]
    assigned = next(m for m in mail.outbox if m.to == [users["kernteam2"].email])
    assert question.reference in assigned.subject
    assert f"/kernteam/vragen/{question.pk}/" in assigned.body


def test_no_match_goes_to_triage_queue(db, users, django_capture_on_commit_callbacks):
    RoutingRuleFactory(order=10, theme=Theme.objects.get(code="LOC"), assignee=users["kernteam"])
    with django_capture_on_commit_callbacks(execute=True):
        question = _submit("KWA-PRO")
    question.refresh_from_db()
    assert (question.assignee, question.routed_by, question.status) == (None, None, Status.NEW)
    assert [m.to for m in mail.outbox] == [["anna@example.nl"]]


def test_rule_of_inactive_user_is_skipped(db, users):
    users["kernteam"].is_active = False
    users["kernteam"].save()
    RoutingRuleFactory(order=1, province=Province.objects.get(code="PV26"), assignee=users["kernteam"])
    fallback = RoutingRuleFactory(order=2, province=Province.objects.get(code="PV26"), assignee=users["kernteam2"])
    question = _submit("KWA", "PV26")
    assert question.routed_by == fallback
    assert RoutingRule.objects.count() == 2


def test_committed_rule_changes_apply_to_the_next_submission(db, users, django_capture_on_commit_callbacks):
    """The rules come from the cached reference lists: a new rule, a deactivated rule and a deactivated
    assignee count from the next submission after they are committed."""
    assert _submit("KWA").routed_by is None  # the (empty) rules are cached now
    with django_capture_on_commit_callbacks(execute=True):
        rule = RoutingRuleFactory(order=1, theme=Theme.objects.get(code="KWA"), assignee=users["kernteam"])
    assert _submit("KWA").routed_by == rule
    with django_capture_on_commit_callbacks(execute=True):
        users["kernteam"].is_active = False
        users["kernteam"].save()
    assert _submit("KWA").routed_by is None
    with django_capture_on_commit_callbacks(execute=True):
        users["kernteam"].is_active = True
        users["kernteam"].save()
        rule.is_active = False
        rule.save()
    assert _submit("KWA").routed_by is None


def test_a_routed_question_is_written_once(db, users, django_capture_on_commit_callbacks):
    """Routed before it is stored: one INSERT of the question with its assignee (no UPDATE after it) and
    one INSERT for both history rows, in their order; the assignee is still mailed."""
    rule = RoutingRuleFactory(order=1, theme=Theme.objects.get(code="KWA"), assignee=users["kernteam2"])
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        question = _submit("KWA-PRO")  # the mails (which mark the question as mailed) after the capture
    writes = [q["sql"] for q in queries.captured_queries if '"questions_question"' in q["sql"].split("(")[0]]
    assert [sql.split()[0] for sql in writes if not sql.startswith("SELECT")] == ["INSERT"]
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    history = [sql for sql in inserts if sql.startswith('INSERT INTO "questions_statuschange"')]
    assert len(history) == 1
    question.refresh_from_db()
    assert (question.assignee, question.routed_by, question.status, question.version) == (
        users["kernteam2"],
        rule,
        Status.ASSIGNED,
        1,
    )
    assert [(c.from_status, c.to_status) for c in question.status_changes.all()] == [
        ("", Status.NEW),
        (Status.NEW, Status.ASSIGNED),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.nl", users["kernteam2"].email]
