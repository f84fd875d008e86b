"""Reads of the register. `signals_visible_to` is the one scoping function for list, detail,
search and export; the other selectors build on it (the register page's rows: `register_page`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loket.core.roles import Role, has_role, province_id_of, sees_everything
from plans.selectors import implementation_progress, open_comments_by_province, open_support_by_province, plan_progress
from plans.workflow import Status as PlanStatus

from ..models import Escalation, LrtMeeting, Signal, SignalAction, SignalKind, SignalTally, StageDeadline
from ..workflow import OPEN_STATUSES, Status

SignalProvince = Signal.provinces.through


EVERY_PROVINCE = 0  # `scope_of`: every signal


def scope_of(user) -> int | None:
    """Whose signals `user` reads: EVERY_PROVINCE (core team, LRT secretary), a province's id
    (PRT-lid, CdK-medewerker with a province) or None (nobody else reads any)."""
    if sees_everything(user):
        return EVERY_PROVINCE
    province_id = province_id_of(user)
    if has_role(user, Role.PRT, Role.CDK) and province_id:
        return province_id
    return None


def signals_visible_to(user) -> QuerySet[Signal]:
    """Core team and LRT secretary: every signal. PRT-lid and CdK-medewerker: signals that concern
    their own province (pages and exports leave out internal notes for them, see
    `sees_internal_notes`). Anyone else: none. One row per signal (an EXISTS, no join)."""
    scope = scope_of(user)
    if scope == EVERY_PROVINCE:
        return Signal.objects.all()
    if scope is not None:
        return Signal.objects.filter(Exists(SignalProvince.objects.filter(signal_id=OuterRef("pk"), province_id=scope)))
    return Signal.objects.none()


def open_signals_counted(user) -> QuerySet | tuple[QuerySet, str]:
    """What to count for "new signals to pick up" (status open) that `user` sees, for
    `loket.portal.dashboard.count_each`: for someone who sees every signal the rows of the tally the
    database keeps (monitoring/tally.py) with the column to sum, a dozen rows whatever the volume;
    for anyone else the signals themselves (one province's are few)."""
    if scope_of(user) == EVERY_PROVINCE:
        return SignalTally.objects.filter(status=Status.OPEN), "n"
    return signals_visible_to(user).filter(status=Status.OPEN)


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
        .annotate(score_value=F("impact") * F("likelihood"))
        .select_related("theme", "owner", "plan__province")
        .prefetch_related("provinces")
        .annotate(
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


EXPORT_FIELDS = (
    "pk",
    "kind",
    "title",
    "status",
    "theme__name",
    "impact",
    "likelihood",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "deadline",
    "is_overdue",
    "open_actions",
    "created_at",
    "description",
    "internal_notes",
)


def export_rows(queryset: QuerySet[Signal], *, chunk: int) -> Iterator[dict]:
    """The register's rows for an export as dicts of `EXPORT_FIELDS`, `chunk` at a time from one
    server-side cursor, each with `province_names` (in the order of Province: by name) from one query
    per chunk. No model objects (issue 21 item 7): building 50,000 signals with their theme and owner
    cost more than the rest of the export together, and so did a related manager per row."""
    rows = queryset.prefetch_related(None).values(*EXPORT_FIELDS).iterator(chunk_size=chunk)
    while batch := list(islice(rows, chunk)):
        names: dict[int, list[str]] = defaultdict(list)
        links = (
            SignalProvince.objects.filter(signal_id__in=[s["pk"] for s in batch])
            .order_by("province__name", "province_id")
            .values_list("signal_id", "province__name")
        )
        for signal_id, name in links:
            names[signal_id].append(name)
        for signal in batch:
            signal["province_names"] = names.get(signal["pk"], [])
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
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
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


def plan_monitoring(*, today: date | None = None, province_id: int | None = None) -> list[dict]:
    """The 12 provinces (or one, for its CdK-medewerker): plan stage (plans.selectors.plan_progress),
    days since the last change, open signals by kind (one grouped query), whether the province is behind
    the timeline, open review comments and support requests, and implementation progress (share of the
    places planned for now that is in use; locations late against their first quarter)."""
    today = today or timezone.localdate()
    comments = open_comments_by_province()
    support = open_support_by_province()
    implementation = implementation_progress(today=today)
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
                "open_comments": comments.get(progress["province"].pk, 0),
                "open_support": support.get(progress["province"].pk, 0),
                "implementation": implementation.get(progress["province"].pk),
            }
        )
    if province_id is not None:
        rows = [row for row in rows if row["province"].pk == province_id]
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
