"""Reads of the register. `signals_visible_to` is the one scoping function for list, detail,
search and export; the other selectors build on it."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice

from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Referral, ReferralStatus
from loket.core.models import Province
from loket.core.roles import Role, has_role, province_id_of, sees_everything
from plans.selectors import plan_progress
from plans.workflow import Status as PlanStatus
from questions.models import Channel, MessageKind, Question

from .models import Escalation, LrtMeeting, Signal, SignalAction, SignalKind, StageDeadline
from .workflow import OPEN_STATUSES, Status

SignalProvince = Signal.provinces.through


def signals_visible_to(user) -> QuerySet[Signal]:
    """Core team and LRT secretary: every signal. PRT-lid and CdK-medewerker: signals that concern
    their own province (pages and exports leave out internal notes for them, see
    `sees_internal_notes`). Anyone else: none. One row per signal (an EXISTS, no join)."""
    if sees_everything(user):
        return Signal.objects.all()
    province_id = province_id_of(user)
    if has_role(user, Role.PRT, Role.CDK) and province_id:
        return Signal.objects.filter(
            Exists(SignalProvince.objects.filter(signal_id=OuterRef("pk"), province_id=province_id))
        )
    return Signal.objects.none()


def sees_internal_notes(user) -> bool:
    return sees_everything(user)


def overdue_q(today: date | None = None) -> Q:
    """A signal is overdue when it is not closed and its deadline or an open action's date passed."""
    today = today or timezone.localdate()
    late_action = SignalAction.objects.filter(signal_id=OuterRef("pk"), done_at__isnull=True, due_date__lt=today)
    return ~Q(status=Status.CLOSED) & (Q(deadline__lt=today) | Exists(late_action))


def register_queryset(user) -> QuerySet[Signal]:
    """Signals the user may see, with everything a register row or export needs (constant queries)."""
    today = timezone.localdate()
    return (
        signals_visible_to(user)
        .select_related("theme", "owner", "plan__province")
        .prefetch_related("provinces")
        .annotate(
            score_value=F("impact") * F("likelihood"),
            # A correlated subquery, not a JOIN + GROUP BY: the page's ORDER BY ... LIMIT 25 can then
            # walk an index and count the actions of 25 signals instead of all of them.
            open_actions=Coalesce(
                Subquery(
                    SignalAction.objects.filter(signal_id=OuterRef("pk"), done_at__isnull=True)
                    .order_by()
                    .values("signal_id")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
            # on the row itself (its deadline, an Exists over its own actions): a subquery over all
            # signals (`pk IN (overdue signals)`) made PostgreSQL scan the table for every page
            is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
        )
    )


def export_rows(queryset: QuerySet[Signal], *, chunk: int) -> Iterator[Signal]:
    """The register's rows for an export, `chunk` at a time from one server-side cursor, each with
    `province_names` (in the order of Province: by name) from one query per chunk. Django's
    prefetch_related builds a related manager per row; for 50,000 signals that cost more than the rest
    of the export together (issue 21)."""
    rows = queryset.prefetch_related(None).iterator(chunk_size=chunk)
    while batch := list(islice(rows, chunk)):
        names: dict[int, list[str]] = defaultdict(list)
        links = (
            SignalProvince.objects.filter(signal_id__in=[s.pk for s in batch])
            .order_by("province__name", "province_id")
            .values_list("signal_id", "province__name")
        )
        for signal_id, name in links:
            names[signal_id].append(name)
        for signal in batch:
            signal.province_names = names.get(signal.pk, [])
            yield signal


def risk_band(score: int) -> tuple[str, str]:
    """(label, css modifier) of a score: the matrix shows the band as text, not colour alone."""
    if score >= 15:
        return "hoog", "danger"
    if score >= 8:
        return "midden", "warning"
    return "laag", "ok"


def risk_matrix(signals: QuerySet[Signal]) -> list[dict]:
    """5x5 impact x likelihood counts of the given (filtered) signals, in one grouped query.

    Rows: impact 5 (top) to 1; columns: likelihood 1 to 5."""
    counts = {
        (row["impact"], row["likelihood"]): row["n"]
        for row in signals.order_by().values("impact", "likelihood").annotate(n=Count("pk", distinct=True))
    }
    rows = []
    for impact in range(5, 0, -1):
        cells = []
        for likelihood in range(1, 6):
            label, css = risk_band(impact * likelihood)
            cells.append(
                {
                    "impact": impact,
                    "likelihood": likelihood,
                    "score": impact * likelihood,
                    "count": counts.get((impact, likelihood), 0),
                    "band": label,
                    "css": css,
                }
            )
        rows.append({"impact": impact, "cells": cells})
    return rows


def signal_detail_queryset(user) -> QuerySet[Signal]:
    return signals_visible_to(user).select_related("theme", "owner", "reported_by", "plan__province")


def audit_trail(signal: Signal, *, include_internal: bool) -> list[dict]:
    """Every change to the signal, its actions and its escalations (newest first), with field diffs.

    Built from django-simple-history: three queries, then consecutive records diffed in Python."""
    excluded = {"updated_at", "created_at"} if include_internal else {"updated_at", "created_at", "internal_notes"}
    entries = []
    sources = [
        (_("Signaal"), signal.history.all()),
        (_("Actie"), SignalAction.history.filter(signal_id=signal.pk)),
        (_("Escalatie"), Escalation.history.filter(signal_id=signal.pk)),
    ]
    for label, history in sources:
        by_object: dict[int, list] = defaultdict(list)
        for record in history.select_related("history_user").order_by("history_date", "history_id"):
            by_object[record.id].append(record)
        for records in by_object.values():
            previous = None
            for record in records:
                changes = []
                if previous is not None and record.history_type == "~":
                    delta = record.diff_against(previous, excluded_fields=excluded)
                    for change in delta.changes:
                        field = record.instance_type._meta.get_field(change.field)
                        changes.append(
                            {
                                "field": field.verbose_name,
                                "old": _display(record.instance_type, change.field, change.old),
                                "new": _display(record.instance_type, change.field, change.new),
                            }
                        )
                if previous is None or record.history_type != "~" or changes:
                    entries.append(
                        {
                            "object": label,
                            "object_str": str(getattr(record, "what", "") or getattr(record, "title", "") or ""),
                            "type": {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}[
                                record.history_type
                            ],
                            "when": record.history_date,
                            "who": record.history_user,
                            "changes": changes,
                        }
                    )
                previous = record
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def _display(model, field_name: str, value):
    field = model._meta.get_field(field_name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        if hasattr(related, "get_full_name"):
            return related.get_full_name() or related.get_username()
        return str(related)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return value


def upcoming_meetings(today: date | None = None) -> QuerySet[LrtMeeting]:
    today = today or timezone.localdate()
    return LrtMeeting.objects.filter(date__gte=today).order_by("date")


def meetings_with_counts() -> QuerySet[LrtMeeting]:
    return LrtMeeting.objects.annotate(
        n_escalations=Count("escalations", distinct=True),
        n_decided=Count("escalations", filter=Q(escalations__decided_at__isnull=False), distinct=True),
    ).order_by("-date")


def meeting_agenda(meeting: LrtMeeting) -> list[Escalation]:
    """The escalated signals of a meeting with their proposal, decision and actions (4 queries)."""
    return list(
        meeting.escalations.select_related("signal__theme", "signal__owner", "escalated_by", "decision_by")
        .prefetch_related("signal__provinces", "actions")
        .order_by("signal__kind", "signal__title", "pk")
    )


def overdue_actions(today: date | None = None) -> QuerySet[SignalAction]:
    today = today or timezone.localdate()
    return SignalAction.objects.filter(done_at__isnull=True, due_date__lt=today).exclude(signal__status=Status.CLOSED)


PLAN_STAGE_ORDER = ["concept", "in_prt", "ingediend", "vastgesteld"]


def plan_monitoring(*, today: date | None = None) -> list[dict]:
    """The 12 provinces: plan stage (plans.selectors.plan_progress), days since the last change,
    open signals by kind (one grouped query) and whether the province is behind the timeline."""
    today = today or timezone.localdate()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        SignalProvince.objects.filter(signal__status__in=OPEN_STATUSES)
        .values("province_id", "signal__kind")
        .annotate(n=Count("signal_id"))
        .order_by()
    ):
        counts[row["province_id"]][row["signal__kind"]] = row["n"]
    deadlines = list(StageDeadline.objects.all())
    rows = []
    for progress in plan_progress(today=today):
        stage = progress["stage"]
        rank = PLAN_STAGE_ORDER.index(stage) if stage in PLAN_STAGE_ORDER else -1
        behind = [
            {"stage": PlanStatus(d.stage).label if d.stage in PlanStatus.values else d.stage, "deadline": d.deadline}
            for d in deadlines
            if d.deadline < today and d.stage in PLAN_STAGE_ORDER and rank < PLAN_STAGE_ORDER.index(d.stage)
        ]
        by_kind = counts.get(progress["province"].pk, {})
        rows.append(
            {
                **progress,
                "signals": [
                    {"kind": kind, "label": kind.label, "count": by_kind.get(kind.value, 0)} for kind in SignalKind
                ],
                "open_total": sum(by_kind.values()),
                "behind": behind,
            }
        )
    return rows


# --- Evaluation figures --------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear-interpolated percentile (the same as numpy's default and Excel's PERCENTILE.INC)."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _response_hours(timings) -> dict:
    """Count, median and 90th percentile of the hours from receipt to the first answer. PostgreSQL:
    in the database (percentile_cont = linear interpolation, the same as `percentile`), so 10,000
    questions never travel to Python; other databases (development, tests): in Python."""
    if connection.vendor == "postgresql":
        inner, params = timings.query.sql_with_params()
        # `inner` is SQL built by Django from the queryset; its parameters stay apart.
        sql = (
            "SELECT COUNT(h), percentile_cont(0.5) WITHIN GROUP (ORDER BY h), "  # noqa: S608
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY h) FROM ("
            "SELECT EXTRACT(EPOCH FROM (COALESCE(t.first_answer, t.answered) - t.received)) / 3600.0 AS h "
            f"FROM ({inner}) AS t(received, first_answer, answered)) AS s WHERE h >= 0"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            count, median, p90 = cursor.fetchone()
        return {
            "count": count,
            "median_hours": float(median) if median is not None else None,
            "p90_hours": float(p90) if p90 is not None else None,
        }
    hours = []
    for received, first_answer, answered in timings:
        answered_first = first_answer or answered
        if received and answered_first and answered_first >= received:
            hours.append((answered_first - received).total_seconds() / 3600)
    return {
        "count": len(hours),
        "median_hours": statistics.median(hours) if hours else None,
        "p90_hours": percentile(hours, 0.9),
    }


def evaluation_figures() -> dict:
    """All figures of /monitoring/evaluatie/, aggregated in the database (a fixed number of queries)."""
    Theme = Question.themes.through
    per_theme = list(
        Theme.objects.values("theme__code", "theme__name")
        .annotate(n=Count("question_id"))
        .order_by("-n", "theme__name")
    )
    # per province and per channel from one grouped query
    per_province_raw: dict = defaultdict(int)
    per_channel_raw: dict = defaultdict(int)
    for row in Question.objects.values("province_id", "channel").annotate(n=Count("pk")).order_by():
        per_province_raw[row["province_id"]] += row["n"]
        per_channel_raw[row["channel"]] += row["n"]
    provinces = list(Province.objects.order_by("name"))
    per_province = [{"name": p.name, "n": per_province_raw.get(p.pk, 0)} for p in provinces]
    if per_province_raw.get(None):
        per_province.append({"name": _("Geen provincie / landelijk"), "n": per_province_raw[None]})
    channel_labels = dict(Channel.choices)
    per_channel = [
        {"channel": channel, "name": channel_labels.get(channel, channel), "n": n}
        for channel, n in sorted(per_channel_raw.items())
    ]
    per_month = [
        {"month": row["month"], "n": row["n"]}
        for row in Question.objects.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    ]
    # Response time: from receipt to the first answer to the asker (one query of two timestamps).
    timings = Question.objects.annotate(
        first_answer=Min("messages__created_at", filter=Q(messages__kind=MessageKind.ANSWER))
    ).values_list("received_at", "first_answer", "answered_at")
    response = _response_hours(timings)
    referral_labels = dict(ReferralStatus.choices)
    referrals = [
        {"status": referral_labels.get(row["status"], row["status"]), "n": row["n"]}
        for row in Referral.objects.values("status").annotate(n=Count("pk")).order_by("status")
    ]
    signals = _kind_by_province(
        SignalProvince.objects.values("province_id", "signal__kind").annotate(n=Count("signal_id")).order_by(),
        Signal.objects.filter(provinces__isnull=True).values("kind").annotate(n=Count("pk")).order_by(),
        provinces,
    )
    EscalationProvince = SignalProvince
    escalations = _kind_by_province(
        EscalationProvince.objects.filter(signal__escalations__isnull=False)
        .values("province_id", "signal__kind")
        .annotate(n=Count("signal__escalations", distinct=True))
        .order_by(),
        Escalation.objects.filter(signal__provinces__isnull=True)
        .values(kind=F("signal__kind"))
        .annotate(n=Count("pk"))
        .order_by(),
        provinces,
    )
    return {
        "per_theme": per_theme,
        "per_province": per_province,
        "per_channel": per_channel,
        "per_month": per_month,
        "response": response,
        "referrals": referrals,
        "referrals_total": sum(r["n"] for r in referrals),
        "signals": signals,
        "escalations": escalations,
    }


def _kind_by_province(province_rows, national_rows, provinces) -> dict:
    table: dict = defaultdict(dict)
    for row in province_rows:
        table[row["province_id"]][row["signal__kind"]] = row["n"]
    national = {row["kind"]: row["n"] for row in national_rows}
    kinds = list(SignalKind)
    rows = [
        {"name": p.name, "counts": [table[p.pk].get(k.value, 0) for k in kinds], "total": sum(table[p.pk].values())}
        for p in provinces
    ]
    rows.append(
        {"name": _("Landelijk"), "counts": [national.get(k.value, 0) for k in kinds], "total": sum(national.values())}
    )
    return {
        "kinds": [k.label for k in kinds],
        "rows": rows,
        "totals": [sum(r["counts"][i] for r in rows) for i in range(len(kinds))],
    }
