"""The asker's "Heeft dit antwoord u geholpen?" about one answer (from the answer mail or the private page)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Helpfulness, MessageKind, Question, QuestionFeedback, QuestionMessage


def question_feedback_give(
    *, question: Question, message: QuestionMessage, rating: str, comment: str = ""
) -> QuestionFeedback:
    """Record (or change: the latest choice counts) the asker's feedback on one answer of their question."""
    if message.question_id != question.pk or message.kind != MessageKind.ANSWER:
        raise ValidationError(_("Dit antwoord hoort niet bij deze vraag."))
    if rating not in Helpfulness.values:
        raise ValidationError(_("Kies ja, gedeeltelijk of nee."), code="invalid_rating")
    with transaction.atomic():
        feedback, _created = QuestionFeedback.objects.update_or_create(
            message=message, defaults={"question": question, "rating": rating, "comment": comment.strip()}
        )
    return feedback
