"""The tally of signals per kind and status (`SignalTally`), kept by database triggers, after the
pattern of the question tally (questions/tally.py).

Why triggers and not the services: a signal's kind and status are written by the services, but also by
the bulk builders (demo, bench, factories), the admin, the archive's purge and queryset updates. A
trigger runs in the same statement as each of those writes, so the tally is always exactly a recount, in
the same transaction, whatever the path. The triggers only add and subtract; `recount()` rebuilds the
table (the data migration). The register reads its size here when it is shown unfiltered to someone
who sees every signal, instead of counting the table per request (issue 21).

A change moves one count to another row; the two rows are always touched in the same order (by kind,
then status), so two simultaneous changes never wait on each other crosswise (no deadlock).
"""

from django.db.models import Count

_POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION monitoring_tally_add(p_kind varchar, p_status varchar, p_delta integer)
    RETURNS void AS $$
    BEGIN
        INSERT INTO monitoring_signaltally (kind, status, n)
        VALUES (p_kind, p_status, p_delta)
        ON CONFLICT (kind, status) DO UPDATE SET n = monitoring_signaltally.n + EXCLUDED.n;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION monitoring_tally_change() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM monitoring_tally_add(NEW.kind, NEW.status, 1);
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM monitoring_tally_add(OLD.kind, OLD.status, -1);
        ELSIF (OLD.kind, OLD.status) < (NEW.kind, NEW.status) THEN
            PERFORM monitoring_tally_add(OLD.kind, OLD.status, -1);
            PERFORM monitoring_tally_add(NEW.kind, NEW.status, 1);
        ELSE
            PERFORM monitoring_tally_add(NEW.kind, NEW.status, 1);
            PERFORM monitoring_tally_add(OLD.kind, OLD.status, -1);
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER monitoring_tally_insert_delete AFTER INSERT OR DELETE ON monitoring_signal
    FOR EACH ROW EXECUTE FUNCTION monitoring_tally_change()
    """,
    """
    CREATE TRIGGER monitoring_tally_update AFTER UPDATE OF kind, status ON monitoring_signal
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION monitoring_tally_change()
    """,
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS monitoring_tally_update ON monitoring_signal",
    "DROP TRIGGER IF EXISTS monitoring_tally_insert_delete ON monitoring_signal",
    "DROP FUNCTION IF EXISTS monitoring_tally_change()",
    "DROP FUNCTION IF EXISTS monitoring_tally_add(varchar, varchar, integer)",
]


def _sqlite_add(row: str) -> str:
    return (
        "INSERT INTO monitoring_signaltally (kind, status, n) "  # noqa: S608 - constants only
        f"VALUES ({row}.kind, {row}.status, 1) "
        "ON CONFLICT (kind, status) DO UPDATE SET n = n + 1;"
    )


def _sqlite_subtract(row: str) -> str:
    # an UPDATE, not an upsert: a flush that empties the tally before the signals leaves no negative rows
    return (
        "UPDATE monitoring_signaltally SET n = n - 1 "  # noqa: S608 - constants only
        f"WHERE kind = {row}.kind AND status = {row}.status;"
    )


# SQLite has one writer at a time: the order of the two rows does not matter there.
_SQLITE = [
    f"CREATE TRIGGER monitoring_tally_insert AFTER INSERT ON monitoring_signal BEGIN {_sqlite_add('NEW')} END",
    f"CREATE TRIGGER monitoring_tally_delete AFTER DELETE ON monitoring_signal BEGIN {_sqlite_subtract('OLD')} END",
    f"""CREATE TRIGGER monitoring_tally_update AFTER UPDATE OF kind, status ON monitoring_signal
    WHEN OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
    BEGIN {_sqlite_subtract("OLD")} {_sqlite_add("NEW")} END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS monitoring_tally_update",
    "DROP TRIGGER IF EXISTS monitoring_tally_delete",
    "DROP TRIGGER IF EXISTS monitoring_tally_insert",
]


def install_triggers(schema_editor) -> None:
    statements = _POSTGRES if schema_editor.connection.vendor == "postgresql" else _SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(schema_editor) -> None:
    statements = _POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else _SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement)


def counted(signals) -> dict[tuple[str, str], int]:
    """(kind, status) -> number of `signals` (a queryset): what the tally must say."""
    rows = signals.order_by().values_list("kind", "status").annotate(n=Count("pk"))
    return {(kind, status): n for kind, status, n in rows}


def recount(signal_model, tally_model) -> None:
    """Rebuild the tally from the signals (the data migration; models from `apps` there)."""
    tally_model.objects.all().delete()
    tally_model.objects.bulk_create(
        [
            tally_model(kind=kind, status=status, n=n)
            for (kind, status), n in counted(signal_model.objects.all()).items()
        ]
    )
