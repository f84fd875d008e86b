"""The publications' full-text document as a stored, generated column with a GIN index (PostgreSQL
only; see loket/fulltext.py). It replaces the expression index of 0004: with the expression the
planner sometimes chose another index and parsed every row's text again (140 ms for the FAQ)."""

from django.db import migrations

from loket.core.fulltext import add_document

FIELDS = (("title", "A"), ("summary", "B"), ("body", "C"))
add_column, drop_column = add_document("loket_publication", FIELDS)
OLD_INDEX = "loket_publication_fts_dutch"
OLD_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON loket_publication USING GIN ("
    "(setweight(to_tsvector('dutch'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(summary, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(body, '')), 'C')))"
)


def forwards(apps, schema_editor):
    add_column(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_INDEX_SQL)
    drop_column(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("loket", "0007_perf_list_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
