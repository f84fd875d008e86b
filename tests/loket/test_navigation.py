"""The main menu: what each role sees, where it points and which item is the current page. Its
addresses are reversed once per process (loket.portal.navigation); they must still follow the URL
configuration and the script prefix a request runs under."""

import re

from django.urls import set_script_prefix

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
