"""Subscriptions with double opt-in, and the signed links for confirming and unsubscribing.

- Subscribing (or changing choices) stores the choices as *pending* and mails a signed confirmation
  link; only confirmation makes them count. Unconfirmed addresses receive nothing.
- Every mailing carries a signed one-click unsubscribe link (RFC 8058). Unsubscribing also works for
  a partner account's address: mailings to partners skip it from then on.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.models import Province, Theme
from loket.core.outbox import enqueue_on_commit
from loket.core.workflow import check_transition
from loket.mailings.models import Subscription, SubscriptionStatusChange
from loket.mailings.workflow import SUBSCRIPTION_TRANSITIONS, SubscriptionStatus

CONFIRM_SALT = "loket.subscription.confirm"
UNSUBSCRIBE_SALT = "loket.subscription.unsubscribe"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a week
RESEND_AFTER_SECONDS = 5 * 60  # at most one confirmation mail per address per five minutes


class LinkError(Exception):
    """An invalid, expired or already used link; `reason` is one of: invalid, expired, used."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _choices_payload(*, general_news: bool, themes, provinces) -> dict:
    return {
        "general_news": bool(general_news),
        "themes": sorted(t.pk if hasattr(t, "pk") else int(t) for t in themes),
        "provinces": sorted(p.pk if hasattr(p, "pk") else int(p) for p in provinces),
    }


def _apply_choices(subscription: Subscription, choices: dict) -> None:
    subscription.general_news = bool(choices.get("general_news"))
    subscription.themes.set(Theme.objects.filter(pk__in=choices.get("themes") or []))
    subscription.provinces.set(Province.objects.filter(pk__in=choices.get("provinces") or []))


# --- services ------------------------------------------------------------------------------------


def subscription_transition(
    *, subscription: Subscription, to: SubscriptionStatus | str, by=None, by_name: str = "", note: str = ""
) -> Subscription:
    """Move a subscription (see workflow.SUBSCRIPTION_TRANSITIONS): lock the row, refuse an illegal
    move in Dutch, set the dates that hold the state and write the history row. Unsubscribing also
    drops choices that were still waiting for confirmation."""
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        source = locked.status
        check_transition(SUBSCRIPTION_TRANSITIONS, source, to, noun=_("Een abonnement"))
        to = SubscriptionStatus(to)
        if to == SubscriptionStatus.ACTIVE:
            locked.confirmed_at = timezone.now()
            locked.unsubscribed_at = None
        if to == SubscriptionStatus.UNSUBSCRIBED:
            locked.unsubscribed_at = timezone.now()
            locked.pending_choices = None
            locked.confirm_nonce = ""
        locked.save(update_fields=["confirmed_at", "unsubscribed_at", "pending_choices", "confirm_nonce"])
        SubscriptionStatusChange.record(subscription=locked, source=source, to=to, by=by, by_name=by_name, note=note)
    return locked


def subscription_request(*, email: str, general_news: bool, themes=(), provinces=()) -> Subscription:
    """Ask for a subscription (or a change of choices): store the choices as pending and mail a
    confirmation link on commit. The page says the same whatever the address's state."""

    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(email=email)
        subscription.pending_choices = _choices_payload(general_news=general_news, themes=themes, provinces=provinces)
        recent = subscription.requested_at and subscription.requested_at > now - timedelta(seconds=RESEND_AFTER_SECONDS)
        if recent and subscription.confirm_nonce:
            # No second mail within a few minutes (nobody can flood an address); the link already
            # sent confirms the choices as they are now.
            subscription.save(update_fields=["pending_choices"])
            return subscription
        subscription.confirm_nonce = secrets.token_urlsafe(16)
        subscription.requested_at = now
        subscription.confirmation_sent_at = None  # a new request, a new mail
        subscription.save(update_fields=["pending_choices", "confirm_nonce", "requested_at", "confirmation_sent_at"])
        pk, nonce = subscription.pk, subscription.confirm_nonce
        enqueue_on_commit("loket.send_subscription_confirmation", pk, nonce)
    return subscription


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "n": subscription.confirm_nonce}, salt=CONFIRM_SALT, compress=True)


def confirm_url(subscription: Subscription) -> str:
    return reverse("loket:subscription_confirm", kwargs={"token": confirm_token(subscription)})


def subscription_confirm(*, token: str) -> Subscription:
    """Make the pending choices count. Raises LinkError for a bad, expired or used link."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("invalid") from exc
    if not isinstance(data, dict) or "s" not in data or "n" not in data:
        raise LinkError("invalid")
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=data["s"]).first()
        if subscription is None:
            raise LinkError("invalid")
        if not subscription.confirm_nonce or subscription.confirm_nonce != data["n"]:
            raise LinkError("used")
        if subscription.status != SubscriptionStatus.ACTIVE:
            subscription = subscription_transition(
                subscription=subscription,
                to=SubscriptionStatus.ACTIVE,
                by_name=_("Abonnee"),
                note=_("Bevestigd met de link in de e-mail."),
            )
        _apply_choices(subscription, subscription.pending_choices or {})
        subscription.pending_choices = None
        subscription.confirm_nonce = ""
        subscription.confirmed_at = timezone.now()  # also a confirmed change of choices
        subscription.save(update_fields=["general_news", "pending_choices", "confirm_nonce", "confirmed_at"])
    return subscription


def unsubscribe_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(email: str) -> str:
    return reverse("loket:unsubscribe", kwargs={"token": unsubscribe_token(email)})


def email_from_unsubscribe_token(token: str) -> str:
    try:
        email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise LinkError("invalid") from exc
    if not isinstance(email, str) or "@" not in email:
        raise LinkError("invalid")
    return email


def subscription_unsubscribe(*, token: str) -> tuple[str, bool]:
    """Unsubscribe the address in the token from all mailings. Returns (email, was_already_off)."""
    email = email_from_unsubscribe_token(token)
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(email=email)
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            return email, True
        subscription_transition(
            subscription=subscription,
            to=SubscriptionStatus.UNSUBSCRIBED,
            by_name=_("Abonnee"),
            note=_("Afgemeld met de link in een mailing."),
        )
    return email, False


def _not_someone_elses(user) -> Q:
    # A subscription belongs to the address; once an account manages it, to that person only.
    return Q(user__isnull=True) | Q(user=user)


def subscription_for_user(user) -> Subscription | None:
    """The subscription of the account's (confirmed) address, unless another account manages it."""
    email = normalise_email(getattr(user, "email", ""))
    if not email:
        return None
    mine = Subscription.objects.filter(_not_someone_elses(user), email=email)
    return mine.prefetch_related("themes", "provinces").first()


def subscription_follow_email_change(*, user, old_email: str, new_email: str) -> None:
    """After a confirmed change of an account's address: the person's own subscription (of the old
    address, not managed by another account) moves to the new address, unless that address has a
    subscription of its own (then both stay where they are). It never moves to another person."""
    old_email, new_email = normalise_email(old_email), normalise_email(new_email)
    if not old_email or old_email == new_email or Subscription.objects.filter(email=new_email).exists():
        return
    Subscription.objects.filter(_not_someone_elses(user), email=old_email).update(email=new_email, user=user)


def subscription_update_for_user(*, user, receive: bool, general_news: bool, themes=(), provinces=()) -> Subscription:
    """A logged-in partner manages the same choices on their profile. Their account's address is
    known, so no confirmation mail is needed."""
    email = normalise_email(user.email)
    if not email:
        raise ValueError("user without e-mail address")
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(email=email)
        if subscription.user_id is not None and subscription.user_id != user.pk:
            raise ValidationError(
                _("Het abonnement op dit e-mailadres hoort bij een ander account. Neem contact op met het loket."),
                code="someone_elses",
            )
        subscription.user = user
        _apply_choices(subscription, _choices_payload(general_news=general_news, themes=themes, provinces=provinces))
        subscription.pending_choices = None
        subscription.confirm_nonce = ""
        subscription.save(update_fields=["user", "general_news", "pending_choices", "confirm_nonce"])
        target = SubscriptionStatus.ACTIVE if receive else SubscriptionStatus.UNSUBSCRIBED
        if subscription.status != target:
            subscription = subscription_transition(
                subscription=subscription, to=target, by=user, note=_("Gewijzigd op de profielpagina.")
            )
    return subscription


# --- selectors -----------------------------------------------------------------------------------


def active_subscriptions() -> QuerySet[Subscription]:
    """Confirmed and not unsubscribed: the only subscriptions that receive anything."""
    return Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def opted_out_emails() -> QuerySet:
    return Subscription.objects.filter(unsubscribed_at__isnull=False).values_list("email", flat=True)


def subscribers_for(*, general: bool = False, themes=(), provinces=()) -> QuerySet[Subscription]:
    match = Q(pk__in=[])
    if general:
        match |= Q(general_news=True)
    if themes:
        match |= Q(themes__in=list(themes))
    if provinces:
        match |= Q(provinces__in=list(provinces))
    return active_subscriptions().filter(match).distinct()
