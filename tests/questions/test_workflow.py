import itertools

import pytest
from django.core.exceptions import ValidationError

from questions.models import StatusChange
from questions.services import question_transition
from questions.workflow import TRANSITIONS, Status
from tests.questions.factories import QuestionFactory


@pytest.mark.parametrize(("source", "target"), list(itertools.product(Status, Status)))
def test_every_status_pair(db, users, source, target):
    question = QuestionFactory(status=source)
    allowed = target in TRANSITIONS[source]
    if allowed:
        question_transition(question=question, to=target, by=users["kernteam"], note="test")
        question.refresh_from_db()
        assert question.status == target
        change = StatusChange.objects.get(question=question)
        assert (change.from_status, change.to_status, change.by, change.note) == (
            source,
            target,
            users["kernteam"],
            "test",
        )
    else:
        with pytest.raises(ValidationError) as info:
            question_transition(question=question, to=target, by=users["kernteam"])
        assert "kan niet naar" in info.value.messages[0]
        question.refresh_from_db()
        assert question.status == source
        assert not StatusChange.objects.filter(question=question).exists()


def test_transition_sets_answered_and_closed_times(db, users):
    question = QuestionFactory(status=Status.IN_PROGRESS)
    question_transition(question=question, to=Status.ANSWERED, by=users["kernteam"])
    question_transition(question=question, to=Status.CLOSED, by=users["kernteam"])
    question.refresh_from_db()
    assert question.answered_at and question.closed_at
    assert question.version == 2
