"""Reads of questions. `questions_visible_to` is the one scoping function for lists, details,
search and exports."""

from django.db.models import QuerySet

from loket.roles import is_core_team

from .models import Question


def questions_visible_to(user) -> QuerySet[Question]:
    """Core team: all questions. Anyone else logged in: the questions they asked with their account
    (matched on the account, not on an e-mail address someone could type). Anonymous: none; an asker
    without an account reaches their own question only through its private link (by token)."""
    if not getattr(user, "is_authenticated", False):
        return Question.objects.none()
    if is_core_team(user):
        return Question.objects.all()
    return Question.objects.filter(asker=user)


def question_by_token(token: str) -> Question | None:
    if not token or len(token) > 64:
        return None
    return Question.objects.filter(token=token).first()
