"""Markup rules the browser tests (tests/e2e, axe-core) found broken, checked cheaply in the normal suite:
unique ids on pages with several forms, error summaries whose links reach their fields, keyboard access to
scrollable tables."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from plans.workflow import Status as PlanStatus
from tests.plans.factories import add_locations, version_for
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


class Markup(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.nested_links = 0
        self.scrollers: list[dict] = []
        self._open_links = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a":
            self.nested_links += self._open_links > 0
            self._open_links += 1
            self.links.append(attrs.get("href") or "")
        classes = (attrs.get("class") or "").split()
        if tag == "div" and {"table-scroll", "table-responsive"} & set(classes):
            self.scrollers.append(attrs)

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            self._open_links -= 1


def duplicates(values):
    return sorted({v for v in values if values.count(v) > 1})


def test_question_page_has_unique_ids_so_each_label_points_at_its_own_field(client_for):
    question = QuestionFactory()
    response = client_for("kernteam").get(reverse("questions:detail", kwargs={"pk": question.pk}))
    assert response.status_code == 200
    markup = Markup(response.content.decode())
    assert duplicates(markup.ids) == []
    html = response.content.decode()
    assert 'for="id_note_body"' in html and 'for="id_answer_body"' in html


def test_error_summary_links_reach_every_field_and_hold_no_link(client_for):
    response = client_for(None).post(reverse("questions:ask"), {"send": "1"})
    assert response.status_code == 200
    markup = Markup(response.content.decode())
    summary_links = [href for href in markup.links if href.startswith("#") and href != "#inhoud"]
    assert "#" not in summary_links
    assert {"#id_themes_0", "#id_consent"} <= set(summary_links)
    for href in summary_links:
        assert href[1:] in markup.ids, href
    assert markup.nested_links == 0


class Regions(HTMLParser):
    """The scroll regions of a page (`role="region"`) and its named sections (landmarks of the same role) with
    their accessible name: `aria-label`, or the text of the elements that `aria-labelledby` names; `texts`
    holds the text of every element with an id."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "area", "wbr"}

    def __init__(self, html: str):
        super().__init__()
        self.regions: list[dict] = []
        self.sections: list[dict] = []
        self.ids: list[str] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "region":
            self.regions.append(attrs)
        elif tag == "section" and (attrs.get("aria-labelledby") or attrs.get("aria-label")):
            self.sections.append(attrs)  # a named section is a region landmark too
        if "id" in attrs:
            self.ids.append(attrs["id"])
            self.texts[attrs["id"]] = ""
        if tag not in self.VOID:
            self._open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for _, element_id in self._open:
            if element_id:
                self.texts[element_id] += data

    def name(self, region: dict) -> str:
        if region.get("aria-labelledby"):
            return " ".join(" ".join(self.texts[i].split()) for i in region["aria-labelledby"].split())
        return region.get("aria-label") or ""


@pytest.fixture
def region_pages(db):
    """The pages where axe (landmark-unique) found scroll regions with one name for all, with their data."""
    version = version_for("PV26", PlanStatus.CONCEPT, number=1)
    add_locations(version, 2)
    return [
        "/kernteam/",
        "/kernteam/deskundigen/",
        "/plannen/",
        "/plannen/PV26/",
        "/plannen/PV26/v1/",
        "/plannen/capaciteit/",
        "/plannen/capaciteit/?provincie=PV26",
        "/plannen/prognose/",
        "/plannen/ondersteuning/",
        "/monitoring/",
        "/monitoring/overleggen/",
        "/monitoring/evaluatie/",
        "/kernteam/afsluiten/",
        "/api/",
    ]


def test_every_scroll_region_is_focusable_and_named_by_its_own_caption(client_for, region_pages):
    """axe (landmark-unique): several tables that scroll sideways on one page each need a name of their own,
    and a keyboard must reach them (tabindex 0). A table's region is named by its caption, a chart's by its label."""
    client = client_for("kernteam")
    several = []
    for path in region_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = Regions(response.content.decode())
        if len(page.regions) > 1:
            several.append(path)
        assert duplicates(page.ids) == [], path
        names = []
        for region in page.regions:
            assert region.get("tabindex") == "0", (path, region)
            if "table-scroll" in region.get("class", "").split():  # a table: named by its caption
                assert region.get("aria-labelledby"), (path, region)
            names.append(page.name(region))
        assert all(names), (path, names)
        names += [page.name(section) for section in page.sections]
        assert duplicates(names) == [], (path, names)
    assert len(several) >= 8, several


class ReferenceText(HTMLParser):
    """Every piece of text in <body> that holds the reference, with whether an element around it has the
    class `reference` (white-space: nowrap). The breadcrumbs do not count: each crumb is a flex item that
    moves to the next line as a whole."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "area", "wbr"}

    def __init__(self, html: str, reference: str):
        super().__init__()
        self.reference = reference
        self.stack: list[tuple[str, bool]] = []
        self.found: list[tuple[str, bool]] = []
        self.in_body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((tag, "reference" in classes or "breadcrumbs" in classes))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_body and self.reference in data:
            self.found.append((data.strip(), any(wrapped for _, wrapped in self.stack)))


@pytest.mark.parametrize("page", ["questions:detail", "experts:refer"])
def test_a_question_reference_never_wraps_on_the_core_team_pages(client_for, page):
    question = QuestionFactory()
    kwargs = {"pk": question.pk} if page == "questions:detail" else {"question_pk": question.pk}
    response = client_for("kernteam").get(reverse(page, kwargs=kwargs))
    assert response.status_code == 200
    found = ReferenceText(response.content.decode(), question.reference).found
    assert found, "het kenmerk staat niet op de pagina"
    assert [text for text, wrapped in found if not wrapped] == []


def test_the_reference_on_the_follow_page_never_wraps(client_for):
    question = QuestionFactory()
    response = client_for(None).get(reverse("questions:follow", kwargs={"token": question.token}))
    assert response.status_code == 200
    found = ReferenceText(response.content.decode(), question.reference).found
    assert found and [text for text, wrapped in found if not wrapped] == []


class SearchLandmarks(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.labels: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "search" or tag == "search":
            self.labels.append(attrs.get("aria-label"))


@pytest.mark.parametrize("path", ["/", "/zoeken/?q=opvang", "/publicaties/"])
def test_every_search_landmark_has_its_own_name(client, path):
    """axe (landmark-unique): two search forms on one page need different names for a screen reader."""
    response = client.get(path)
    assert response.status_code == 200
    labels = SearchLandmarks(response.content.decode()).labels
    assert len(labels) == 2
    assert all(labels) and len(set(labels)) == len(labels), labels
