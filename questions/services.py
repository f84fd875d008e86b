"""Writes that matter for questions. Each runs in a transaction; side effects start on commit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import MessageKind, Question, QuestionMessage, StatusChange
from .workflow import Status, can_transition


def question_transition(*, question: Question, to: Status, by=None, note: str = "", by_name: str = "") -> Question:
    """Move a question to `to`, locking its row; refuse an illegal move; write the history row."""
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        source = Status(locked.status)
        if not can_transition(source, to):
            raise ValidationError(
                _("Een vraag met status “%(from)s” kan niet naar “%(to)s”."),
                code="illegal_transition",
                params={"from": source.label, "to": Status(to).label},
            )
        now = timezone.now()
        locked.status = to
        if to == Status.ANSWERED:
            locked.answered_at = now
        if to == Status.CLOSED:
            locked.closed_at = now
        locked.save(update_fields=["status", "answered_at", "closed_at", "updated_at"])
        StatusChange.objects.create(
            question=locked,
            from_status=source,
            to_status=to,
            by=by if getattr(by, "is_authenticated", False) else None,
            by_name=by_name or (by.get_full_name() or by.get_username() if by else ""),
            note=note,
        )
    return locked


def question_answer(*, question: Question, body: str, by, note: str = "") -> QuestionMessage:
    """Record an answer to the asker and move the question to "beantwoord".

    Contract used by other apps (the experts app sends a reviewed expert answer through it).
    The questions app mails the answer to the asker on commit.
    """
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Schrijf een antwoord."), code="empty_answer")
    with transaction.atomic():
        message = QuestionMessage.objects.create(
            question=question,
            kind=MessageKind.ANSWER,
            author=by,
            author_name=by.get_full_name() or by.get_username(),
            body=body,
        )
        question_transition(question=question, to=Status.ANSWERED, by=by, note=note)
    return message
