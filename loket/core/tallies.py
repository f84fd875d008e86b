"""Counts per key kept by database triggers: the one mechanism behind the question tally
(questions/tally.py: per status and assignee) and the signal tally (monitoring/tally.py: per kind and
status).

Why triggers and not the services: the counted columns are written by the services, but also by the
bulk builders (demo, bench, factories), the admin, Django's collector (a deleted user sets an assignee
to NULL), clean-up deletes and queryset updates. A row trigger runs in the same statement as each of
those writes, so the tally is always exactly a recount, in the same transaction, whatever the path.
The triggers only add and subtract; `recount()` rebuilds the table (the data migration).

A change moves one count to another row; on PostgreSQL the two rows are always touched in the same
order (by the key), so two simultaneous changes never wait on each other crosswise (no deadlock).
SQLite has one writer at a time: the order does not matter there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce


@dataclass(frozen=True)
class Key:
    """One column of the tally's key: `tally_column` holds `source_column` of the counted row, with
    `null_as` in its place when that is NULL (None: never NULL)."""

    tally_column: str
    source_column: str
    sql_type: str  # PostgreSQL type of the function parameter: "varchar", "integer"
    null_as: int | None = None

    def of(self, row: str) -> str:
        column = f"{row}.{self.source_column}"
        return column if self.null_as is None else f"COALESCE({column}, {self.null_as})"


@dataclass(frozen=True)
class Tally:
    name: str  # prefix of the functions and triggers: "questions", "monitoring"
    source_table: str
    tally_table: str
    keys: tuple[Key, ...]

    # --- PostgreSQL -----------------------------------------------------------------------------
    def _postgres(self) -> list[str]:
        params = ", ".join(f"p_{k.tally_column} {k.sql_type}" for k in self.keys)
        columns = ", ".join(k.tally_column for k in self.keys)

        def add(row: str, delta: int) -> str:
            args = ", ".join(f"{row}.{k.source_column}" for k in self.keys)  # NULL is stored as null_as
            return f"PERFORM {self.name}_tally_add({args}, {delta});"

        old_key = ", ".join(k.of("OLD") for k in self.keys)
        new_key = ", ".join(k.of("NEW") for k in self.keys)
        watched = ", ".join(k.source_column for k in self.keys)
        changed = " OR ".join(f"OLD.{k.source_column} IS DISTINCT FROM NEW.{k.source_column}" for k in self.keys)
        stored = ", ".join(
            f"p_{k.tally_column}" if k.null_as is None else f"COALESCE(p_{k.tally_column}, {k.null_as})"
            for k in self.keys
        )
        return [
            f"""
            CREATE OR REPLACE FUNCTION {self.name}_tally_add({params}, p_delta integer)
            RETURNS void AS $$
            BEGIN
                INSERT INTO {self.tally_table} ({columns}, n)
                VALUES ({stored}, p_delta)
                ON CONFLICT ({columns}) DO UPDATE SET n = {self.tally_table}.n + EXCLUDED.n;
            END $$ LANGUAGE plpgsql
            """,  # noqa: S608 - names and columns are constants of the Tally
            f"""
            CREATE OR REPLACE FUNCTION {self.name}_tally_change() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    {add("NEW", 1)}
                ELSIF TG_OP = 'DELETE' THEN
                    {add("OLD", -1)}
                ELSIF ({old_key}) < ({new_key}) THEN
                    {add("OLD", -1)}
                    {add("NEW", 1)}
                ELSE
                    {add("NEW", 1)}
                    {add("OLD", -1)}
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql
            """,
            f"""
            CREATE TRIGGER {self.name}_tally_insert_delete AFTER INSERT OR DELETE ON {self.source_table}
            FOR EACH ROW EXECUTE FUNCTION {self.name}_tally_change()
            """,
            f"""
            CREATE TRIGGER {self.name}_tally_update AFTER UPDATE OF {watched} ON {self.source_table}
            FOR EACH ROW WHEN ({changed})
            EXECUTE FUNCTION {self.name}_tally_change()
            """,
        ]

    def _postgres_drop(self) -> list[str]:
        types = ", ".join(k.sql_type for k in self.keys)
        return [
            f"DROP TRIGGER IF EXISTS {self.name}_tally_update ON {self.source_table}",
            f"DROP TRIGGER IF EXISTS {self.name}_tally_insert_delete ON {self.source_table}",
            f"DROP FUNCTION IF EXISTS {self.name}_tally_change()",
            f"DROP FUNCTION IF EXISTS {self.name}_tally_add({types}, integer)",
        ]

    # --- SQLite ---------------------------------------------------------------------------------
    def _sqlite_add(self, row: str) -> str:
        columns = ", ".join(k.tally_column for k in self.keys)
        return (
            f"INSERT INTO {self.tally_table} ({columns}, n) "  # noqa: S608 - constants only
            f"VALUES ({', '.join(k.of(row) for k in self.keys)}, 1) "
            f"ON CONFLICT ({columns}) DO UPDATE SET n = n + 1;"
        )

    def _sqlite_subtract(self, row: str) -> str:
        # an UPDATE, not an upsert: a flush that empties the tally before the counted rows leaves no negative rows
        where = " AND ".join(f"{k.tally_column} = {k.of(row)}" for k in self.keys)
        return f"UPDATE {self.tally_table} SET n = n - 1 WHERE {where};"  # noqa: S608 - constants only

    def _sqlite(self) -> list[str]:
        watched = ", ".join(k.source_column for k in self.keys)
        changed = " OR ".join(f"OLD.{k.source_column} IS NOT NEW.{k.source_column}" for k in self.keys)
        table = self.source_table
        return [
            f"CREATE TRIGGER {self.name}_tally_insert AFTER INSERT ON {table} BEGIN {self._sqlite_add('NEW')} END",
            f"CREATE TRIGGER {self.name}_tally_delete AFTER DELETE ON {table} BEGIN {self._sqlite_subtract('OLD')} END",
            f"""CREATE TRIGGER {self.name}_tally_update AFTER UPDATE OF {watched} ON {table}
            WHEN {changed}
            BEGIN {self._sqlite_subtract("OLD")} {self._sqlite_add("NEW")} END""",
        ]

    def _sqlite_drop(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {self.name}_tally_{event}" for event in ("update", "delete", "insert")]

    # --- used by the migrations and the tests ---------------------------------------------------
    def install_triggers(self, schema_editor) -> None:
        postgres = schema_editor.connection.vendor == "postgresql"
        for statement in self._postgres() if postgres else self._sqlite():
            schema_editor.execute(statement)

    def drop_triggers(self, schema_editor) -> None:
        postgres = schema_editor.connection.vendor == "postgresql"
        for statement in self._postgres_drop() if postgres else self._sqlite_drop():
            schema_editor.execute(statement)

    def counted(self, rows) -> dict[tuple, int]:
        """key -> number of `rows` (a queryset of the counted model): what the tally must say."""
        keys = {
            f"k{i}": F(k.source_column) if k.null_as is None else Coalesce(k.source_column, Value(k.null_as))
            for i, k in enumerate(self.keys)
        }
        found = rows.order_by().annotate(**keys).values_list(*keys).annotate(n=Count("pk"))
        return {tuple(row[:-1]): row[-1] for row in found}

    def recount(self, counted_model, tally_model) -> None:
        """Rebuild the tally from the counted rows (the data migration; models from `apps` there)."""
        tally_model.objects.all().delete()
        tally_model.objects.bulk_create(
            [
                tally_model(**dict(zip((k.tally_column for k in self.keys), key, strict=True)), n=n)
                for key, n in self.counted(counted_model.objects.all()).items()
            ]
        )
