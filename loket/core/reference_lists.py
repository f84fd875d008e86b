"""The small reference lists that list pages offer as choices: the provinces, the themes, the
organisations and the active members of the core team; and the provinces and organisations a
question submission looks up on every request.

The core team's question list needs all three on every request (its filter form and the bulk-assign
form); read from the database that is four queries per page view for lists that change a few times a
year. They are kept together in the cache as one entry: one cache read instead. Every change to a
province, a theme, an organisation, a routing rule, a user or a group membership deletes the entry
(signals, connected in `loket.apps`), after the change commits, so the next request rebuilds it.

An app adds lists of its own tables to the same entry with `contribute(name, build, models=...)` (the
core imports no app): the question form's themes with their terms and the routing rules (`questions.apps`),
read with `reference_lists().part(name)`. A save or delete of one of those models deletes the entry too.

Each process keeps the entry it read in memory as well (unpickling it costs more than the rest of a
question submission's form setup): a small generation key in the shared cache, replaced by a new random
token after every change, says whether that copy is still current: one small cache read per request
instead of the whole entry. A copy is trusted for at most `LOCAL_TTL` seconds.

What a stale list can do is bounded: choices are only offered from here; the list pages validate a
submitted value against the database (the bulk-assign form checks the assignee with a query, a filter on a
removed province finds nothing); the question form checks its province, organisation and themes against
these lists (no query per submission, issue 21). A request that read the old rows just before a change
and writes the entry just after its deletion leaves an old list for at most `TIMEOUT` seconds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from asgiref.local import Local
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from loket.core import generations
from loket.core.models import Organisation, Province, Theme
from loket.core.roles import core_team_users

CACHE_KEY = "loket:reference-lists:7"  # bump the number when the shape of ReferenceLists changes
TIMEOUT = 5 * 60
# a random token, replaced after every change (read with the other tokens: loket.core.generations)
GENERATION_KEY = generations.register("loket:reference-lists:generation")
LOCAL_TTL = 60.0  # seconds a process trusts its own copy, even when the generation did not change


@dataclass(frozen=True)
class ReferenceLists:
    provinces: tuple[tuple[int, str], ...]  # (pk, name), by name
    themes: tuple[tuple[int, str], ...]  # (pk, name), by code: every theme, also inactive ones
    active_themes: tuple[tuple[int, str], ...]  # (pk, name), by code: the themes one can choose now
    organisations: tuple[tuple[int, str], ...]  # (pk, name), by name
    core_team: tuple[tuple[int, str], ...]  # (pk, full name or username) of active members, by name
    # the question form, without a query per submission:
    province_objects: tuple = ()  # the Province objects, by name
    organisation_objects: tuple = ()  # the Organisation objects, by name (a few dozen)
    digest: str = ""  # changes whenever a choice list above changes: a key for what is built from them
    parts: dict = dataclasses.field(default_factory=dict)  # the lists the apps contribute, by name

    def part(self, name: str):
        """The list an app contributed under `name`. Built on first use and stored with the lists (pages
        that never ask for it do not build it); the next request reads it with them."""
        if name not in self.parts:
            self.parts[name] = _contributions[name]()
            cache.set(CACHE_KEY, self, TIMEOUT)
        return self.parts[name]


# name -> build(): the lists of the apps' own tables, kept in the same entry (see `contribute`)
_contributions: dict[str, Callable[[], object]] = {}


def contribute(name: str, build: Callable[[], object], *, models: Iterable[type] = ()) -> None:
    """Keep `build()` (plain, picklable values) in the cached entry as `part(name)`; a save or delete of
    any of `models` rebuilds the entry after its commit, as a change to a province does."""
    _contributions[name] = build
    for model in models:
        post_save.connect(clear, sender=model, dispatch_uid=f"reference-lists-save-{model._meta.label}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"reference-lists-delete-{model._meta.label}")


def _build() -> ReferenceLists:
    themes = list(Theme.objects.order_by("code").values_list("pk", "name", "is_active"))
    provinces = tuple(Province.objects.order_by("name"))
    organisations = tuple(Organisation.objects.order_by("name"))
    lists = ReferenceLists(
        provinces=tuple((p.pk, p.name) for p in provinces),
        themes=tuple((pk, name) for pk, name, _active in themes),
        active_themes=tuple((pk, name) for pk, name, active in themes if active),
        organisations=tuple((o.pk, o.name) for o in organisations),
        core_team=tuple(
            (user.pk, user.get_full_name() or user.get_username())
            for user in core_team_users().only("pk", "username", "first_name", "last_name")
        ),
    )
    choices = (lists.provinces, lists.themes, lists.active_themes, lists.organisations, lists.core_team)
    return dataclasses.replace(
        lists,
        province_objects=provinces,
        organisation_objects=organisations,
        digest=hashlib.sha256(repr(choices).encode()).hexdigest()[:16],
    )


# Within one request the lists are read from the cache once (a page asks for them from its filter, its
# filter form and other forms). Only inside a request: outside one (tasks, commands, tests) every call
# reads the cache.
_request = Local()


def _request_started(**_kwargs) -> None:
    _request.lists = None
    _request.active = True


def _request_finished(**_kwargs) -> None:
    _request.lists = None
    _request.active = False


# This process's copy: the lists, the generation token they were read under (None: not to be trusted),
# and when (time.monotonic()).
_local: dict = {"lists": None, "generation": None, "at": 0.0}


def _read() -> ReferenceLists:
    """The current lists: this process's copy while the generation in the cache is the one it was read
    under, else the cached entry (built from the database when it is missing)."""
    generation = generations.read(GENERATION_KEY)
    now = time.monotonic()
    lists = _local["lists"]
    current = generation is not None and generation == _local["generation"] and now - _local["at"] <= LOCAL_TTL
    if lists is not None and current:
        return lists
    lists = cache.get(CACHE_KEY)
    if not isinstance(lists, ReferenceLists):
        lists = _build()
        cache.set(CACHE_KEY, lists, TIMEOUT)
    if generation is None:
        # a fresh (or flushed) cache: start a generation; this copy is trusted from the next read on,
        # once the token that won is known
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generations.changed()
    _local.update(lists=lists, generation=generation, at=now)
    return lists


def reference_lists() -> ReferenceLists:
    in_request = getattr(_request, "active", False)
    lists = getattr(_request, "lists", None) if in_request else None
    if lists is None:
        lists = _read()
        if in_request:
            _request.lists = lists
    return lists


def _forget() -> None:
    # the entry first, then the token: a process that still reads the old token finds no entry (and
    # builds it from the committed rows) or sees the new token on its next read
    cache.delete(CACHE_KEY)
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    generations.changed()
    _local.update(lists=None, generation=None)


def clear(update_fields=None, **_kwargs) -> None:
    """A province, theme, organisation, user or membership changed: rebuild the lists
    once the change is committed (in every process). A login (which saves only `last_login`) changes
    nothing here."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _request.lists = None
    transaction.on_commit(_forget)


class ReferenceChoicesMixin:
    """For a FilterSet: the model-choice fields named in `reference_choices` ({field: list name}) offer
    their options from the cached lists instead of a query each. A submitted value is still checked
    against the field's queryset. The list must hold what the queryset holds, labelled as the field
    labels it (`str()` of Province, Theme and Organisation is the name)."""

    reference_choices: dict[str, str] = {}

    @property
    def form(self):
        form = super().form
        if self.reference_choices and not getattr(form, "_reference_choices_set", False):
            apply_reference_choices(form.fields, self.reference_choices, reference_lists())
            form._reference_choices_set = True
        return form


def connect() -> None:
    user_model = get_user_model()
    for model in (Province, Theme, Organisation, user_model, Group):
        post_save.connect(clear, sender=model, dispatch_uid=f"reference-lists-save-{model._meta.label}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"reference-lists-delete-{model._meta.label}")
    m2m_changed.connect(clear, sender=user_model.groups.through, dispatch_uid="reference-lists-groups")
    request_started.connect(_request_started, dispatch_uid="reference-lists-request-started")
    request_finished.connect(_request_finished, dispatch_uid="reference-lists-request-finished")


def apply_reference_choices(fields, reference_choices: dict[str, str], lists: ReferenceLists) -> None:
    """Offer the options of the model-choice `fields` named in `reference_choices` ({field: list name})
    from `lists`: the widget gets the list (with the field's empty label first), the field keeps its
    queryset to check a submitted value."""
    for name, list_name in reference_choices.items():
        field = fields[name]
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.widget.choices = [*empty, *getattr(lists, list_name)]
