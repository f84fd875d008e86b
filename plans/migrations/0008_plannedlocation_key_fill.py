"""Give every existing planned location its stable key (plans/identity.py): locations with the same name
in successive versions of one plan share a key; a name twice in one version gets two keys. History rows
take the key of their location (a deleted location: one new key for all its history rows)."""

import uuid

from django.db import migrations

from plans.identity import assign_keys


def fill_keys(apps, schema_editor):
    PlanVersion = apps.get_model("plans", "PlanVersion")
    PlannedLocation = apps.get_model("plans", "PlannedLocation")
    HistoricalPlannedLocation = apps.get_model("plans", "HistoricalPlannedLocation")
    by_version: dict[int, list[tuple[int, str]]] = {}
    for pk, version_id, name in PlannedLocation.objects.values_list("pk", "version_id", "name").iterator():
        by_version.setdefault(version_id, []).append((pk, name))
    keys: dict[int, uuid.UUID] = {}
    versions = PlanVersion.objects.order_by("plan_id", "number").values_list("pk", "plan_id")
    plans: dict[int, list[int]] = {}
    for version_id, plan_id in versions:
        plans.setdefault(plan_id, []).append(version_id)
    for version_ids in plans.values():
        keys.update(assign_keys([by_version.get(v, []) for v in version_ids]))
    rows = []
    for location in PlannedLocation.objects.filter(key__isnull=True).only("pk").iterator():
        location.key = keys.get(location.pk) or uuid.uuid4()
        rows.append(location)
    PlannedLocation.objects.bulk_update(rows, ["key"], batch_size=500)
    deleted: dict[int, uuid.UUID] = {}
    history = []
    for record in HistoricalPlannedLocation.objects.filter(key__isnull=True).only("history_id", "id").iterator():
        record.key = keys.get(record.id) or deleted.setdefault(record.id, uuid.uuid4())
        history.append(record)
    HistoricalPlannedLocation.objects.bulk_update(history, ["key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_plannedlocation_key_pendingimport")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
