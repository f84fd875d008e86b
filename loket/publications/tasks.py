"""Celery tasks of publications: the expiry reminder, the mails of consultation rounds and of
submitted lessons (each mail once, through its row's sent-marker)."""

from celery import shared_task
from django.contrib.auth import get_user_model

from loket.core.mail import send_templated_mail, send_templated_mail_once
from loket.core.roles import Role
from loket.core.tasks import RETRY
from loket.publications.consultations.models import Consultation, ConsultationInvitee
from loket.publications.consultations.services import mark_reminders_due
from loket.publications.lessons.models import LessonMessage, LessonSubmission
from loket.publications.services import frameworks_expiring_unreminded, mark_expiry_reminded


@shared_task(name="loket.remind_expiring_frameworks", **RETRY)
def remind_expiring_frameworks() -> int:
    """Tell the core team about frameworks whose validity ends within a month (once per end date)."""
    frameworks = list(frameworks_expiring_unreminded())
    if not frameworks:
        return 0
    recipients = sorted(
        set(
            get_user_model()
            ._default_manager.filter(is_active=True, groups__name=Role.KERNTEAM.value)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if recipients:
        send_templated_mail(
            template="loket/emails/frameworks_expiring",
            context={"frameworks": frameworks},
            to=recipients,
        )
    mark_expiry_reminded(frameworks)
    return len(frameworks)


# --- consultations -------------------------------------------------------------------------------


def _invitee_mail(invitee_pk: int, marker: str, template: str, context: dict) -> bool:
    invitee = ConsultationInvitee.objects.select_related("user").get(pk=invitee_pk)
    return send_templated_mail_once(
        rows=ConsultationInvitee.objects.filter(pk=invitee_pk),
        marker=marker,
        template=template,
        context={**context, "name": invitee.user.get_full_name() or invitee.user.get_username()},
        to=[invitee.user.email],
    )


@shared_task(name="loket.send_consultation_invitations", **RETRY)
def send_consultation_invitations(consultation_id: int) -> int:
    """Mail every invitee of a round its invitation, once each."""
    consultation = Consultation.objects.select_related("publication").get(pk=consultation_id)
    pending = consultation.invitees.filter(invitation_sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    context = {"consultation": consultation}
    return sum(
        _invitee_mail(pk, "invitation_sent_at", "loket/emails/consultation_invitation", context) for pk in pending
    )


@shared_task(name="loket.remind_consultations", **RETRY)
def remind_consultations() -> int:
    """Beat, every working day: two working days before a round closes, its invitees get a reminder."""
    sent = 0
    for consultation_id in mark_reminders_due():
        consultation = Consultation.objects.select_related("publication").get(pk=consultation_id)
        pending = consultation.invitees.filter(reminder_sent_at__isnull=True).order_by("pk")
        context = {"consultation": consultation}
        for pk in pending.values_list("pk", flat=True):
            sent += _invitee_mail(pk, "reminder_sent_at", "loket/emails/consultation_reminder", context)
    return sent


@shared_task(name="loket.notify_consultation_published", **RETRY)
def notify_consultation_published(publication_id: int) -> int:
    """The kader is published after its rounds: everyone who commented gets a mail with the links."""
    sent = 0
    rounds = Consultation.objects.select_related("publication").filter(
        publication_id=publication_id, published_version__isnull=False
    )
    for consultation in rounds:
        commenters = consultation.comments.values("author_id")
        pending = consultation.invitees.filter(published_sent_at__isnull=True, user_id__in=commenters).order_by("pk")
        context = {"consultation": consultation, "publication": consultation.publication}
        for pk in pending.values_list("pk", flat=True):
            sent += _invitee_mail(pk, "published_sent_at", "loket/emails/consultation_published", context)
    return sent


# --- lessons -------------------------------------------------------------------------------------


@shared_task(name="loket.send_lesson_message", **RETRY)
def send_lesson_message(message_id: int) -> bool:
    """The core team's question about a submitted lesson, to the submitter."""
    message = LessonMessage.objects.select_related("lesson__submitter").get(pk=message_id)
    submitter = message.lesson.submitter
    if not submitter.email:
        return False
    return send_templated_mail_once(
        rows=LessonMessage.objects.filter(pk=message_id),
        marker="mail_sent_at",
        template="loket/emails/lesson_question",
        context={"lesson": message.lesson, "message": message},
        to=[submitter.email],
    )


@shared_task(name="loket.send_lesson_published", **RETRY)
def send_lesson_published(lesson_id: int) -> bool:
    """The submitter hears that their lesson is published."""
    lesson = LessonSubmission.objects.select_related("submitter", "publication").get(pk=lesson_id)
    if not lesson.submitter.email:
        return False
    return send_templated_mail_once(
        rows=LessonSubmission.objects.filter(pk=lesson_id),
        marker="published_mail_sent_at",
        template="loket/emails/lesson_published",
        context={"lesson": lesson, "publication": lesson.publication},
        to=[lesson.submitter.email],
    )
