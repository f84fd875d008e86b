"""The tally of questions per status and assignee (`QuestionTally`), kept by database triggers.

Why triggers and not the services: a question's status or assignee is written by the services, but
also by the bulk builders (demo, bench, factories), by Django's collector when a user is deleted
(`assignee` is SET_NULL), by the bench's clean-up deletes and by queryset updates. A trigger runs in
the same statement as each of those writes, so the tally is always exactly a recount, in the same
transaction, whatever the path (the stored search document of loket.core.fulltext is kept the same
way). The triggers only add and subtract; `recount()` rebuilds the table (the data migration).

A change moves one count to another row; the two rows are always touched in the same order (by
status, then assignee), so two simultaneous changes never wait on each other crosswise (no deadlock).
"""

from django.db.models import Count
from django.db.models.functions import Coalesce

_POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION questions_tally_add(p_status varchar, p_assignee integer, p_delta integer)
    RETURNS void AS $$
    BEGIN
        INSERT INTO questions_questiontally (status, assignee_key, n)
        VALUES (p_status, COALESCE(p_assignee, 0), p_delta)
        ON CONFLICT (status, assignee_key) DO UPDATE SET n = questions_questiontally.n + EXCLUDED.n;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION questions_tally_change() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM questions_tally_add(NEW.status, NEW.assignee_id, 1);
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM questions_tally_add(OLD.status, OLD.assignee_id, -1);
        ELSIF (OLD.status, COALESCE(OLD.assignee_id, 0)) < (NEW.status, COALESCE(NEW.assignee_id, 0)) THEN
            PERFORM questions_tally_add(OLD.status, OLD.assignee_id, -1);
            PERFORM questions_tally_add(NEW.status, NEW.assignee_id, 1);
        ELSE
            PERFORM questions_tally_add(NEW.status, NEW.assignee_id, 1);
            PERFORM questions_tally_add(OLD.status, OLD.assignee_id, -1);
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER questions_tally_insert_delete AFTER INSERT OR DELETE ON questions_question
    FOR EACH ROW EXECUTE FUNCTION questions_tally_change()
    """,
    """
    CREATE TRIGGER questions_tally_update AFTER UPDATE OF status, assignee_id ON questions_question
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
    EXECUTE FUNCTION questions_tally_change()
    """,
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS questions_tally_update ON questions_question",
    "DROP TRIGGER IF EXISTS questions_tally_insert_delete ON questions_question",
    "DROP FUNCTION IF EXISTS questions_tally_change()",
    "DROP FUNCTION IF EXISTS questions_tally_add(varchar, integer, integer)",
]


def _sqlite_add(row: str) -> str:
    return (
        "INSERT INTO questions_questiontally (status, assignee_key, n) "  # noqa: S608 - constants only
        f"VALUES ({row}.status, COALESCE({row}.assignee_id, 0), 1) "
        "ON CONFLICT (status, assignee_key) DO UPDATE SET n = n + 1;"
    )


def _sqlite_subtract(row: str) -> str:
    # an UPDATE, not an upsert: a flush that empties the tally before the questions leaves no negative rows
    return (
        "UPDATE questions_questiontally SET n = n - 1 "  # noqa: S608 - constants only
        f"WHERE status = {row}.status AND assignee_key = COALESCE({row}.assignee_id, 0);"
    )


# SQLite has one writer at a time: the order of the two rows does not matter there.
_SQLITE = [
    f"CREATE TRIGGER questions_tally_insert AFTER INSERT ON questions_question BEGIN {_sqlite_add('NEW')} END",
    f"CREATE TRIGGER questions_tally_delete AFTER DELETE ON questions_question BEGIN {_sqlite_subtract('OLD')} END",
    f"""CREATE TRIGGER questions_tally_update AFTER UPDATE OF status, assignee_id ON questions_question
    WHEN OLD.status IS NOT NEW.status OR OLD.assignee_id IS NOT NEW.assignee_id
    BEGIN {_sqlite_subtract("OLD")} {_sqlite_add("NEW")} END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS questions_tally_update",
    "DROP TRIGGER IF EXISTS questions_tally_delete",
    "DROP TRIGGER IF EXISTS questions_tally_insert",
]


def install_triggers(schema_editor) -> None:
    statements = _POSTGRES if schema_editor.connection.vendor == "postgresql" else _SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(schema_editor) -> None:
    statements = _POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else _SQLITE_DROP
    for statement in statements:
        schema_editor.execute(statement)


def counted(questions) -> dict[tuple[str, int], int]:
    """(status, assignee_key) -> number of `questions` (a queryset): what the tally must say."""
    rows = (
        questions.order_by()
        .annotate(key=Coalesce("assignee_id", 0))
        .values_list("status", "key")
        .annotate(n=Count("pk"))
    )
    return {(status, key): n for status, key, n in rows}


def recount(question_model, tally_model) -> None:
    """Rebuild the tally from the questions (the data migration; models from `apps` there)."""
    tally_model.objects.all().delete()
    tally_model.objects.bulk_create(
        [
            tally_model(status=status, assignee_key=key, n=n)
            for (status, key), n in counted(question_model.objects.all()).items()
        ]
    )
