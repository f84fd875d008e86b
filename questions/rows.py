"""The rows of the core team's question tables (the list /kernteam/vragen/ and the dashboard /kernteam/):
the question's own columns that `questions/templatetags/question_tables.py` shows, as plain values instead
of model objects (issue 21: making 25 model objects of a deferred-field queryset cost more than reading
them). `questions.selectors.with_row_labels` adds the names and themes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(slots=True)
class QuestionRow:
    """A row of the core team's question tables (the list and the dashboard): the question's own columns
    that `question_table` shows, as plain values (`ROW_FIELDS`, read with `values_list` or a fixed
    statement) instead of a model object; `with_row_labels` sets the rest (names, themes, `is_overdue`)."""

    pk: int
    reference: str
    subject: str
    status: str
    faq_candidate: bool
    received_at: datetime.datetime
    due_date: datetime.date
    organisation_name: str
    province_id: int | None
    organisation_id: int | None
    assignee_id: int | None
    is_overdue: bool = False
    theme_names: list[str] = field(default_factory=list)
    province_name: str = ""
    organisation_label: str = ""
    assignee_name: str = ""


# The question's columns a row reads, in QuestionRow's order; the typed ones through the ORM's converters.
ROW_FIELDS = (
    "id",
    "reference",
    "subject",
    "status",
    "faq_candidate",
    "received_at",
    "due_date",
    "organisation_name",
    "province",
    "organisation",
    "assignee",
)
TYPED_FIELDS = ("faq_candidate", "received_at", "due_date")


def question_rows(values: Iterable[tuple]) -> list[QuestionRow]:
    """QuestionRows of tuples of `ROW_FIELDS` (`queryset.values_list(*ROW_FIELDS)`: the ORM has applied
    its converters)."""
    return [QuestionRow(*row) for row in values]
