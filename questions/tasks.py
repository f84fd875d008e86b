"""Mail of the questions app. Tasks take ids, are idempotent and retry with backoff (loket.core.tasks.RETRY).

Each mail has its own sent-marker (loket.core.mail.send_templated_mail_once), so a task that runs
twice sends it once: the confirmation `Question.confirmation_sent_at`, the mail to the assignee
`Question.assignment_mailed_at`, the answer and the reply notification `QuestionMessage.mailed_at`.
"""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from loket.core.arrangement import current_arrangement
from loket.core.mail import send_templated_mail, send_templated_mail_once
from loket.core.roles import core_team_users
from loket.core.tasks import RETRY
from loket.core.workdays import is_working_day, working_days_between

from .mailintake import fetch_mailbox, reply_to, thread_headers
from .models import InboundMail, MessageKind, Question, QuestionMessage
from .workflow import OPEN_STATUSES


def follow_url(question: Question) -> str:
    return settings.SITE_URL + reverse("questions:follow", kwargs={"token": question.token})


def detail_url(question: Question) -> str:
    return settings.SITE_URL + reverse("questions:detail", kwargs={"pk": question.pk})


def asker_mails(question: Question) -> list[str]:
    """Message-IDs of the asker's own mails about the question, oldest first (for threading)."""
    return list(
        InboundMail.objects.filter(question=question).order_by("received_at", "pk").values_list("message_id", flat=True)
    )


def confirmation_message_id(question: Question) -> str:
    return thread_headers(question, kind="bevestiging")["Message-ID"]


@shared_task(name="questions.send_question_confirmation", **RETRY)
def send_question_confirmation(question_id: int) -> None:
    question = Question.objects.filter(pk=question_id).prefetch_related("themes").first()
    if question is None:
        return
    originals = list(InboundMail.objects.filter(question=question).order_by("received_at", "pk")[:1])
    send_templated_mail_once(
        rows=Question.objects.filter(pk=question.pk),
        marker="confirmation_sent_at",
        template="questions/emails/confirmation",
        context={
            "question": question,
            "follow_url": follow_url(question),
            "refused_attachments": originals[0].refused_attachments if originals else [],
            "by_mail": bool(originals),
        },
        to=[question.asker_email],
        headers=thread_headers(question, kind="bevestiging", earlier=[m.message_id for m in originals]),
        reply_to=reply_to(question),
    )


# The safety net for the asker's mails: a task can be lost with the broker (Celery's Redis transport
# may lose a task that a worker took from the queue just as it was killed). Each mail's own marker
# makes offering it again safe: the mail goes at most once, whoever sends it first.
UNSENT_AFTER = timedelta(minutes=3)  # give the normal task (and its retries) time first
UNSENT_WITHIN = timedelta(hours=6)  # only what was just submitted or answered, never old data


@shared_task(name="questions.resend_unsent_mails")
def resend_unsent_mails() -> int:
    """Beat: offer again the confirmations and answers that should have gone out but did not."""
    now = timezone.now()
    window = {"gte": now - UNSENT_WITHIN, "lt": now - UNSENT_AFTER}
    questions = Question.objects.filter(
        confirmation_sent_at__isnull=True,
        received_at__gte=window["gte"],
        received_at__lt=window["lt"],
    ).exclude(asker_email="")
    answers = QuestionMessage.objects.filter(
        kind=MessageKind.ANSWER,
        mailed_at__isnull=True,
        created_at__gte=window["gte"],
        created_at__lt=window["lt"],
    ).exclude(question__asker_email="")
    question_ids = list(questions.values_list("pk", flat=True)[:500])
    answer_ids = list(answers.values_list("pk", flat=True)[:500])
    for pk in question_ids:
        send_question_confirmation.delay(pk)
    for pk in answer_ids:
        send_question_answer.delay(pk)
    return len(question_ids) + len(answer_ids)


@shared_task(name="questions.send_question_assigned", **RETRY)
def send_question_assigned(question_id: int, assignee_id: int) -> None:
    """Tell the assignee the question is theirs: once per assignment, and only while this person
    still handles it. "The same mail" is the mail about the current assignment: the services clear
    `assignment_mailed_at` each time they start an assignment mail, so a question given back to the
    same person later mails them again, a redelivered task for an assignment does not."""
    question = Question.objects.filter(pk=question_id).select_related("province", "organisation").first()
    assignee = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
    if question is None or assignee is None or question.assignee_id != assignee.pk or not assignee.email:
        return
    send_templated_mail_once(
        rows=Question.objects.filter(pk=question.pk, assignee_id=assignee.pk),
        marker="assignment_mailed_at",
        template="questions/emails/assigned",
        context={"question": question, "assignee": assignee, "detail_url": detail_url(question)},
        to=[assignee.email],
    )


@shared_task(name="questions.send_question_answer", **RETRY)
def send_question_answer(message_id: int) -> None:
    message = QuestionMessage.objects.filter(pk=message_id, kind=MessageKind.ANSWER).select_related("question").first()
    if message is None:
        return
    question = message.question
    # threaded: after the asker's first mail and our confirmation, in reply to the asker's newest mail
    mails = asker_mails(question)
    earlier = [*mails[:1], confirmation_message_id(question), *mails[1:]]
    send_templated_mail_once(
        rows=QuestionMessage.objects.filter(pk=message.pk),
        marker="mailed_at",
        template="questions/emails/answer",
        context={"question": question, "message": message, "follow_url": follow_url(question)},
        to=[question.asker_email],
        headers=thread_headers(question, kind="antwoord", number=message.pk, earlier=earlier),
        reply_to=reply_to(question),
    )


@shared_task(name="questions.send_reply_received", **RETRY)
def send_reply_received(message_id: int) -> None:
    message = (
        QuestionMessage.objects.filter(pk=message_id, kind=MessageKind.REPLY)
        .select_related("question__assignee")
        .first()
    )
    if message is None:
        return
    question = message.question
    if question.assignee and question.assignee.is_active and question.assignee.email:
        recipients = [question.assignee.email]
    else:
        recipients = [u.email for u in core_team_users() if u.email]
    if not recipients:
        return
    send_templated_mail_once(
        rows=QuestionMessage.objects.filter(pk=message.pk),
        marker="mailed_at",
        template="questions/emails/reply_received",
        context={"question": question, "message": message, "detail_url": detail_url(question)},
        to=recipients,
    )


@shared_task(name="questions.send_overdue_digests", **RETRY)
def send_overdue_digests() -> int:
    """Daily on working days: one digest per assignee with their overdue questions (fans out per
    person). On a weekend, a public holiday or a day off of the Beheerder (loket.core.workdays) no
    digest goes out; the next working day's digest lists the same questions."""
    today = timezone.localdate()
    if not is_working_day(today):
        return 0
    assignee_ids = (
        Question.objects.filter(status__in=OPEN_STATUSES, due_date__lt=today, assignee__isnull=False)
        .values_list("assignee_id", flat=True)
        .distinct()
    )
    ids = sorted(set(assignee_ids))
    for assignee_id in ids:
        send_overdue_digest.delay(assignee_id, today.isoformat())
    return len(ids)


@shared_task(name="questions.send_overdue_digest", **RETRY)
def send_overdue_digest(assignee_id: int, day: str) -> None:
    today = date.fromisoformat(day)
    assignee = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
    if assignee is None or not assignee.email:
        return
    questions = list(
        Question.objects.filter(assignee=assignee, status__in=OPEN_STATUSES, due_date__lt=today)
        .select_related("province")
        .order_by("due_date", "pk")
    )
    if not questions:
        return
    # Idempotent per person per day: a retried or re-run beat does not mail twice.
    key = f"questions:digest:{assignee_id}:{day}"
    if cache.get(key):
        return
    for question in questions:
        question.overdue_days = working_days_between(question.due_date, today)  # working days late
        question.detail_url = detail_url(question)
    send_templated_mail(
        template="questions/emails/overdue_digest",
        context={"assignee": assignee, "questions": questions, "today": today},
        to=[assignee.email],
    )
    cache.set(key, True, 60 * 60 * 36)


@shared_task(name="questions.fetch_mail", acks_late=True)
def fetch_mail() -> int:
    """Every minute (beat): read the loket's mailbox once; off while IMAP_HOST is empty. One run at a
    time (a cache lock; the unique Message-ID keeps a second run harmless anyway). A failing run is
    not retried here: the next beat is the retry, and it finds every unprocessed message still there."""
    if not settings.IMAP_HOST:
        return 0
    lock = "questions:fetch-mail:lock"
    if not cache.add(lock, 1, timeout=10 * 60):
        return 0
    try:
        return fetch_mailbox().total
    finally:
        cache.delete(lock)


@shared_task(name="questions.send_portal_closed", **RETRY)
def send_portal_closed(inbound_mail_id: int) -> None:
    """Read-only mode: tell the sender of a mail that the portal is closed and where to go now (once)."""
    mail = InboundMail.objects.filter(pk=inbound_mail_id).first()
    if mail is None or not mail.sender_email:
        return
    key = f"questions:portal-closed:{inbound_mail_id}"
    if not cache.add(key, True, 60 * 60 * 24 * 7):
        return
    try:
        send_templated_mail(
            template="questions/emails/portal_closed",
            context={"mail": mail, "arrangement": current_arrangement(), "loket_name": settings.LOKET_NAME},
            to=[mail.sender_email],
        )
    except Exception:
        cache.delete(key)  # the retry may send it
        raise
