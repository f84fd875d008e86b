"""The form cache of the list pages (loket/core/filterforms.py): an unbound form is built once per process
and choice-list version; the HTML always follows the choices and the input."""

import pytest
from django import forms
from django.http import QueryDict

from loket.core import filterforms


class ColourForm(forms.Form):
    colour = forms.ChoiceField(label="Kleur", choices=[("r", "Rood"), ("g", "Groen")], required=False)


@pytest.fixture(autouse=True)
def _fresh_process_memory(monkeypatch):
    monkeypatch.setattr(filterforms, "_recent", filterforms._RecentlyRendered())
    monkeypatch.setattr(filterforms, "_unbound_keys", filterforms._RecentlyRendered())


def test_an_unbound_form_is_built_once_per_choices_version():
    built = []

    def build(choices=(("r", "Rood"), ("g", "Groen"))):
        form = ColourForm()
        form.fields["colour"].choices = list(choices)
        built.append(form)
        return form

    first = filterforms.cached_unbound_form(build, name="kleur", choices_version="v1")
    again = filterforms.cached_unbound_form(build, name="kleur", choices_version="v1")
    assert first == again and "Rood" in first and len(built) == 1
    other = filterforms.cached_unbound_form(lambda: build([("b", "Blauw")]), name="kleur", choices_version="v2")
    assert "Blauw" in other and "Rood" not in other and len(built) == 2


def test_a_bound_form_is_refused_and_bound_forms_follow_their_input():
    with pytest.raises(ValueError):
        filterforms.cached_unbound_form(lambda: ColourForm({"colour": "r"}), name="kleur", choices_version="v1")
    red = filterforms.cached_filter_form(ColourForm(QueryDict("colour=r")))
    green = filterforms.cached_filter_form(ColourForm(QueryDict("colour=g")))
    assert '<option value="r" selected>' in red and '<option value="g" selected>' in green
    wrong = filterforms.cached_filter_form(ColourForm(QueryDict("colour=x")))
    assert "utrecht-form-field-error-message" in wrong and 'aria-invalid="true"' in wrong
