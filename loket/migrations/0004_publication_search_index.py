"""GIN index for the Dutch full-text search of publications (PostgreSQL only; SQLite uses the
simple fallback search and gets no index)."""

from django.db import migrations

INDEX_NAME = "loket_publication_fts_dutch"
INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON loket_publication USING GIN ("
    "(setweight(to_tsvector('dutch'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(summary, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(body, '')), 'C')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("loket", "0003_publications_subscriptions_mailings")]

    operations = [migrations.RunPython(create_index, drop_index)]
