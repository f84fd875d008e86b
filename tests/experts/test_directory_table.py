"""The directory's table, rendered in Python (experts/templatetags/expert_tables.py): the markup the
template rendered, per role, escaped; the rows read only the columns they show."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from experts.models import Availability, ContactPreference
from loket.core.models import Theme

from .factories import ExpertFactory

URL = "/deskundigen/"


def squeeze(html: str) -> str:
    """Without the line breaks and indentation between the elements."""
    return re.sub(r"\s*\n\s*", "", html)


@pytest.fixture
def ria(themes):
    second = Theme.objects.get(code="FLX-WON")
    return ExpertFactory(
        name="Ria <Rood>",
        email="ria@test.example",
        phone="06 1234 5678",
        function="Adviseur & coach",
        organisation=None,
        themes=[second, themes["a"]],
        expertise=" ".join(f"woord{i}" for i in range(50)),
        availability=Availability.LIMITED,
        available_until=date(2031, 10, 2),
        contact_preference=ContactPreference.PHONE,
        last_confirmed_at=timezone.now() - timedelta(days=400),
    )


def row_of(html: str, name: str) -> str:
    start = html.index(f"{name}")
    return squeeze(html[html.rindex("<tr>", 0, start) : html.index("</tr>", start) + 5])


def test_core_team_row(client_for, ria):
    html = client_for("kernteam").get(URL).content.decode()
    row = row_of(html, "Ria &lt;Rood&gt;")
    assert row == (
        f'<tr><th scope="row"><a href="/kernteam/deskundigen/{ria.pk}/">Ria &lt;Rood&gt;</a>'
        "<br><small>Adviseur &amp; coach</small>"
        '<br><span class="marker marker--warning">Niet bevestigd</span></th>'
        "<td>-</td>"
        f"<td>{Theme.objects.get(code='FLX-WON').name}, {Theme.objects.get(code='KWA-VER').name}</td>"
        f"<td>{' '.join(f'woord{i}' for i in range(40))} …</td>"
        '<td><span class="marker marker--warning">Beperkt beschikbaar</span>'
        " <small>tot en met 2 oktober 2031</small></td>"
        '<td><a href="mailto:ria@test.example">ria@test.example</a><br>06 1234 5678<br><small>Telefoon</small></td>'
        "<td></td></tr>"
    )
    assert '<th scope="col">Contact</th>' in html
    assert re.search(r'aria-labelledby="(tabel-\d+)"><table[^>]*>\s*<caption id="\1">Deskundigen</caption>', html)


def test_partner_row(client_for, ria):
    html = client_for("prt_utrecht").get(URL).content.decode()
    row = row_of(html, "Ria &lt;Rood&gt;")
    assert row.startswith('<tr><th scope="row">Ria &lt;Rood&gt;<br><small>Adviseur &amp; coach</small></th><td>-</td>')
    assert "Niet bevestigd" not in row and "mailto:" not in row
    assert row.endswith(
        '<td><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"'
        f' href="/deskundigen/{ria.pk}/contact/">Breng mij in contact'
        '<span class="rhc-visually-hidden"> met Ria &lt;Rood&gt;</span></a></td></tr>'
    )
    assert '<th scope="col">Contact</th>' not in html


def test_availability_markers(client_for, themes):
    ExpertFactory(name="Anna Ok", availability=Availability.AVAILABLE, themes=[themes["a"]])
    ExpertFactory(name="Bas Niet", availability=Availability.UNAVAILABLE, themes=[themes["a"]])
    html = client_for("prt_utrecht").get(URL).content.decode()
    assert '<td><span class="marker marker--ok">Beschikbaar</span></td>' in row_of(html, "Anna Ok")
    assert '<td><span class="marker marker--danger">Niet beschikbaar</span></td>' in row_of(html, "Bas Niet")


@pytest.mark.parametrize("params", [{}, {"q": "woord1"}])
def test_rows_read_only_the_columns_they_show(client_for, ria, params, settings):
    settings.LOKET_FRAGMENT_CACHE = False  # what building the results reads (a cache hit reads nothing)
    client = client_for("kernteam")
    client.get(URL, params)
    with CaptureQueriesContext(connection) as queries:
        assert "Ria &lt;Rood&gt;" in client.get(URL, params).content.decode()
    rows = [
        q["sql"]
        for q in queries.captured_queries
        if '"experts_expert"."expertise"' in q["sql"].split("FROM")[0] and '"user_id" =' not in q["sql"]
    ]
    assert len(rows) == 1
    for unshown in ("link_nonce", "consent_version", "updated_at", '"loket_organisation"."type"'):
        assert unshown not in rows[0].split("FROM")[0]
    themes = [q["sql"] for q in queries.captured_queries if "experts_expert_themes" in q["sql"].split("WHERE")[0]]
    assert len(themes) == 1 and '"loket_theme"."parent_id"' not in themes[0]
