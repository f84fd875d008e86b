"""The core team's question table (questions/templatetags/question_tables.py), as the list and the
dashboard show it: every cell, escaping, markers with text and the accessible table structure."""

import datetime as dt
import re

import django.utils.html
from django.template import Context, Template
from django.utils import timezone

from loket.core.models import Organisation, Province, Theme
from loket.core.reference_lists import reference_lists
from questions import selectors
from questions.models import Question
from questions.templatetags import question_tables
from questions.workflow import Status


def _question(**fields) -> Question:
    now = timezone.now()
    values = {
        "year": 2031,
        "asker_name": "A",
        "asker_email": "a@example.nl",
        "body": "Tekst",
        "consent_at": now,
        "received_at": now,
        "due_date": timezone.localdate() + dt.timedelta(days=5),
        **fields,
    }
    return Question.objects.create(**values)


def _row(html: str, reference: str) -> str:
    match = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(reference) + r".*?</tr>", html, re.S)
    assert match, f"geen rij voor {reference}"
    return match.group(0)


def test_every_cell_of_a_row(client_for, users):
    utrecht = Province.objects.get(code="PV26")
    organisation = Organisation.objects.get(code="VNG")
    themes = list(Theme.objects.filter(parent__isnull=False).order_by("code")[:2])
    # received late in the evening UTC: the date shown is the local (Amsterdam) date
    received = dt.datetime(2031, 3, 4, 23, 30, tzinfo=dt.UTC)
    late = _question(
        reference="V-2031-00001",
        sequence=1,
        subject="Opvang <script>alert(1)</script> & meer",
        status=Status.IN_PROGRESS,
        due_date=timezone.localdate() - dt.timedelta(days=2),
        received_at=received,
        province=utrecht,
        organisation=organisation,
        assignee=users["kernteam2"],
        faq_candidate=True,
    )
    late.themes.set(themes)
    _question(
        reference="V-2031-00002",
        sequence=2,
        subject="Landelijke vraag",
        organisation_name="Stichting <b>Vrij</b>",
        due_date=dt.date(2031, 12, 1),
    )

    html = client_for("kernteam").get("/kernteam/vragen/").content.decode()

    row = _row(html, "V-2031-00001")
    assert f'<a class="reference" href="/kernteam/vragen/{late.pk}/">V-2031-00001</a>' in row
    assert f'<label for="select-{late.pk}" class="rhc-visually-hidden">Selecteer V-2031-00001</label>' in row
    assert 'form="bulk-assign"' in row
    assert "Opvang &lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in row and "<script>" not in row
    assert ", ".join(t.name for t in themes) in row
    assert f"<td>{utrecht.name}</td>" in row and f"<td>{organisation.name}</td>" in row
    assert '<td>In behandeling <span class="marker marker--danger">Te laat</span></td>' in row
    assert "FAQ-kandidaat" in row
    kernteam2 = users["kernteam2"]
    assert f"<td>{kernteam2.get_full_name() or kernteam2.get_username()}</td>" in row
    assert '<td class="loket-nowrap">5 mrt. 2031</td>' in row  # 23:30 UTC is 00:30 on 5 March in Amsterdam

    other = _row(html, "V-2031-00002")
    assert "<td>Landelijk</td>" in other
    assert "<td>Stichting &lt;b&gt;Vrij&lt;/b&gt;</td>" in other
    assert '<span class="marker marker--warning">Niemand</span>' in other
    assert "<td>Nieuw</td>" in other and "Te laat" not in other and "FAQ-kandidaat" not in other
    assert '<td class="loket-nowrap">1 dec. 2031</td>' in other


def test_headers_sort_links_and_empty_table(client_for, users):
    client = client_for("kernteam")
    html = client.get("/kernteam/vragen/", {"ordering": "due_date", "status": "nieuw"}).content.decode()
    assert re.search(r"<caption id=\"tabel-\d+\">0 vragen gevonden</caption>", html)
    assert '<tr><td colspan="10">Geen vragen.</td></tr>' in html
    assert html.count('<th scope="col"') == 10
    header = re.search(r'<th scope="col" aria-sort="ascending"><a href="([^"]+)">Uiterste datum', html)
    assert header, "gesorteerde kolom zonder aria-sort"
    assert "ordering=-due_date" in header.group(1) and "status=nieuw" in header.group(1)
    assert '<span aria-hidden="true">▲</span>' in html

    dashboard = client.get("/kernteam/").content.decode()
    assert 'name="bulk-questions"' not in dashboard  # no selection boxes on the dashboard
    assert '<tr><td colspan="9">Geen vragen.</td></tr>' in dashboard
    assert "<a href=" not in re.search(r"<thead>.*?</thead>", dashboard, re.S).group(0)


def test_names_of_people_and_organisations_missing_from_the_cached_lists(
    client_for, users, django_capture_on_commit_callbacks
):
    """A question still assigned to someone who left the core team (not in the cached reference lists)
    shows their name; so does an organisation the cached lists do not know yet."""
    former = users["kernteam2"]
    with django_capture_on_commit_callbacks(execute=True):
        former.groups.clear()
    _question(reference="V-2031-00003", sequence=3, subject="Oud", assignee=former)
    client = client_for("kernteam")
    client.get("/kernteam/vragen/")  # the lists are cached now, without the former member
    assert former.pk not in dict(reference_lists().core_team)
    # not committed in this test: the cached lists keep going without it
    new = Organisation.objects.create(code="NIEUW", name="Nieuwe Stichting", type="gemeente")
    _question(reference="V-2031-00004", sequence=4, subject="Nieuw", organisation=new)
    html = client.get("/kernteam/vragen/").content.decode()
    assert f"<td>{former.get_full_name() or former.get_username()}</td>" in _row(html, "V-2031-00003")
    assert "<td>Nieuwe Stichting</td>" in _row(html, "V-2031-00004")


def test_tables_share_their_texts_and_escape_repeated_names(users, monkeypatch):
    """The dashboard shows two tables: their texts are translated once per process and language, not once
    per table or page, and a name repeated from row to row is escaped in every row (each distinct text
    escaped once)."""
    for n in (5, 6):
        _question(reference=f"V-2031-0000{n}", sequence=n, organisation_name="Stichting <b>Vrij</b>")
    rows = selectors.with_row_labels(selectors.question_list_qs(users["kernteam"]).order_by("sequence"))
    calls = []
    monkeypatch.setattr(question_tables, "gettext", lambda text: calls.append(text) or text)
    monkeypatch.setattr(question_tables, "_TABLE_TEXTS", {})  # as in a new process
    one = Template("{% load question_tables %}{% question_table rows caption='a' %}")
    one.render(Context({"rows": rows}))
    assert calls  # the first table of the process translates its texts
    calls.clear()
    two = Template(
        "{% load question_tables %}{% question_table rows caption='a' %}{% question_table rows caption='b' %}"
    )
    html = two.render(Context({"rows": rows}))
    assert calls == []
    assert html.count("<td>Stichting &lt;b&gt;Vrij&lt;/b&gt;</td>") == 4 and "<b>" not in html


def test_rows_are_escaped_without_django_escape_per_value(users, monkeypatch):
    """A row's values are escaped with `html.escape` (Django's lazy-aware `escape` per value cost more than
    the rest of the row): Django's escaping runs as often for six rows as for two, and the HTML is escaped."""
    for n in range(1, 7):
        _question(reference=f"V-2031-0001{n}", sequence=10 + n, subject=f"<i>Vraag {n}</i> & meer")
    rows = selectors.with_row_labels(selectors.question_list_qs(users["kernteam"]).order_by("sequence"))
    calls = []
    real = django.utils.html.escape
    monkeypatch.setattr(django.utils.html, "escape", lambda text: calls.append(text) or real(text))
    table = Template("{% load question_tables %}{% question_table rows caption='a' select=True %}")
    table.render(Context({"rows": rows[:1]}))  # the texts of the process, translated and escaped once
    counts = []
    for some in (rows[:2], rows):
        calls.clear()
        html = table.render(Context({"rows": some}))
        counts.append(len(calls))
    assert counts[0] == counts[1]
    assert html.count("&lt;i&gt;Vraag") == 6 and "<i>" not in html and "&amp; meer" in html
