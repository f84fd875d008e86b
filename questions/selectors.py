"""Reads of questions. `questions_visible_to` is the one scoping function for lists, details,
search and exports."""

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When, prefetch_related_objects
from django.utils import timezone

from loket.core.anonymise import anonymise_text
from loket.core.models import Organisation, Province, Theme
from loket.core.reference_lists import reference_lists
from loket.core.roles import is_core_team

from .deadlines import with_terms
from .models import MessageKind, Question, QuestionMessage, QuestionTally, RoutingRule, StandardAnswer
from .rows import ROW_FIELDS
from .tally import counted
from .workflow import OPEN_STATUSES


def questions_visible_to(user) -> QuerySet[Question]:
    """Core team: all questions. Anyone else logged in: the questions they asked with their account
    (matched on the account, not on an e-mail address someone could type). Anonymous: none; an asker
    without an account reaches their own question only through its private link (by token)."""
    if not getattr(user, "is_authenticated", False):
        return Question.objects.none()
    if is_core_team(user):
        return Question.objects.all()
    return Question.objects.filter(asker=user)


def question_text_anonymised(question: Question, text: str | None = None) -> str:
    """`text` (by default the question's own text) without the asker's identifying details: the
    one way a question's text is prepared for an expert or a FAQ draft (loket.core.anonymise)."""
    names = [question.asker_name]
    if question.asker_id:
        names.append(question.asker.get_full_name())
    organisations = [question.organisation_name, question.organisation.name if question.organisation_id else ""]
    source = question.body if text is None else text
    return anonymise_text(source, names=names, organisations=organisations).strip()


def question_by_token(token: str) -> Question | None:
    if not token or len(token) > 64:
        return None
    return Question.objects.filter(token=token).first()


def with_overdue(queryset: QuerySet[Question], today=None) -> QuerySet[Question]:
    """Annotate `is_overdue`: open and past its due date."""
    today = today or timezone.localdate()
    return queryset.annotate(
        is_overdue=Case(
            When(status__in=list(OPEN_STATUSES), due_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def overdue_q(today=None) -> Q:
    """Exactly the rows `with_overdue` marks `is_overdue`: open and past the due date (indexable)."""
    return Q(status__in=list(OPEN_STATUSES), due_date__lt=today or timezone.localdate())


def tally_visible_to(user) -> dict[tuple[str, int], int]:
    """(status, assignee id or 0) -> how many of the questions `user` may see. The core team sees all
    questions: the tally the database keeps (questions/tally.py), a few dozen rows whatever the
    volume; anyone else: their own questions, counted."""
    if is_core_team(user):
        return {(status, key): n for status, key, n in QuestionTally.objects.values_list("status", "assignee_key", "n")}
    return counted(questions_visible_to(user))


def not_yet_due_count(queryset: QuerySet[Question], today=None) -> int:
    """How many open questions of `queryset` are not past their due date: the open ones minus this are
    overdue. New questions are due a few weeks ahead, so this is a short range of the index
    (status, due_date, assignee), however many old questions there are."""
    today = today or timezone.localdate()
    return queryset.filter(status__in=list(OPEN_STATUSES), due_date__gte=today).order_by().count()


def list_sizes(user, today=None) -> tuple[int, int]:
    """(overdue, total) of all questions `user` may see, from the tally: what `OverdueFirst` needs for
    the unfiltered list, without counting the table. The core team (who sees every question): one fixed
    statement (`_all_sizes`)."""
    today = today or timezone.localdate()
    if is_core_team(user):
        return _all_sizes(today)
    tally = tally_visible_to(user)
    open_total = sum(n for (status, _key), n in tally.items() if status in OPEN_STATUSES)
    return open_total - not_yet_due_count(questions_visible_to(user), today), sum(tally.values())


@cache
def _all_sizes_sql() -> str:
    tally, question = QuestionTally._meta.db_table, Question._meta.db_table
    status, due_date = (Question._meta.get_field(name).column for name in ("status", "due_date"))
    open_statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
    return (
        # the whole tally in the order of its unique index (status, assignee_key): only the pages of its
        # live rows; a table this busy keeps many pages of dead rows that a whole-table scan reads on every
        # request (x10 bench: 1.5 ms seq scan of 730 pages for 19 rows -> 0.05 ms), as questions/dashboard.py
        f"SELECT (SELECT COALESCE(SUM(n), 0) FROM (SELECT n FROM {tally} ORDER BY status, assignee_key) tally), "  # noqa: S608 - constants only
        f"(SELECT COALESCE(SUM(n), 0) FROM {tally} WHERE status IN ({open_statuses})), "
        f"(SELECT COUNT(*) FROM {question} WHERE {status} IN ({open_statuses}) AND {due_date} >= %s)"
    )


def _all_sizes(today) -> tuple[int, int]:
    """(overdue, total) of all questions in one fixed statement (a queryset's building and compiling cost
    more than the statement): the tally's sum, its open part, and the open questions not yet due (a short
    range of the index (status, due_date, assignee), as `not_yet_due_count`)."""
    open_statuses = [status.value for status in OPEN_STATUSES]
    with connection.cursor() as cursor:
        cursor.execute(_all_sizes_sql(), [*open_statuses, *open_statuses, connection.ops.adapt_datefield_value(today)])
        total, open_total, not_yet_due = cursor.fetchone()
    return int(open_total) - int(not_yet_due), int(total)


class OverdueFirst:
    """A sliceable, countable sequence for a Paginator: the rows of `queryset` ordered "overdue first,
    then due date, newest received first" (`-is_overdue, due_date, -received_at`) without sorting the
    whole table on a CASE expression: the overdue part and the rest are two range scans of the index
    `(due_date, -received_at)`; a page reads only its own rows, with one query for each part it
    touches (at most two). One COUNT query gives both sizes, or `sizes` (overdue, total) when the caller
    knows them (`list_sizes`: the whole list, from the tally)."""

    ORDER = ("due_date", "-received_at", "-pk")

    def __init__(self, queryset: QuerySet[Question], today=None, sizes: tuple[int, int] | None = None):
        self.today = today = today or timezone.localdate()
        self._prefetch = queryset._prefetch_related_lookups
        base = queryset.prefetch_related(None)
        self.overdue = base.filter(overdue_q(today)).order_by(*self.ORDER)
        self.rest = base.exclude(overdue_q(today)).order_by(*self.ORDER)
        self._base = base
        self._counts = sizes

    def _sizes(self) -> tuple[int, int]:
        if self._counts is None:
            totals = self._base.order_by().aggregate(
                total=Count("*"), overdue=Count("status", filter=overdue_q(self.today))
            )
            self._counts = (totals["overdue"], totals["total"])
        return self._counts

    def count(self) -> int:
        return self._sizes()[1]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("OverdueFirst only supports simple slices")
        n_overdue, total = self._sizes()
        start = key.start or 0
        stop = total if key.stop is None else min(key.stop, total)
        o_start, o_stop = min(start, n_overdue), min(stop, n_overdue)
        r_start, r_stop = max(start - n_overdue, 0), max(stop - n_overdue, 0)
        rows = list(self.overdue[o_start:o_stop]) if o_stop > o_start else []
        rows += list(self.rest[r_start:r_stop]) if r_stop > r_start else []
        if self._prefetch:
            prefetch_related_objects(rows, *self._prefetch)
        return rows


def question_list_qs(user) -> QuerySet[Question]:
    """Rows for the core-team tables: the question's own columns that a row reads (`ROW_FIELDS`; a
    question row is wide: body, asker details, tokens). What a row shows besides them (names,
    `is_overdue`) is added by `with_row_labels`."""
    return questions_visible_to(user).only(*ROW_FIELDS)


def _names(ids: set[int], known: dict[int, str], queryset, label) -> dict[int, str]:
    """`known` (from the cached reference lists) completed with the ids it lacks, in one query."""
    missing = {pk for pk in ids if pk not in known}
    if not missing:
        return known
    return {**known, **{obj.pk: label(obj) for obj in queryset.filter(pk__in=missing)}}


@cache
def _theme_links_sql() -> str:
    through = Question.themes.through._meta
    question, theme = (through.get_field(name).column for name in ("question", "theme"))
    return f"SELECT {question}, {theme} FROM {through.db_table} WHERE {question} IN ({{ids}})"  # noqa: S608


def with_row_labels(rows: Iterable[Question], today=None) -> list[Question]:
    """Set on every row what the core team's tables show besides its own columns: `theme_names` (in
    theme-code order; one query for all rows), `province_name`, `organisation_label`, `assignee_name`
    and `is_overdue` (`is_overdue()` from the row's status and due date: the CASE annotation of
    `with_overdue` cost more to compile than the whole table costs to render; the themes: one fixed statement).
    The names come from the cached reference lists (loket.reference_lists) instead of three joins and
    a model object per name; an id the lists lack (a former core-team member) is read, one query per kind."""
    rows = list(rows)
    lists = reference_lists()  # also for no rows: the same cache reads and queries whatever the volume
    if not rows:
        return rows
    theme_names = dict(lists.themes)
    theme_order = {pk: i for i, (pk, _name) in enumerate(lists.themes)}
    links: dict[int, list[int]] = defaultdict(list)
    ids = [q.pk for q in rows]
    with connection.cursor() as cursor:  # a fixed statement: a queryset cost more to build than to run
        cursor.execute(_theme_links_sql().format(ids=", ".join(["%s"] * len(ids))), ids)
        for question_id, theme_id in cursor.fetchall():
            links[question_id].append(theme_id)
    theme_names = _names(
        {pk for ids in links.values() for pk in ids}, theme_names, Theme.objects.only("name"), lambda t: t.name
    )
    provinces = _names(
        {q.province_id for q in rows if q.province_id},
        dict(lists.provinces),
        Province.objects.only("name"),
        lambda p: p.name,
    )
    organisations = _names(
        {q.organisation_id for q in rows if q.organisation_id},
        dict(lists.organisations),
        Organisation.objects.only("name"),
        lambda o: o.name,
    )
    people = _names(
        {q.assignee_id for q in rows if q.assignee_id},
        dict(lists.core_team),
        get_user_model().objects.only("username", "first_name", "last_name"),
        lambda u: u.get_full_name() or u.get_username(),
    )
    today = today or timezone.localdate()
    for question in rows:
        question.is_overdue = question.status in OPEN_STATUSES and question.due_date < today
        ids = sorted(links.get(question.pk, []), key=lambda pk: theme_order.get(pk, len(theme_order)))
        question.theme_names = [theme_names[pk] for pk in ids]
        question.province_name = provinces.get(question.province_id, "")
        question.organisation_label = organisations.get(question.organisation_id, "")
        question.assignee_name = people.get(question.assignee_id, "")
    return rows


def timeline(question: Question, *, include_internal: bool) -> list[dict]:
    """History rows and messages in time order; internal notes only for the core team."""
    entries = [
        {"at": change.created_at, "kind": "status", "change": change}
        for change in question.status_changes.select_related("by").all()
    ]
    messages = question.messages.all()
    if not include_internal:
        messages = messages.exclude(kind=MessageKind.NOTE)
    entries += [{"at": m.created_at, "kind": m.kind, "message": m} for m in messages]
    entries.sort(key=lambda e: e["at"])
    return entries


def asker_messages(question: Question) -> QuerySet[QuestionMessage]:
    return question.messages.exclude(kind=MessageKind.NOTE).order_by("created_at", "pk")


def standard_answers_for(question: Question) -> QuerySet[StandardAnswer]:
    theme_ids = list(question.themes.values_list("pk", flat=True))
    return (
        StandardAnswer.objects.filter(is_active=True)
        .filter(Q(themes__in=theme_ids) | Q(themes__isnull=True))
        .distinct()
        .order_by("title")
    )


def is_overdue(question: Question, today=None) -> bool:
    today = today or timezone.localdate()
    return question.status in OPEN_STATUSES and question.due_date < today


# ---- what a web submission reads from the cached reference lists (no query per submission, issue 21) ---
# Contributed to loket.core.reference_lists by questions.apps: rebuilt after a theme, a term, a routing
# rule or a user (an assignee) is saved or deleted.
INTAKE_THEMES = "questions.intake_themes"
ROUTING_RULES = "questions.routing_rules"
_THEME_FIELDS = ("id", "code", "name", "parent_id", "is_active")


class ActiveRule(NamedTuple):
    """An active routing rule with an active assignee, as `pick_rule` reads it (questions.routing.RuleLike)."""

    pk: int
    order: int
    name: str
    theme_id: int | None
    province_id: int | None
    organisation_type: str
    assignee_id: int
    assignee_name: str  # full name or username, for the history row
    is_active: bool = True


def build_intake_themes() -> dict[str, tuple]:
    """The themes one can choose on the question form, by code: {str(pk): (field values..., term)}."""
    rows = with_terms(Theme.objects.filter(is_active=True).order_by("code")).values_list(
        *_THEME_FIELDS, "term_working_days"
    )
    return {str(row[0]): tuple(row) for row in rows}


def build_routing_rules() -> tuple[ActiveRule, ...]:
    rules = (
        RoutingRule.objects.filter(is_active=True, assignee__is_active=True)
        .select_related("assignee")
        .order_by("order", "pk")
    )
    return tuple(
        ActiveRule(
            pk=r.pk,
            order=r.order,
            name=r.name,
            theme_id=r.theme_id,
            province_id=r.province_id,
            organisation_type=r.organisation_type,
            assignee_id=r.assignee_id,
            assignee_name=r.assignee.get_full_name() or r.assignee.get_username(),
        )
        for r in rules
    )


def intake_themes(pks: Iterable[str]) -> dict[str, Theme]:
    """The active themes among `pks` (strings, as a form posts them), as Theme objects carrying their
    term (`term_working_days`, as `deadlines.with_terms` annotates), in code order; unknown or inactive
    ones are left out."""
    rows = reference_lists().part(INTAKE_THEMES)
    wanted = set(pks)
    themes = {}
    for pk, row in rows.items():
        if pk in wanted:
            theme = Theme.from_db(DEFAULT_DB_ALIAS, _THEME_FIELDS, row[:-1])
            theme.term_working_days = row[-1]
            themes[pk] = theme
    return themes


def active_routing_rules() -> tuple[ActiveRule, ...]:
    """The active rules with an active assignee, by order and pk (what `pick_rule` chooses from)."""
    return reference_lists().part(ROUTING_RULES)
