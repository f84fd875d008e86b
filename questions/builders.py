"""Questions as the domain makes them, for demo data, bench seeding and test factories.

Written once here: the reference `V-<year>-<nnnnn>` continues after the highest number of the year
the question arrived in (local time), the due date counts the working days of its themes
(`questions.deadlines`) from that day, consent is given on arrival, the themes are linked and the
status history starts with the asker's submission. Messages and later history rows carry the time
the caller gives. Many questions go in a handful of bulk inserts (the bench makes 10,000).

Builders only write rows: no routing, no mail, no task. Real intake is `services.question_submit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from loket.core.bulk import BATCH, bulk_insert
from loket.core.models import Theme
from loket.core.workdays import add_working_days

from .models import Question, QuestionMessage, StatusChange, ThemeDeadline
from .references import advance_sequences, next_sequences, question_reference
from .workflow import Status


@dataclass(frozen=True)
class Step:
    """One history row: the move to `to`. `from_status` None: the status of the step before (the
    first step comes from nothing); `at` None: when the question arrived; `by_name` empty: the name
    of `by`."""

    to: str
    at: datetime | None = None
    by: object = None
    by_name: str = ""
    note: str = ""
    from_status: str | None = None


@dataclass(frozen=True)
class Message:
    """A reply to the asker, the asker's reaction or an internal note. `author` None: the asker."""

    kind: str
    body: str
    at: datetime | None = None
    author: object = None
    author_name: str = ""


@dataclass
class NewQuestion:
    """One question to build. `question` is unsaved; reference, year, sequence, due date, consent
    and arrival may be left empty. `history` None: the asker's submission, then (when the question
    has moved on) the move to its status; `()`: no history rows."""

    question: Question
    themes: Sequence[Theme] = ()
    history: Sequence[Step] | None = None
    messages: Sequence[Message] = ()


def submitted(question: Question) -> list[Step]:
    """The default history: the asker submits the question, and it moved on to its status."""
    steps = [Step(to=Status.NEW, by=question.asker, by_name=question.asker_name)]
    if question.status != Status.NEW:
        steps.append(Step(to=question.status))
    return steps


def _display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _working_days(theme_ids: Iterable[int], terms: dict[int, int]) -> int:
    """`deadlines.working_days_for`, from the terms read once for the whole batch."""
    found = [terms[pk] for pk in theme_ids if pk in terms]
    return min(found) if found else settings.QUESTIONS_DEFAULT_WORKING_DAYS


def _complete(items: Sequence[NewQuestion]) -> None:
    """Fill in what the domain decides: arrival, consent, reference and due date."""
    now = timezone.now()
    terms = dict(ThemeDeadline.objects.values_list("theme_id", "working_days"))
    for item in items:
        q = item.question
        q.received_at = q.received_at or now
        q.consent_at = q.consent_at or q.received_at
        if q.year is None:
            q.year = timezone.localtime(q.received_at).year
        if q.due_date is None:
            arrived: date = timezone.localtime(q.received_at).date()
            q.due_date = add_working_days(arrived, _working_days((t.pk for t in item.themes), terms))
    # Numbers from the year's counter, the one series the service draws from too (loket.core.counters);
    # a number given explicitly moves the counter past it.
    explicit: dict[int, int] = {}
    missing: dict[int, int] = {}
    for item in items:
        q = item.question
        if q.sequence is None:
            missing[q.year] = missing.get(q.year, 0) + 1
        else:
            explicit[q.year] = max(explicit.get(q.year, 0), q.sequence)
    for year, highest in explicit.items():
        advance_sequences(year, highest)
    following = {year: next_sequences(year, count) for year, count in missing.items()}
    for item in items:
        q = item.question
        if q.sequence is None:
            q.sequence = following[q.year]
            following[q.year] += 1
        if not q.reference:
            q.reference = question_reference(q.year, q.sequence)


def build_questions(items: Sequence[NewQuestion], *, batch_size: int = BATCH) -> list[Question]:
    """Insert the questions with their themes, history and messages; returns them saved, in order."""
    items = list(items)
    with transaction.atomic():
        _complete(items)
        questions = bulk_insert(Question, [item.question for item in items], batch_size=batch_size)
        through = Question.themes.through
        links, history, messages = [], [], []
        for item, question in zip(items, questions, strict=True):
            links.extend(through(question_id=question.pk, theme_id=theme.pk) for theme in item.themes)
            previous = ""
            for step in submitted(question) if item.history is None else item.history:
                source = previous if step.from_status is None else step.from_status
                history.append(
                    StatusChange(
                        question_id=question.pk,
                        from_status=source,
                        to_status=step.to,
                        by=step.by,
                        by_name=step.by_name or _display_name(step.by),
                        note=step.note,
                        created_at=step.at or question.received_at,
                    )
                )
                previous = step.to
            messages.extend(
                QuestionMessage(
                    question_id=question.pk,
                    kind=message.kind,
                    author=message.author,
                    author_name=message.author_name or _display_name(message.author) or question.asker_name,
                    body=message.body,
                    created_at=message.at or question.received_at,
                )
                for message in item.messages
            )
        bulk_insert(through, links, batch_size=batch_size)
        bulk_insert(StatusChange, history, batch_size=batch_size)
        bulk_insert(QuestionMessage, messages, batch_size=batch_size)
    return questions


def build_question(
    *,
    themes: Sequence[Theme] = (),
    history: Sequence[Step] | None = None,
    messages: Sequence[Message] = (),
    **fields,
) -> Question:
    """One question; `fields` are Question fields (asker_name, asker_email, subject, body, status, ...)."""
    item = NewQuestion(Question(**fields), themes=list(themes), history=history, messages=list(messages))
    return build_questions([item])[0]
