"""One search over everything a user may see: publications and FAQ for everyone; questions,
experts and signals for the core team (each through its app's scoping selector). The matching
itself is `loket.core.textsearch`."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from experts.selectors import experts_visible_to
from loket.core import textsearch
from loket.core.roles import is_core_team
from loket.publications.models import PublicationKind
from loket.publications.selectors import publication_fragment, search_publications
from loket.publications.services import publications_visible_to
from monitoring.selectors import signals_visible_to
from questions.selectors import questions_visible_to

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


def search_everything(user, text: str, *, limit: int = 20) -> SearchResults:
    """The search box: each section holds only what `user` may see."""
    words = textsearch.words_of(text)
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
    rows = textsearch.search_model(questions_visible_to(user), words, limit=limit)
    sections.append(
        (
            "vragen",
            _("Vragen"),
            [
                Hit(
                    title=f"{q.reference} {q.subject}",
                    url=reverse("questions:detail", kwargs={"pk": q.pk}),
                    fragment=textsearch.highlight(q.fragment),
                    label=q.get_status_display(),
                    rank=float(q.rank or 0),
                )
                for q in rows
            ],
        )
    )
    rows = textsearch.search_model(experts_visible_to(user), words, limit=limit)
    sections.append(
        (
            "deskundigen",
            _("Deskundigen"),
            [
                Hit(
                    title=e.name,
                    url=reverse("experts:detail", kwargs={"pk": e.pk}),
                    fragment=textsearch.highlight(e.fragment),
                    label=str(_("Deskundige")),
                    rank=float(e.rank or 0),
                )
                for e in rows
            ],
        )
    )
    rows = textsearch.search_model(signals_visible_to(user), words, limit=limit)
    sections.append(
        (
            "signalen",
            _("Signalen"),
            [
                Hit(
                    title=s.title,
                    url=reverse("monitoring:signal_detail", kwargs={"pk": s.pk}),
                    fragment=textsearch.highlight(s.fragment),
                    label=s.get_kind_display(),
                    rank=float(s.rank or 0),
                )
                for s in rows
            ],
        )
    )
    return sections
