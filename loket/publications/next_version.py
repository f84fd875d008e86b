"""The next version of a published kader: start a draft, edit it, consult on it, publish or discard it.

The published version stays public and unchanged while the draft (`PublicationDraft`) is worked
on; a consultation round opens on the draft's text (`consultation_open` takes it when the kader is
published). Publishing the draft copies its text onto the kader as version n+1 with a kept revision,
and links the closed rounds on it to that version (their diff runs from the consulted text to the
published one; the commenters are mailed after commit).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loket.core.markdown import validate_markdown
from loket.publications.consultations.services import consultations_after_publish
from loket.publications.consultations.workflow import ConsultationStatus
from loket.publications.models import Publication, PublicationDraft, PublicationKind
from loket.publications.services import CONTENT_FIELDS, _write_revision
from loket.publications.workflow import PublicationStatus

DRAFT_FIELDS = (*CONTENT_FIELDS, "change_note")


def next_draft_of(publication: Publication) -> PublicationDraft | None:
    return PublicationDraft.objects.filter(publication=publication).select_related("publication").first()


def _by(user):
    return user if getattr(user, "is_authenticated", False) else None


def _check_no_open_round(publication: Publication, message: str) -> None:
    if publication.consultations.filter(status=ConsultationStatus.OPEN).exists():
        raise ValidationError(message, code="consultation_open")


def next_draft_start(*, publication: Publication, by=None) -> PublicationDraft:
    """A draft of the next version of a published kader, starting from the published text."""
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        if locked.kind != PublicationKind.FRAMEWORK:
            raise ValidationError(_("Alleen van een kader kunt u een volgende versie voorbereiden."), code="kind")
        if locked.status != PublicationStatus.PUBLISHED:
            raise ValidationError(
                _("Dit kader is nog niet gepubliceerd. Bewerk het concept zelf."), code="not_published"
            )
        if PublicationDraft.objects.filter(publication=locked).exists():
            raise ValidationError(_("Er is al een concept van de volgende versie."), code="exists")
        return PublicationDraft.objects.create(
            publication=locked,
            **{f: getattr(locked, f) for f in CONTENT_FIELDS},
            created_by=_by(by),
        )


def next_draft_update(*, draft: PublicationDraft, data: dict) -> PublicationDraft:
    """Edit the draft (DRAFT_FIELDS). The published version does not change."""
    validate_markdown(data.get("body", draft.body) or "")
    with transaction.atomic():
        locked = PublicationDraft.objects.select_for_update().get(pk=draft.pk)
        for field in DRAFT_FIELDS:
            if field in data:
                value = data[field]
                setattr(locked, field, "" if value is None and not field.startswith("valid") else value)
        if not (locked.title or "").strip():
            raise ValidationError({"title": _("Geef het kader een titel.")})
        locked.full_clean(exclude=["publication"])
        locked.save()
    return locked


def next_draft_publish(*, draft: PublicationDraft, by=None) -> Publication:
    """Publish the draft as the kader's next version: the text, a kept revision, the closed rounds on
    the draft linked to this version (and their commenters told). Refused while a round is open."""
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=draft.publication_id)
        draft = PublicationDraft.objects.select_for_update().get(pk=draft.pk)
        _check_no_open_round(
            locked, _("Op dit concept loopt nog een consultatie. Rond die eerst af, daarna kunt u publiceren.")
        )
        if not draft.title or not (draft.body or draft.summary):
            raise ValidationError(
                _("Een publicatie heeft een titel en een tekst nodig voordat u die publiceert."), code="empty"
            )
        if not locked.revisions.filter(version=locked.version).exists():
            _write_revision(locked, by=by, change_note="")  # keep the published text as it was
        for field in CONTENT_FIELDS:
            setattr(locked, field, getattr(draft, field))
        locked.version += 1
        locked.full_clean(exclude=["themes", "slug"])
        locked.save()
        _write_revision(locked, by=by, change_note=draft.change_note or _("Nieuwe versie"))
        draft.delete()
        if locked.status == PublicationStatus.PUBLISHED:
            consultations_after_publish(locked)
    return locked


def next_draft_discard(*, draft: PublicationDraft) -> None:
    """Throw the draft away (the published version stays). Refused while a round on it is open."""
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=draft.publication_id)
        _check_no_open_round(locked, _("Op dit concept loopt nog een consultatie. Rond die eerst af."))
        PublicationDraft.objects.filter(pk=draft.pk).delete()
