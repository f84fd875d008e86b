"""Retention: personal data of closed questions is removed when its period has ended."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import InboundMail, MessageKind, Question, QuestionAttachment
from ..workflow import Status
from .intake import new_question_token

ANONYMOUS_ASKER = "Vragensteller"


def questions_due_for_anonymising(*, now=None):
    """Closed questions whose retention period (QUESTIONS_RETENTION_DAYS after closing) has ended."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.QUESTIONS_RETENTION_DAYS)
    return Question.objects.filter(status=Status.CLOSED, closed_at__lte=cutoff, anonymised_at__isnull=True)


def question_anonymise(*, question: Question) -> bool:
    """Remove the asker's personal data from a closed question: name, e-mail, role, organisation
    name, account link, the name and address in messages and history, and the attachments (also
    from storage). The question text and the answers stay for the evaluation. The private link
    stops working. Idempotent: returns False when there was nothing to do."""
    with transaction.atomic():
        locked = Question.objects.select_for_update().filter(pk=question.pk).first()
        if locked is None or locked.anonymised_at is not None:
            return False
        name, email = locked.asker_name.strip(), locked.asker_email.strip()
        for message in locked.messages.all():
            body = message.body
            for value in (name, email):
                if len(value) > 2:
                    body = body.replace(value, "[verwijderd]")
            author_name = ANONYMOUS_ASKER if message.kind == MessageKind.REPLY else message.author_name
            if message.kind == MessageKind.REPLY or body != message.body or author_name != message.author_name:
                message.body, message.author_name = body, author_name
                if message.kind == MessageKind.REPLY:
                    message.author = None
                message.save(update_fields=["body", "author_name", "author"])
        if name:
            locked.status_changes.filter(by_name=name).update(by_name=ANONYMOUS_ASKER)
        if locked.asker_id:
            locked.status_changes.filter(by_id=locked.asker_id).update(by=None, by_name=ANONYMOUS_ASKER)
        files = [attachment.file.name for attachment in locked.attachments.all() if attachment.file]
        locked.attachments.all().delete()
        # the e-mails it came with: the originals (.eml) go, the rows stay (Message-ID: never twice)
        mails = list(locked.inbound_mails.all())
        originals = [mail.raw.name for mail in mails if mail.raw]
        InboundMail.objects.filter(pk__in=[m.pk for m in mails]).update(
            sender_name="", sender_email="", subject="", raw="", refused_attachments=[]
        )
        locked.asker = None
        locked.asker_name = ANONYMOUS_ASKER
        locked.asker_email = f"verwijderd-{locked.pk}@vraag.invalid"
        locked.asker_role = ""
        locked.organisation_name = ""
        locked.token = new_question_token()
        locked.anonymised_at = timezone.now()
        locked.save(
            update_fields=[
                "asker",
                "asker_name",
                "asker_email",
                "asker_role",
                "organisation_name",
                "token",
                "anonymised_at",
            ]
        )
        storage = QuestionAttachment._meta.get_field("file").storage
        mail_storage = InboundMail._meta.get_field("raw").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
        transaction.on_commit(lambda: [mail_storage.delete(name) for name in originals])
    return True
