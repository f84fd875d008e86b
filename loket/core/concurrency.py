"""Optimistic concurrency for edit forms (issue 20 item 9): no edit is lost to a colleague's.

A row that people edit through a form has a counter (`row_version`). The form carries the counter
it was loaded with in a hidden field; the service locks the row, refuses the save with `StaleEdit`
when the counter moved on (a colleague saved meanwhile) and raises it by one on every save. The view
answers a refusal with HTTP 409: the form again with what the person typed, now on the current
counter, and the colleague's stored values beside it. Nothing is overwritten."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class StaleEdit(ValidationError):
    """Somebody else changed the row after this user opened it."""


def check_row_version(locked: models.Model, expected: int | None, message) -> None:
    """`locked` is the row under `select_for_update`; `expected` the counter the form was loaded with
    (None: the caller is not a form, e.g. an import or the demo, and takes the row as it is)."""
    if expected is not None and locked.row_version != expected:
        raise StaleEdit(message, code="stale")


def bump_row_version(obj: models.Model) -> None:
    """Raise the counter before the save (the row is locked, so read and write cannot interleave)."""
    obj.row_version += 1


class RowVersionFormMixin:
    """A hidden, required `row_version` field: the counter of the instance the form was loaded with.
    A form that creates a row (no saved instance) has nothing to compare and gets no field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["row_version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
            self.initial.setdefault("row_version", instance.row_version)


def rebind_on_current(form_class, data, current: models.Model, **kwargs):
    """The 409 answer's form: what the person typed (`data`), on the current counter of `current`,
    so sending it again is a deliberate choice."""
    kept = data.copy()
    kept["row_version"] = current.row_version
    return form_class(kept, instance=current, **kwargs)
