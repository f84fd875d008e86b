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


def test_the_question_form_brings_the_terms_of_its_themes(client, ask_data, django_capture_on_commit_callbacks):
    """Submitted through the form, the themes carry their terms (kept with the cached reference lists):
    the shortest term counts, and a submission reads neither the themes nor the deadlines; a changed
    term counts from the next submission."""
    fast, slow = Theme.objects.get(code="BEL-SPR"), Theme.objects.get(code="FJK")
    with django_capture_on_commit_callbacks(execute=True):
        ThemeDeadline.objects.create(theme=fast, working_days=5)
    data = {**ask_data, "themes": [str(fast.pk), str(slow.pk)]}
    assert client.post("/vragen/stellen/", {**data, "subject": "De eerste"}).status_code == 302  # lists cached
    first = Question.objects.get(subject="De eerste")
    assert first.due_date == add_working_days(timezone.localtime(first.received_at).date(), 5)
    with django_capture_on_commit_callbacks(execute=True):  # committed, as in the admin: the lists rebuild
        ThemeDeadline.objects.filter(theme=fast).get().delete()
        ThemeDeadline.objects.create(theme=fast, working_days=2)
        ThemeDeadline.objects.create(theme=slow, working_days=10)
    assert client.post("/vragen/stellen/", {**data, "subject": "De tweede"}).status_code == 302  # rebuilt
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/vragen/stellen/", data)
    assert response.status_code == 302
    question = Question.objects.get(subject=ask_data["subject"])
    assert question.due_date == add_working_days(timezone.localtime(question.received_at).date(), 2)
    assert not [q for q in queries.captured_queries if 'FROM "questions_themedeadline"' in q["sql"]]
    # the chosen themes are checked against the cached reference lists (the themes with their terms): no
    # query on the themes either
    assert not [q for q in queries.captured_queries if 'FROM "loket_theme"' in q["sql"]]
