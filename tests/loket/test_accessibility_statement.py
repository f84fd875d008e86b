"""The accessibility statement (toegankelijkheidsverklaring) at /toegankelijkheid/: open to everyone, in
the government's model, linked from the footer of every page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_statement_has_the_sections_of_the_model(client):
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toegankelijkheidsverklaring</h1>" in html
    for section in ("status", "maatregelen", "resultaten", "bekende-problemen", "contact", "handhaving"):
        assert f'id="{section}"' in html, section
    assert "WCAG 2.2" in html and "wcag22aa" in html
    assert re.search(r"<dt>Datum</dt><dd>\d{1,2} [a-z]+ \d{4}</dd>", html)
    assert "nationaleombudsman.nl" in html


@pytest.mark.parametrize("path", ["/", "/contact/", "/vragen/stellen/", "/toegankelijkheid/"])
def test_every_page_links_to_it_from_the_footer(client, path):
    html = client.get(path).content.decode()
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert '<a href="/toegankelijkheid/">Toegankelijkheid</a>' in footer
    assert '<a href="/contact/">Contact</a>' in footer  # help in the same place on every page (WCAG 3.2.6)


def test_a_logged_in_user_sees_it_too(client_for):
    assert client_for("kernteam").get("/toegankelijkheid/").status_code == 200
