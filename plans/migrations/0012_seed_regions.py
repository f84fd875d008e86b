"""Seed the regional partnerships with a documented example set: the 25 safety regions
(loket/reference_data/regions_veiligheidsregios.csv, see loket/reference_data/SOURCES.md). Afterwards
they are managed in the admin; running this again updates names but never removes what was added."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent.parent / "loket" / "reference_data" / "regions_veiligheidsregios.csv"


def load(apps, schema_editor):
    Province = apps.get_model("loket", "Province")
    Region = apps.get_model("plans", "Region")
    provinces = {p.code: p for p in Province.objects.all()}
    with open(DATA, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            province = provinces.get(row["provincie"])
            if province is None:
                continue
            Region.objects.update_or_create(code=row["code"], defaults={"name": row["naam"], "province": province})


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0002_reference_data"),
        ("plans", "0011_regions_review_support_realisation"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
