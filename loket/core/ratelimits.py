"""Rate limits: one helper on django-ratelimit and the shared cache, for every app.

Every limit in the portal (new questions, replies, newsletter sign-up, expert profile links,
password reset mails, and later the mail intake and an API) counts here, in the `default` cache
(Redis in production, shared by all web processes and workers). The rates are configured in one
place, `settings.LOKET_RATE_LIMITS` (environment variables `RATE_LIMIT_*`, see .env.example); a
rate is django-ratelimit's notation ("5/h", "100/d", "1/10m"), an empty rate switches that limit
off. The client address of a request is `loket.core.http.client_ip`, the one function that honours
the configured number of trusted proxies (the login lock and the audit log use it too).

A cache that cannot be reached never turns people away (RATELIMIT_FAIL_OPEN): a limit that cannot
be counted is not reached. Abuse is then possible for the length of the outage; refusing every
asker while Redis is down would be worse.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from loket.core.http import client_ip

logger = logging.getLogger(__name__)

OVERALL = "*"  # the key of a limit over all clients together


def rate_for(name: str) -> str:
    """The configured rate of limit `name` (settings.LOKET_RATE_LIMITS); "" when it is off."""
    return str(getattr(settings, "LOKET_RATE_LIMITS", {}).get(name) or "")


def _digest(value: str) -> str:
    # Addresses (IP or e-mail) never go into the cache in plain text.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def limit_reached(*, group: str, key: str, rate: str | None = None, increment: bool = True) -> bool:
    """Whether the action under (`group`, `key`) goes over `rate` (default: the configured rate of
    `group`). Works without a request: the mail intake limits by sender address, a task by anything.

    `increment=True` counts this action and answers whether it is one too many; `increment=False`
    only asks whether the next action would be (count it later with `limit_count`, e.g. only
    after a successful submission)."""
    rate = rate_for(group) if rate is None else rate
    if not rate:
        return False
    try:
        usage = get_usage(None, group=group, key=lambda _group, _request: _digest(key), rate=rate, increment=increment)
    except Exception:  # a cache outage: fail open, like RATELIMIT_FAIL_OPEN does for a failed count
        if not getattr(settings, "RATELIMIT_FAIL_OPEN", False):
            raise
        logger.warning("rate limit %s could not be counted; the cache is unreachable", group, exc_info=True)
        return False
    if usage is None:  # switched off (RATELIMIT_ENABLE) or not counted (fail open)
        return False
    if increment:
        return bool(usage["should_limit"])
    return usage["count"] >= usage["limit"]


def limit_count(*, group: str, key: str, rate: str | None = None) -> None:
    """Count one action under (`group`, `key`) without asking (see `limit_reached`)."""
    limit_reached(group=group, key=key, rate=rate, increment=True)


def client_key(request) -> str:
    """The rate-limit key of a request's client: its address by `client_ip` (proxies honoured)."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 - no valid address: one shared bucket, not a bind


def request_limited(request, *, group: str, increment: bool = True) -> bool:
    """The limits of one kind of request: `<group>.ip` per client address and `<group>.all` for
    all clients together. The overall limit counts only requests within the per-address limit, so
    one client that keeps trying does not use up everyone's room."""
    if limit_reached(group=f"{group}.ip", key=client_key(request), increment=increment):
        return True
    return limit_reached(group=f"{group}.all", key=OVERALL, increment=increment)


def too_many_requests(request, message: str | None = None):
    """The friendly page for a request over a limit (status 429); nothing was sent or saved."""
    return render(
        request,
        "loket/too_many_requests.html",
        {
            "message": message
            or _("Er zijn vanaf uw adres of in totaal te veel aanvragen gedaan. Probeer het over een uur opnieuw.")
        },
        status=429,
    )
