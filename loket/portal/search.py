"""One search over everything a user may see, each section through its app's scoping selector:
publications and FAQ for everyone (published lessons are publications); plan locations of the plan
versions the user may see; for a logged-in user also questions (the core team: all; anyone else:
"Mijn vragen"), experts, signals and consultation rounds as far as `experts_visible_to`,
`signals_visible_to` and `consultations_visible_to` (the core team and the invitees) show them. The matching itself is
`loket.core.textsearch`."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from experts.selectors import experts_visible_to
from loket.core import textsearch
from loket.core.roles import is_core_team
from loket.publications.consultations.selectors import consultations_visible_to
from loket.publications.models import PublicationKind
from loket.publications.selectors import publication_fragment, search_publications
from loket.publications.services import publications_visible_to
from monitoring.selectors import signals_visible_to
from plans.selectors import planned_locations_visible_to
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
    if getattr(user, "is_authenticated", False):
        results.sections.extend(_scoped_sections(user, words, limit=limit))
        results.sections.append(_consultation_section(user, words, limit=limit))
        results.sections.append(_location_section(user, words, limit=limit))
    return results


def _consultation_section(user, words: list[str], *, limit: int) -> tuple[str, str, list[Hit]]:
    """Rounds the user may see (core team: all; an invitee: their own): the consulted draft text."""
    rows = textsearch.search_model(consultations_visible_to(user).select_related("publication"), words, limit=limit)
    hits = [
        Hit(
            title=c.title,
            url=reverse("loket:consultation", kwargs={"slug": c.publication.slug}),
            fragment=textsearch.highlight(c.fragment),
            label=str(_("Consultatie")),
            rank=float(c.rank or 0),
            extra=c.get_status_display(),
        )
        for c in rows
    ]
    return ("consultaties", _("Consultaties"), hits)


def _location_section(user, words: list[str], *, limit: int) -> tuple[str, str, list[Hit]]:
    rows = textsearch.search_model(planned_locations_visible_to(user), words, limit=limit)
    hits = [
        Hit(
            title=f"{loc.name} ({loc.municipality})",
            url=reverse(
                "plans:version_detail",
                kwargs={"province_code": loc.version.plan.province.code, "number": loc.version.number},
            ),
            fragment=textsearch.highlight(
                f"{loc.version.plan.province.name}, {_('versie')} {loc.version.number}: {loc.capacity} {_('plaatsen')}"
            ),
            label=loc.version.get_status_display(),
            rank=float(loc.rank or 0),
        )
        for loc in rows
    ]
    return ("planlocaties", _("Locaties in plannen"), hits)


def _scoped_sections(user, words: list[str], *, limit: int) -> list[tuple[str, str, list[Hit]]]:
    sections = []
    rows = textsearch.search_model(questions_visible_to(user), words, limit=limit)
    core = is_core_team(user)
    sections.append(
        (
            "vragen",
            _("Vragen") if core else _("Mijn vragen"),
            [
                Hit(
                    title=f"{q.reference} {q.subject}",
                    url=reverse("questions:detail", kwargs={"pk": q.pk}) if core else reverse("questions:mine"),
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
                    url=reverse("experts:detail", kwargs={"pk": e.pk})
                    if core
                    else f"{reverse('experts:directory')}?{urlencode({'q': e.name})}",
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
