"""The limits on new questions, for the web form and the mail intake alike (loket.core.ratelimits,
django-ratelimit on the shared cache): QUESTIONS_RATE_LIMIT new questions per QUESTIONS_RATE_WINDOW
per client address (web) and per asker's e-mail address (web and mail share that count)."""

from __future__ import annotations

from django.conf import settings

from loket.core.ratelimits import limit_count, limit_reached

ADDRESS_GROUP = "questions.ask.address"


def questions_rate(multiplier: int = 1) -> str:
    """QUESTIONS_RATE_LIMIT actions per QUESTIONS_RATE_WINDOW seconds, for loket.core.ratelimits
    ("" when QUESTIONS_RATE_LIMIT is 0: off, only the benchmark server does that)."""
    limit = settings.QUESTIONS_RATE_LIMIT
    return f"{limit * multiplier}/{settings.QUESTIONS_RATE_WINDOW}s" if limit > 0 else ""


def address_limit(email: str) -> dict:
    return {"group": ADDRESS_GROUP, "key": email.strip().lower(), "rate": questions_rate()}


def address_limit_reached(email: str) -> bool:
    """Whether one more question from `email` would go over the limit (nothing counted yet)."""
    return limit_reached(**address_limit(email), increment=False)


def address_count(email: str) -> None:
    """Count one stored question from `email`."""
    limit_count(**address_limit(email))
