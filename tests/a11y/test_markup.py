"""Markup rules the browser tests (tests/e2e, axe-core) found broken, checked cheaply in the normal suite:
unique ids on pages with several forms, error summaries whose links reach their fields, keyboard access to
scrollable tables."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

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


@pytest.mark.parametrize("name", ["plans:index", "plans:capacity", "monitoring:register"])
def test_scrollable_tables_are_keyboard_reachable_regions(client_for, name):
    response = client_for("kernteam").get(reverse(name))
    assert response.status_code == 200
    for attrs in Markup(response.content.decode()).scrollers:
        assert attrs.get("tabindex") == "0" and attrs.get("role") == "region" and attrs.get("aria-label"), attrs


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
