"""questions.builders: what demo data, bench seeding and the test factories build a question with
follows the domain rules of the real intake, in bulk."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.core.models import Theme
from questions.builders import Message, NewQuestion, Step, build_question, build_questions
from questions.models import MessageKind, Question, ThemeDeadline
from questions.services import question_submit
from questions.workflow import Status

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _fields(received) -> dict:
    return {"asker_name": "A", "asker_email": "a@example.nl", "subject": "S", "body": "B", "received_at": received}


@pytest.mark.parametrize(
    ("codes", "received"),
    [
        (["KWA"], dt.datetime(2026, 4, 24, 16, 0, tzinfo=AMSTERDAM)),  # the default term, over Koningsdag
        (["BEL-SPR", "FJK"], dt.datetime(2026, 4, 24, 9, 0, tzinfo=AMSTERDAM)),  # the shortest theme term
        (["FJK"], dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)),  # already 2027 in Amsterdam
    ],
)
def test_a_built_question_gets_the_reference_and_due_date_the_intake_gives(codes, received):
    ThemeDeadline.objects.create(theme=Theme.objects.get(code="BEL-SPR"), working_days=2)
    ThemeDeadline.objects.create(theme=Theme.objects.get(code="FJK"), working_days=10)
    themes = list(Theme.objects.filter(code__in=codes))
    submitted = question_submit(themes=themes, organisation_name="Gemeente", **_fields(received))
    built = build_question(themes=themes, **_fields(received))
    assert (built.year, built.sequence) == (submitted.year, submitted.sequence + 1)
    assert built.reference == f"V-{submitted.year}-{submitted.sequence + 1:05d}"
    assert built.due_date == submitted.due_date
    assert built.consent_at == built.received_at == received
    assert set(built.themes.all()) == set(themes)


def test_references_continue_after_the_highest_number_of_each_year():
    build_question(year=2026, sequence=7, **_fields(dt.datetime(2026, 5, 1, 12, 0, tzinfo=AMSTERDAM)))
    arrivals = [dt.datetime(2026, 6, d, 12, 0, tzinfo=AMSTERDAM) for d in (1, 2, 3)]
    arrivals.append(dt.datetime(2027, 1, 5, 12, 0, tzinfo=AMSTERDAM))
    built = build_questions([NewQuestion(Question(**_fields(at))) for at in arrivals])
    assert [q.reference for q in built] == ["V-2026-00008", "V-2026-00009", "V-2026-00010", "V-2027-00001"]


def test_the_default_history_is_the_submission_and_the_move_to_the_status(users):
    asker = users["prt_utrecht"]
    question = build_question(asker=asker, status=Status.ANSWERED, **_fields(None))
    rows = list(question.status_changes.values_list("from_status", "to_status", "by", "by_name"))
    assert rows == [("", Status.NEW, asker.pk, "A"), (Status.NEW, Status.ANSWERED, None, "")]
    assert not build_question(history=(), **_fields(None)).status_changes.exists()


def test_history_and_messages_keep_their_times_and_names(users):
    received = dt.datetime(2025, 3, 3, 9, 0, tzinfo=AMSTERDAM)
    answered = received + dt.timedelta(days=2)
    kim = users["kernteam"]
    question = build_question(
        status=Status.ANSWERED,
        assignee=kim,
        answered_at=answered,
        updated_at=answered,
        history=[Step(to=Status.NEW, by_name="A"), Step(to=Status.ANSWERED, by=kim, at=answered)],
        messages=[
            Message(kind=MessageKind.ANSWER, body="Antwoord", author=kim, at=answered),
            Message(kind=MessageKind.REPLY, body="Dank", at=answered + dt.timedelta(hours=1)),
        ],
        **_fields(received),
    )
    question.refresh_from_db()
    assert question.updated_at == answered  # not the time of the insert
    changes = list(question.status_changes.values_list("from_status", "to_status", "by_name", "created_at"))
    assert changes == [("", Status.NEW, "A", received), (Status.NEW, Status.ANSWERED, kim.get_full_name(), answered)]
    messages = list(question.messages.values_list("kind", "author_name", "created_at"))
    assert messages == [
        (MessageKind.ANSWER, kim.get_full_name(), answered),
        (MessageKind.REPLY, "A", answered + dt.timedelta(hours=1)),
    ]


def test_many_questions_take_a_handful_of_queries_not_one_per_question():
    theme = Theme.objects.get(code="KWA")

    def queries(n: int) -> int:
        items = [
            NewQuestion(
                Question(**_fields(None)),
                themes=[theme],
                messages=[Message(kind=MessageKind.NOTE, body="Notitie")],
            )
            for _ in range(n)
        ]
        with CaptureQueriesContext(connection) as captured:
            build_questions(items)
        return len(captured)

    few, many = queries(3), queries(100)
    assert many <= few + 3  # only the batches that SQLite's limit on parameters splits off
    assert Question.objects.count() == 103
