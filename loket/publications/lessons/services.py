"""Writes of lessons from the field: submit (a draft publication for the core team), a question
back and its answer, publish (with or without the submitter's name). Mails start after commit by
task name (loket.core.outbox)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from loket.core.outbox import enqueue_on_commit
from loket.core.roles import PARTNERS, has_role, is_core_team, organisation_of, province_of
from loket.core.workflow import check_transition, display_name
from loket.publications.lessons.models import LessonMessage, LessonStatusChange, LessonSubmission
from loket.publications.lessons.workflow import TRANSITIONS, LessonStatus
from loket.publications.models import Publication, PublicationKind
from loket.publications.services import _unique_slug, publication_publish

LESSON_FIELDS = (
    "title",
    "tried",
    "place",
    "worked",
    "did_not_work",
    "contact_name",
    "contact_email",
    "contact_consent",
    "show_name",
)


def lessons_visible_to(user) -> QuerySet[LessonSubmission]:
    """The one scoping of submitted lessons: the core team sees all, a partner their own, others none."""
    if is_core_team(user):
        return LessonSubmission.objects.all()
    if not getattr(user, "is_authenticated", False):
        return LessonSubmission.objects.none()
    return LessonSubmission.objects.filter(submitter=user)


def lesson_body(lesson: LessonSubmission) -> str:
    """The Markdown of the draft publication, built from the submitted parts (the core team edits it)."""
    parts = [
        f"## {_('Wat is geprobeerd')}\n\n{lesson.tried.strip()}",
        f"## {_('Waar')}\n\n{lesson.place.strip()}",
        f"## {_('Wat werkte')}\n\n{lesson.worked.strip()}",
    ]
    if lesson.did_not_work.strip():
        parts.append(f"## {_('Wat werkte niet')}\n\n{lesson.did_not_work.strip()}")
    if lesson.contact_name and lesson.contact_consent:
        contact = lesson.contact_name + (f" ({lesson.contact_email})" if lesson.contact_email else "")
        parts.append(f"## {_('Contactpersoon')}\n\n{contact}")
    return "\n\n".join(parts)


def lesson_submit(*, data: dict, themes, by) -> LessonSubmission:
    """A PRT-lid or CdK-medewerker submits a lesson: it is stored with a draft publication of kind
    lessons learned (only the core team sees drafts), and the core team finds it in its list."""
    if not has_role(by, *PARTNERS):
        raise ValidationError(_("Alleen PRT-leden en CdK-medewerkers kunnen een les insturen."))
    if not themes:
        raise ValidationError({"themes": _("Kies ten minste één thema.")})
    if data.get("contact_name") and not data.get("contact_consent"):
        raise ValidationError(
            {"contact_consent": _("Noem alleen een contactpersoon die ermee instemt genoemd te worden.")}
        )
    with transaction.atomic():
        lesson = LessonSubmission(
            **{f: data.get(f) or ("" if f not in ("contact_consent", "show_name") else False) for f in LESSON_FIELDS},
            submitter=by,
            submitter_name=display_name(by)[:150],
            organisation_name=str(organisation_of(by) or "")[:200],
            province=province_of(by),
        )
        publication = Publication(
            kind=PublicationKind.LESSONS,
            title=lesson.title,
            summary=lesson.worked.strip()[:500],
            body=lesson_body(lesson),
            province=lesson.province,
            created_by=by,
        )
        publication.slug = _unique_slug(lesson.title)
        publication.full_clean(exclude=["themes"])
        publication.save()
        publication.themes.set(themes)
        lesson.publication = publication
        lesson.full_clean(exclude=["themes", "publication"])
        lesson.save()
        lesson.themes.set(themes)
        LessonStatusChange.record(lesson=lesson, source="", to=LessonStatus.SUBMITTED, by=by)
    return lesson


def lesson_transition(*, lesson: LessonSubmission, to: str, by=None, note: str = "") -> LessonSubmission:
    with transaction.atomic():
        locked = LessonSubmission.objects.select_for_update().get(pk=lesson.pk)
        source = locked.status
        check_transition(TRANSITIONS, source, to, noun=_("Een ingestuurde les"))
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        LessonStatusChange.record(lesson=locked, source=source, to=to, by=by, note=note)
    return locked


def _message_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf uw bericht.")})
    if len(text) > 3000:
        raise ValidationError({"text": _("Uw bericht is te lang (hoogstens 3000 tekens).")})
    return text


def lesson_ask(*, lesson: LessonSubmission, text: str, by) -> LessonMessage:
    """The core team asks the submitter a question; the submitter gets a mail with a link."""
    if not is_core_team(by):
        raise ValidationError(_("Alleen het kernteam stelt vragen over een ingestuurde les."))
    text = _message_text(text)
    with transaction.atomic():
        locked = LessonSubmission.objects.select_for_update().get(pk=lesson.pk)
        if locked.status != LessonStatus.QUESTION:
            lesson_transition(lesson=locked, to=LessonStatus.QUESTION, by=by)
        message = LessonMessage.objects.create(
            lesson=locked, author=by, author_name=display_name(by)[:150], from_core_team=True, text=text
        )
        enqueue_on_commit("loket.send_lesson_message", message.pk)
    return message


def lesson_reply(*, lesson: LessonSubmission, text: str, by) -> LessonMessage:
    """The submitter answers; the lesson goes back to the core team."""
    if lesson.submitter_id != getattr(by, "pk", None):
        raise ValidationError(_("Alleen de inzender kan hier antwoorden."))
    text = _message_text(text)
    with transaction.atomic():
        locked = LessonSubmission.objects.select_for_update().get(pk=lesson.pk)
        if locked.status == LessonStatus.PUBLISHED:
            raise ValidationError(
                _("Deze les is al gepubliceerd. Stuur het kernteam zo nodig een vraag via het loket.")
            )
        message = LessonMessage.objects.create(
            lesson=locked, author=by, author_name=display_name(by)[:150], from_core_team=False, text=text
        )
        if locked.status == LessonStatus.QUESTION:
            lesson_transition(lesson=locked, to=LessonStatus.SUBMITTED, by=by, note=_("Antwoord van de inzender"))
    return message


def lesson_publish(*, lesson: LessonSubmission, by) -> LessonSubmission:
    """Publish the (edited) lesson. The submitter's name appears only when they chose so (the page
    reads `show_name`); theme subscribers get it in the next mailing (loket.mailings reads
    `lessons_published_between`)."""
    if not is_core_team(by):
        raise ValidationError(_("Alleen het kernteam publiceert lessen."))
    with transaction.atomic():
        locked = LessonSubmission.objects.select_for_update().select_related("publication").get(pk=lesson.pk)
        check_transition(TRANSITIONS, locked.status, LessonStatus.PUBLISHED, noun=_("Een ingestuurde les"))
        publication_publish(publication=locked.publication, by=by)
        lesson_transition(lesson=locked, to=LessonStatus.PUBLISHED, by=by)
        enqueue_on_commit("loket.send_lesson_published", locked.pk)
    locked.refresh_from_db()
    return locked
