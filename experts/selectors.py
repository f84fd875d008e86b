"""Reads of experts; `experts_visible_to` is the one scoping function for the directory and search."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.timesince import timesince

from loket.core.models import Organisation, Theme
from loket.core.roles import Role, has_role, is_core_team
from questions.selectors import question_text_anonymised

from .models import Expert, Introduction, IntroductionRequest, Referral
from .ranking import Candidate, Suggestion, rank_experts
from .tokens import LinkError, Purpose, Unsigned, read_token
from .workflow import OPEN_REFERRAL_STATUSES, IntroductionRequestStatus, ReferralStatus

DIRECTORY_ROLES = (Role.KERNTEAM, Role.PRT, Role.CDK, Role.LRT, Role.EXPERT, Role.BEHEERDER)


def listed_experts() -> QuerySet[Expert]:
    return Expert.objects.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)


def experts_visible_to(user) -> QuerySet[Expert]:
    """Core team: every expert, listed or not. Other logged-in partners: listed experts only
    (consent given, not withdrawn). Anonymous visitors: none."""
    if not getattr(user, "is_authenticated", False) or not has_role(user, *DIRECTORY_ROLES):
        return Expert.objects.none()
    if is_core_team(user):
        return Expert.objects.all()
    return listed_experts()


def directory_queryset(user) -> QuerySet[Expert]:
    """The directory lists listed experts only (also for the core team, who find the rest on their
    own page)."""
    return experts_visible_to(user).filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)


# The tables the directory's search and results read: a write to any of them raises the data version
# "experts" (loket.core.data_versions; triggers from migration experts 0010), which the cached results are keyed on.
DATA_VERSION_TABLES = (
    "experts_expert",
    "experts_expert_themes",
    "experts_expert_provinces",
    "loket_theme",
    "loket_organisation",
    "loket_province",
)

# The columns a row of the directory shows (experts/templatetags/expert_tables.py), and no others.
DIRECTORY_COLUMNS = (
    "name",
    "function",
    "last_confirmed_at",
    "organisation",
    "organisation__name",
    "expertise",
    "availability",
    "available_until",
    "email",
    "phone",
    "contact_preference",
)


def directory_rows(queryset: QuerySet[Expert]) -> QuerySet[Expert]:
    """What a row of the directory shows, in one query: its columns and the organisation's name. The
    themes come with `with_theme_names`."""
    return queryset.select_related("organisation").only(*DIRECTORY_COLUMNS)


def with_theme_names(experts: list[Expert]) -> list[Expert]:
    """Sets `theme_names` on each of `experts`: the names of its themes in the themes' order (by code),
    read in one query of names (no Theme objects)."""
    names: dict[int, list[str]] = {e.pk: [] for e in experts}
    if names:
        rows = (
            Expert.themes.through.objects.filter(expert_id__in=names)
            .order_by("theme__code")
            .values_list("expert_id", "theme__name")
        )
        for expert_id, name in rows:
            names[expert_id].append(name)
    for expert in experts:
        expert.theme_names = names[expert.pk]
    return experts


# The directory's free-text search: points per word and field (issue 10; the same ranking since).
SEARCH_POINTS = {"name": 5, "organisation": 3, "theme": 3, "function": 2, "expertise": 2}
SEARCH_MAX_WORDS = 8


def search_words(value: str) -> list[str]:
    return [w for w in (value or "").split() if w][:SEARCH_MAX_WORDS]


def _match(column: str, lookup: str, internal_type: str, word: str) -> tuple[str, str]:
    """`column` matches `word` as the ORM's `icontains` / `iexact` lookup writes it on this database
    (PostgreSQL: `UPPER(col::text) LIKE UPPER(%s)`; SQLite: `col LIKE %s ESCAPE '\\'`), with its parameter."""
    ops = connection.ops
    lhs = ops.lookup_cast(lookup, internal_type) % column
    param = f"%{ops.prep_for_like_query(word)}%" if lookup == "icontains" else ops.prep_for_iexact_query(word)
    return f"{lhs} {connection.operators[lookup] % '%s'}", param


def _search_hits(words: list[str]) -> tuple[str, list[str]]:
    """One row (expert pk as `hit`, points as `w`) per word and field that matches, as one UNION ALL (SQL
    and parameters): each part reads an index (trigram indexes on name, function and expertise on
    PostgreSQL, the organisation and theme keys), so only matching experts are read, never every row's
    text. Written out rather than built from querysets (that cost 1.5 ms per search); the matches are the
    ORM lookups' own (`_match`; tests/experts/test_directory_search_plan.py compares them)."""
    q = connection.ops.quote_name
    expert, through = Expert._meta.db_table, Expert.themes.through._meta.db_table
    organisation, theme = Organisation._meta.db_table, Theme._meta.db_table
    parts, params = [], []  # SQL text: table and column names and the points; the words are parameters

    def part(select: str, conditions: list[tuple[str, str]]) -> None:
        parts.append(f"{select} WHERE ({' OR '.join(sql for sql, _ in conditions)})")
        params.extend(param for _, param in conditions)

    for word in words:
        for field in ("name", "function", "expertise"):
            internal = Expert._meta.get_field(field).get_internal_type()
            part(
                f"SELECT {q(expert)}.{q('id')} AS {q('hit')}, {SEARCH_POINTS[field]} AS {q('w')} FROM {q(expert)}",  # noqa: S608
                [_match(f"{q(expert)}.{q(field)}", "icontains", internal, word)],
            )
        part(
            f"SELECT {q(expert)}.{q('id')} AS {q('hit')}, {SEARCH_POINTS['organisation']} AS {q('w')} "  # noqa: S608
            f"FROM {q(expert)} INNER JOIN {q(organisation)} "
            f"ON ({q(expert)}.{q('organisation_id')} = {q(organisation)}.{q('id')})",
            [
                _match(f"{q(organisation)}.{q('name')}", "icontains", "CharField", word),
                _match(f"{q(organisation)}.{q('code')}", "iexact", "CharField", word),
            ],
        )
        part(
            f"SELECT DISTINCT {q(through)}.{q('expert_id')} AS {q('hit')}, {SEARCH_POINTS['theme']} AS {q('w')} "  # noqa: S608
            f"FROM {q(through)} INNER JOIN {q(theme)} ON ({q(through)}.{q('theme_id')} = {q(theme)}.{q('id')})",
            [_match(f"{q(theme)}.{q('name')}", "icontains", "CharField", word)],
        )
    return " UNION ALL ".join(parts), params


# How PostgreSQL runs the ranking (issue 21, EXPLAIN ANALYZE at 10,000 experts, "huisvesting": 3,049
# matches): left to itself it reads the function column of every expert (a seq scan that upper-cases
# 10,000 texts, because the planner thinks that cheaper than its trigram index for the ~10 % that match)
# and starts two parallel workers for it (on 2 cores under load: slower, and the workers are taken from
# the other requests); 30-40 ms. Without parallel workers and with the trigram indexes: 8-16 ms. A word
# of fewer than 3 characters has no trigram: the index cannot narrow it down, and a scan of the table
# is the right plan then (forcing the index made "de van het" 1.5 times slower). For the ranking query
# only (SET LOCAL, see `_ranking_rows`).
NO_PARALLEL_WORKERS = "SET LOCAL max_parallel_workers_per_gather = 0;"
TRIGRAM_INDEXES = "SET LOCAL enable_seqscan = off;"
TRIGRAM = 3


def planner_settings(words: list[str]) -> str:
    return NO_PARALLEL_WORKERS + (f" {TRIGRAM_INDEXES}" if all(len(w) >= TRIGRAM for w in words) else "")


def _ranking_rows(sql: str, params, settings: str) -> list[tuple]:
    """The rows of a ranking query; on PostgreSQL, outside a transaction (a page request: no
    ATOMIC_REQUESTS), with the planner `settings` in front of it in one statement string, which
    PostgreSQL runs as one transaction of its own: the settings end with the query and the page runs no
    extra statement. Inside a transaction (tests, a service) SET LOCAL would last until its end, so there
    the query runs as the planner likes (same rows, only perhaps a slower plan)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        sql = f"{settings} {sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class RankedSearch:
    """A sequence for a Paginator over the relevance-ranked search of the directory, ranked in the
    database: the points of every hit summed per expert (`_search_hits`), restricted to `queryset`
    (the directory's other filters), best first, then by name. The page the visitor asked for
    (`page_size` rows from `offset`) comes with the number of matches in one query (a window count);
    only a page past the end needs a second query for the count. Then the page reads its own rows by
    key. No expert that does not match is scored."""

    def __init__(self, queryset: QuerySet[Expert], words: list[str], *, offset: int = 0, page_size: int = 25):
        hits_sql, hits_params = _search_hits(words)
        scope_sql, scope_params = queryset.order_by().values("pk", "name").query.sql_with_params()
        # the SQL of two ORM querysets, their values as parameters: nothing of the user in the text
        self._from = (
            f"FROM (SELECT arms.hit, SUM(arms.w) AS relevance FROM ({hits_sql}) arms GROUP BY arms.hit) ranked "  # noqa: S608
            f"INNER JOIN ({scope_sql}) scope ON scope.pk = ranked.hit"
        )
        self._params = (*hits_params, *scope_params)
        self._settings = planner_settings(words)
        self._offset, self._page_size = max(offset, 0), page_size
        self._count: int | None = None
        self._keys: dict[tuple[int, int], list[int]] = {}

    def _page(self, offset: int, limit: int) -> tuple[list[int], int | None]:
        sql = (
            f"SELECT ranked.hit, COUNT(*) OVER () {self._from} "
            "ORDER BY ranked.relevance DESC, scope.name ASC, ranked.hit ASC LIMIT %s OFFSET %s"
        )
        rows = _ranking_rows(sql, (*self._params, limit, offset), self._settings)
        return [row[0] for row in rows], (rows[0][1] if rows else None)

    def count(self) -> int:
        if self._count is None:
            keys, total = self._page(self._offset, self._page_size)
            self._keys[(self._offset, self._page_size)] = keys
            if total is None:  # nothing at this offset: count alone
                total = _ranking_rows(f"SELECT COUNT(*) {self._from}", self._params, self._settings)[0][0]
            self._count = total
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("RankedSearch only supports simple slices")
        start = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        if stop <= start:
            return []
        keys = self._keys.get((start, stop - start))
        if keys is None:
            keys = self._keys[(start, stop - start)] = self._page(start, stop - start)[0]
        rows = {e.pk: e for e in directory_rows(Expert.objects.filter(pk__in=keys).order_by())} if keys else {}
        return [rows[pk] for pk in keys if pk in rows]


def confirmation_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.EXPERTS_CONFIRM_EVERY_DAYS)


def unconfirmed_experts(now=None) -> QuerySet[Expert]:
    """Listed experts who have not confirmed their profile for more than half a year."""
    cutoff = confirmation_cutoff(now)
    return listed_experts().filter(
        Q(last_confirmed_at__lt=cutoff) | Q(last_confirmed_at__isnull=True, consent_given_at__lt=cutoff)
    )


def expert_is_unconfirmed(expert: Expert, now=None) -> bool:
    basis = expert.last_confirmed_at or expert.consent_given_at
    return bool(expert.is_listed and basis and basis < confirmation_cutoff(now))


def open_load_by_expert() -> dict[int, int]:
    rows = (
        Referral.objects.filter(status__in=OPEN_REFERRAL_STATUSES)
        .values("expert_id")
        .annotate(n=Count("id"))
        .values_list("expert_id", "n")
    )
    return dict(rows)


def suggestions_for_question(question, *, limit: int = 10) -> list[Suggestion]:
    """Ranked suggestions of listed experts for a question (see experts.ranking)."""
    themes = list(question.themes.all())
    theme_ids = [t.pk for t in themes]
    main_ids = [t.parent_id or t.pk for t in themes]
    load = open_load_by_expert()
    # Not again to whom it is with now, nor to whom declined it.
    already = set(
        question.referrals.filter(status__in=[*OPEN_REFERRAL_STATUSES, ReferralStatus.DECLINED]).values_list(
            "expert_id", flat=True
        )
    )
    now = timezone.now()
    candidates = []
    experts = (
        listed_experts()
        .filter(anonymised_at__isnull=True)
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("id", "parent_id")),
            Prefetch("provinces"),
        )
    )
    for e in experts:
        if e.pk in already:
            continue
        e_themes = list(e.themes.all())
        candidates.append(
            Candidate(
                expert_id=e.pk,
                name=e.name,
                theme_ids=frozenset(t.pk for t in e_themes),
                theme_main_ids=frozenset(t.parent_id or t.pk for t in e_themes),
                province_ids=frozenset(p.pk for p in e.provinces.all()),
                availability=e.availability,
                available_until=e.available_until,
                open_referrals=load.get(e.pk, 0),
                confirmed=not expert_is_unconfirmed(e, now),
            )
        )
    return rank_experts(
        candidates,
        theme_ids=theme_ids,
        theme_main_ids=main_ids,
        province_id=question.province_id,
        today=timezone.localdate(),
        limit=limit,
    )


def referral_question_for_expert(referral: Referral) -> dict[str, str]:
    """What the expert reads of the question: the subject anonymised, and the text the core team
    checked on the referral form (older referrals without one: the anonymised question text).
    Never the asker's own text."""
    question = referral.question
    return {
        "subject": question_text_anonymised(question, question.subject),
        "text": referral.question_text or question_text_anonymised(question),
    }


def referrals_awaiting_review() -> QuerySet[Referral]:
    return (
        Referral.objects.filter(status=ReferralStatus.ANSWERED, answer_sent_at__isnull=True)
        .select_related("question", "expert", "expert__organisation")
        .order_by("answered_at")
    )


def referrals_without_reaction() -> QuerySet[Referral]:
    """Open referrals the expert was already reminded about (no reaction after the reminder)."""
    return (
        Referral.objects.filter(status=ReferralStatus.SENT, reminded_at__isnull=False)
        .select_related("question", "expert")
        .order_by("referred_at")
    )


def open_introduction_requests() -> QuerySet[IntroductionRequest]:
    return (
        IntroductionRequest.objects.filter(status=IntroductionRequestStatus.OPEN)
        .select_related("expert", "expert__organisation", "requested_by", "requested_by__profile__organisation")
        .order_by("created_at")
    )


def expert_history(expert: Expert) -> dict:
    referrals = list(
        expert.referrals.select_related("question").annotate(
            response_time=ExpressionWrapper(F("responded_at") - F("referred_at"), output_field=DurationField())
        )
    )
    responded = [r.response_time for r in referrals if r.response_time is not None]
    average = sum(responded, timedelta()) / len(responded) if responded else None
    if average is not None:
        base = timezone.now()
        average = timesince(base - average, base)
    introductions = list(expert.introductions.select_related("created_by"))
    return {
        "referrals": referrals,
        "average_response": average,
        "answered_count": sum(1 for r in referrals if r.status == ReferralStatus.ANSWERED),
        "declined_count": sum(1 for r in referrals if r.status == ReferralStatus.DECLINED),
        "introductions": introductions,
        "requests": list(expert.introduction_requests.select_related("requested_by")),
    }


def introduction_requests_of(user) -> QuerySet[IntroductionRequest]:
    return IntroductionRequest.objects.filter(requested_by=user).select_related("expert").order_by("-created_at")


def introductions_for_user(user) -> QuerySet[Introduction]:
    return Introduction.objects.filter(party_b_user=user).select_related("expert")


# --- signed links ------------------------------------------------------------------------------


def object_from_token(purpose: Purpose, token: str, model, nonce_field: str):
    """The object a signed link points to, or a LinkError (invalid, expired, used)."""
    unsigned = read_token(purpose, token)
    if isinstance(unsigned, LinkError):
        return unsigned, None
    obj = model.objects.filter(pk=unsigned.pk).first()
    if obj is None:
        return LinkError.INVALID, None
    if getattr(obj, nonce_field) != unsigned.nonce:
        return LinkError.USED, None
    return obj, unsigned


__all__ = ["Unsigned"]
