"""Real concurrent submissions: needs PostgreSQL (SQLite serialises all writes anyway)."""

import threading

import pytest
from django.db import connection, connections

from loket.core.models import Theme
from questions.models import Question
from questions.services import question_submit

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="gelijktijdige transacties vragen PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_unique_sequential_references():
    theme = Theme.objects.get(code="KWA")
    barrier = threading.Barrier(4)
    errors = []

    def submit(n):
        try:
            barrier.wait()
            for i in range(3):
                question_submit(
                    asker_name=f"Vrager {n}",
                    asker_email=f"v{n}-{i}@example.nl",
                    subject="Gelijktijdig",
                    body="Tekst",
                    themes=[theme],
                    organisation_name="Gemeente",
                )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Question.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 13))
