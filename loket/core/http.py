"""The client's address of a request: one answer for the login lock (django-axes, through
AXES_CLIENT_IP_CALLABLE), the audit log and the rate limits."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the request came from, or None when there is no valid one.

    Without trusted proxies (`AXES_IPWARE_PROXY_COUNT`, from AXES_PROXY_COUNT, is 0) this is
    REMOTE_ADDR: X-Forwarded-For is written by the client and proves nothing. Behind N trusted
    proxies each proxy appends the address it received the request from, and REMOTE_ADDR is the
    last proxy; the client is then the N-th address from the right, the right-most one that no
    trusted proxy wrote. Addresses further left are whatever the client sent. With fewer addresses
    than proxies the request did not pass all of them, and REMOTE_ADDR counts."""
    if request is None:
        return None
    proxies = max(int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0), 0)
    raw = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded != [""] and len(forwarded) >= proxies:
            raw = forwarded[-proxies]
    return _address(raw)


def _address(raw: str) -> str | None:
    """A valid IPv4 or IPv6 address in its normal form; a port ("1.2.3.4:80", "[::1]:80") is dropped."""
    raw = (raw or "").strip()
    if raw.startswith("[") and "]" in raw:
        raw = raw[1 : raw.index("]")]
    elif raw.count(":") == 1:
        raw = raw.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None
