"""Whole-page cache for anonymous visitors of the public pages (home, publications, search).

Only a page that is the same for every anonymous visitor is stored: a GET by a visitor who is not
logged in and has no pending messages, answered with 200, without cookies and without a CSRF token
in the page. Logged-in users never get or fill a cached page. Every change to a publication (or its
attachments, themes or the contact details on the home page) starts a new cache generation, so the
next visitor sees it at once; the short timeout (LOKET_ANON_CACHE_SECONDS) covers what changes by
itself (a scheduled publication whose time has come, an expired one).
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

from loket.core import generations
from loket.core.arrangement import GENERATION_KEY as ARRANGEMENT_GENERATION
from loket.core.models import ContactDetails
from loket.publications.models import Publication, PublicationAttachment, PublicationRevision

# read with the other generation tokens, one cache round trip per request (loket.core.generations)
GENERATION_KEY = generations.register("loket:anonpage:generation")


def timeout() -> int:
    return getattr(settings, "LOKET_ANON_CACHE_SECONDS", 60)


def generation() -> str:
    value = generations.read(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(GENERATION_KEY, value, None)
        generations.changed()
        value = cache.get(GENERATION_KEY) or value
    return value


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    generations.changed()


def invalidate(**_kwargs) -> None:
    """A publication changed: every cached public page is stale once the change is committed (not
    before: a visitor in between would store the old page under the new generation)."""
    transaction.on_commit(_new_generation)


def _cacheable_request(request) -> bool:
    if request.method != "GET" or timeout() <= 0:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0  # len() does not mark the messages as read


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
    # the arrangement's notice is on every page: a change to its period or read-only switch is a new key
    return f"loket:anonpage:{generation()}:{generations.read(ARRANGEMENT_GENERATION)}:{get_language()}:{path}"


class AnonymousCacheMixin:
    """For a class-based view: serve and store the page for anonymous visitors (see module doc)."""

    def dispatch(self, request, *args, **kwargs):
        if not _cacheable_request(request):
            return super().dispatch(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        if (
            response.status_code == 200
            and not getattr(response, "streaming", False)
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        ):
            cache.set(key, (response.content, response["Content-Type"]), timeout())
        return response


def connect() -> None:
    for model in (Publication, PublicationAttachment, PublicationRevision, ContactDetails):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"anonpage_save_{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"anonpage_delete_{model.__name__}")
    m2m_changed.connect(invalidate, sender=Publication.themes.through, dispatch_uid="anonpage_themes")
