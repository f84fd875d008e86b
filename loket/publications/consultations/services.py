"""Writes of consultation rounds: open, comment (add, edit), answer, close, and what publishing the
kader does to its closed rounds. Mails start after commit by task name (loket.core.outbox)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.formats import short_date
from loket.core.markdown import markdown_sections, validate_markdown
from loket.core.outbox import enqueue_on_commit
from loket.core.roles import PARTNERS, Role, is_core_team, organisation_of
from loket.core.workdays import add_working_days
from loket.core.workflow import check_transition, display_name
from loket.publications.consultations.models import (
    Consultation,
    ConsultationComment,
    ConsultationInvitee,
    ConsultationStatusChange,
)
from loket.publications.consultations.workflow import TRANSITIONS, ConsultationStatus, Handling
from loket.publications.models import Publication, PublicationDraft, PublicationKind
from loket.publications.workflow import PublicationStatus

# The roles the core team can invite (the core team itself always takes part).
INVITABLE_ROLES = (*PARTNERS, Role.LRT, Role.EXPERT)
MAX_COMMENT_CHARS = 5000


def _invited_users(roles, organisations):
    users = get_user_model()._default_manager.filter(is_active=True).exclude(email="")
    match = Q(pk__in=[])
    if roles:
        match |= Q(groups__name__in=[str(r) for r in roles])
    if organisations:
        match |= Q(profile__organisation__in=organisations)
    return users.filter(match).distinct().order_by("pk")


def consultation_open(
    *,
    publication: Publication,
    closes_on: date | None,
    roles=(),
    organisations=(),
    is_open_round: bool = False,
    introduction: str = "",
    by=None,
) -> Consultation:
    """Open a round on the draft text of a kader for the invited roles and/or organisations: the
    kader itself while it is a draft, or the draft of its next version once it is published
    (`loket.publications.next_version`). The people are fixed now (one row each) and mailed after
    commit."""
    today = timezone.localdate()
    roles = [str(r) for r in roles]
    unknown = set(roles) - {str(r) for r in INVITABLE_ROLES}
    if unknown:
        raise ValidationError(_("Deze rol kunt u niet uitnodigen: %(roles)s.") % {"roles": ", ".join(sorted(unknown))})
    if closes_on is None:
        raise ValidationError({"closes_on": _("Kies een sluitingsdatum.")})
    if closes_on <= today:
        raise ValidationError({"closes_on": _("De sluitingsdatum moet in de toekomst liggen.")})
    validate_markdown(introduction)
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        if locked.kind != PublicationKind.FRAMEWORK:
            raise ValidationError(_("Alleen een kader kunt u in consultatie geven."), code="not_framework")
        # The text consulted on: the draft kader, or the draft of the next version of a published one.
        source, version = locked, locked.version
        if locked.status != PublicationStatus.DRAFT:
            source = PublicationDraft.objects.filter(publication=locked).first()
            if source is None:
                raise ValidationError(
                    _(
                        "Deze versie is al gepubliceerd. Een consultatie gaat over een conceptversie. "
                        "Begin eerst een concept van de volgende versie."
                    ),
                    code="published",
                )
            version = locked.version + 1
        if locked.consultations.filter(status=ConsultationStatus.OPEN).exists():
            raise ValidationError(_("Voor dit kader loopt al een consultatie."), code="already_open")
        if not (source.body or "").strip():
            raise ValidationError(_("Het concept heeft nog geen tekst om op te reageren."), code="empty")
        people = list(_invited_users(roles, organisations))
        if not people:
            raise ValidationError(
                _("Met deze keuze is niemand uitgenodigd. Kies rollen of organisaties met gebruikers."),
                code="nobody",
            )
        consultation = Consultation.objects.create(
            publication=locked,
            version=version,
            title=source.title,
            body=source.body,
            introduction=introduction,
            closes_on=closes_on,
            is_open_round=is_open_round,
            invited_roles=roles,
            opened_by=by if getattr(by, "is_authenticated", False) else None,
        )
        consultation.invited_organisations.set(organisations)
        ConsultationInvitee.objects.bulk_create(
            [ConsultationInvitee(consultation=consultation, user=user) for user in people]
        )
        ConsultationStatusChange.record(consultation=consultation, source="", to=ConsultationStatus.OPEN, by=by)
        enqueue_on_commit("loket.send_consultation_invitations", consultation.pk)
    return consultation


def is_invitee(consultation: Consultation, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return consultation.invitees.filter(user=user).exists()


def _check_can_comment(consultation: Consultation, user) -> None:
    if not is_invitee(consultation, user):
        raise ValidationError(_("U bent niet uitgenodigd voor deze consultatie. Alleen genodigden kunnen reageren."))
    if consultation.status != ConsultationStatus.OPEN or timezone.localdate() > consultation.closes_on:
        raise ValidationError(
            _("De consultatie is gesloten sinds %(date)s. Reageren of wijzigen kan niet meer.")
            % {"date": short_date(consultation.closes_on)}
        )


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf uw reactie.")})
    if len(text) > MAX_COMMENT_CHARS:
        raise ValidationError(
            {"text": _("Uw reactie is te lang (hoogstens %(max)s tekens).") % {"max": MAX_COMMENT_CHARS}}
        )
    return text


def section_label(consultation: Consultation, anchor: str) -> str:
    """The words for a section of the consulted text; a ValidationError when it does not exist."""
    if not anchor:
        return _("Het hele kader")
    for section in markdown_sections(consultation.body):
        if section.anchor == anchor:
            return section.label
    raise ValidationError(
        {"anchor": _("Dit onderdeel bestaat niet (meer) in het geconsulteerde concept. Kies een ander onderdeel.")}
    )


def comment_add(*, consultation: Consultation, user, text: str, anchor: str = "") -> ConsultationComment:
    """An invitee's comment on one section (`anchor`) or on the whole (`anchor` empty)."""
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        _check_can_comment(locked, user)
        label = section_label(locked, anchor)
        organisation = organisation_of(user)
        return ConsultationComment.objects.create(
            consultation=locked,
            author=user,
            author_name=display_name(user)[:150],
            organisation_name=str(organisation or "")[:200],
            anchor=anchor,
            section_label=label[:250],
            text=_check_text(text),
        )


def comment_update(*, comment: ConsultationComment, user, text: str) -> ConsultationComment:
    """The author edits their comment until the closing date."""
    with transaction.atomic():
        locked = ConsultationComment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        if locked.author_id != user.pk:
            raise ValidationError(_("U kunt alleen uw eigen reactie wijzigen."))
        _check_can_comment(locked.consultation, user)
        locked.text = _check_text(text)
        locked.save(update_fields=["text", "updated_at"])
    return locked


def comment_answer(
    *, comment: ConsultationComment, by, handling: str = "", reason: str = "", duplicate_of=None
) -> ConsultationComment:
    """The core team's answer to a comment: adopted / partly / not adopted, with a reason. A comment
    grouped with another (`duplicate_of`) takes that comment's answer when it has none of its own;
    answering a comment also answers the comments grouped with it."""
    if not is_core_team(by):
        raise ValidationError(_("Alleen het kernteam beantwoordt reacties."))
    with transaction.atomic():
        locked = ConsultationComment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        if locked.consultation.status != ConsultationStatus.OPEN:
            raise ValidationError(_("Deze consultatie is afgerond; de reactienota ligt vast."))
        head = None
        if duplicate_of is not None:
            head = duplicate_of
            if head.pk == locked.pk or head.consultation_id != locked.consultation_id:
                raise ValidationError({"duplicate_of": _("Kies een andere reactie uit deze consultatie.")})
            if head.duplicate_of_id:
                head = head.duplicate_of
            if head.pk == locked.pk:
                raise ValidationError({"duplicate_of": _("Kies een andere reactie uit deze consultatie.")})
            if not handling and head.handling:
                handling, reason = head.handling, reason or head.reason
        if handling not in Handling.values:
            raise ValidationError({"handling": _("Kies hoe de reactie is verwerkt.")})
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Geef een toelichting bij de verwerking.")})
        now = timezone.now()
        fields = {"handling": handling, "reason": reason, "answered_at": now, "answered_by": by}
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.duplicate_of = head
        locked.save(update_fields=[*fields, "duplicate_of"])
        locked.duplicates.all().update(**fields)
    return locked


def consultation_transition(*, consultation: Consultation, to: str, by=None, note: str = "") -> Consultation:
    """Move a round (see workflow.TRANSITIONS). Closing needs an answer to every comment."""
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        source = locked.status
        check_transition(TRANSITIONS, source, to, noun=_("Een consultatie"))
        if to == ConsultationStatus.CLOSED:
            open_count = locked.comments.filter(handling="").count()
            if open_count:
                raise ValidationError(
                    _("Nog %(n)s reactie(s) zonder antwoord. Beantwoord eerst elke reactie.") % {"n": open_count},
                    code="unanswered",
                )
            locked.closed_at = timezone.now()
        locked.status = to
        locked.save(update_fields=["status", "closed_at"])
        ConsultationStatusChange.record(consultation=locked, source=source, to=to, by=by, note=note)
    return locked


def consultation_close(*, consultation: Consultation, by=None) -> Consultation:
    return consultation_transition(consultation=consultation, to=ConsultationStatus.CLOSED, by=by)


def consultations_after_publish(publication: Publication) -> None:
    """Called by `publication_transition` inside its transaction when a kader is published: closed
    rounds not yet followed by a published version get this version and text, and their commenters
    are told after commit."""
    rounds = publication.consultations.filter(status=ConsultationStatus.CLOSED, published_version__isnull=True)
    if rounds.update(published_version=publication.version, published_body=publication.body):
        enqueue_on_commit("loket.notify_consultation_published", publication.pk)


def mark_reminders_due(*, today: date | None = None) -> list[int]:
    """Ids of open rounds whose reminder is due: two working days before the closing date (or later,
    when a beat run was missed), not yet past it."""
    today = today or timezone.localdate()
    due = []
    for consultation in Consultation.objects.filter(
        status=ConsultationStatus.OPEN, closes_on__gte=today, invitees__reminder_sent_at__isnull=True
    ).distinct():
        if add_working_days(today, 2) >= consultation.closes_on:
            due.append(consultation.pk)
    return due
