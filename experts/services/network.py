"""The network: invitations, joining, the expert's own profile, withdrawal and purge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.outbox import enqueue_on_commit

from ..models import (
    Expert,
    Invitation,
    new_nonce,
)
from ..workflow import (
    OPEN_REFERRAL_STATUSES,
)
from .referrals import referral_withdraw

PROFILE_FIELDS = (
    "name",
    "phone",
    "organisation",
    "function",
    "expertise",
    "availability",
    "available_until",
    "contact_preference",
)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def expert_exists_for_email(email: str) -> Expert | None:
    return Expert.objects.filter(email__iexact=normalise_email(email), anonymised_at__isnull=True).first()


def invitation_create(*, email: str, name: str = "", message: str = "", by) -> Invitation:
    """Invite a person to join the network. Refuses an address that already belongs to an expert."""
    email = normalise_email(email)
    if expert_exists_for_email(email):
        raise ValidationError(
            {"email": _("Dit e-mailadres hoort al bij een deskundige in het netwerk.")}, code="already_expert"
        )
    with transaction.atomic():
        invitation = Invitation.objects.create(email=email, name=name.strip(), message=message.strip(), invited_by=by)
        enqueue_on_commit("experts.send_invitation", invitation.pk)
    return invitation


def _may_link(user, email: str) -> bool:
    """Link the account only when it is the invited person's own (same address, no profile yet)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return normalise_email(user.email) == normalise_email(email) and not Expert.objects.filter(user=user).exists()


def expert_join(*, invitation: Invitation, data: dict[str, Any], user=None) -> Expert:
    """Create the profile from an invitation, with explicit consent; from now on it is listed."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError(_("Deze uitnodiging is al gebruikt."), code="used")
        if expert_exists_for_email(locked.email):
            raise ValidationError(_("Dit e-mailadres hoort al bij een deskundige in het netwerk."), code="exists")
        now = timezone.now()
        expert = Expert.objects.create(
            email=locked.email,
            user=user if _may_link(user, locked.email) else None,
            consent_given_at=now,
            consent_version=settings.EXPERTS_CONSENT_VERSION,
            last_confirmed_at=now,
            **{f: data.get(f) for f in PROFILE_FIELDS if f in data and data.get(f) is not None},
        )
        expert.themes.set(data.get("themes") or [])
        expert.provinces.set(data.get("provinces") or [])
        locked.accepted_at = now
        locked.expert = expert
        locked.nonce = new_nonce()
        locked.save(update_fields=["accepted_at", "expert", "nonce"])
    return expert


def expert_update(*, expert: Expert, data: dict[str, Any], confirm: bool = True) -> Expert:
    """Save profile changes; saving a profile also confirms it is still right."""
    with transaction.atomic():
        for f in PROFILE_FIELDS:
            if f in data:
                value = data[f]
                setattr(expert, f, "" if value is None and f not in ("organisation", "available_until") else value)
        if confirm:
            expert.last_confirmed_at = timezone.now()
        expert.save()
        if "themes" in data:
            expert.themes.set(data["themes"])
        if "provinces" in data:
            expert.provinces.set(data["provinces"])
    return expert


def expert_request_manage_link(*, expert: Expert) -> None:
    """Mail the expert the link to manage their profile, on commit. A request is a new mail: it
    clears the manage-link mail's sent-marker, which the task claims (experts.tasks.send_manage_link)."""
    with transaction.atomic():
        Expert.objects.filter(pk=expert.pk).update(manage_link_sent_at=None)
        enqueue_on_commit("experts.send_manage_link", expert.pk)


def expert_confirm(*, expert: Expert) -> Expert:
    expert.last_confirmed_at = timezone.now()
    expert.save(update_fields=["last_confirmed_at", "updated_at"])
    return expert


def expert_withdraw(*, expert: Expert) -> Expert:
    """Withdraw consent: hidden from the directory at once, referrals withdrawn, data purged later."""
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.consent_withdrawn_at is None:
            locked.consent_withdrawn_at = timezone.now()
            locked.link_nonce = new_nonce()
            locked.save(update_fields=["consent_withdrawn_at", "link_nonce", "updated_at"])
            for referral in locked.referrals.filter(status__in=OPEN_REFERRAL_STATUSES):
                referral_withdraw(
                    referral=referral, by=None, by_name=_("Deskundige"), reason=_("De deskundige heeft zich afgemeld.")
                )
    expert.consent_withdrawn_at = locked.consent_withdrawn_at
    expert.link_nonce = locked.link_nonce
    return locked


def expert_anonymise(*, expert: Expert) -> Expert:
    """Remove personal data of a withdrawn expert; referrals keep only the (anonymous) answer."""
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.anonymised_at is not None:
            return locked
        locked.name = _("Verwijderde deskundige")
        locked.email = f"verwijderd-{locked.pk}@deskundige.invalid"
        locked.phone = ""
        locked.function = ""
        locked.expertise = ""
        locked.user = None
        locked.available_until = None
        locked.anonymised_at = timezone.now()
        locked.link_nonce = new_nonce()
        locked.save()
        locked.themes.clear()
        locked.provinces.clear()
        Invitation.objects.filter(expert=locked).update(email=locked.email, name="", message="")
        Invitation.objects.filter(email__iexact=expert.email).update(email=locked.email, name="", message="")
        locked.introductions.update(party_a_name=locked.name, party_a_email=locked.email, party_a_organisation="")
        locked.introduction_requests.update(message="")
    return locked


def experts_due_for_purge(*, now=None):
    """Experts who withdrew more than EXPERTS_RETENTION_DAYS ago and still have personal data."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EXPERTS_RETENTION_DAYS)
    return Expert.objects.filter(consent_withdrawn_at__lte=cutoff, anonymised_at__isnull=True)


def experts_purge_withdrawn(*, now=None) -> int:
    """Anonymise every expert who withdrew more than EXPERTS_RETENTION_DAYS ago."""
    due = experts_due_for_purge(now=now)
    count = 0
    for expert in due:
        expert_anonymise(expert=expert)
        count += 1
    return count
