"""Reads of questions. `questions_visible_to` is the one scoping function for lists, details,
search and exports."""

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from loket.models import Theme
from loket.roles import is_core_team

from .models import MessageKind, Question, QuestionMessage, StandardAnswer
from .workflow import OPEN_STATUSES, Status


def questions_visible_to(user) -> QuerySet[Question]:
    """Core team: all questions. Anyone else logged in: the questions they asked with their account
    (matched on the account, not on an e-mail address someone could type). Anonymous: none; an asker
    without an account reaches their own question only through its private link (by token)."""
    if not getattr(user, "is_authenticated", False):
        return Question.objects.none()
    if is_core_team(user):
        return Question.objects.all()
    return Question.objects.filter(asker=user)


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


def question_list_qs(user) -> QuerySet[Question]:
    """Rows for the core-team list: everything a row shows in a fixed number of queries."""
    return with_overdue(
        questions_visible_to(user)
        .select_related("assignee", "province", "organisation")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "code", "name")))
    )


def dashboard(user, *, limit: int = 15) -> dict:
    """Counts per status, my open questions and the unassigned triage queue, overdue first."""
    today = timezone.localdate()
    visible = questions_visible_to(user)
    counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
    status_counts = [(status, counts.get(status.value, 0)) for status in Status]
    overdue_count = visible.filter(status__in=list(OPEN_STATUSES), due_date__lt=today).count()
    base = question_list_qs(user).filter(status__in=list(OPEN_STATUSES)).order_by("due_date", "received_at")
    mine = list(base.filter(assignee=user)[:limit])
    triage = list(base.filter(assignee__isnull=True)[:limit])
    open_visible = visible.filter(status__in=list(OPEN_STATUSES))
    totals = open_visible.aggregate(
        mine=Count("pk", filter=Q(assignee=user)), triage=Count("pk", filter=Q(assignee__isnull=True))
    )
    return {
        "mine_count": totals["mine"],
        "triage_count": totals["triage"],
        "status_counts": status_counts,
        "overdue_count": overdue_count,
        "open_count": sum(n for s, n in status_counts if s in OPEN_STATUSES),
        "mine": mine,
        "triage": triage,
    }


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
