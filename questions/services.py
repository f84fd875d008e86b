"""Writes that matter for questions. Each runs in a transaction; side effects start on commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.anonymise import anonymise_text
from loket.core.models import Organisation, Province, Theme
from loket.core.outbox import enqueue_on_commit
from loket.core.roles import is_core_team
from loket.core.uploads import CheckedUpload, check_upload
from loket.core.workdays import add_working_days
from loket.core.workflow import check_transition
from loket.publications.models import Publication, PublicationKind
from loket.publications.services import publication_create

from .deadlines import working_days_for_themes
from .models import MessageKind, Question, QuestionAttachment, QuestionMessage, RoutingRule, StatusChange
from .routing import RoutingInput, pick_rule
from .workflow import TRANSITIONS, Status, can_transition

logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 10
# What a question may carry; the checks themselves are loket.core.uploads.check_upload.
ATTACHMENT_TYPES = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg")
MAX_ATTACHMENTS = 3


class StaleQuestion(ValidationError):
    """Somebody else changed the question after this user opened it."""


def check_attachment(upload) -> CheckedUpload:
    """An attachment to a question, checked with the question's types and limits; raises a Dutch
    ValidationError. The ask form calls it per file (errors at the field), question_submit again."""
    return check_upload(
        upload,
        allowed=ATTACHMENT_TYPES,
        max_size=settings.MAX_ATTACHMENT_BYTES,
        max_unpacked=settings.MAX_ATTACHMENT_UNPACKED_BYTES,
    )


def _display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _lock(question: Question, expected_version: int | None) -> Question:
    """Lock the row; refuse when the caller acted on an older version (optimistic concurrency)."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleQuestion(
            _(
                "Een collega heeft deze vraag zojuist gewijzigd. Uw wijziging is niet opgeslagen. "
                "Hieronder ziet u de actuele stand; voer uw wijziging zo nodig opnieuw uit."
            ),
            code="stale",
        )
    return locked


def _bump(question: Question, *fields: str) -> None:
    question.version += 1
    question.save(update_fields=[*fields, "version", "updated_at"])


def _history(question: Question, *, source: str, to: str, by=None, note: str = "", by_name: str = "") -> None:
    StatusChange.objects.create(
        question=question,
        from_status=source,
        to_status=to,
        by=by if getattr(by, "is_authenticated", False) else None,
        by_name=by_name or _display_name(by),
        note=note,
    )


# --- intake ----------------------------------------------------------------------------------------


def _next_sequence(year: int) -> int:
    current = Question.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0
    return current + 1


def question_submit(
    *,
    asker_name: str,
    asker_email: str,
    subject: str,
    body: str,
    themes: Iterable[Theme],
    asker_role: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    province: Province | None = None,
    attachments: Sequence[Any] = (),
    asker=None,
    received_at=None,
) -> Question:
    """Store a new question with the next reference of the year, route it and mail the asker.

    The reference is sequential per year: the next number is taken from the highest one so far and
    the unique constraint on (year, sequence) decides when two submissions race. The loser's
    transaction is rolled back before anything else was written (the question is its first write)
    and tried again with the next number: no savepoint around every insert for a rare race."""
    themes = list(themes)
    if not themes:
        raise ValidationError(_("Kies ten minste één thema."), code="no_theme")
    checked = [(upload, check_attachment(upload)) for upload in attachments]
    received_at = received_at or timezone.now()
    year = timezone.localtime(received_at).year
    due = add_working_days(timezone.localtime(received_at).date(), working_days_for_themes(themes))
    for _attempt in range(REFERENCE_ATTEMPTS):
        inserted = False
        try:
            with transaction.atomic():
                sequence = _next_sequence(year)
                question = Question.objects.create(
                    reference=f"V-{year}-{sequence:05d}",
                    year=year,
                    sequence=sequence,
                    asker=asker if getattr(asker, "is_authenticated", False) else None,
                    asker_name=asker_name.strip(),
                    asker_email=asker_email.strip(),
                    asker_role=asker_role.strip(),
                    organisation=organisation,
                    organisation_name=(organisation_name or (organisation.name if organisation else "")).strip(),
                    province=province,
                    subject=subject.strip(),
                    body=body.strip(),
                    consent_at=received_at,
                    received_at=received_at,
                    due_date=due,
                )
                inserted = True
                # a new question has no theme links yet: insert them (`themes.set` would read them first)
                Question.themes.through.objects.bulk_create(
                    [Question.themes.through(question=question, theme=theme) for theme in themes]
                )
                for upload, info in checked:
                    QuestionAttachment.objects.create(
                        question=question,
                        file=upload,
                        original_name=info.name,
                        content_type=info.content_type,
                        size=info.size,
                    )
                _history(question, source="", to=Status.NEW, by=asker, by_name=asker_name.strip())
                question_route(question=question, themes=themes)

                enqueue_on_commit("questions.send_question_confirmation", question.pk)
            return question
        except IntegrityError:
            if inserted:  # not the reference: a real error, not a race to retry
                raise
            logger.info("Kenmerk %s-%s al in gebruik, volgende poging", year, sequence)
    raise ValidationError(_("Uw vraag kon nu niet worden opgeslagen. Probeer het opnieuw."), code="busy")


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
    *, question: Question, theme_ids: Iterable[int] | None = None, themes: Iterable[Theme] | None = None
) -> RoutingRule | None:
    """Apply the routing rules: the first active match assigns the question (and mails the assignee);
    no match leaves it in the triage queue. The question records the rule."""
    rules = RoutingRule.objects.filter(is_active=True, assignee__is_active=True).order_by("order", "pk")
    rule = pick_rule(rules, routing_input_for(question, theme_ids, themes=themes))
    if rule is None:
        return None
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        source = locked.status
        locked.assignee_id = rule.assignee_id
        locked.routed_by = rule
        locked.status = Status.ASSIGNED if can_transition(source, Status.ASSIGNED) else source
        _notify_assignee(locked, rule.assignee_id)
        _bump(locked, "assignee", "routed_by", "status", "assignment_mailed_at")
        _history(
            locked,
            source=source,
            to=locked.status,
            by_name=_("Routering"),
            note=_("Gerouteerd door regel “%(rule)s” naar %(name)s.")
            % {"rule": rule.name, "name": _display_name(rule.assignee)},
        )
    question.refresh_from_db()
    return rule


def _notify_assignee(question: Question, assignee_id: int) -> None:
    """Mail the new assignee on commit. Clears the assignment mail's sent-marker (the caller saves
    it with the assignee): a new assignment is a new mail, a redelivered task is not."""
    question.assignment_mailed_at = None
    enqueue_on_commit("questions.send_question_assigned", question.pk, assignee_id)


# --- core team -------------------------------------------------------------------------------------


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
        locked = _lock(question, expected_version)
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
        _bump(locked, "status", "answered_at", "closed_at", "assignee")
        _history(locked, source=source, to=to, by=by, note=note, by_name=by_name)
    question.refresh_from_db()
    return locked


def question_assign(
    *, question: Question, assignee, by, expected_version: int | None = None, note: str = ""
) -> Question:
    """Give the question to a core-team member (None: back to the triage queue) and mail them."""
    if assignee is not None and not is_core_team(assignee):
        raise ValidationError(_("Alleen leden van het kernteam kunnen een vraag behandelen."), code="not_core_team")
    with transaction.atomic():
        locked = _lock(question, expected_version)
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
            _notify_assignee(locked, assignee.pk)
        _bump(locked, "assignee", "status", "assignment_mailed_at")
        text = (
            _("Toegewezen aan %(name)s.") % {"name": _display_name(assignee)}
            if assignee
            else _("Teruggezet in de wachtrij.")
        )
        _history(locked, source=source, to=target, by=by, note=" ".join(filter(None, [text, note])))
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
        locked = _lock(question, expected_version)
        message = QuestionMessage.objects.create(
            question=locked, kind=MessageKind.NOTE, author=by, author_name=_display_name(by), body=body
        )
        _bump(locked)
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
        locked = _lock(question, expected_version)
        check_transition(TRANSITIONS, locked.status, Status.ANSWERED, noun=_("Een vraag"))
        message = QuestionMessage.objects.create(
            question=locked, kind=MessageKind.ANSWER, author=by, author_name=_display_name(by), body=body
        )
        question_transition(question=locked, to=Status.ANSWERED, by=by, note=note)

        enqueue_on_commit("questions.send_question_answer", message.pk)
    question.refresh_from_db()
    return message


def question_set_faq_candidate(*, question: Question, value: bool, by, expected_version: int | None = None) -> Question:
    with transaction.atomic():
        locked = _lock(question, expected_version)
        if locked.faq_candidate == value:
            return locked
        locked.faq_candidate = value
        _bump(locked, "faq_candidate")
        _history(
            locked,
            source=locked.status,
            to=locked.status,
            by=by,
            note=_("Gemarkeerd als FAQ-kandidaat.") if value else _("Niet langer FAQ-kandidaat."),
        )
    question.refresh_from_db()
    return locked


# --- asker -----------------------------------------------------------------------------------------


def question_reply(*, question: Question, body: str, author_name: str = "", by=None) -> QuestionMessage:
    """A follow-up from the asker (through the private link). On an answered or closed question it
    reopens the question. The assignee (or, without one, the core team mailbox) is told on commit."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Schrijf uw reactie."), code="empty_reply")
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
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
            _bump(locked)

        enqueue_on_commit("questions.send_reply_received", message.pk)
    question.refresh_from_db()
    return message


# --- privacy -------------------------------------------------------------------------------------

ANONYMOUS_ASKER = "Vragensteller"


def questions_due_for_anonymising(*, now=None):
    """Closed questions whose retention period (QUESTIONS_RETENTION_DAYS after closing) has ended."""
    from datetime import timedelta

    from django.conf import settings

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
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return True


def new_question_token() -> str:
    from .models import new_token

    return new_token()


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
        names = [locked.asker_name]
        if locked.asker_id:
            names.append(locked.asker.get_full_name())
        organisations = [locked.organisation_name, locked.organisation.name if locked.organisation_id else ""]
        clean = lambda text: anonymise_text(text, names=names, organisations=organisations).strip()  # noqa: E731
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
