"""The main menu: what each role sees, where it points and which item is the current page. Its
addresses are reversed once per process (loket.portal.navigation); they must still follow the URL
configuration and the script prefix a request runs under."""

import re

from django.templatetags.static import static
from django.urls import reverse, set_script_prefix

from loket.portal.navigation import navigation_for


def _menu(html: str) -> list[tuple[str, str, bool]]:
    nav = re.search(r'<ul class="site-nav__list".*?</ul>', html, re.S).group(0)
    return [
        (label, href, current)
        for href, current, label in (
            (m.group(1), bool(m.group(2)), m.group(3))
            for m in re.finditer(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
        )
    ]


def test_the_core_team_menu_points_to_its_pages_and_marks_the_current_one(client_for):
    menu = _menu(client_for("kernteam").get("/kernteam/vragen/").content.decode())
    assert ("Kernteam", "/kernteam/", True) in menu
    assert ("Monitoring", "/monitoring/", False) in menu
    assert [label for label, _href, current in menu if current] == ["Kernteam"]


def test_a_partner_does_not_see_the_core_team_items(client_for):
    labels = [label for label, _href, _current in _menu(client_for("prt_utrecht").get("/plannen/").content.decode())]
    assert "Kernteam" not in labels and "Mailings" not in labels
    assert "Plannen" in labels


def test_the_menu_follows_the_script_prefix(rf, users):
    """Behind a proxy under /loket/ the same process builds the menu with that prefix (the reversed
    addresses are remembered per prefix, not once for all)."""
    user = users["kernteam"]
    assert navigation_for(user, "/")[0]["url"] == "/"
    set_script_prefix("/loket/")
    try:
        items = navigation_for(user, "/loket/kernteam/")
    finally:
        set_script_prefix("/")
    assert items[0]["url"] == "/loket/"
    assert {"label": "Kernteam", "url": "/loket/kernteam/", "active": True} in [
        {**item, "label": str(item["label"])} for item in items
    ]


def test_the_page_frame_links_and_assets_are_those_of_url_and_static(client_for):
    """base.html's `{% link %}` and `{% asset %}` (worked out once per process) give what `{% url %}` and
    `{% static %}` give."""
    html = client_for("kernteam").get("/kernteam/").content.decode()
    for name in ("loket:home", "loket:search", "loket:profile", "loket:logout", "loket:contact", "loket:privacy"):
        assert f'"{reverse(name)}"' in html
    for path in ("css/loket.css", "js/loket.js", "img/favicon.svg"):
        assert f'"{static(path)}"' in html


def test_the_page_frame_follows_a_changed_static_url(client, db, settings):
    settings.STATIC_URL = "/elders/"
    assert 'href="/elders/css/loket.css"' in client.get("/").content.decode()
