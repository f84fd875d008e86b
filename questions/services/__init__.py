"""Every write of the questions app that matters, by part: `intake` (a question comes in), `handling`
(the core team's actions), `retention`, and what they share in `common`. Callers import from here."""

from .common import (
    StaleQuestion,
    bump_version,
    display_name,
    lock_question,
    notify_assignee,
    write_history,
)
from .feedback import question_feedback_give
from .handling import (
    question_add_note,
    question_answer,
    question_assign,
    question_bulk_assign,
    question_make_faq,
    question_set_faq_candidate,
    question_transition,
)
from .intake import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENTS,
    check_attachment,
    new_question_token,
    question_reply,
    question_route,
    question_submit,
    routing_input_for,
)
from .retention import (
    ANONYMOUS_ASKER,
    question_anonymise,
    questions_due_for_anonymising,
)

__all__ = [
    "ANONYMOUS_ASKER",
    "ATTACHMENT_TYPES",
    "MAX_ATTACHMENTS",
    "StaleQuestion",
    "bump_version",
    "check_attachment",
    "display_name",
    "lock_question",
    "new_question_token",
    "notify_assignee",
    "question_add_note",
    "question_anonymise",
    "question_answer",
    "question_assign",
    "question_bulk_assign",
    "question_feedback_give",
    "question_make_faq",
    "question_reply",
    "question_route",
    "question_set_faq_candidate",
    "question_submit",
    "question_transition",
    "questions_due_for_anonymising",
    "routing_input_for",
    "write_history",
]
