"""The stable location key: the rule (plans.identity.assign_keys) and the data migration that uses it
on locations made before keys existed (plans 0007-0009)."""

import itertools
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plans.identity import assign_keys

BEFORE = [("plans", "0006_plannedlocation_search_document")]
AFTER = [("plans", "0009_plannedlocation_key_required")]


def counter():
    numbers = itertools.count(1)
    return lambda: uuid.UUID(int=next(numbers))


def test_same_name_in_successive_versions_shares_a_key():
    keys = assign_keys(
        [
            [(1, "Azc Papendorp"), (2, "Noodopvang Jaarbeurs")],
            [(3, "azc  papendorp"), (4, "Rol Nieuwegein")],  # case and spaces do not matter
            [(5, "Noodopvang Jaarbeurs"), (6, "Azc Papendorp")],  # back after a version without it
        ],
        new_key=counter(),
    )
    assert keys[1] == keys[3] == keys[6]
    assert keys[2] == keys[5]
    assert len({keys[1], keys[2], keys[4]}) == 3


def test_a_name_twice_in_one_version_gets_two_keys():
    """The old import could add identical rows: within a version every key is used once."""
    keys = assign_keys([[(1, "Azc"), (2, "Azc")], [(3, "Azc")], [(4, "Azc"), (5, "Azc"), (6, "Azc")]])
    assert keys[1] != keys[2]
    assert keys[3] == keys[1]
    assert (keys[4], keys[5]) == (keys[1], keys[2]) and keys[6] not in (keys[1], keys[2])


@pytest.fixture
def back_to_the_latest_migrations():
    """The test migrates back and up to 0009 only: leave the database at the latest migrations, or
    the next tests on this worker miss the later columns."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_gives_old_locations_keys(back_to_the_latest_migrations):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Province = old.get_model("loket", "Province")
    LocationType = old.get_model("loket", "LocationType")
    Plan = old.get_model("plans", "Plan")
    PlanVersion = old.get_model("plans", "PlanVersion")
    Location = old.get_model("plans", "PlannedLocation")
    History = old.get_model("plans", "HistoricalPlannedLocation")
    azc = LocationType.objects.get(code="AZC")
    common = {"municipality": "Utrecht", "location_type": azc, "capacity": 100, "first_quarter": 8104}
    plans = {}
    for code in ("PV26", "PV25"):
        plan = Plan.objects.create(province=Province.objects.get(code=code))
        v1 = PlanVersion.objects.create(plan=plan, number=1, status="ingediend")
        v2 = PlanVersion.objects.create(plan=plan, number=2, status="concept")
        for version, names in ((v1, ["Azc A", "Azc B"]), (v2, ["Azc A", "Azc A", "Azc C"])):
            for name in names:
                Location.objects.create(version=version, name=name, status="bestaand", **common)
        plans[code] = (v1.pk, v2.pk)
    History.objects.create(
        id=999999, version_id=plans["PV26"][0], name="Weg", history_type="-", history_date="2026-01-01T00:00Z", **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # The models as of AFTER (later migrations add fields the database does not have yet).
    after = executor.loader.project_state(AFTER).apps
    PlannedLocation = after.get_model("plans", "PlannedLocation")
    HistoricalLocation = after.get_model("plans", "HistoricalPlannedLocation")

    for v1, v2 in plans.values():
        first = {loc.name: loc.key for loc in PlannedLocation.objects.filter(version_id=v1)}
        second = list(PlannedLocation.objects.filter(version_id=v2).order_by("pk").values_list("name", "key"))
        assert second[0] == ("Azc A", first["Azc A"])
        assert second[1][1] not in first.values()  # the duplicate of the old import: a key of its own
        assert second[2][1] not in first.values()
        assert len({key for _name, key in second}) == 3
    utrecht = set(PlannedLocation.objects.filter(version__plan__province__code="PV26").values_list("key", flat=True))
    gelderland = set(PlannedLocation.objects.filter(version__plan__province__code="PV25").values_list("key", flat=True))
    assert not utrecht & gelderland  # the same name in another plan is another location
    assert PlannedLocation.objects.filter(key__isnull=True).count() == 0
    assert not HistoricalLocation.objects.filter(key__isnull=True).exists()
    assert HistoricalLocation.objects.get(id=999999).key is not None
