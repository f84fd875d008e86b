"""Publications: services (create, edit with kept revisions, publish, attachments, FAQ from an
answered question) and the reads the pages use."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from loket.core.models import Theme
from loket.core.roles import is_core_team
from loket.core.uploads import check_upload
from loket.core.workflow import check_transition
from loket.publications.consultations.services import consultations_after_publish
from loket.publications.consultations.workflow import ConsultationStatus
from loket.publications.models import (
    Publication,
    PublicationAttachment,
    PublicationDraft,
    PublicationKind,
    PublicationRevision,
    PublicationStatusChange,
)
from loket.publications.workflow import TRANSITIONS, PublicationStatus

CONTENT_FIELDS = ("title", "summary", "body", "valid_from", "valid_until")
EDITABLE_FIELDS = ("kind", "title", "summary", "body", "province", "valid_from", "valid_until")
EXPIRY_REMINDER_DAYS = 31
# What a publication may carry; the checks themselves are loket.core.uploads.check_upload.
ATTACHMENT_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv", "txt", "png", "jpg", "jpeg")


# --- reads ---------------------------------------------------------------------------------------


def publications_visible_to(user) -> QuerySet[Publication]:
    """Core team: every publication (drafts too). Everyone else: published ones whose date has come."""
    if is_core_team(user):
        return Publication.objects.all()
    return Publication.objects.published()


def publication_list_queryset(user=None) -> QuerySet[Publication]:
    """The public list: published publications with what a list row shows, in a fixed number of queries."""
    return (
        Publication.objects.published()
        .select_related("province")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("id", "code", "name")))
        .order_by("-published_at", "-pk")
    )


def publication_is_expired(publication: Publication, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(publication.valid_until and publication.valid_until < today)


def frameworks_expiring(*, today: date | None = None, days: int = EXPIRY_REMINDER_DAYS) -> QuerySet[Publication]:
    """Published frameworks whose validity ends within `days` (used for the core team's reminder)."""
    today = today or timezone.localdate()
    return Publication.objects.published().filter(
        kind=PublicationKind.FRAMEWORK, valid_until__gte=today, valid_until__lte=today + timedelta(days=days)
    )


# --- writes --------------------------------------------------------------------------------------


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(title) or "publicatie")[:230]
    slug, n = base, 1
    qs = Publication.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _write_revision(publication: Publication, *, by, change_note: str) -> None:
    PublicationRevision.objects.update_or_create(
        publication=publication,
        version=publication.version,
        defaults={
            **{f: getattr(publication, f) for f in CONTENT_FIELDS},
            "change_note": change_note,
            "changed_at": timezone.now(),
            "changed_by": by if getattr(by, "is_authenticated", False) else None,
        },
    )


def has_next_draft(publication: Publication) -> bool:
    return PublicationDraft.objects.filter(publication=publication).exists()


def publication_create(*, data: dict, themes=(), by=None) -> Publication:
    """Create a draft publication. `data` holds EDITABLE_FIELDS (and optionally `slug`)."""
    with transaction.atomic():
        publication = Publication(
            **{f: data.get(f) for f in EDITABLE_FIELDS if f in data},
            status=PublicationStatus.DRAFT,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        publication.slug = _unique_slug(data.get("slug") or publication.title)
        publication.full_clean(exclude=["themes"])
        publication.save()
        publication.themes.set(themes)
        if publication.kind == PublicationKind.FRAMEWORK:
            _write_revision(publication, by=by, change_note=_("Eerste versie"))
    return publication


def publication_update(
    *, publication: Publication, data: dict, themes=None, by=None, change_note: str = ""
) -> Publication:
    """Edit a publication. A framework that has been published gets a new version when its text or
    validity changes; the previous text stays readable as a revision. Drafts are edited in place."""
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        before = {f: getattr(locked, f) for f in CONTENT_FIELDS}
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        changed = any(getattr(locked, f) != before[f] for f in CONTENT_FIELDS)
        is_framework = locked.kind == PublicationKind.FRAMEWORK
        if changed and locked.status != PublicationStatus.DRAFT and has_next_draft(locked):
            raise ValidationError(
                _(
                    "Er is een concept van de volgende versie. Wijzig de tekst in dat concept; "
                    "de gepubliceerde versie blijft zoals hij is."
                ),
                code="next_draft",
            )
        if is_framework and changed and locked.status != PublicationStatus.DRAFT:
            if not locked.revisions.filter(version=locked.version).exists():
                # keep the text as it was before this change (created outside the services)
                PublicationRevision.objects.create(
                    publication=locked, version=locked.version, **before, changed_at=locked.updated_at
                )
            locked.version += 1
        locked.full_clean(exclude=["themes", "slug"])
        locked.save()
        if themes is not None:
            locked.themes.set(themes)
        if is_framework and (changed or not locked.revisions.exists()):
            _write_revision(locked, by=by, change_note=change_note)
    return locked


def publication_transition(
    *, publication: Publication, to: PublicationStatus | str, by=None, note: str = ""
) -> Publication:
    """Move a publication (see workflow.TRANSITIONS): lock the row, refuse an illegal move in Dutch,
    write the history row. Publishing needs a title and a text, gives the publication its date when
    it has none, and keeps the first version of a framework."""
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        source = locked.status
        check_transition(TRANSITIONS, source, to, noun=_("Een publicatie"))
        to = PublicationStatus(to)
        if to == PublicationStatus.PUBLISHED:
            if locked.consultations.filter(status=ConsultationStatus.OPEN).exists():
                raise ValidationError(
                    _("Voor dit kader loopt nog een consultatie. Rond die eerst af, daarna kunt u publiceren."),
                    code="consultation_open",
                )
            if not locked.title or not (locked.body or locked.summary):
                raise ValidationError(
                    _("Een publicatie heeft een titel en een tekst nodig voordat u die publiceert."), code="empty"
                )
            locked.published_at = locked.published_at or timezone.now()
        locked.status = to
        locked.save(update_fields=["status", "published_at", "updated_at"])
        PublicationStatusChange.record(publication=locked, source=source, to=to, by=by, note=note)
        framework = locked.kind == PublicationKind.FRAMEWORK
        if to == PublicationStatus.PUBLISHED and framework and not locked.revisions.exists():
            _write_revision(locked, by=by, change_note=_("Eerste versie"))
        if to == PublicationStatus.PUBLISHED and framework:
            consultations_after_publish(locked)
    return locked


def publication_publish(*, publication: Publication, by=None, published_at=None) -> Publication:
    """Publish now, or at `published_at` (a future date publishes later: the list shows it from then).
    A publication that is already published only gets the new date."""
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        locked.published_at = published_at or locked.published_at
        if locked.status == PublicationStatus.PUBLISHED:
            locked.published_at = locked.published_at or timezone.now()
            locked.save(update_fields=["published_at", "updated_at"])
            return locked
        locked.save(update_fields=["published_at", "updated_at"])  # rolled back if the move is refused
        return publication_transition(publication=locked, to=PublicationStatus.PUBLISHED, by=by)


def publication_withdraw(*, publication: Publication, by=None) -> Publication:
    return publication_transition(publication=publication, to=PublicationStatus.WITHDRAWN, by=by)


def publication_attachment_add(*, publication: Publication, upload: UploadedFile, by=None) -> PublicationAttachment:
    """Store an attachment after the content checks of loket.core.uploads (type by content, zip
    members, size, name); a refused file raises a Dutch ValidationError and nothing is stored."""
    checked = check_upload(
        upload,
        allowed=ATTACHMENT_TYPES,
        max_size=settings.MAX_ATTACHMENT_BYTES,
        max_unpacked=settings.MAX_ATTACHMENT_UNPACKED_BYTES,
    )
    with transaction.atomic():
        attachment = PublicationAttachment(
            publication=publication,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        attachment.file.save(checked.name, upload, save=False)
        attachment.save()
    return attachment


def publication_attachment_delete(*, attachment: PublicationAttachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


# --- FAQ from an answered question ---------------------------------------------------------------


def frameworks_expiring_unreminded(*, today: date | None = None) -> QuerySet[Publication]:
    """Expiring frameworks whose core team has not yet been reminded of this end date."""
    qs = frameworks_expiring(today=today)
    return qs.exclude(expiry_reminded_for=models.F("valid_until")).order_by("valid_until")


def mark_expiry_reminded(frameworks) -> None:
    for publication in frameworks:
        Publication.objects.filter(pk=publication.pk).update(expiry_reminded_for=publication.valid_until)
