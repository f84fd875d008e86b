"""One message in, exactly once: `inbound_mail_receive(raw=...)` is what the mailbox run and
`manage.py fetch_mail --file` both call.

In one transaction: the InboundMail row (Message-ID unique: the same message read twice, or by two
runs at once, is one row), the original as .eml in the media storage, and what the message becomes:
- an automatic message (auto-reply, bulk, bounce, our own mail): ignored and logged, never answered;
- a reply to a valid reply address from the question's asker: the asker's reply on that question
  (`question_reply`, the service of the web reply: it reopens an answered or closed question);
- over QUESTIONS_RATE_LIMIT new questions from this address by mail in the past hour: flagged, kept,
  not answered;
- otherwise a new question with channel e-mail (`question_submit`: reference, routing, confirmation).
Attachments go through the one upload check (`check_attachment`); a refused one is listed on the
InboundMail row (shown on the question) with the reason. A database failure raises: nothing of the
message is committed, the caller leaves it in the mailbox for the next run."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from loket.core.arrangement import is_read_only
from loket.core.outbox import enqueue_on_commit

from ..limits import address_count, address_limit_reached
from ..models import Channel, InboundMail, InboundStatus, Question
from ..services import MAX_ATTACHMENTS, check_attachment, question_reply, question_submit
from .addresses import question_pk_from
from .parsing import ParsedMail, UnreadableMail, header_message_id, parse_mail, strip_quoted

logger = logging.getLogger(__name__)


def inbound_mail_receive(*, raw: bytes) -> tuple[InboundMail, bool]:
    """Process one message. Returns its InboundMail row and whether this call created it (False: the
    Message-ID was processed before; nothing happens again)."""
    try:
        parsed = parse_mail(raw)
    except UnreadableMail as error:
        return _record_error(raw, error.reason)
    existing = InboundMail.objects.filter(message_id=parsed.message_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            mail = _claim(raw, parsed)
            _handle(mail, parsed)
    except IntegrityError:
        existing = InboundMail.objects.filter(message_id=parsed.message_id).first()
        if existing is None:
            raise
        return existing, False  # another run took it at the same moment
    return mail, True


def _claim(raw: bytes, parsed: ParsedMail) -> InboundMail:
    mail = InboundMail(
        message_id=parsed.message_id,
        status=InboundStatus.PROCESSED,
        sender_name=parsed.sender_name,
        sender_email=parsed.sender_email,
        subject=parsed.subject,
        size=len(raw),
    )
    mail.raw.save("origineel.eml", ContentFile(raw), save=False)
    mail.save()
    return mail


def _record_error(raw: bytes, reason: str) -> tuple[InboundMail, bool]:
    message_id = header_message_id(raw)
    existing = InboundMail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        mail = InboundMail(message_id=message_id, status=InboundStatus.ERROR, reason=reason[:300], size=len(raw))
        mail.raw.save("origineel.eml", ContentFile(raw), save=False)
        mail.save()
    logger.warning("E-mail %s niet verwerkt: %s", message_id, reason)
    return mail, True


def _handle(mail: InboundMail, parsed: ParsedMail) -> None:
    if parsed.automatic:
        _finish(mail, InboundStatus.IGNORED, _("Automatisch bericht: %(why)s") % {"why": parsed.automatic})
        logger.info("Automatisch bericht van %s genegeerd (%s)", parsed.sender_email, parsed.automatic)
        return
    if is_read_only():
        # After the arrangement: nothing new is stored; the sender hears where to go now (once per
        # message, and not when the address exceeds the hourly limit: no mail loops).
        _finish(
            mail,
            InboundStatus.PROCESSED,
            _("Portaal gesloten: niet opgeslagen, afzender gewezen op waar hij nu terecht kan."),
        )
        if not address_limit_reached(parsed.sender_email):
            sender = parsed.sender_email
            transaction.on_commit(lambda: address_count(sender))
            enqueue_on_commit("questions.send_portal_closed", mail.pk)
        return
    accepted, refused = _check_attachments(parsed)
    mail.refused_attachments = refused
    question_pk, token_problem = question_pk_from(parsed.recipients)
    if question_pk is not None:
        question = Question.objects.filter(pk=question_pk).first()
        if question is not None and question.asker_email.lower() == parsed.sender_email:
            body = strip_quoted(parsed.text) or _("(Reactie per e-mail zonder tekst.)")
            name = parsed.sender_name or question.asker_name
            reply = question_reply(question=question, body=body, author_name=name, attachments=accepted)
            mail.question, mail.reply = question, reply
            _finish(mail, InboundStatus.PROCESSED, _("Reactie op %(ref)s") % {"ref": question.reference})
            return
        token_problem = _("antwoordadres van een andere vraagsteller")
    # the hourly limit per address, the same count as the web form's (loket.core.ratelimits)
    if address_limit_reached(parsed.sender_email):
        _finish(
            mail,
            InboundStatus.FLAGGED,
            _("Meer dan %(n)d nieuwe vragen per uur van dit adres: bewaard, niet beantwoord.")
            % {"n": settings.QUESTIONS_RATE_LIMIT},
        )
        logger.warning("E-mail van %s gemarkeerd: te veel vragen per uur", parsed.sender_email)
        return
    question = question_submit(
        asker_name=parsed.sender_name or parsed.sender_email.partition("@")[0],
        asker_email=parsed.sender_email,
        subject=parsed.subject or _("(zonder onderwerp)"),
        body=parsed.text or _("(E-mail zonder tekst.)"),
        themes=[],
        attachments=accepted,
        channel=Channel.EMAIL,
    )
    sender = parsed.sender_email
    transaction.on_commit(lambda: address_count(sender))  # only a stored question counts
    mail.question = question
    note = _("Nieuwe vraag %(ref)s") % {"ref": question.reference}
    if token_problem:
        note = f"{note} ({token_problem})"
    _finish(mail, InboundStatus.PROCESSED, note)


def _finish(mail: InboundMail, status: str, reason: str) -> None:
    mail.status = status
    mail.reason = reason[:300]
    mail.save(update_fields=["status", "reason", "question", "reply", "refused_attachments"])


def _check_attachments(parsed: ParsedMail) -> tuple[list[ContentFile], list[dict]]:
    accepted: list[ContentFile] = []
    refused: list[dict] = []
    for name, data in parsed.attachments:
        upload = ContentFile(data, name=name)
        try:
            check_attachment(upload)
        except ValidationError as error:
            refused.append({"name": name[:200], "reason": " ".join(error.messages)})
            continue
        if len(accepted) >= MAX_ATTACHMENTS:
            reason = _("Er kunnen hoogstens %(n)d bijlagen bij een vraag.") % {"n": MAX_ATTACHMENTS}
            refused.append({"name": name[:200], "reason": reason})
            continue
        upload.seek(0)
        accepted.append(upload)
    return accepted, refused
