"""Reads of the register page (/monitoring/): its rows, what each row shows besides its own
columns, and its size, each proportional to one page of 25 rows (issue 21)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone

from loket.core.models import Province
from loket.core.reference_lists import reference_lists

from ..models import Signal, SignalAction, SignalTally
from ..workflow import Status
from . import EVERY_PROVINCE, SignalProvince, scope_of, signals_visible_to

# The tables the register's results read (rows, provinces, open actions, theme and owner names): a write
# to any of them raises the data version "signals" (loket.core.data_versions; triggers from migration
# monitoring 0010), which the cached results of the page are keyed on. A login writes `auth_user` too
# (last_login): the next register view then builds its results once more.
DATA_VERSION_TABLES = (
    "monitoring_signal",
    "monitoring_signal_provinces",
    "monitoring_signalaction",
    "loket_theme",
    "loket_province",
    "auth_user",
)


def register_base(user) -> QuerySet[Signal]:
    """Signals the user may see with their score: all the register page filters and sorts on (its
    rows get the rest from `register_rows` and `with_row_details`)."""
    return signals_visible_to(user).annotate(score_value=F("impact") * F("likelihood"))


# What a register row shows (monitoring/templatetags/signal_tables.py) from the signal's own row and
# its theme and owner: not the description or the internal notes, which only the detail page and the
# exports need. The provinces, open actions and overdue mark come from `with_row_details`.
ROW_FIELDS = (
    "pk",
    "kind",
    "title",
    "status",
    "theme__name",
    "score_value",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "deadline",
)


def register_rows(signals: QuerySet[Signal]) -> QuerySet[dict]:
    """Rows of `register_base` (filtered, sorted) as dicts of `ROW_FIELDS`: only the columns a row
    shows, no model objects. Slice them to a page, then `with_row_details`."""
    return signals.values(*ROW_FIELDS)


def _row_details_sql(n: int) -> str:
    """The provinces and the open actions of `n` signals in one statement (constants only)."""
    ids = ", ".join(["%s"] * n)
    links, actions = SignalProvince._meta.db_table, SignalAction._meta.db_table
    return (
        f"SELECT signal_id, province_id, false FROM {links} WHERE signal_id IN ({ids}) "  # noqa: S608
        f"UNION ALL SELECT signal_id, NULL, COALESCE(due_date < %s, false) FROM {actions} "
        f"WHERE signal_id IN ({ids}) AND done_at IS NULL"
    )


def with_row_details(rows: list[dict], today: date | None = None) -> list[dict]:
    """What each row of a page shows besides its own columns: `province_names` (by name, as Province
    orders), `open_actions` (how many are not done) and `is_overdue`, exactly `overdue_q`: not closed,
    and its deadline or an open action's due date passed.

    One small statement for the whole page (the page's signals' province links and open actions,
    through their foreign-key indexes), the names from the reference lists the page's filter offers
    anyway: as the ORM's three lookups (a prefetch and two correlated subqueries in the row query) this
    cost more CPU than the rest of the register's rows (issue 21)."""
    today = today or timezone.localdate()
    names: dict[int, list[tuple[str, int]]] = defaultdict(list)
    open_actions: dict[int, int] = defaultdict(int)
    late: set[int] = set()
    if rows:
        ids = [row["pk"] for row in rows]
        with connection.cursor() as cursor:
            cursor.execute(_row_details_sql(len(ids)), (*ids, today.isoformat(), *ids))
            details = cursor.fetchall()
        provinces = dict(reference_lists().provinces)
        unknown = {pid for _sid, pid, _late in details if pid is not None and pid not in provinces}
        if unknown:  # a province newer than the cached lists: its name from the table
            provinces |= dict(Province.objects.filter(pk__in=unknown).values_list("pk", "name"))
        for signal_id, province_id, is_late in details:
            if province_id is not None:
                names[signal_id].append((provinces[province_id], province_id))
            else:
                open_actions[signal_id] += 1
                if is_late:
                    late.add(signal_id)
    for row in rows:
        pk, deadline = row["pk"], row["deadline"]
        row["province_names"] = [name for name, _pk in sorted(names.get(pk, []))]  # by name, then id
        row["open_actions"] = open_actions.get(pk, 0)
        row["is_overdue"] = row["status"] != Status.CLOSED and (
            (deadline is not None and deadline < today) or pk in late
        )
    return rows


def register_size(user, signals: QuerySet[Signal], applied: dict) -> int:
    """How many of `signals` (the filtered register) there are, `applied` being the filters in use
    with their values. Someone who sees every signal and filters on nothing but kind and status gets
    the number from the tally the database keeps (monitoring/tally.py), a dozen rows whatever the
    volume; someone who sees one province's signals and filters on nothing: its links to signals (one
    per signal, UNIQUE (signal, province)), a range of the link table's province index instead of a
    join over every signal; any other filter is counted (through the register's indexes)."""
    scope = scope_of(user)
    if scope == EVERY_PROVINCE and set(applied) <= {"kind", "status"}:
        return sum(SignalTally.objects.filter(**applied).values_list("n", flat=True))
    if scope is not None and scope != EVERY_PROVINCE and not applied:
        return SignalProvince.objects.filter(province_id=scope).count()
    return signals.order_by().count()
