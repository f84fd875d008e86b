"""The working-day calendar as policy (issue 17): the `holidays` package plus the Beheerder's days
off in the admin (5 May seeded, every year), cached per year per process with one invalidation path
(the admin's save and delete); digests do not go out on days off; "days late" counts working days."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from loket.core import workdays
from loket.core.models import DayOff, DayOffKind
from loket.core.workdays import add_working_days, is_working_day, working_days_between
from questions.tasks import send_overdue_digests
from questions.workflow import Status
from tests.questions.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_5_may_is_off_every_year():
    assert DayOff.objects.filter(every_year=True, day__month=5, day__day=5).exists()
    for year in (2026, 2027, 2031):
        assert not is_working_day(dt.date(year, 5, 5)) or dt.date(year, 5, 5).weekday() >= 5
    assert not is_working_day(dt.date(2026, 5, 5))  # a Tuesday
    assert working_days_between(dt.date(2026, 5, 4), dt.date(2026, 5, 6)) == 1
    assert add_working_days(dt.date(2026, 5, 4), 1) == dt.date(2026, 5, 6)


def test_the_set_is_cached_per_year(django_assert_num_queries):
    is_working_day(dt.date(2026, 6, 1))
    with django_assert_num_queries(0):
        for day in range(1, 31):
            is_working_day(dt.date(2026, 6, day))


def test_the_beheerder_adds_and_removes_days_off_in_the_admin(client_for, django_capture_on_commit_callbacks):
    client = client_for("beheerder")
    day = dt.date(2026, 6, 10)  # a Wednesday
    assert is_working_day(day)  # the set of 2026 is now cached in this process
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/beheer/loket/dayoff/add/", {"day": "2026-06-10", "kind": DayOffKind.EXTRA, "name": "Studiedag"}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not is_working_day(day)
    row = DayOff.objects.get(name="Studiedag")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/beheer/loket/dayoff/{row.pk}/delete/", {"post": "yes"})
    assert not DayOff.objects.filter(pk=row.pk).exists()
    assert is_working_day(day)


def test_a_holiday_can_count_as_a_working_day():
    assert not is_working_day(dt.date(2026, 4, 27))  # Koningsdag
    DayOff.objects.create(day=dt.date(2026, 4, 27), kind=DayOffKind.WORKING, name="Toch open")
    workdays.forget_days_off()
    assert is_working_day(dt.date(2026, 4, 27))


def test_another_process_sees_the_change_within_the_check_interval(monkeypatch):
    day = dt.date(2026, 6, 11)
    assert is_working_day(day)
    DayOff.objects.create(day=day, name="Elders toegevoegd")
    # another process raised the shared generation; this one still has its set...
    cache.incr(workdays.GENERATION_KEY)
    assert is_working_day(day)
    # ...until its next check
    monkeypatch.setitem(workdays._state, "checked_at", 0.0)
    assert not is_working_day(day)


def _on(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def test_no_digest_on_a_day_off_and_days_late_in_working_days(monkeypatch, users):
    late = QuestionFactory(assignee=users["kernteam"], status=Status.IN_PROGRESS, due_date=dt.date(2026, 5, 1))
    _on(monkeypatch, dt.date(2026, 5, 5))  # Tuesday, off at the Rijk
    assert send_overdue_digests() == 0 and not mail.outbox
    _on(monkeypatch, dt.date(2026, 5, 9))  # Saturday
    assert send_overdue_digests() == 0 and not mail.outbox
    _on(monkeypatch, dt.date(2026, 5, 6))  # Wednesday: Monday 4 and Wednesday 6 count, Tuesday 5 not
    assert send_overdue_digests() == 1
    (digest,) = mail.outbox
    assert late.reference in digest.body and "2 dagen te laat" in digest.body
