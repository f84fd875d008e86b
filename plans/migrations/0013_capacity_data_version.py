"""Issue 21: every write to a table the capacity picture reads raises the data version "plans"
(loket.core.data_versions), on which the cached picture is keyed."""

from django.db import migrations

from loket.core.data_versions import triggers_operation

# what plans.capacity.capacity_picture and the capacity page read (plans.capacity.DATA_VERSION_TABLES)
TABLES = [
    "plans_prognosisround",
    "plans_provinceprognosis",
    "plans_plan",
    "plans_planversion",
    "plans_region",
    "plans_plannedlocation",
    "plans_locationrealisation",
    "loket_province",
    "loket_locationtype",
]


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0012_seed_regions"),
        ("loket", "0021_data_version"),
    ]

    operations = [triggers_operation("plans", TABLES)]
