"""Reads of the loket app."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import Publication, PublicationKind


def suggest_published(text: str, *, limit: int = 5) -> QuerySet[Publication]:
    """Published FAQ entries and publications that match `text`: the suggestions shown while a
    question is typed ("Misschien is uw vraag al beantwoord"). Contract used by the questions app;
    the loket app makes it use the full-text search."""
    words = [w for w in (text or "").split() if len(w) >= 4][:8]
    if not words:
        return Publication.objects.none()
    match = Q()
    for word in words:
        match |= Q(title__icontains=word) | Q(summary__icontains=word)
    return (
        Publication.objects.published()
        .filter(match)
        .annotate(
            faq_rank=Case(When(kind=PublicationKind.FAQ, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("faq_rank", "-published_at")[:limit]
    )
