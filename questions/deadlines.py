"""Working-day deadlines: weekends and Dutch public holidays do not count."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from .models import ThemeDeadline


def working_days_for(theme_ids: Iterable[int]) -> int:
    """The term for a question on these themes: the shortest term set for one of them (the question
    must be answered in time for every theme), otherwise QUESTIONS_DEFAULT_WORKING_DAYS."""
    ids = list(theme_ids)
    terms = list(ThemeDeadline.objects.filter(theme_id__in=ids).values_list("working_days", flat=True)) if ids else []
    return min(terms) if terms else settings.QUESTIONS_DEFAULT_WORKING_DAYS


def with_terms(themes: QuerySet) -> QuerySet:
    """Themes annotated with their term (`term_working_days`, None without a ThemeDeadline), read in
    the same query: the question form's themes, so that submitting needs no query for the deadline."""
    term = ThemeDeadline.objects.filter(theme=OuterRef("pk")).values("working_days")[:1]
    return themes.annotate(term_working_days=Subquery(term))


def working_days_for_themes(themes: Iterable) -> int:
    """`working_days_for` the Theme objects of a question: from their annotated terms (`with_terms`)
    when they carry them, otherwise looked up."""
    themes = list(themes)
    if themes and all(hasattr(t, "term_working_days") for t in themes):
        terms = [t.term_working_days for t in themes if t.term_working_days is not None]
        return min(terms) if terms else settings.QUESTIONS_DEFAULT_WORKING_DAYS
    return working_days_for(t.pk for t in themes)
