"""Pages built from rarely written tables, cached until one of those tables is written to.

A *data version* is a number per group of tables (`DataVersion`, e.g. "plans" for what the capacity
picture reads). Database triggers on each table of the group raise it in the same statement as every
INSERT, UPDATE, DELETE (and TRUNCATE on PostgreSQL): there is no write path that forgets it (services,
the bulk builders of demo and bench, queryset updates, the collector's deletes, the admin). The raise is
part of the writing transaction, so another process sees the new number exactly when it sees the new
rows: that commit is the one invalidation path.

`cached_fragment(group, *key, build=...)` reads the number (one small statement) and returns the HTML
stored under (group, number, language, key), or builds, stores and returns it. A request that read the
number just before a commit and the rows just after it stores newer rows under the older number: the
next request reads the new number and builds again, so nothing stale is ever served for a committed
change. Entries expire after `TIMEOUT` seconds (a restored backup can bring back an older number).

On PostgreSQL one trigger per table runs once per statement; SQLite has only row triggers. The row
lock on the group's counter serialises the writers of a group until they commit: meant for tables
written a few times an hour (plans), not for the question queue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, migrations
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from loket.core.models import DataVersion

TIMEOUT = 10 * 60
_TABLE = DataVersion._meta.db_table


def current(group: str) -> int:
    """The group's data version now (0 before its first write)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {connection.ops.quote_name(_TABLE)} WHERE name = %s", [group])  # noqa: S608 - our table
        row = cursor.fetchone()
    return row[0] if row else 0


def cached_fragment(group: str, *key: object, build: Callable[[], str], timeout: int = TIMEOUT) -> SafeString:
    """The HTML `build()` returns for `key`, built once per data version of `group` (and language).
    LOKET_FRAGMENT_CACHE=false builds it on every call (the bench's A/B)."""
    if not settings.LOKET_FRAGMENT_CACHE:
        return mark_safe(build())  # noqa: S308 - build() renders a template
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    cache_key = f"loket:fragment:{group}:{current(group)}:{get_language()}:{digest}"
    html = cache.get(cache_key)
    if not isinstance(html, str):
        html = build()
        cache.set(cache_key, html, timeout)
    return mark_safe(html)  # noqa: S308 - stored from build(), a rendered template


# --- the triggers (installed by the migration of the app that owns the group) --------------------------


def _bump_sql(group: str) -> str:
    return (
        f"INSERT INTO {_TABLE} (name, value) VALUES ('{group}', 1) "  # noqa: S608 - constants only
        f"ON CONFLICT (name) DO UPDATE SET value = {_TABLE}.value + 1"
    )


def _trigger(group: str, table: str) -> str:
    return f"loket_dv_{group}_{table}"


def _function(group: str) -> str:
    return f"loket_dv_{group}_bump"


def install_triggers(schema_editor, group: str, tables: Iterable[str]) -> None:
    """Make every write to `tables` raise `group`'s data version."""
    if not group.isidentifier() or not all(t.isidentifier() for t in tables):
        raise ValueError("group and table names are plain identifiers")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {_function(group)}() RETURNS trigger AS $$ "
            f"BEGIN {_bump_sql(group)}; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {_trigger(group, table)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_function(group)}()"
            )
        return
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {_trigger(group, table)}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {_bump_sql(group)}; END"
            )


def drop_triggers(schema_editor, group: str, tables: Iterable[str]) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in tables:
        if postgres:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger(group, table)} ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger(group, table)}_{event}")
    if postgres:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_function(group)}()")


def triggers_operation(group: str, tables: Iterable[str]) -> migrations.RunPython:
    """The migration operation that installs (and, backwards, drops) `group`'s triggers on `tables`."""
    tables = list(tables)
    return migrations.RunPython(
        lambda apps, schema_editor: install_triggers(schema_editor, group, tables),
        lambda apps, schema_editor: drop_triggers(schema_editor, group, tables),
    )
