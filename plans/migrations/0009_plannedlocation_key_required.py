"""Every location has its key now (0008): required, and unique within one version."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_plannedlocation_key_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalplannedlocation",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="locatie-ID"),
        ),
        migrations.AlterField(
            model_name="plannedlocation",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="locatie-ID"),
        ),
        migrations.AddConstraint(
            model_name="plannedlocation",
            constraint=models.UniqueConstraint(fields=("version", "key"), name="location_unique_key_per_version"),
        ),
    ]
