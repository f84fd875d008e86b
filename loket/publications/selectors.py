"""Reads of the loket app."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from loket.publications.models import Publication, PublicationKind


def suggest_published(text: str, *, limit: int = 5) -> QuerySet[Publication]:
    """Published FAQ entries and publications that match `text`: the suggestions shown while a
    question is typed ("Misschien is uw vraag al beantwoord"). Contract used by the questions app.
    Uses the same search as the search box (full-text on PostgreSQL), any word matching, FAQ first."""
    from loket.portal.search import search_publications, words_of

    words = [w for w in words_of(text) if len(w) >= 4]
    if not words:
        return Publication.objects.none()
    found = search_publications(Publication.objects.published(), " ".join(words), any_word=True, headline=False)
    return found.annotate(
        faq_rank=Case(When(kind=PublicationKind.FAQ, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("faq_rank", "-rank", "-published_at")[:limit]
