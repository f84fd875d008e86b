"""A partial index of the listed experts' keys with their names (issue 21): the directory's search joins
its ranked matches to the listed experts and sorts them by name; PostgreSQL reads both from this index
alone (an index-only scan) instead of each match's row of the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("experts", "0008_directory_search_trigram_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(
                condition=models.Q(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True),
                fields=["id"],
                include=("name",),
                name="expert_listed_name_idx",
            ),
        ),
    ]
