"""Reads of publications: the search over them and the suggestions while a question is typed."""

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db.models import Case, F, IntegerField, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.safestring import SafeString

from loket.core import fulltext, textsearch
from loket.core.markdown import markdown_to_text
from loket.publications.models import Publication, PublicationKind


def suggest_published(text: str, *, limit: int = 5) -> QuerySet[Publication]:
    """Published FAQ entries and publications that match `text`: the suggestions shown while a
    question is typed ("Misschien is uw vraag al beantwoord"). Contract used by the questions app.
    Uses the same search as the search box (full-text on PostgreSQL), any word matching, FAQ first."""
    words = [w for w in textsearch.words_of(text) if len(w) >= 4]
    if not words:
        return Publication.objects.none()
    found = search_publications(Publication.objects.published(), " ".join(words), any_word=True, headline=False)
    return found.annotate(
        faq_rank=Case(When(kind=PublicationKind.FAQ, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("faq_rank", "-rank", "-published_at")[:limit]


# --- search --------------------------------------------------------------------------------


def search_publications(
    queryset: QuerySet[Publication], text: str, *, any_word: bool = False, headline: bool = True
) -> QuerySet[Publication]:
    """Filter and rank `queryset` (already scoped) by `text`; annotates `rank` and `fragment`."""
    words = textsearch.words_of(text)
    if not words:
        return queryset.none()
    if textsearch.uses_postgres():
        query = textsearch.ts_query(words, any_word=any_word)
        qs = (
            queryset.annotate(document=fulltext.document(Publication))
            .filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))
        )
        if headline:
            qs = qs.annotate(
                fragment=SearchHeadline(
                    Concat(
                        Coalesce("summary", Value(""), output_field=TextField()),
                        Value(" "),
                        Coalesce("body", Value(""), output_field=TextField()),
                        output_field=TextField(),
                    ),
                    query,
                    config="dutch",
                    start_sel=textsearch.START,
                    stop_sel=textsearch.STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        return qs.order_by("-rank", "-published_at", "-pk")
    fields = ["title", "summary", "body"]
    qs = queryset.filter(textsearch.fallback_filter(words, fields, any_word=any_word)).annotate(
        rank=textsearch.fallback_rank(words, [("title", 4), ("summary", 2), ("body", 1)])
    )
    return qs.order_by("-rank", "-published_at", "-pk")


def publication_fragment(publication: Publication, words: list[str]) -> SafeString:
    """The snippet of a hit as plain text (Markdown stripped by `loket.core.markdown`), hits marked."""
    raw = getattr(publication, "fragment", None)
    if raw is None:
        plain = markdown_to_text(f"{publication.summary}\n\n{publication.body}")
        return textsearch.highlight(textsearch.fallback_fragment(plain, words))
    # The headline of PostgreSQL holds the hit markers; Markdown uses the same control characters
    # itself, so they travel as private-use characters through the conversion.
    swapped = raw.replace(textsearch.START, "\ue000").replace(textsearch.STOP, "\ue001")
    plain = " ".join(markdown_to_text(swapped).split())
    return textsearch.highlight(plain.replace("\ue000", textsearch.START).replace("\ue001", textsearch.STOP))
