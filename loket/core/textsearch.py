"""The mechanics every search shares: words of a query, ranked matching and fragments with the hits
marked.

PostgreSQL: full-text search with the Dutch configuration, ranked, with highlighted fragments, on
the stored documents of the tables, each with a GIN index (loket/core/fulltext.py). Every query word is
also searched as a prefix of its bare form (plural endings off), because the Dutch snowball stemmer
keeps "opvanglocaties" and "opvanglocatie" apart. SQLite (development, tests): every word as a
case-insensitive substring, ranked by where it occurs.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from loket.core import fulltext

MIN_WORD = 2
MAX_WORDS = 10
START, STOP = "\x02", "\x03"  # markers around a hit; replaced by <mark> after escaping the text
_WORD = re.compile(r"\w+", re.UNICODE)
# Plural and inflection endings taken off before the prefix search (longest first).
_ENDINGS = ("'s", "heden", "eren", "en", "s", "e")


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def words_of(text: str) -> list[str]:
    seen: list[str] = []
    for word in _WORD.findall((text or "").lower()):
        if len(word) >= MIN_WORD and word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def bare_form(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _tsquery_source(words: list[str], *, any_word: bool) -> str:
    """A raw tsquery: each word as itself or as a prefix of its bare form. Words are \\w+ only."""
    terms = [f"({w} | {bare_form(w)}:*)" for w in words]
    return (" | " if any_word else " & ").join(terms)


def ts_query(words: list[str], *, any_word: bool) -> SearchQuery:
    return SearchQuery(_tsquery_source(words, any_word=any_word), search_type="raw", config="dutch")


def highlight(text: str) -> SafeString:
    """Escape a fragment and turn the hit markers into <mark>."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped


def fallback_fragment(text: str, words: list[str], *, size: int = 220) -> str:
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [lowered.find(bare_form(w)) for w in words]
    positions = [p for p in positions if p >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    fragment = text[start : start + size]
    for word in sorted({bare_form(w) for w in words}, key=len, reverse=True):
        fragment = re.sub(rf"(\w*{re.escape(word)}\w*)", rf"{START}\1{STOP}", fragment, flags=re.IGNORECASE)
    return ("…" if start else "") + fragment + ("…" if start + size < len(text) else "")


def fallback_filter(words: list[str], fields: list[str], *, any_word: bool) -> Q:
    combined = Q()
    for word in words:
        bare = bare_form(word)
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": bare})
        combined = (combined | match) if any_word else (combined & match)
    return combined


def fallback_rank(words: list[str], weighted: list[tuple[str, int]]):
    """Sum of weights of the fields in which each word occurs (title counts most)."""
    total = Value(0)
    for word in words:
        bare = bare_form(word)
        for name, weight in weighted:
            total = total + Case(
                When(**{f"{name}__icontains": bare}, then=Value(weight)), default=Value(0), output_field=IntegerField()
            )
    return total


def search_model(queryset: QuerySet, words: list[str], *, limit: int) -> list:
    """Search one table's rows in `queryset` (already scoped) for `words`: on PostgreSQL over
    the table's stored document (GIN index, loket/core/fulltext.py), ranked; the fragment from the
    fields after the first (the title)."""
    fields = fulltext.fields_of(queryset.model)
    if uses_postgres():
        vector = fulltext.document(queryset.model)
        query = ts_query(words, any_word=False)
        source = Concat(
            *[
                part
                for name in fields[1:]
                for part in (Coalesce(name, Value(""), output_field=TextField()), Value(" "))
            ],
            output_field=TextField(),
        )
        rows = (
            queryset.annotate(document=vector)
            .filter(document=query)
            .annotate(
                rank=SearchRank(F("document"), query),
                fragment=SearchHeadline(
                    source, query, config="dutch", start_sel=START, stop_sel=STOP, max_words=30, min_words=12
                ),
            )
            .order_by("-rank", "-pk")[:limit]
        )
        return list(rows)
    weighted = [(fields[0], 4)] + [(name, 1) for name in fields[1:]]
    rows = list(
        queryset.filter(fallback_filter(words, fields, any_word=False))
        .annotate(rank=Coalesce(fallback_rank(words, weighted), Value(0), output_field=FloatField()))
        .order_by("-rank", "-pk")[:limit]
    )
    for row in rows:
        row.fragment = fallback_fragment(" ".join(str(getattr(row, name) or "") for name in fields[1:]), words)
    return rows
