"""Working-day deadlines: weekends and Dutch public holidays do not count."""

from collections.abc import Iterable

from django.conf import settings


def working_days_for(theme_ids: Iterable[int]) -> int:
    """The term for a question on these themes: the shortest term set for one of them (the question
    must be answered in time for every theme), otherwise QUESTIONS_DEFAULT_WORKING_DAYS."""
    from .models import ThemeDeadline

    ids = list(theme_ids)
    terms = list(ThemeDeadline.objects.filter(theme_id__in=ids).values_list("working_days", flat=True)) if ids else []
    return min(terms) if terms else settings.QUESTIONS_DEFAULT_WORKING_DAYS
