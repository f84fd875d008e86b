"""What awaits the core team outside the question queue, for the core-team dashboard.

Each app answers through its own selectors; this module only gathers the counts so that /kernteam/
shows "everything awaiting action" in one place: the querysets of the selectors counted in one SQL
statement (`count_each`), whatever the data size. The list is cached per data version of the tables
those counts read (`pending_list`): they change a few times an hour, the dashboard is asked for all day.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from experts.selectors import open_introduction_requests, referrals_awaiting_review
from loket.core.data_versions import cached_fragment
from loket.publications.consultations.selectors import unanswered_comments
from loket.publications.lessons.selectors import lessons_awaiting_core_team
from monitoring.selectors import EVERY_PROVINCE, open_signals_counted, scope_of
from monitoring.workflow import Status as SignalStatus
from plans.selectors import open_support_requests, plan_versions_visible_to, visibility_key
from plans.workflow import Status as PlanStatus

# The tables the statement of `core_team_pending` reads for someone who sees every plan version and every
# signal (the core team, whose page this is; for a signal the tally the database keeps): a write to any
# of them raises the data version "pending" (loket.core.data_versions; triggers from migration loket
# 0023), on which `pending_list` is cached.
DATA_VERSION_TABLES = (
    "experts_referral",
    "experts_introductionrequest",
    "monitoring_signaltally",
    "plans_planversion",
    "loket_lessonsubmission",
    "loket_consultation",
    "loket_consultationcomment",
    "plans_supportrequest",
)


@dataclass(frozen=True)
class PendingItem:
    label: str | Promise
    count: int
    url: str


def count_each(counted: Sequence[QuerySet | tuple[QuerySet, str]]) -> list[int]:
    """`[qs.count() for qs in counted]` in one statement, `SELECT (SELECT COUNT(*) FROM (...)), ...`:
    one round trip instead of one per count, and no aggregation query built around each queryset
    (which cost more than the counting). A pair `(queryset, column)` counts the sum of that column of
    its rows instead (a tally kept by triggers). An empty queryset (`.none()`) counts 0 without SQL."""
    parts, params, empty = [], [], set()
    for i, item in enumerate(counted):
        queryset, column = item if isinstance(item, tuple) else (item, None)
        try:
            sql, part_params = queryset.order_by().values(column or "pk").query.sql_with_params()
        except EmptyResultSet:
            empty.add(i)
            continue
        # SQL compiled by Django with its params apart; the column is a model field's (values() checked it)
        total = "COUNT(*)" if column is None else f'COALESCE(SUM(counted."{column}"), 0)'
        parts.append(f"(SELECT {total} FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(part_params)
    counts = []
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counts = [int(n) for n in cursor.fetchone()]
    return [0 if i in empty else counts.pop(0) for i in range(len(counted))]


def core_team_pending(user) -> list[PendingItem]:
    core = reverse("experts:core")
    counted = [
        (_("Antwoorden van deskundigen om te beoordelen"), referrals_awaiting_review(), core),
        (_("Verzoeken om contact met een deskundige"), open_introduction_requests(), core),
        (
            _("Nieuwe signalen om op te pakken"),
            open_signals_counted(user),
            f"{reverse('monitoring:register')}?status={SignalStatus.OPEN.value}",
        ),
        (
            _("Ingediende planversies om vast te stellen"),
            plan_versions_visible_to(user).filter(status=PlanStatus.SUBMITTED),
            reverse("plans:index"),
        ),
        (
            _("Ingestuurde lessen om te bekijken"),
            lessons_awaiting_core_team(),
            reverse("loket:lessons_manage") + "?status=ingediend",
        ),
        (_("Consultatiereacties zonder antwoord"), unanswered_comments(), reverse("loket:consultations_manage")),
        (_("Open vragen om praktische ondersteuning"), open_support_requests(), reverse("plans:support")),
    ]
    return [
        PendingItem(label, n, url)
        for (label, _queryset, url), n in zip(counted, count_each([qs for _l, qs, _u in counted]), strict=True)
    ]


def pending_list(user) -> SafeString:
    """The dashboard's list "Wacht verder op actie" (`core_team_pending`) as HTML, built once per data
    version of "pending" (and language) for whoever sees every plan version and every signal; anyone
    else's counts read other tables (their province's signals and plans): built on every call."""

    def build() -> str:
        return render_to_string("loket/_dashboard_pending.html", {"pending": core_team_pending(user)})

    if visibility_key(user) != "all" or scope_of(user) != EVERY_PROVINCE:
        return build()
    return cached_fragment("pending", "dashboard", build=build)
