"""One search over everything a user may see: publications and FAQ for everyone; questions,
experts and signals for the core team (each through its app's scoping selector).

PostgreSQL: full-text search with the Dutch configuration, ranked, with highlighted fragments, on
the stored documents of the tables, each with a GIN index (loket/fulltext.py). Every query word is
also searched as a prefix of its bare form (plural endings off), because the Dutch snowball stemmer
keeps "opvanglocaties" and "opvanglocatie" apart. SQLite (development, tests): every word as a
case-insensitive substring, ranked by where it occurs.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from loket.core import fulltext
from loket.core.roles import is_core_team
from loket.publications.models import Publication, PublicationKind

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


def _ts_query(words: list[str], *, any_word: bool) -> SearchQuery:
    return SearchQuery(_tsquery_source(words, any_word=any_word), search_type="raw", config="dutch")


def highlight(text: str) -> SafeString:
    """Escape a fragment and turn the hit markers into <mark>."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped


def _fallback_fragment(text: str, words: list[str], *, size: int = 220) -> str:
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [lowered.find(bare_form(w)) for w in words]
    positions = [p for p in positions if p >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    fragment = text[start : start + size]
    for word in sorted({bare_form(w) for w in words}, key=len, reverse=True):
        fragment = re.sub(rf"(\w*{re.escape(word)}\w*)", rf"{START}\1{STOP}", fragment, flags=re.IGNORECASE)
    return ("…" if start else "") + fragment + ("…" if start + size < len(text) else "")


def _fallback_filter(words: list[str], fields: list[str], *, any_word: bool) -> Q:
    combined = Q()
    for word in words:
        bare = bare_form(word)
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": bare})
        combined = (combined | match) if any_word else (combined & match)
    return combined


def _fallback_rank(words: list[str], weighted: list[tuple[str, int]]):
    """Sum of weights of the fields in which each word occurs (title counts most)."""
    total = Value(0)
    for word in words:
        bare = bare_form(word)
        for name, weight in weighted:
            total = total + Case(
                When(**{f"{name}__icontains": bare}, then=Value(weight)), default=Value(0), output_field=IntegerField()
            )
    return total


# --- publications --------------------------------------------------------------------------------


def search_publications(
    queryset: QuerySet[Publication], text: str, *, any_word: bool = False, headline: bool = True
) -> QuerySet[Publication]:
    """Filter and rank `queryset` (already scoped) by `text`; annotates `rank` and `fragment`."""
    words = words_of(text)
    if not words:
        return queryset.none()
    if uses_postgres():
        query = _ts_query(words, any_word=any_word)
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
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        return qs.order_by("-rank", "-published_at", "-pk")
    fields = ["title", "summary", "body"]
    qs = queryset.filter(_fallback_filter(words, fields, any_word=any_word)).annotate(
        rank=_fallback_rank(words, [("title", 4), ("summary", 2), ("body", 1)])
    )
    return qs.order_by("-rank", "-published_at", "-pk")


def publication_fragment(publication: Publication, words: list[str]) -> SafeString:
    raw = getattr(publication, "fragment", None)
    if raw is None:
        raw = _fallback_fragment(f"{publication.summary} {publication.body}", words)
    return highlight(raw)


# --- everything ----------------------------------------------------------------------------------


@dataclass
class Hit:
    title: str
    url: str
    fragment: SafeString
    label: str
    rank: float = 0.0
    extra: str = ""


@dataclass
class SearchResults:
    query: str
    words: list[str]
    sections: list[tuple[str, str, list[Hit]]] = field(default_factory=list)  # (key, heading, hits)

    @property
    def total(self) -> int:
        return sum(len(hits) for _key, _heading, hits in self.sections)


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _search_model(queryset: QuerySet, words: list[str], *, limit: int) -> list:
    """Generic search for the core team's sections (questions, experts, signals): on PostgreSQL over
    the table's stored document (GIN index, loket/fulltext.py), ranked; the fragment from the
    fields after the first (the title)."""
    fields = fulltext.fields_of(queryset.model)
    if uses_postgres():
        vector = fulltext.document(queryset.model)
        query = _ts_query(words, any_word=False)
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
        queryset.filter(_fallback_filter(words, fields, any_word=False))
        .annotate(rank=Coalesce(_fallback_rank(words, weighted), Value(0), output_field=FloatField()))
        .order_by("-rank", "-pk")[:limit]
    )
    for row in rows:
        row.fragment = _fallback_fragment(" ".join(str(getattr(row, name) or "") for name in fields[1:]), words)
    return rows


def search_everything(user, text: str, *, limit: int = 20) -> SearchResults:
    """The search box: each section holds only what `user` may see."""
    from loket.publications.services import publications_visible_to

    words = words_of(text)
    results = SearchResults(query=text or "", words=words)
    if not words:
        return results
    visible = publications_visible_to(user).select_related("province")
    found = list(search_publications(visible.exclude(kind=PublicationKind.FAQ), text)[:limit])
    faq = list(search_publications(visible.filter(kind=PublicationKind.FAQ), text)[:limit])
    for key, heading, rows in (("publicaties", _("Publicaties"), found), ("faq", _("Veelgestelde vragen"), faq)):
        hits = [
            Hit(
                title=p.title,
                url=reverse("loket:publication_detail", kwargs={"slug": p.slug}),
                fragment=publication_fragment(p, words),
                label=p.get_kind_display(),
                rank=float(p.rank or 0),
                extra=_("concept") if p.status != "gepubliceerd" else "",
            )
            for p in rows
        ]
        results.sections.append((key, heading, hits))
    if is_core_team(user):
        results.sections.extend(_core_team_sections(user, words, limit=limit))
    return results


def _core_team_sections(user, words: list[str], *, limit: int) -> list[tuple[str, str, list[Hit]]]:
    sections = []
    try:
        from questions.selectors import questions_visible_to

        rows = _search_model(questions_visible_to(user), words, limit=limit)
        sections.append(
            (
                "vragen",
                _("Vragen"),
                [
                    Hit(
                        title=f"{q.reference} {q.subject}",
                        url=_url("questions:detail", pk=q.pk),
                        fragment=highlight(q.fragment),
                        label=q.get_status_display(),
                        rank=float(q.rank or 0),
                    )
                    for q in rows
                ],
            )
        )
    except ImportError:  # pragma: no cover - the app is always installed
        pass
    from experts.selectors import experts_visible_to

    rows = _search_model(experts_visible_to(user), words, limit=limit)
    sections.append(
        (
            "deskundigen",
            _("Deskundigen"),
            [
                Hit(
                    title=e.name,
                    url=_url("experts:detail", pk=e.pk) or _url("experts:directory"),
                    fragment=highlight(e.fragment),
                    label=str(_("Deskundige")),
                    rank=float(e.rank or 0),
                )
                for e in rows
            ],
        )
    )
    from monitoring.selectors import signals_visible_to

    rows = _search_model(signals_visible_to(user), words, limit=limit)
    sections.append(
        (
            "signalen",
            _("Signalen"),
            [
                Hit(
                    title=s.title,
                    url=_url("monitoring:signal_detail", pk=s.pk) or _url("monitoring:register"),
                    fragment=highlight(s.fragment),
                    label=s.get_kind_display(),
                    rank=float(s.rank or 0),
                )
                for s in rows
            ],
        )
    )
    return sections
