"""Reads of the core team's dashboard (/kernteam/): the counts per status, "my open questions" and the
triage queue, each proportional to what the page shows whatever the number of questions (issue 21).

The dashboard is the core team's page alone, and the core team sees every question
(`questions_visible_to`): its statements read the tables without a scope. Two small statements of
constant text, their values as parameters: the counts, and both tables' rows as plain values
(`QuestionRow`); `with_row_labels` adds their themes and names, as for the question list. As
querysets (the tally, a count, two lists of model objects), building and compiling them and making a
model object per row cost several times what the statements cost to run (issue 21)."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from loket.core.roles import is_core_team

from .models import Question, QuestionTally
from .rows import ROW_FIELDS, TYPED_FIELDS, QuestionRow
from .selectors import with_row_labels
from .workflow import OPEN_STATUSES, Status


@cache
def _statements() -> tuple[str, str]:
    """The counts and the rows, as SQL with only our own table and column names in the text:
    - the tally's rows (per status and assignee, loket.core.tallies), then one row without a key: how
      many open questions are not yet due (a short range of the index status, due_date; the open ones
      minus these are overdue, as `not_yet_due_count`);
    - the first `limit` open questions assigned to the user (part 0) and without an assignee (part 1),
      by due date, each a range of an index (`dashboard` puts the parameters in this order)."""
    meta = Question._meta
    question, tally = meta.db_table, QuestionTally._meta.db_table
    status, due_date, received_at, assignee = (
        meta.get_field(name).column for name in ("status", "due_date", "received_at", "assignee")
    )
    open_statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
    # the tally in the order of its unique index (status, assignee_key): read through the index, only the
    # pages of its live rows; a bulk load (the bench's seed) leaves the table hundreds of pages of dead
    # rows that VACUUM frees but cannot give back, which a whole-table scan reads on every request
    counts = (
        f"SELECT * FROM (SELECT status, assignee_key, n FROM {tally} ORDER BY status, assignee_key) tally "  # noqa: S608
        f"UNION ALL SELECT NULL, NULL, COUNT(*) FROM {question} "
        f"WHERE {status} IN ({open_statuses}) AND {due_date} >= %s"
    )
    columns = ", ".join(meta.get_field(name).column for name in ROW_FIELDS)
    part = (
        f"SELECT * FROM (SELECT {{n}} AS part, {columns} FROM {question} "  # noqa: S608 - our own names
        f"WHERE {status} IN ({open_statuses}) AND {assignee} {{assignee}} "
        f"ORDER BY {due_date}, {received_at} LIMIT %s) part{{n}}"
    )
    rows = f"{part.format(n=0, assignee='= %s')} UNION ALL {part.format(n=1, assignee='IS NULL')}"
    return counts, rows


def _converters() -> list[list[tuple]]:
    """Per field of TYPED_FIELDS, the converters the ORM applies to its values read from this database,
    with their expression: on SQLite text becomes a date and a naive UTC datetime an aware one, 0 and 1
    a boolean; on PostgreSQL the driver's values stand."""
    converters = []
    for name in TYPED_FIELDS:
        model_field = Question._meta.get_field(name)
        column = model_field.get_col(Question._meta.db_table)
        found = connection.ops.get_db_converters(column) + model_field.get_db_converters(connection)
        converters.append([(converter, column) for converter in found])
    return converters


def _rows(fetched: list[tuple]) -> tuple[list[QuestionRow], list[QuestionRow]]:
    """The fetched rows as QuestionRows of part 0 and part 1, each by due date, then received."""
    converters = _converters()
    parts: tuple[list[QuestionRow], list[QuestionRow]] = ([], [])
    for part, *values in fetched:
        for i, field_converters in zip((4, 5, 6), converters, strict=True):  # TYPED_FIELDS in ROW_FIELDS
            for converter, column in field_converters:
                values[i] = converter(values[i], column, connection)
        parts[part].append(QuestionRow(*values))
    for rows in parts:  # each part was read in this order; a compound statement promises no order
        rows.sort(key=lambda row: (row.due_date, row.received_at))
    return parts


def dashboard(user, *, limit: int = 15) -> dict:
    """Counts per status, my open questions and the unassigned triage queue, by due date: the counts
    from the tally and one short index range (the open questions not yet due), not from counting the
    table (issue 21); the first `limit` rows of each table with what they show."""
    if not is_core_team(user):
        raise PermissionDenied
    today = timezone.localdate()
    counts_sql, rows_sql = _statements()
    open_statuses = [status.value for status in OPEN_STATUSES]
    with connection.cursor() as cursor:
        cursor.execute(counts_sql, [*open_statuses, today.isoformat()])
        counted = cursor.fetchall()
        cursor.execute(rows_sql, [*open_statuses, user.pk, limit, *open_statuses, limit])
        fetched = cursor.fetchall()
    per_status: dict[str, int] = defaultdict(int)
    mine = triage = not_yet_due = 0
    for status, key, n in counted:
        if status is None:  # the last row: the open questions not yet due
            not_yet_due = n
            continue
        per_status[status] += n
        if status in OPEN_STATUSES:
            mine += n if key == user.pk else 0
            triage += n if key == 0 else 0
    status_counts = [(status, per_status.get(status.value, 0)) for status in Status]
    open_count = sum(n for s, n in status_counts if s in OPEN_STATUSES)
    mine_rows, triage_rows = _rows(fetched)
    with_row_labels([*mine_rows, *triage_rows], today)  # the themes of both tables in one statement
    return {
        "mine_count": mine,
        "triage_count": triage,
        "status_counts": status_counts,
        "overdue_count": open_count - not_yet_due,
        "open_count": open_count,
        "mine": mine_rows,
        "triage": triage_rows,
    }
