"""Issue 20.1 for plan version numbers: revisions started at the same moment (PostgreSQL, each thread
its own connection). The plan row is locked while the next number is taken, so exactly one concept
version is made, with the next number, and every other start gets the Dutch refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from loket.core.models import Province
from plans.models import PlanVersion
from plans.services import plan_version_start
from plans.workflow import Status

from .factories import version_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="gelijktijdige transacties vragen PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STARTS = 12


def start_all_at_once(province, by) -> tuple[list, list]:
    barrier = threading.Barrier(STARTS)
    made, refused, errors = [], [], []

    def start():
        try:
            barrier.wait()
            made.append(plan_version_start(province=province, by=by).number)
        except ValidationError as error:
            refused.append(error.messages[0])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(STARTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return made, refused


def test_simultaneous_revisions_make_one_version_with_the_next_number(users):
    first = version_for("PV26", Status.SUBMITTED)
    made, refused = start_all_at_once(first.plan.province, users["prt_utrecht"])
    assert made == [2]
    assert len(refused) == STARTS - 1 and all("nog niet ingediend" in message for message in refused)
    assert sorted(PlanVersion.objects.filter(plan=first.plan).values_list("number", flat=True)) == [1, 2]


def test_simultaneous_first_versions_of_a_province_without_a_plan(users):
    province = Province.objects.get(code="PV25")
    made, refused = start_all_at_once(province, users["prt_gelderland"])
    assert made == [1]
    assert len(refused) == STARTS - 1
    assert list(PlanVersion.objects.filter(plan__province=province).values_list("number", flat=True)) == [1]
