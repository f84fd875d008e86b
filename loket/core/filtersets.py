"""FilterSets built once per process (issue 21).

django-filter deep-copies every declared filter for each FilterSet it builds, and Django deep-copies every
form field for each form: on the core team's question list ~0.45 ms per request, for objects that depend
only on the code, the language and the choice lists. `SharedFiltersMixin` builds them once per
(FilterSet class, language, digest of the cached reference lists): the prototype. Each FilterSet then
gets shallow copies of the prototype's filters (bound to that FilterSet: a `method=` filter calls the
method of the FilterSet that filters) and the prototype's form class, whose fields all its forms share.

What makes this safe: no filter and no form field is changed per request. Choice lists that come from
the reference lists are set once, on the prototype (`prototype_choices`, `reference_choices`); a new
list (a theme added, a province renamed, another core-team member) has another digest, hence another
prototype, exactly when the cached lists change. Validation only reads the fields (a model choice is
still checked against its queryset, i.e. the database). The one writer is a renderer: crispy-forms adds
CSS classes to the widgets it renders, so `loket.core.filterforms` renders such a form with copies of
its fields (`fields_are_shared`), which it only does on a cache miss.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.utils.translation import get_language

from .reference_lists import ReferenceLists, apply_reference_choices, reference_lists

MAX_PROTOTYPES = 16  # per process: a few languages times the lists of the last few changes


class _SharedFields(dict):
    """The base fields of a prototype's form class. A form copies its class's `base_fields` with
    `copy.deepcopy` (django.forms.BaseForm); this copy is a plain dict of the same field objects."""

    def __deepcopy__(self, memo):
        return dict(self)


def _bound_copy(filter_):
    """A shallow copy of a prototype's filter: its own `parent` and `model` (set by the FilterSet), the
    prototype's form field and extra arguments (read only)."""
    clone = copy.copy(filter_)
    if filter_.method is not None:
        clone.method = filter_.method  # a FilterMethod of the copy's own: it calls the method on clone.parent
    return clone


class _PrototypeFilters(dict):
    """The filters of a prototype. django-filter's FilterSet starts with `copy.deepcopy(self.base_filters)`;
    this copy gives each FilterSet shallow copies instead."""

    def __deepcopy__(self, memo):
        return {name: _bound_copy(filter_) for name, filter_ in self.items()}


@dataclass(frozen=True)
class _Prototype:
    filters: _PrototypeFilters
    form_class: type


_prototypes: OrderedDict[tuple, _Prototype] = OrderedDict()
_lock = threading.Lock()


def _build(cls, lists: ReferenceLists) -> _Prototype:
    filters = copy.deepcopy(dict(cls.base_filters))  # the real deep copy, once
    for name, choices in cls.prototype_choices(lists).items():
        filters[name].extra["choices"] = choices
    model = cls._meta.model
    for filter_ in filters.values():
        filter_.model = model
    fields = {name: filter_.field for name, filter_ in filters.items()}
    form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
    # the choices from the reference lists on the shared widgets, once (ReferenceChoicesMixin does this per
    # form otherwise; `_reference_choices_set` tells it that it is done)
    apply_reference_choices(form_class.base_fields, getattr(cls, "reference_choices", {}), lists)
    form_class.base_fields = _SharedFields(form_class.base_fields)
    form_class._reference_choices_set = True
    form_class.fields_are_shared = True
    return _Prototype(filters=_PrototypeFilters(filters), form_class=form_class)


def prototype_for(cls, lists: ReferenceLists) -> _Prototype:
    key = (cls, get_language(), lists.digest)
    with _lock:
        prototype = _prototypes.get(key)
        if prototype is not None:
            _prototypes.move_to_end(key)
            return prototype
    prototype = _build(cls, lists)  # outside the lock: two threads may both build one, either is right
    with _lock:
        _prototypes[key] = prototype
        while len(_prototypes) > MAX_PROTOTYPES:
            _prototypes.popitem(last=False)
    return prototype


class SharedFiltersMixin:
    """For a django-filter FilterSet (before FilterSet and ReferenceChoicesMixin in the bases) whose filters
    and form fields depend only on the code, the language and the cached reference lists: its filters and
    form class come from a prototype built once per process (see the module). `self.lists` holds the
    reference lists the prototype was built from. Choices that depend on the lists: `prototype_choices`."""

    def __init__(self, *args, **kwargs):
        self.lists = reference_lists()
        self._prototype = prototype_for(type(self), self.lists)
        # read by FilterSet.__init__ (`copy.deepcopy(self.base_filters)`): shallow copies of the prototype's
        self.base_filters = self._prototype.filters
        super().__init__(*args, **kwargs)

    @classmethod
    def prototype_choices(cls, lists: ReferenceLists) -> dict[str, list]:
        """{filter name: choices} for the filters whose choices come from `lists` (set on the prototype)."""
        return {}

    def get_form_class(self):
        return self._prototype.form_class
