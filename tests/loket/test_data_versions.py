"""Data versions (loket.core.data_versions): every way of writing to a table of the group raises its
number in the same transaction, and a cached fragment is rebuilt exactly when the number changed."""

import pytest
from django.db import connection, transaction

from experts.selectors import DATA_VERSION_TABLES as EXPERTS_TABLES
from loket.core import data_versions
from loket.core.models import LocationType, Province
from plans.capacity import DATA_VERSION_TABLES as PLANS_TABLES
from plans.models import PlannedLocation, PlanVersion
from plans.workflow import Status
from tests.plans.factories import add_locations, version_for

pytestmark = pytest.mark.django_db


def _raises(write) -> bool:
    before = data_versions.current("plans")
    write()
    return data_versions.current("plans") > before


def test_every_write_path_raises_the_version(users):
    version = version_for("PV26", Status.ADOPTED)
    assert _raises(lambda: add_locations(version, 3))  # bulk_create, as the builders do
    location = PlannedLocation.objects.filter(version=version).first()
    location.capacity = 80
    assert _raises(location.save)  # a model save
    assert _raises(lambda: PlannedLocation.objects.filter(version=version).update(capacity=70))  # queryset update
    assert _raises(lambda: PlanVersion.objects.filter(pk=version.pk).update(status=Status.SUPERSEDED))
    assert _raises(lambda: Province.objects.filter(code="PV26").update(alt_name="Sticht"))  # names on the page
    assert _raises(lambda: LocationType.objects.filter(code="AZC").update(name="Azc"))
    assert _raises(lambda: PlannedLocation.objects.filter(version=version).delete())  # the collector's delete


def test_a_write_to_another_table_leaves_the_version_alone(users):
    before = data_versions.current("plans")
    users["kernteam"].save()
    assert data_versions.current("plans") == before


def test_a_rolled_back_write_leaves_the_version_as_it_was(users):
    version = version_for("PV26", Status.ADOPTED)
    before = data_versions.current("plans")
    with pytest.raises(RuntimeError), transaction.atomic():
        add_locations(version, 1)
        assert data_versions.current("plans") > before  # inside the transaction it is raised ...
        raise RuntimeError
    assert data_versions.current("plans") == before  # ... and rolled back with the rows


def test_a_fragment_is_built_once_per_version_and_key(users):
    built = []

    def build():
        built.append(1)
        return f"<p>{len(built)}</p>"

    assert data_versions.cached_fragment("plans", "a", build=build) == "<p>1</p>"
    assert data_versions.cached_fragment("plans", "a", build=build) == "<p>1</p>"  # from the cache
    assert data_versions.cached_fragment("plans", "b", build=build) == "<p>2</p>"  # another key
    add_locations(version_for("PV26", Status.ADOPTED), 1)
    assert data_versions.cached_fragment("plans", "a", build=build) == "<p>3</p>"  # a write: built again
    assert len(built) == 3


@pytest.mark.parametrize(
    ("group", "tables"), [("plans", PLANS_TABLES), ("experts", EXPERTS_TABLES)], ids=["plans", "experts"]
)
def test_the_triggers_are_on_the_tables_the_cached_page_reads(group, tables):
    """The migrations' lists are the lists of plans.capacity and experts.selectors."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s",
                [f"loket_dv_{group}_%"],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"loket_dv_{group}_%"],
            )
        found = {row[0] for row in cursor.fetchall()}
    assert found == set(tables)
