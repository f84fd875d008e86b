"""The stored full-text documents of the searchable tables (PostgreSQL only).

Every searchable table has a column `search_document`: a `tsvector` that PostgreSQL keeps up to date
itself (a generated, stored column) with a GIN index on it. The search (loket/search.py) matches and
ranks on that column, so no row's text is parsed again at query time, whatever plan the planner picks.
The column is not a model field: Django never writes or reads it, except through `document()` in a
search. SQLite (development, tests) has no such column and searches with `icontains` instead.

The migrations that add the columns call `add_document` with the fields and weights of that moment;
`DOCUMENTS` below must say the same (the search weights the fields as they were indexed).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models.expressions import RawSQL

COLUMN = "search_document"
CONFIG = "dutch"

# table -> (field, weight) in order; the first field is the title of a hit
DOCUMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "loket_publication": (("title", "A"), ("summary", "B"), ("body", "C")),
    "questions_question": (("subject", "A"), ("body", "B"), ("reference", "B")),
    "experts_expert": (("name", "A"), ("expertise", "B")),
    "monitoring_signal": (("title", "A"), ("description", "B")),
    "plans_plannedlocation": (("name", "A"), ("municipality", "A")),
    "loket_consultation": (("title", "A"), ("introduction", "B"), ("body", "C")),
}


def document_expression(fields: tuple[tuple[str, str], ...]) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE(\"{name}\"::text, '')), '{weight}')"
        for name, weight in fields
    )


def add_document(table: str, fields: tuple[tuple[str, str], ...]):
    """A RunPython operation pair for a migration: add the generated column and its GIN index."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS {COLUMN} tsvector '
            f"GENERATED ALWAYS AS ({document_expression(fields)}) STORED"
        )
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{table}_search_gin" ON "{table}" USING GIN ({COLUMN})')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_gin"')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS {COLUMN}')

    return forwards, backwards


def document(model) -> RawSQL:
    """The stored document of `model`'s table, for `.annotate()` in a search (PostgreSQL)."""
    table = model._meta.db_table
    if table not in DOCUMENTS:
        raise ValueError(f"{table} heeft geen zoekdocument")
    return RawSQL(f'"{table}"."{COLUMN}"', [], output_field=SearchVectorField())  # noqa: S611 - constant SQL


def fields_of(model) -> list[str]:
    return [name for name, _weight in DOCUMENTS[model._meta.db_table]]
