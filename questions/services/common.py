"""What the question services share: the row lock with its version check, the history row and the
assignee's mail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from loket.core.outbox import enqueue_on_commit

from ..models import Question, StatusChange


class StaleQuestion(ValidationError):
    """Somebody else changed the question after this user opened it."""


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def lock_question(question: Question, expected_version: int | None) -> Question:
    """Lock the row; refuse when the caller acted on an older version (optimistic concurrency)."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleQuestion(
            _(
                "Een collega heeft deze vraag zojuist gewijzigd. Uw wijziging is niet opgeslagen. "
                "Hieronder ziet u de actuele stand; voer uw wijziging zo nodig opnieuw uit."
            ),
            code="stale",
        )
    return locked


def bump_version(question: Question, *fields: str) -> None:
    question.version += 1
    question.save(update_fields=[*fields, "version", "updated_at"])


def history_row(
    question: Question, *, source: str, to: str, by=None, note: str = "", by_name: str = ""
) -> StatusChange:
    """The history row of one move, not saved yet (`write_history` saves it; a new question saves its
    rows together)."""
    return StatusChange(
        question=question,
        from_status=source,
        to_status=to,
        by=by if getattr(by, "is_authenticated", False) else None,
        by_name=by_name or display_name(by),
        note=note,
    )


def write_history(question: Question, *, source: str, to: str, by=None, note: str = "", by_name: str = "") -> None:
    history_row(question, source=source, to=to, by=by, note=note, by_name=by_name).save(force_insert=True)


def notify_assignee(question: Question, assignee_id: int) -> None:
    """Mail the new assignee on commit. Clears the assignment mail's sent-marker (the caller saves
    it with the assignee): a new assignment is a new mail, a redelivered task is not."""
    question.assignment_mailed_at = None
    enqueue_on_commit("questions.send_question_assigned", question.pk, assignee_id)
