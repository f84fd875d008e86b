"""Stable location keys (nullable until 0008 fills them) and import previews waiting for confirmation."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_plannedlocation_search_document"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalplannedlocation",
            name="key",
            field=models.UUIDField(editable=False, null=True, verbose_name="locatie-ID"),
        ),
        migrations.AddField(
            model_name="plannedlocation",
            name="key",
            field=models.UUIDField(editable=False, null=True, verbose_name="locatie-ID"),
        ),
        migrations.CreateModel(
            name="PendingImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")),
                ("expires_at", models.DateTimeField(verbose_name="verloopt op")),
                ("file_name", models.CharField(blank=True, max_length=255, verbose_name="bestandsnaam")),
                (
                    "replace",
                    models.BooleanField(
                        default=False, verbose_name="locaties die niet in het bestand staan verwijderen"
                    ),
                ),
                ("fingerprint", models.CharField(max_length=64)),
                ("plan", models.JSONField(default=dict)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.planversion"
                    ),
                ),
            ],
            options={
                "verbose_name": "import in afwachting",
                "verbose_name_plural": "imports in afwachting",
                "indexes": [models.Index(fields=["expires_at"], name="plans_pendi_expires_d63303_idx")],
            },
        ),
    ]
