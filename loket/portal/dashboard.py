"""What awaits the core team outside the question queue, for the core-team dashboard.

Each app answers through its own selectors; this module only gathers the counts so that /kernteam/
shows "everything awaiting action" in one place: the querysets of the selectors counted in one SQL
statement (`count_each`), whatever the data size.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from experts.selectors import open_introduction_requests, referrals_awaiting_review
from loket.publications.consultations.selectors import unanswered_comment_count
from loket.publications.lessons.selectors import lessons_awaiting_core_team
from monitoring.selectors import open_signals_counted
from monitoring.workflow import Status as SignalStatus
from plans.selectors import open_support_requests, plan_versions_visible_to
from plans.workflow import Status as PlanStatus


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
        (_("Open vragen om praktische ondersteuning"), open_support_requests(), reverse("plans:support")),
    ]
    items = [
        PendingItem(label, n, url)
        for (label, _queryset, url), n in zip(counted, count_each([qs for _l, qs, _u in counted]), strict=True)
    ]
    # the consultations app gives this count as a number (its own query), not as a queryset
    comments = PendingItem(
        _("Consultatiereacties zonder antwoord"), unanswered_comment_count(), reverse("loket:consultations_manage")
    )
    return [*items[:5], comments, items[5]]
