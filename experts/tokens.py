"""Signed, expiring links for people without an account (django.core.signing with a salt per use).

A link carries the object's id and a nonce stored on the object: a tampered link fails the
signature, an old link fails `max_age`, and a link whose nonce was rotated (used up) no longer matches.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing


class Purpose(StrEnum):
    INVITATION = "experts.invitation"
    REFERRAL = "experts.referral"
    MANAGE = "experts.manage"
    INTRODUCTION = "experts.introduction"


def max_age(purpose: Purpose) -> timedelta:
    days = {
        Purpose.INVITATION: settings.EXPERTS_INVITATION_DAYS,
        Purpose.REFERRAL: settings.EXPERTS_REFERRAL_LINK_DAYS,
        Purpose.MANAGE: settings.EXPERTS_MANAGE_LINK_DAYS,
        Purpose.INTRODUCTION: settings.EXPERTS_INVITATION_DAYS,
    }[purpose]
    return timedelta(days=days)


class LinkError(StrEnum):
    INVALID = "invalid"  # tampered or malformed
    EXPIRED = "expired"
    USED = "used"  # valid signature, but already used or no longer applicable


@dataclass(frozen=True)
class Unsigned:
    pk: int
    nonce: str
    extra: str = ""


def make_token(purpose: Purpose, *, pk: int, nonce: str, extra: str = "") -> str:
    payload = {"p": pk, "n": nonce}
    if extra:
        payload["x"] = extra
    return signing.dumps(payload, salt=purpose.value, compress=False)


def read_token(purpose: Purpose, token: str) -> Unsigned | LinkError:
    if not token or len(token) > 300:
        return LinkError.INVALID
    try:
        payload = signing.loads(token, salt=purpose.value, max_age=max_age(purpose))
    except signing.SignatureExpired:
        return LinkError.EXPIRED
    except signing.BadSignature:
        return LinkError.INVALID
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int) or not isinstance(payload.get("n"), str):
        return LinkError.INVALID
    return Unsigned(pk=payload["p"], nonce=payload["n"], extra=str(payload.get("x", "")))
