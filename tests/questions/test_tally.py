"""The tally of questions per status and assignee (questions/tally.py, issue 21) equals a recount of
the questions after every kind of write: the intake and the core team's services, the bulk builders,
queryset updates and deletes, the admin and a deleted user; and the data migration fills it."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from loket.core.models import Theme
from questions import services
from questions.builders import NewQuestion, build_questions
from questions.dashboard import dashboard
from questions.models import Question, QuestionTally
from questions.selectors import list_sizes, overdue_q
from questions.tally import counted
from questions.workflow import OPEN_STATUSES, Status
from tests.questions.factories import QuestionFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db


def tally() -> dict[tuple[str, int], int]:
    return {(s, k): n for s, k, n in QuestionTally.objects.values_list("status", "assignee_key", "n") if n}


def assert_tally_is_a_recount():
    assert tally() == counted(Question.objects.all())


def _ask(**extra):
    return services.question_submit(
        asker_name="Anna Vrager",
        asker_email="anna@example.nl",
        subject="Telt een satellietlocatie mee?",
        body="Een vraag over de opgave.",
        themes=[Theme.objects.get(code="KWA")],
        **extra,
    )


def test_tally_follows_the_services(users, utrecht, django_capture_on_commit_callbacks):
    core, other = users["kernteam"], users["kernteam2"]
    assert_tally_is_a_recount()
    unrouted = _ask()  # no rule: the triage queue
    assert tally()[(Status.NEW, 0)] >= 1
    with django_capture_on_commit_callbacks(execute=True):  # saved and committed, as in the admin
        RoutingRuleFactory(province=utrecht, assignee=other)
    routed = _ask(province=utrecht)  # inserted as new, then routed to `other` in the same transaction
    assert routed.assignee_id == other.pk
    assert_tally_is_a_recount()

    services.question_assign(question=unrouted, assignee=core, by=core)
    assert_tally_is_a_recount()
    services.question_transition(question=unrouted, to=Status.IN_PROGRESS, by=core)
    assert_tally_is_a_recount()
    services.question_answer(question=unrouted, body="Ja, dat telt mee.", by=core)
    assert_tally_is_a_recount()
    unrouted.refresh_from_db()
    services.question_reply(question=unrouted, body="Dank, nog een vraag.")  # reopens
    assert_tally_is_a_recount()
    services.question_bulk_assign(question_ids=[unrouted.pk, routed.pk], assignee=None, by=core)
    assert_tally_is_a_recount()
    services.question_bulk_assign(question_ids=[unrouted.pk, routed.pk], assignee=other, by=core)
    assert_tally_is_a_recount()
    assert tally()[(Status.ASSIGNED, other.pk)] >= 1


def test_tally_follows_bulk_writes_updates_and_deletes(users):
    core = users["kernteam"]
    theme = Theme.objects.get(code="KWA")
    build_questions(
        [
            NewQuestion(
                question=Question(asker_name=f"V{i}", asker_email=f"v{i}@example.nl", subject="S", body="B"),
                themes=[theme],
            )
            for i in range(5)
        ]
    )
    QuestionFactory(status=Status.ANSWERED, assignee=core)
    assert_tally_is_a_recount()

    Question.objects.filter(status=Status.NEW).update(status=Status.ASSIGNED, assignee=core)
    assert_tally_is_a_recount()
    Question.objects.filter(pk=Question.objects.order_by("pk").first().pk).update(version=7)  # no count changes
    assert_tally_is_a_recount()
    Question.objects.order_by("pk").first().delete()
    assert_tally_is_a_recount()
    Question.objects.filter(status=Status.ANSWERED).delete()
    assert_tally_is_a_recount()
    get_user_model().objects.filter(pk=core.pk).delete()  # assignee SET_NULL: back to nobody
    assert Question.objects.filter(assignee__isnull=True).exists()
    assert_tally_is_a_recount()


def test_tally_follows_the_admin(client_for, users):
    question = QuestionFactory()
    client = client_for("beheerder")
    url = reverse("admin:questions_question_change", args=[question.pk])
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, {"faq_candidate": "on", "status": Status.CLOSED, "assignee": users["kernteam"].pk})
    assert response.status_code in (200, 302)
    question.refresh_from_db()
    assert question.status == Status.NEW  # the admin keeps the state: nothing to count
    assert_tally_is_a_recount()


def test_dashboard_and_list_counts_equal_a_recount(client_for, users):
    core = users["kernteam"]
    for status, assignee in [
        (Status.NEW, None),
        (Status.NEW, None),
        (Status.ASSIGNED, core),
        (Status.IN_PROGRESS, users["kernteam2"]),
        (Status.CLOSED, core),
    ]:
        QuestionFactory(status=status, assignee=assignee)
    late = QuestionFactory(status=Status.ASSIGNED, assignee=core)
    Question.objects.filter(pk=late.pk).update(due_date="2020-01-02")
    data = dashboard(core)
    everything = Question.objects.all()
    open_ = everything.filter(status__in=list(OPEN_STATUSES))
    assert data["mine_count"] == open_.filter(assignee=core).count() == 2
    assert data["triage_count"] == open_.filter(assignee__isnull=True).count() == 2
    assert data["overdue_count"] == everything.filter(overdue_q()).count() == 1
    assert dict(data["status_counts"]) == {s: everything.filter(status=s).count() for s in Status}
    assert list_sizes(core) == (1, everything.count())
    html = client_for("kernteam").get(reverse("questions:list")).content.decode()
    assert f"{everything.count()} vragen gevonden" in html


BEFORE = [("questions", "0009_status_received_idx")]
AFTER = [("questions", "0010_question_tally")]


@pytest.fixture
def back_to_the_latest_migrations():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_fills_the_tally(back_to_the_latest_migrations, users):
    QuestionFactory(status=Status.NEW)
    QuestionFactory(status=Status.ASSIGNED, assignee=users["kernteam"])
    QuestionFactory(status=Status.ASSIGNED, assignee=users["kernteam"])
    expected = counted(Question.objects.all())
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("questions", "Question")
    old.objects.filter(status=Status.NEW).update(status=Status.CLOSED)  # written without the triggers
    expected[(Status.CLOSED, 0)] = expected.pop((Status.NEW, 0))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert tally() == expected == counted(Question.objects.all())
    QuestionFactory(status=Status.NEW)  # and the triggers are back
    assert_tally_is_a_recount()
