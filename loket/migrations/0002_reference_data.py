"""Reference data from public sources (see loket/reference_data/SOURCES.md): provinces, themes,
organisations and location types. Afterwards they are managed in the admin; running this again
(e.g. on a restored database) updates names but never removes what the admin added.
"""

import csv
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "reference_data"
POPULATION_DATE = date(2024, 1, 1)
POPULATION_SOURCE = "CBS StatLine 70072ned, Regionale kerncijfers Nederland, 1 januari 2024"


def rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    Province = apps.get_model("loket", "Province")
    Theme = apps.get_model("loket", "Theme")
    Organisation = apps.get_model("loket", "Organisation")
    LocationType = apps.get_model("loket", "LocationType")

    provinces = {}
    for row in rows("provinces.csv"):
        provinces[row["code"]], _ = Province.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["naam"],
                "alt_name": row["naam_alt"],
                "population": int(row["inwoners_2024"]),
                "population_date": POPULATION_DATE,
                "population_source": POPULATION_SOURCE,
                "municipalities": int(row["gemeenten"]),
                "region": row["landsdeel"],
            },
        )

    themes = {}
    for row in rows("themes.csv"):  # parents come before their children in the file
        themes[row["code"]], _ = Theme.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["naam"], "parent": themes.get(row["parent"]) if row["parent"] else None},
        )

    for row in rows("organisations.csv"):
        if row["code"] == "PV20..PV31":  # one row stands for the twelve provinces
            for code, province in provinces.items():
                Organisation.objects.update_or_create(
                    code=code,
                    defaults={
                        "name": f"Provincie {province.name}",
                        "type": "provincie",
                        "province": province,
                        "note": row["opmerking"],
                    },
                )
            continue
        Organisation.objects.update_or_create(
            code=row["code"], defaults={"name": row["naam"], "type": row["type"], "note": row["opmerking"]}
        )

    for row in rows("location_types.csv"):
        LocationType.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["naam"], "definition": row["definitie"], "source": row["bron_kader"]},
        )


class Migration(migrations.Migration):
    dependencies = [("loket", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
