"""A question comes in: attachments checked, a reference drawn, routed by rule; the asker's replies."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.models import Organisation, Province, Theme
from loket.core.outbox import enqueue_on_commit
from loket.core.uploads import CheckedUpload, check_upload
from loket.core.workdays import add_working_days

from ..deadlines import working_days_for_themes
from ..models import (
    Channel,
    MessageKind,
    Question,
    QuestionAttachment,
    QuestionMessage,
    StatusChange,
    new_token,
)
from ..references import next_sequences, question_reference
from ..routing import RoutingInput, pick_rule
from ..selectors import active_routing_rules
from ..workflow import Status, can_transition
from .common import bump_version, history_row, notify_assignee
from .handling import question_transition

logger = logging.getLogger(__name__)


# What a question may carry; the checks themselves are loket.core.uploads.check_upload.
ATTACHMENT_TYPES = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg")
MAX_ATTACHMENTS = 3


def check_attachment(upload) -> CheckedUpload:
    """An attachment to a question, checked with the question's types and limits; raises a Dutch
    ValidationError. The ask form calls it per file (errors at the field), question_submit again."""
    return check_upload(
        upload,
        allowed=ATTACHMENT_TYPES,
        max_size=settings.MAX_ATTACHMENT_BYTES,
        max_unpacked=settings.MAX_ATTACHMENT_UNPACKED_BYTES,
    )


def question_submit(
    *,
    asker_name: str,
    asker_email: str,
    subject: str,
    body: str,
    themes: Iterable[Theme],
    asker_role: str = "",
    asker_kind: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    province: Province | None = None,
    attachments: Sequence[Any] = (),
    asker=None,
    received_at=None,
    channel: str = Channel.WEB,
) -> Question:
    """Store a new question with the next reference of the year, route it and mail the asker.

    Inside a caller's transaction it takes no savepoint of its own: a failure rolls the caller's
    transaction back as well (the web form's submit_once and the mail intake do exactly that).

    The reference is sequential per year, from the year's counter (`loket.core.counters`): its row
    stays locked until this transaction commits, so simultaneous submissions queue for it and each
    gets the next number, gap-free, without retries.

    A question by mail (`channel=Channel.EMAIL`) has no themes yet: the core team adds them."""
    themes = list(themes)
    if not themes and channel == Channel.WEB:
        raise ValidationError(_("Kies ten minste één thema."), code="no_theme")
    checked = [(upload, check_attachment(upload)) for upload in attachments]
    received_at = received_at or timezone.now()
    year = timezone.localtime(received_at).year
    due = add_working_days(timezone.localtime(received_at).date(), working_days_for_themes(themes))
    # no savepoint of its own inside the caller's transaction (the web form's submit_once): a failure
    # here rolls back the whole submission anyway, and a savepoint costs two statements (issue 21)
    with transaction.atomic(savepoint=False):
        question = Question(
            year=year,
            asker=asker if getattr(asker, "is_authenticated", False) else None,
            asker_name=asker_name.strip(),
            asker_email=asker_email.strip(),
            asker_role=asker_role.strip(),
            asker_kind=asker_kind,
            organisation=organisation,
            organisation_name=(organisation_name or (organisation.name if organisation else "")).strip(),
            province=province,
            subject=subject.strip(),
            body=body.strip(),
            consent_at=received_at,
            received_at=received_at,
            due_date=due,
            channel=channel,
        )
        history = [history_row(question, source="", to=Status.NEW, by=asker, by_name=asker_name.strip())]
        # routed before it is stored: the question is written once, with its assignee (not inserted and
        # then updated), and both history rows go in one statement
        routing = question_route(question=question, themes=themes, fresh=True)
        # the number is drawn last, just before the insert: the year's counter row stays locked from here
        # until the commit, and simultaneous submissions wait for it no longer than they need to
        question.sequence = next_sequences(year)
        question.reference = question_reference(year, question.sequence)
        question.save(force_insert=True)
        # a new question has no theme links yet: insert them (`themes.set` would read them first)
        Question.themes.through.objects.bulk_create(
            [Question.themes.through(question=question, theme=theme) for theme in themes]
        )
        _store_attachments(question, checked)
        if routing is not None:
            history.append(routing)
            notify_assignee(question, question.assignee_id)
        StatusChange.objects.bulk_create(history)
        enqueue_on_commit("questions.send_question_confirmation", question.pk)
    return question


def _store_attachments(question: Question, checked: Sequence[tuple[Any, CheckedUpload]]) -> None:
    for upload, info in checked:
        QuestionAttachment.objects.create(
            question=question, file=upload, original_name=info.name, content_type=info.content_type, size=info.size
        )


def routing_input_for(
    question: Question, theme_ids: Iterable[int] | None = None, *, themes: Iterable[Theme] | None = None
) -> RoutingInput:
    """The facts a rule looks at. A rule on a main theme also matches its sub-themes. `themes`: the
    Theme objects at hand (their `parent_id` spares the query for the main themes)."""
    if themes is not None:
        themes = list(themes)
        theme_ids = {t.pk for t in themes}
        parents = {t.parent_id for t in themes if t.parent_id}
    else:
        if theme_ids is None:
            theme_ids = question.themes.values_list("pk", flat=True)
        theme_ids = set(theme_ids)
        parents = Theme.objects.filter(pk__in=theme_ids, parent__isnull=False).values_list("parent_id", flat=True)
    return RoutingInput(
        theme_ids=frozenset(theme_ids | set(parents)),
        province_id=question.province_id,
        organisation_type=question.organisation.type if question.organisation_id else "",
    )


def question_route(
    *,
    question: Question,
    theme_ids: Iterable[int] | None = None,
    themes: Iterable[Theme] | None = None,
    fresh: bool = False,
) -> StatusChange | None:
    """Apply the routing rules: the first active match assigns the question (and mails the assignee);
    no match leaves it in the triage queue. The question records the rule. Returns the history row of
    the routing, or None without a match.

    `fresh`: a new question, not stored yet (`question_submit`): the rule is set on it as it is, and the
    caller stores it, tells the assignee and saves the returned history row. Otherwise the stored
    question is locked, changed, its assignee told and the row saved here."""
    # the active rules from the cached reference lists (rebuilt after a rule or an assignee changes)
    rule = pick_rule(active_routing_rules(), routing_input_for(question, theme_ids, themes=themes))
    if rule is None:
        return None
    with transaction.atomic(savepoint=not fresh):
        locked = question if fresh else Question.objects.select_for_update().get(pk=question.pk)
        source = locked.status
        locked.assignee_id = rule.assignee_id
        locked.routed_by_id = rule.pk
        locked.status = Status.ASSIGNED if can_transition(source, Status.ASSIGNED) else source
        row = history_row(
            locked,
            source=source,
            to=locked.status,
            by_name=_("Routering"),
            note=_("Gerouteerd door regel “%(rule)s” naar %(name)s.") % {"rule": rule.name, "name": rule.assignee_name},
        )
        if fresh:
            locked.version += 1  # as a stored question routed afterwards: the routing is a change of it
            return row
        notify_assignee(locked, rule.assignee_id)
        bump_version(locked, "assignee", "routed_by", "status", "assignment_mailed_at")
        row.save(force_insert=True)
    question.refresh_from_db()
    return row


def question_reply(
    *, question: Question, body: str, author_name: str = "", by=None, attachments: Sequence[Any] = ()
) -> QuestionMessage:
    """A follow-up from the asker (through the private link, or by mail with `attachments`, checked as
    the question's). On an answered or closed question it reopens the question. The assignee (or,
    without one, the core team mailbox) is told on commit."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Schrijf uw reactie."), code="empty_reply")
    checked = [(upload, check_attachment(upload)) for upload in attachments]
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        _store_attachments(locked, checked)
        message = QuestionMessage.objects.create(
            question=locked,
            kind=MessageKind.REPLY,
            author=by if getattr(by, "is_authenticated", False) else None,
            author_name=author_name or locked.asker_name,
            body=body,
        )
        if locked.status in (Status.ANSWERED, Status.CLOSED):
            question_transition(
                question=locked,
                to=Status.REOPENED,
                by_name=locked.asker_name,
                note=_("Heropend door een reactie van de vragensteller."),
            )
        else:
            bump_version(locked)

        enqueue_on_commit("questions.send_reply_received", message.pk)
    question.refresh_from_db()
    return message


def new_question_token() -> str:
    return new_token()
