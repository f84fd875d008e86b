"""Print styles without a browser (issue 19, item 16; the browser test is tests/e2e/test_print.py): what
must not print carries the one class `no-print`, and the stylesheet hides it and unrolls tables in print."""

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from monitoring import services as monitoring_services
from plans.workflow import Status
from tests.plans.factories import add_locations, version_for

pytestmark = pytest.mark.django_db


class Unprinted(HTMLParser):
    """For each interesting element (header menu, search, account, footer, GET forms, tabs, pagination):
    whether it or an ancestor has the class `no-print`."""

    VOID = {"input", "img", "br", "hr", "meta", "link", "source", "col", "area", "base", "wbr", "path", "rect", "line"}

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[bool] = []
        self.found: list[tuple[str, bool]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        hidden = "no-print" in classes or any(self.stack)
        label = attrs.get("aria-label") or ""
        if (
            (tag == "form" and (attrs.get("method") or "get").lower() == "get")
            or (tag == "nav" and label != "")
            or tag == "footer"
            or {"site-account", "loket-tabs", "loket-pagination"} & set(classes)
        ):
            self.found.append((f"<{tag} class={' '.join(classes)!r} aria-label={label!r}>", hidden))
        if tag not in self.VOID and not tag.endswith("/"):
            self.stack.append("no-print" in classes)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def test_stylesheet_hides_no_print_and_unrolls_tables_in_print():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "loket.css").read_text()
    assert "@media print" in css
    print_css = css.split("@media print", 1)[1]
    assert ".no-print" in print_css and "display: none" in print_css
    assert "overflow: visible" in print_css and "white-space: normal" in print_css
    assert "table-header-group" in print_css


@pytest.fixture
def pages(users):
    version = version_for("PV26", Status.CONCEPT, number=1)
    add_locations(version, 60)  # more than one page: the pagination shows
    meeting = monitoring_services.meeting_create(
        by=users["lrt"], date=timezone.localdate() + dt.timedelta(days=7), title="LRT"
    )
    return [
        reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1}),
        reverse("plans:capacity"),
        reverse("monitoring:meeting_detail", kwargs={"pk": meeting.pk}),
    ]


def test_menu_search_filters_tabs_pagination_and_footer_are_marked_no_print(client_for, pages):
    client = client_for("kernteam")
    for url in pages:
        html = client.get(url).content.decode()
        found = Unprinted(html).found
        assert any("site-nav" in what for what, _ in found), url
        printed = [what for what, hidden in found if not hidden]
        assert printed == [], f"{url}: zonder no-print: {printed}"
