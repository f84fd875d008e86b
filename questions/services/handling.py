"""The core team handles a question: status, assignment, notes, the answer, FAQ."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.outbox import enqueue_on_commit
from loket.core.roles import is_core_team
from loket.core.workflow import check_transition
from loket.publications.models import Publication, PublicationKind
from loket.publications.services import publication_create

from ..models import MessageKind, Question, QuestionMessage
from ..selectors import question_text_anonymised
from ..workflow import TRANSITIONS, Status
from .common import bump_version, display_name, lock_question, notify_assignee, write_history


def question_transition(
    *,
    question: Question,
    to: Status,
    by=None,
    note: str = "",
    by_name: str = "",
    expected_version: int | None = None,
) -> Question:
    """Move a question to `to`, locking its row; refuse an illegal move; write the history row."""
    with transaction.atomic():
        locked = lock_question(question, expected_version)
        source = Status(locked.status)
        check_transition(TRANSITIONS, source, to, noun=_("Een vraag"))
        now = timezone.now()
        locked.status = to
        if to == Status.ANSWERED:
            locked.answered_at = now
        if to == Status.CLOSED:
            locked.closed_at = now
        if to == Status.NEW:
            locked.assignee = None  # handed back to the triage queue
        bump_version(locked, "status", "answered_at", "closed_at", "assignee")
        write_history(locked, source=source, to=to, by=by, note=note, by_name=by_name)
    question.refresh_from_db()
    return locked


def question_assign(
    *, question: Question, assignee, by, expected_version: int | None = None, note: str = ""
) -> Question:
    """Give the question to a core-team member (None: back to the triage queue) and mail them."""
    if assignee is not None and not is_core_team(assignee):
        raise ValidationError(_("Alleen leden van het kernteam kunnen een vraag behandelen."), code="not_core_team")
    with transaction.atomic():
        locked = lock_question(question, expected_version)
        if locked.assignee_id == (assignee.pk if assignee else None):
            return locked
        source = Status(locked.status)
        target = source
        if assignee is not None and source in (Status.NEW, Status.REOPENED):
            target = Status.ASSIGNED
        elif assignee is None and source == Status.ASSIGNED:
            target = Status.NEW
        if target != source:
            check_transition(TRANSITIONS, source, target, noun=_("Een vraag"))
        locked.assignee = assignee
        locked.status = target
        if assignee is not None and assignee != by:
            notify_assignee(locked, assignee.pk)
        bump_version(locked, "assignee", "status", "assignment_mailed_at")
        text = (
            _("Toegewezen aan %(name)s.") % {"name": display_name(assignee)}
            if assignee
            else _("Teruggezet in de wachtrij.")
        )
        write_history(locked, source=source, to=target, by=by, note=" ".join(filter(None, [text, note])))
    question.refresh_from_db()
    return locked


def question_bulk_assign(*, question_ids: Iterable[int], assignee, by) -> int:
    """Assign several questions at once; returns how many changed."""
    changed = 0
    for question in Question.objects.filter(pk__in=list(question_ids)):
        before = question.assignee_id
        after = question_assign(question=question, assignee=assignee, by=by)
        changed += int(after.assignee_id != before)
    return changed


def question_add_note(*, question: Question, body: str, by, expected_version: int | None = None) -> QuestionMessage:
    """An internal note for the core team; never shown to or mailed to the asker."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Schrijf een notitie."), code="empty_note")
    with transaction.atomic():
        locked = lock_question(question, expected_version)
        message = QuestionMessage.objects.create(
            question=locked, kind=MessageKind.NOTE, author=by, author_name=display_name(by), body=body
        )
        bump_version(locked)
    question.refresh_from_db()
    return message


def question_answer(
    *, question: Question, body: str, by, note: str = "", expected_version: int | None = None
) -> QuestionMessage:
    """Record an answer to the asker and move the question to "beantwoord".

    Contract used by other apps (the experts app sends a reviewed expert answer through it).
    The asker is mailed the answer on commit.
    """
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Schrijf een antwoord."), code="empty_answer")
    with transaction.atomic():
        locked = lock_question(question, expected_version)
        check_transition(TRANSITIONS, locked.status, Status.ANSWERED, noun=_("Een vraag"))
        message = QuestionMessage.objects.create(
            question=locked, kind=MessageKind.ANSWER, author=by, author_name=display_name(by), body=body
        )
        question_transition(question=locked, to=Status.ANSWERED, by=by, note=note)

        enqueue_on_commit("questions.send_question_answer", message.pk)
    question.refresh_from_db()
    return message


def question_set_faq_candidate(*, question: Question, value: bool, by, expected_version: int | None = None) -> Question:
    with transaction.atomic():
        locked = lock_question(question, expected_version)
        if locked.faq_candidate == value:
            return locked
        locked.faq_candidate = value
        bump_version(locked, "faq_candidate")
        write_history(
            locked,
            source=locked.status,
            to=locked.status,
            by=by,
            note=_("Gemarkeerd als FAQ-kandidaat.") if value else _("Niet langer FAQ-kandidaat."),
        )
    question.refresh_from_db()
    return locked


def question_make_faq(*, question: Question, by) -> Publication:
    """Turn an answered question into a draft FAQ entry without the asker's identifying details,
    and link the question to it. Returns the existing draft when the question already has one."""
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.faq_publication_id:
            return locked.faq_publication
        answer = locked.messages.filter(kind=MessageKind.ANSWER).order_by("-created_at", "-pk").first()
        if answer is None:
            raise ValidationError(
                _("Deze vraag heeft nog geen antwoord. Maak een veelgestelde vraag van een beantwoorde vraag.")
            )
        clean = lambda text: question_text_anonymised(locked, text)  # noqa: E731
        subject = clean(locked.subject)[:250] or _("Veelgestelde vraag")
        question_text = clean(locked.body)
        answer_text = clean(answer.body)
        summary = question_text if len(question_text) <= 300 else question_text[:297].rsplit(" ", 1)[0] + "…"
        publication = publication_create(
            data={
                "kind": PublicationKind.FAQ,
                "title": subject,
                "summary": summary,
                "body": f"## {_('Vraag')}\n\n{question_text}\n\n## {_('Antwoord')}\n\n{answer_text}\n",
            },
            themes=list(locked.themes.all()),
            by=by,
        )
        locked.faq_publication = publication
        locked.save(update_fields=["faq_publication", "updated_at"])
    return publication
