"""Celery tasks of the register. They take ids, are idempotent and retry with backoff."""

from collections import defaultdict
from datetime import datetime, time

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.core.mail import claim_marker, send_templated_mail
from loket.core.roles import Role
from loket.core.tasks import RETRY
from loket.core.workdays import is_working_day

from .models import Escalation, SignalAction
from .selectors import overdue_actions


def prt_members_for(province_ids) -> list:
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.PRT.value, is_active=True, profile__province_id__in=list(province_ids))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


@shared_task(name="monitoring.send_escalation_decision", **RETRY)
def send_escalation_decision(escalation_id: int) -> int:
    """Mail the LRT decision to the PRT-leden of the signal's province(s), each exactly once.
    Returns how many mails this run sent.

    `prt_informed_at` is the decision mail's sent-marker, claimed before sending (a second run
    waits, then finds it set). The mail goes to each person separately; when one send fails (the
    mail server went down halfway), the claim is released and who already has it is kept in
    `decision_mailed_to`, in one commit, so the retry mails only the others."""
    sent: list[int] = []
    failure: Exception | None = None
    with transaction.atomic():
        if not claim_marker(Escalation.objects.filter(pk=escalation_id, decided_at__isnull=False), "prt_informed_at"):
            return 0
        escalation = Escalation.objects.select_related("signal", "meeting").get(pk=escalation_id)
        signal = escalation.signal
        done = set(escalation.decision_mailed_to)
        recipients = [u for u in prt_members_for(signal.provinces.values_list("pk", flat=True)) if u.pk not in done]
        actions = list(escalation.actions.order_by("due_date", "pk"))
        provinces = list(signal.provinces.order_by("name"))
        for user in recipients:
            try:
                send_templated_mail(
                    template="monitoring/emails/decision",
                    context={
                        "user": user,
                        "signal": signal,
                        "escalation": escalation,
                        "meeting": escalation.meeting,
                        "actions": actions,
                        "provinces": provinces,
                    },
                    to=[user.email],
                )
            except Exception as exc:  # raised again below, after the progress is committed
                failure = exc
                break
            sent.append(user.pk)
        mailed_to = sorted(done | set(sent))
        if failure is None:
            Escalation.objects.filter(pk=escalation_id).update(decision_mailed_to=mailed_to)
        else:
            Escalation.objects.filter(pk=escalation_id).update(decision_mailed_to=mailed_to, prt_informed_at=None)
    if failure is not None:
        raise failure
    return len(sent)


@shared_task(name="monitoring.remind_overdue_actions", **RETRY)
def remind_overdue_actions() -> int:
    """Daily on working days: remind each signal owner once a day of the overdue open actions of
    their signals (not on weekends, public holidays or the Beheerder's days off)."""
    today = timezone.localdate()
    if not is_working_day(today):
        return 0
    start_of_day = timezone.make_aware(datetime.combine(today, time.min))
    mails = 0
    with transaction.atomic():
        due = list(
            overdue_actions(today)
            .filter(signal__owner__isnull=False, signal__owner__is_active=True)
            .exclude(signal__owner__email="")
            .exclude(reminded_at__gte=start_of_day)
            .select_for_update(of=("self",))
            .select_related("signal__owner")
            .order_by("signal__owner_id", "due_date", "pk")
        )
        per_owner: dict = defaultdict(list)
        for action in due:
            per_owner[action.signal.owner].append(action)
        for owner, actions in per_owner.items():
            send_templated_mail(
                template="monitoring/emails/overdue_actions",
                context={"user": owner, "actions": actions, "today": today},
                to=[owner.email],
            )
            mails += 1
        SignalAction.objects.filter(pk__in=[a.pk for a in due]).update(reminded_at=timezone.now())
    return mails
