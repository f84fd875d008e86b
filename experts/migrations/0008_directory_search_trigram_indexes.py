"""Trigram indexes for the directory's free-text search (PostgreSQL only; issue 21): the search matches
words anywhere in the name, function and expertise (`icontains`, as `UPPER(col) LIKE UPPER('%word%')`);
with a trigram GIN index on exactly that expression PostgreSQL reads the matching experts from the
index instead of the text of every expert (experts.selectors.RankedSearch). SQLite has no such index
and reads the table, as before."""

from django.db import migrations

TABLE = "experts_expert"
COLUMNS = ("name", "function", "expertise")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{TABLE}_{column}_trgm" ON "{TABLE}" '
            f'USING GIN (UPPER("{column}"::text) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{TABLE}_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("experts", "0007_referral_question_text")]

    operations = [migrations.RunPython(forwards, backwards)]
