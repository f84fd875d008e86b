"""Read-only mode after the end of the arrangement: the one place that refuses every write.

`ReadOnlyMiddleware` answers every request that is not GET, HEAD or OPTIONS with a Dutch page
(status 403) while `Arrangement.read_only` is on, whatever app the URL belongs to. The exceptions are
named in settings.READ_ONLY_ALLOWED_URLS (URL names, or a namespace followed by `:*`): logging in and
out, two-factor, password reset, unsubscribing, the Beheerder's admin, the closing page (where the
Beheerder switches it off again) and the archive export."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from loket.core.arrangement import current_arrangement

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def write_allowed(view_name: str) -> bool:
    allowed = settings.READ_ONLY_ALLOWED_URLS
    if view_name in allowed:
        return True
    namespace = view_name.rsplit(":", 1)[0] if ":" in view_name else ""
    return bool(namespace) and f"{namespace}:*" in allowed


def refusal(request):
    return render(request, "read_only.html", {"arrangement": current_arrangement()}, status=403)


class ReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or not current_arrangement().read_only:
            return None
        match = request.resolver_match
        if match is not None and write_allowed(match.view_name):
            return None
        return refusal(request)
