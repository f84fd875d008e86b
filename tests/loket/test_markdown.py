"""Markdown is rendered safely: hostile input never yields scripts, event attributes or javascript: links."""

import itertools
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from loket.core.markdown import ALLOWED_TAGS, markdown_sections, render_markdown, validate_markdown
from plans.workflow import Status
from tests.loket.factories import PublicationFactory
from tests.plans.factories import version_for

HOSTILE = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik]( javascript:alert(1) )",
    "[ref]: javascript:alert(1)\n\n[klik][ref]",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    "![plaatje](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<div onmouseover='alert(1)'>hover</div>",
    "<svg/onload=alert(1)>",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_harmless(source):
    for tag, attrs in elements_of(render_markdown(source)):
        assert tag in ALLOWED_TAGS
        assert tag not in {"script", "iframe", "style", "img", "svg"}
        assert not [name for name in attrs if name.startswith("on")]
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.split(":", 1)[0] in {"http", "https", "mailto"} or ":" not in href


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_refused_by_forms(source):
    with pytest.raises(ValidationError):
        validate_markdown(source)


def test_ordinary_markdown_is_kept():
    html = render_markdown("# Kop\n\nTekst met **vet** en [een link](https://www.rijksoverheid.nl).\n\n- een\n- twee")
    assert "<h2>Kop</h2>" in html  # headings start at h2: the page has its own h1
    assert "<strong>vet</strong>" in html
    assert 'href="https://www.rijksoverheid.nl"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<li>een</li>" in html
    validate_markdown("Tekst met [een link](https://www.rijksoverheid.nl) en 3 < 4 en <https://coa.nl>.")


def test_raw_html_is_shown_as_text_not_interpreted():
    html = render_markdown("Zo schrijf je een tag: <b>vet</b>")
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_tables_render_with_headers():
    html = render_markdown("| Provincie | Plaatsen |\n|---|---|\n| Utrecht | 100 |")
    assert "<table>" in html and "<th>Provincie</th>" in html


# The same hostile source in a publication and in a plan's narrative section: one renderer, one
# allow-list, so the same (safe) HTML; only the headings start lower in the plan (h4 under its h2/h3).
SAME_SOURCE = "\n\n".join(
    [
        "# Kop",
        "<script>alert('x')</script>",
        "[klik](javascript:alert(1)) en [goed](https://www.coa.nl)",
        '<p onmouseover="alert(1)">ruwe <b>HTML</b></p>',
        "<img src=x onerror=alert(1)>",
        "**vet** en *schuin*",
    ]
)


def _between(page: str, opening: str) -> str:
    match = re.search(re.escape(opening) + r"(.*?)</div>", page, re.S)
    assert match, opening
    return match.group(1)


@pytest.mark.django_db
def test_plan_narrative_and_publication_render_hostile_input_identically(client):
    publication = PublicationFactory(body=SAME_SOURCE, summary="")
    version = version_for("PV26", Status.ADOPTED)
    version.risks = SAME_SOURCE
    version.save()
    published = _between(
        client.get(f"/publicaties/{publication.slug}/").content.decode(), '<div class="publication-body">'
    )
    narrative = _between(client.get("/plannen/PV26/v1/").content.decode(), 'Risico\'s</h3><div class="narrative">')
    assert "<h2>Kop</h2>" in published and "<h4>Kop</h4>" in narrative
    assert narrative.replace("h4>", "h2>") == published
    for tag, attrs in elements_of(published):
        assert tag in ALLOWED_TAGS and tag not in {"script", "img", "b"}
        assert not [name for name in attrs if name.startswith("on")]
        assert attrs.get("href", "https:").startswith("https:")
    assert "&lt;script&gt;" in published and "&lt;b&gt;HTML&lt;/b&gt;" in published  # raw HTML shown as text


def headings(html: str) -> list[str]:
    return re.findall(r"<(h[1-6])>", html)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# A\n\n### B", ["h2", "h3"]),  # the author skips a level, the page does not
        ("## A\n\n### B\n\n## C", ["h2", "h3", "h2"]),  # a text that starts at ## starts at h2 all the same
        ("# A\n\n#### B\n\n### C\n\n## D\n\n###### E", ["h2", "h3", "h3", "h3", "h4"]),
        ("### A\n\n# B\n\n## C", ["h2", "h2", "h3"]),
        ("# 1\n\n## 2\n\n### 3\n\n#### 4\n\n##### 5\n\n###### 6", ["h2", "h3", "h4", "h5", "h6", "h6"]),
        ("A\n===\n\nB\n---\n\n#### C", ["h2", "h3", "h4"]),  # setext headings too
    ],
)
def test_headings_nest_under_the_page_without_skipping_a_level(source, expected):
    assert headings(render_markdown(source)) == expected


def test_headings_start_at_the_level_the_page_asks_for():
    assert headings(render_markdown("## A\n\n#### B", top_level=4)) == ["h4", "h5"]
    assert headings(render_markdown("# A", top_level=1)) == ["h2"]  # never a second h1
    assert headings(render_markdown("# A\n\n## B", top_level=6)) == ["h6", "h6"]
    assert "<h2>Kop met <em>nadruk</em></h2>" in render_markdown("### Kop met *nadruk*")


def test_sections_carry_the_levels_from_block_to_block_and_keep_their_anchors():
    source = "Inleiding.\n\n# Criteria\n\nTekst.\n\n### Afstand\n\n15 km.\n\n# Proces\n\nZo."
    sections = markdown_sections(source, top_level=3)
    assert [s.anchor for s in sections] == [
        "p1",
        "h-criteria",
        "h-criteria-p1",
        "h-afstand",
        "h-afstand-p1",
        "h-proces",
        "h-proces-p1",
    ]
    assert [headings(s.html) for s in sections if s.is_heading] == [["h3"], ["h4"], ["h3"]]
    # block by block the same headings as the whole text at once
    whole = render_markdown(source, top_level=3)
    assert headings("".join(s.html for s in sections)) == headings(whole)


@pytest.mark.django_db
def test_the_publication_page_turns_an_author_s_skipped_level_into_the_next_one(client):
    publication = PublicationFactory(body="# Doel\n\nWaarom.\n\n### Criteria\n\nWelke.", summary="")
    page = client.get(f"/publicaties/{publication.slug}/").content.decode()
    body = _between(page, '<div class="publication-body">')
    assert "<h2>Doel</h2>" in body and "<h3>Criteria</h3>" in body
    levels = [int(h[1]) for h in re.findall(r"<(h[1-6])\b", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels  # axe heading-order over the whole page
