"""Issue #19 item 15: the header search submits only its own input and never shows a page filter's words."""

import re


def _header_search(html: str) -> str:
    return re.search(r'<form class="site-search.*?</form>', html, re.S).group(0)


def test_header_search_does_not_pick_up_a_page_filter(client_for):
    html = client_for("kernteam").get("/kernteam/vragen/?q=locaties").content.decode()
    form = _header_search(html)
    assert 'value="locaties"' not in form
    assert re.findall(r'name="([^"]+)"', form) == ["q"]  # its own input only
    assert 'id="site-search-q"' in form


def test_header_search_shows_the_words_on_the_search_page(client, db):
    form = _header_search(client.get("/zoeken/?q=locaties").content.decode())
    assert 'value="locaties"' in form
