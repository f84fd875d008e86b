"""Cheap rendering of the large filter forms of the lists (issue 9).

Rendering a filter form with crispy-forms costs 20-30 ms per request (a template per field, a template
per option). The HTML of a filter form is a pure function of: the language, the submitted values, the
validation errors and the choice lists. `cached_filter_form` freezes the model choice lists (one query
each, as rendering would do anyway), puts all of that into the cache key and renders with crispy only on a
miss. Nothing is stale: a changed choice list (a new theme, a renamed province, another core-team member)
is a different key. GET forms, or fields of a POST form rendered without its CSRF token (the bulk-assign
select of the question list): the HTML never contains a CSRF token or anything personal beyond the
visitor's own query and the choice lists of their role (which are part of the key).
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

from django import forms
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

TIMEOUT = 300
VERSION = 3  # bump when the template or crispy layout of the filter forms changes


def _frozen_choices(form: forms.BaseForm) -> list:
    """Evaluate every choice list once (model choices: one query each, as the renderer would) and hand
    the fields static lists, so a cache miss renders without further queries."""
    out = []
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
            # a list: frozen by the form itself (e.g. from loket.reference_lists), no query needed
            source = field.widget.choices if isinstance(field.widget.choices, list | tuple) else field.choices
            choices = [(str(value), str(label)) for value, label in source]
            field.widget.choices = choices
        elif isinstance(field, forms.ChoiceField):
            choices = [(str(value), str(label)) for value, label in field.choices]
        else:
            continue
        out.append((name, choices))
    return out


def cached_filter_form(form: forms.BaseForm, *, template: str = "includes/filter_form.html") -> str:
    """The form's HTML (as `{{ form|crispy }}` renders it), from the cache when nothing differs."""
    return _cached(form, template)[1]


def cached_unbound_form(
    build: Callable[[], forms.BaseForm], *, name: str, choices_version: str, template: str = "includes/filter_form.html"
) -> str:
    """The HTML of an unbound form (a list page as first opened) without building the form when this
    process rendered it before: the first time, per form `name`, template, language and
    `choices_version` (the digest of the choice lists it offers, see loket.reference_lists), the form
    is built and its full key computed as `cached_filter_form` does; that key is remembered, so later
    requests only look the HTML up. Labels and layout live in the code, which does not change under a
    running process; `choices_version` covers the choice lists."""
    memo = (name, template, get_language(), choices_version)
    key = _unbound_keys.get(memo)
    html = _recent.get(key) if key is not None else None
    if html is None:
        form = build()
        if form.is_bound:
            raise ValueError("cached_unbound_form: the form is bound")
        key, html = _cached(form, template)
        _unbound_keys.put(memo, key)
    return html


def _fields_part(form: forms.BaseForm) -> str:
    """The choice lists and labels of the form's fields, as JSON for the key. A form whose class shares
    its fields among all its forms (loket.core.filtersets: one class per language and choice lists) has
    the same part for every form: worked out once per class."""
    shared = getattr(type(form), "fields_are_shared", False)
    if shared and "_filterform_fields_part" in type(form).__dict__:
        return type(form)._filterform_fields_part
    choices = _frozen_choices(form)
    labels = [(name, str(field.label), str(field.help_text)) for name, field in form.fields.items()]
    part = json.dumps([choices, labels], sort_keys=True, default=str)
    if shared:
        type(form)._filterform_fields_part = part
    return part


def _with_own_fields(form: forms.BaseForm) -> forms.BaseForm:
    """The form to render: a form of a class that shares its fields (loket.core.filtersets) as a copy with
    fields of its own, since a renderer may change the widgets it renders (crispy-forms adds CSS classes)."""
    if not getattr(type(form), "fields_are_shared", False):
        return form
    own = copy.copy(form)
    own.fields = copy.deepcopy(dict(form.fields))
    for name, field in own.fields.items():
        choices = getattr(form.fields[name].widget, "choices", None)
        if isinstance(choices, list | tuple):  # a copied model choice field offers its queryset again
            field.widget.choices = list(choices)
    own._bound_fields_cache = {}
    return own


def _cached(form: forms.BaseForm, template: str) -> tuple[str, str]:
    data = sorted((k, form.data.getlist(k)) for k in form.data if k != "page") if form.is_bound else None
    errors = form.errors.get_json_data() if form.is_bound else None
    payload = json.dumps(
        [VERSION, template, get_language(), type(form).__name__, data, errors], sort_keys=True, default=str
    )
    key = "filterform:" + hashlib.sha256((payload + _fields_part(form)).encode()).hexdigest()
    html = _recent.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html = render_to_string(template, {"form": _with_own_fields(form)})
            cache.set(key, html, TIMEOUT)
        _recent.put(key, html)
    return key, html


class _RecentlyRendered:
    """The last few hundred form HTMLs of this process, in front of the shared cache. The key is a hash
    of everything the HTML depends on, so an entry can never be stale: only bounded in number. (Also
    the remembered keys of unbound forms.)"""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            html = self._items.get(key)
            if html is not None:
                self._items.move_to_end(key)
            return html

    def put(self, key: str, html: str) -> None:
        with self._lock:
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


_recent = _RecentlyRendered()
_unbound_keys = _RecentlyRendered()
