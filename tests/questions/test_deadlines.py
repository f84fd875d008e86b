import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.core.models import Theme
from loket.core.workdays import add_working_days, is_working_day
from questions.models import Question, ThemeDeadline
from questions.services import question_submit


def test_weekend_is_skipped(db):
    friday = dt.date(2026, 3, 13)
    assert add_working_days(friday, 1) == dt.date(2026, 3, 16)
    assert add_working_days(friday, 5) == dt.date(2026, 3, 20)


def test_koningsdag_and_weekend_are_skipped(db):
    # Friday 24 April 2026; Monday 27 April is Koningsdag.
    friday = dt.date(2026, 4, 24)
    assert not is_working_day(dt.date(2026, 4, 27))
    assert add_working_days(friday, 1) == dt.date(2026, 4, 28)
    assert add_working_days(friday, 5) == dt.date(2026, 5, 4)


def test_christmas_and_new_year(db):
    assert add_working_days(dt.date(2026, 12, 24), 2) == dt.date(2026, 12, 29)
    assert add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)


def _submit(theme, received):
    return question_submit(
        asker_name="A",
        asker_email="a@example.nl",
        subject="S",
        body="B",
        themes=[theme],
        organisation_name="Gemeente",
        received_at=received,
    )


def test_due_date_uses_default_term(db, settings):
    settings.QUESTIONS_DEFAULT_WORKING_DAYS = 5
    received = dt.datetime(2026, 4, 24, 16, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    question = _submit(Theme.objects.get(code="KWA"), received)
    assert question.due_date == dt.date(2026, 5, 4)
    assert question.reference == "V-2026-00001"


def test_due_date_uses_shortest_theme_term(db):
    fast, slow = Theme.objects.get(code="BEL-SPR"), Theme.objects.get(code="FJK")
    ThemeDeadline.objects.create(theme=fast, working_days=2)
    ThemeDeadline.objects.create(theme=slow, working_days=10)
    received = dt.datetime(2026, 4, 24, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    # 10 working days from Friday 24 April: 27 April (Koningsdag) and 5 May (off at the Rijk) do not count
    assert _submit(slow, received).due_date == dt.date(2026, 5, 12)
    question = question_submit(
        asker_name="A",
        asker_email="a@example.nl",
        subject="S",
        body="B",
        themes=[fast, slow],
        organisation_name="Gemeente",
        received_at=received,
    )
    assert question.due_date == dt.date(2026, 4, 29)


def test_received_late_evening_counts_in_amsterdam_time(db):
    # 31 December 2026 23:30 UTC is already 1 January 2027 in Amsterdam: a 2027 reference.
    received = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    question = _submit(Theme.objects.get(code="KWA"), received)
    assert question.reference == "V-2027-00001"


def test_the_question_form_brings_the_terms_of_its_themes(client, ask_data):
    """Submitted through the form, the themes carry their terms (read with the themes): the shortest
    term counts, and no separate query for the deadlines is made."""
    fast, slow = Theme.objects.get(code="BEL-SPR"), Theme.objects.get(code="FJK")
    ThemeDeadline.objects.create(theme=fast, working_days=2)
    ThemeDeadline.objects.create(theme=slow, working_days=10)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/vragen/stellen/", {**ask_data, "themes": [str(fast.pk), str(slow.pk)]})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.due_date == add_working_days(timezone.localtime(question.received_at).date(), 2)
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "questions_themedeadline"')]
    # the chosen themes are checked with one query on the themes alone: the routing and the grouping of
    # the form read a theme's `parent_id`, never its parent (no join to the main theme)
    themes = [q["sql"] for q in queries.captured_queries if '"loket_theme"."id" IN (' in q["sql"]]
    assert len(themes) == 1 and "JOIN" not in themes[0]
