import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.core.models import Organisation, Province, Theme
from questions import selectors
from questions.dashboard import dashboard
from questions.models import Question
from questions.rows import QuestionRow
from questions.workflow import OPEN_STATUSES, Status
from tests.questions.factories import QuestionFactory

STATUSES = list(Status)


def make_questions(n, users):
    themes = list(Theme.objects.all()[:4])
    provinces = [*list(Province.objects.all()[:3]), None]
    organisations = list(Organisation.objects.all()[:3])
    now = timezone.now()
    year = now.year + 5  # clear of anything else
    rows = [
        Question(
            reference=f"V-{year}-{i + 1:05d}",
            year=year,
            sequence=i + 1,
            asker_name="A",
            asker_email=f"a{i}@example.nl",
            subject=f"Vraag {i}",
            body="Tekst",
            consent_at=now,
            received_at=now - dt.timedelta(days=i % 30),
            due_date=timezone.localdate() + dt.timedelta(days=(i % 11) - 5),
            status=STATUSES[i % len(STATUSES)],
            assignee=[None, users["kernteam"], users["kernteam2"]][i % 3],
            province=provinces[i % len(provinces)],
            organisation=organisations[i % len(organisations)],
            organisation_name="Org",
        )
        for i in range(n)
    ]
    created = Question.objects.bulk_create(rows)
    through = Question.themes.through
    through.objects.bulk_create(
        [through(question_id=q.pk, theme_id=themes[i % len(themes)].pk) for i, q in enumerate(created)]
        + [through(question_id=q.pk, theme_id=themes[(i + 1) % len(themes)].pk) for i, q in enumerate(created)]
    )


# page -> the most queries it may run, with nothing cached (the reference lists, the forms): a warm cache
# saves up to five. The dashboard: the questions' counts, both tables and their names, and one statement
# for the six counts of the other apps (+ the consultation comments; issue 21: seven before).
PAGES = {
    "/kernteam/": 16,
    "/kernteam/vragen/": 14,
    "/kernteam/vragen/?status=nieuw&status=toegewezen&overdue=true&ordering=-due_date&q=Vraag": 14,
    "/kernteam/vragen/?assignee=niemand&province=landelijk&received_after=2020-01-01&page=2": 14,
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("n", [10, 500])
def test_query_count_is_constant(client_for, users, django_assert_max_num_queries, page, n):
    make_questions(n, users)
    client = client_for("kernteam")
    with django_assert_max_num_queries(PAGES[page]):
        response = client.get(page)
    assert response.status_code == 200


def test_list_filters_and_sorting(client_for, users):
    make_questions(40, users)
    client = client_for("kernteam")
    response = client.get("/kernteam/vragen/", {"assignee": users["kernteam2"].pk, "ordering": "reference"})
    rows = list(response.context["questions"])
    assert rows and all(q.assignee_id == users["kernteam2"].pk for q in rows)
    assert [q.reference for q in rows] == sorted(q.reference for q in rows)
    overdue = client.get("/kernteam/vragen/", {"overdue": "true"}).context["questions"]
    assert overdue and all(q.is_overdue for q in overdue)
    html = client.get("/kernteam/vragen/", {"overdue": "true"}).content.decode()
    assert "Te laat" in html  # overdue marked with text, not colour alone
    national = client.get("/kernteam/vragen/", {"province": "landelijk"}).context["questions"]
    assert national and all(q.province_id is None for q in national)
    none = client.get("/kernteam/vragen/", {"q": "bestaat-niet"}).context["page_obj"].paginator.count
    assert none == 0
    bad = client.get("/kernteam/vragen/", {"received_after": "geen-datum", "province": "abc"})
    assert bad.status_code == 200
    # the filter stays in the pagination links
    html = client.get("/kernteam/vragen/", {"status": "nieuw", "q": "Vraag"}).content.decode()
    assert "status=nieuw" in html


def test_dashboard_shows_counts_mine_and_triage_overdue_first(client_for, users):
    make_questions(30, users)
    response = client_for("kernteam").get("/kernteam/")
    counts = {s.value: n for s, n in response.context["status_counts"]}
    assert sum(counts.values()) == 30
    mine = response.context["mine"]
    assert mine and all(q.assignee_id == users["kernteam"].pk and q.status in OPEN_STATUSES for q in mine)
    triage = response.context["triage"]
    assert triage and all(q.assignee_id is None and q.status in OPEN_STATUSES for q in triage)
    assert response.context["triage_count"] >= len(triage)
    assert f"Wachtrij: nog niet toegewezen ({response.context['triage_count']})" in response.content.decode()
    dates = [q.due_date for q in triage]
    assert dates == sorted(dates)


def test_dashboard_rows_are_the_first_open_questions_by_due_date_with_their_labels(users):
    """The dashboard reads its tables with a statement of its own (questions/dashboard.py): its rows are
    exactly what the list's queryset and `with_row_labels` give for the same filter, order and limit."""
    make_questions(120, users)
    core = users["kernteam"]
    data = dashboard(core, limit=7)
    base = selectors.question_list_qs(core).filter(status__in=list(OPEN_STATUSES)).order_by("due_date", "received_at")
    shown = (
        *("pk", "reference", "subject", "status", "faq_candidate", "received_at", "due_date", "organisation_name"),
        *("province_id", "assignee_id", "theme_names", "province_name", "organisation_label", "assignee_name"),
        "is_overdue",
    )
    for rows, queryset in ((data["mine"], base.filter(assignee=core)), (data["triage"], base.filter(assignee=None))):
        expected = selectors.with_row_labels(queryset[:7])
        assert len(rows) == 7 and any(q.is_overdue for q in expected) and any(q.theme_names for q in expected)
        assert [[getattr(row, name) for name in shown] for row in rows] == [
            [getattr(q, name) for name in shown] for q in expected
        ]


@pytest.mark.parametrize("page", PAGES)
def test_same_number_of_queries_at_10_and_500(client_for, users, page):
    client = client_for("kernteam")
    client.get(page)  # warm up session and caches
    make_questions(10, users)
    with CaptureQueriesContext(connection) as small:
        client.get(page)
    Question.objects.all().delete()
    make_questions(500, users)
    with CaptureQueriesContext(connection) as large:
        client.get(page)
    # never more with more data (an N+1 would add queries); a page may need one query fewer when it
    # lies wholly inside the overdue part or the rest (selectors.OverdueFirst reads only the parts it shows)
    assert len(large) <= len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(large) >= len(small) - 1, [q["sql"][:120] for q in large.captured_queries]


def test_theme_filter_includes_sub_themes(client_for, users):
    main, sub, other = (Theme.objects.get(code=c) for c in ("KWA", "KWA-PRO", "OOV"))
    on_sub = QuestionFactory(themes=[sub, main])
    on_main = QuestionFactory(themes=[main])
    QuestionFactory(themes=[other])
    rows = client_for("kernteam").get("/kernteam/vragen/", {"theme": main.pk}).context["questions"]
    assert sorted(q.pk for q in rows) == sorted([on_sub.pk, on_main.pk])
    rows = client_for("kernteam").get("/kernteam/vragen/", {"theme": sub.pk}).context["questions"]
    assert [q.pk for q in rows] == [on_sub.pk]


def test_column_headers_sort_and_keep_the_filter(client_for, users):
    make_questions(5, users)
    client = client_for("kernteam")
    html = client.get("/kernteam/vragen/", {"status": "nieuw"}).content.decode()
    assert "?status=nieuw&amp;ordering=reference" in html
    html = client.get("/kernteam/vragen/", {"status": "nieuw", "ordering": "reference"}).content.decode()
    assert "ordering=-reference" in html and 'aria-sort="ascending"' in html


def test_default_order_is_overdue_first_then_due_date_across_pages(client_for, users):
    """The list's default order (served by two index scans) is exactly "overdue first, then due date,
    newest received first", also on the page where the overdue part ends."""
    make_questions(80, users)
    today = timezone.localdate()
    open_values = {s.value for s in OPEN_STATUSES}

    def key(q):
        overdue = q.status in open_values and q.due_date < today
        return (not overdue, q.due_date, -q.received_at.timestamp())

    expected = sorted(Question.objects.all(), key=key)
    client = client_for("kernteam")
    seen = []
    for page in range(1, 5):
        seen += list(client.get("/kernteam/vragen/", {"page": page}).context["questions"])
    assert len(seen) == 80 == len({q.pk for q in seen})
    assert [key(q) for q in seen] == [key(q) for q in expected]
    # the overdue marker follows the same rule
    assert all(q.is_overdue == (q.status in open_values and q.due_date < today) for q in seen)
    html = client.get("/kernteam/vragen/").content.decode()
    assert "80 vragen gevonden" in html


def test_filter_form_html_follows_choices_and_input(client_for, users, django_capture_on_commit_callbacks):
    """The filter form comes from a cache keyed on its input and choice lists (themselves cached until
    a theme, province or user changes, loket.reference_lists): never stale once a change is committed."""
    client = client_for("kernteam")
    assert "Nieuw testthema" not in client.get("/kernteam/vragen/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction "commits"
        theme = Theme.objects.create(code="ZZ9", name="Nieuw testthema")
    html = client.get("/kernteam/vragen/").content.decode()
    assert "Nieuw testthema" in html
    html = client.get("/kernteam/vragen/", {"theme": theme.pk}).content.decode()
    assert f'<option value="{theme.pk}" selected>' in html
    html = client.get("/kernteam/vragen/", {"received_after": "geen-datum"}).content.decode()
    assert 'value="geen-datum"' in html


def test_core_team_rows_are_read_without_a_computed_column(users):
    """`is_overdue` of a table row comes from the row's status and due date (with_row_labels), not from
    a CASE annotation in the SQL, which cost more to compile than the table costs to render (issue 21)."""
    make_questions(3, users)
    sql = str(selectors.question_list_qs(users["kernteam"]).query)
    assert "CASE" not in sql.upper()
    rows = selectors.with_row_labels(selectors.question_list_qs(users["kernteam"]))
    today = timezone.localdate()
    assert all(q.is_overdue == (q.status in OPEN_STATUSES and q.due_date < today) for q in rows)


@pytest.mark.parametrize("query", [{}, {"ordering": "reference"}, {"status": "nieuw", "q": "Vraag"}])
def test_list_rows_are_plain_values_not_model_objects(client_for, users, monkeypatch, query):
    """The page's rows are read as values (questions/rows.py): no Question object is made for them,
    whatever the order or filter (issue 21: 25 objects of a deferred-field queryset cost more than the
    page's SQL), and each row shows what the table needs."""
    make_questions(30, users)
    client = client_for("kernteam")
    client.get("/kernteam/vragen/")  # the user, roles and reference lists: read once
    made = []
    original = Question.from_db

    def counting(cls, *args, **kwargs):
        made.append(1)
        return original.__func__(cls, *args, **kwargs)

    monkeypatch.setattr(Question, "from_db", classmethod(counting))
    response = client.get("/kernteam/vragen/", query)
    assert response.status_code == 200 and not made
    rows = response.context["questions"]
    assert rows and all(isinstance(row, QuestionRow) for row in rows)
    stored = {q.pk: q for q in Question.objects.filter(pk__in=[row.pk for row in rows])}
    for row in rows:
        question = stored[row.pk]
        assert (row.reference, row.status, row.due_date, row.received_at, row.assignee_id) == (
            question.reference,
            question.status,
            question.due_date,
            question.received_at,
            question.assignee_id,
        )
        assert row.reference in response.content.decode()
