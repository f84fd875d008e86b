"""The crispy-forms pack "nlds" (templates/nlds/): NL Design System markup in which every label,
description and error message is tied to its field, and choice groups are fieldsets with a legend."""

import re

from django import forms
from django.template import Context, Template


class ExampleForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Uw volledige naam.")
    notes = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Soort", choices=[("a", "Eerste"), ("b", "Tweede")], widget=forms.RadioSelect)
    themes = forms.MultipleChoiceField(
        label="Thema's",
        choices=[("Groep", [("x", "Iks"), ("y", "IJ")])],
        widget=forms.CheckboxSelectMultiple,
        help_text="Kies er één of meer.",
    )
    province = forms.ChoiceField(label="Provincie", choices=[("", "Kies"), ("PV26", "Utrecht")])
    agree = forms.BooleanField(label="Ik ga akkoord")


def render(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def tag(html: str, element_id: str) -> str:
    return re.search(rf'<(?:input|textarea|select)[^>]*id="{element_id}"[^>]*>', html).group(0)


def test_a_valid_field_has_its_label_and_description():
    html = render(ExampleForm())
    assert '<label for="id_name" class="utrecht-form-label">Naam' in html
    assert '<div id="id_name_helptext" class="utrecht-form-field-description">Uw volledige naam.</div>' in html
    name = tag(html, "id_name")
    assert "utrecht-textbox utrecht-textbox--html-input" in name
    assert 'aria-describedby="id_name_helptext"' in name
    assert "aria-invalid" not in name
    assert "utrecht-textarea utrecht-textarea--html-textarea" in tag(html, "id_notes")
    assert "utrecht-select utrecht-select--html-select" in tag(html, "id_province")
    assert "utrecht-checkbox utrecht-checkbox--html-input" in tag(html, "id_agree")
    assert '<label for="id_agree" class="utrecht-form-label utrecht-form-label--checkbox">Ik ga akkoord' in html


def test_errors_are_next_to_the_field_and_linked_to_it():
    form = ExampleForm(data={"name": "", "kind": "", "province": ""})
    html = render(form)
    name = tag(html, "id_name")
    assert 'aria-invalid="true"' in name
    assert 'aria-describedby="id_name_helptext id_name_error"' in name
    assert "utrecht-textbox--invalid" in name
    assert re.search(
        r'<div id="id_name_error" class="utrecht-form-field-error-message">\s*<p[^>]*>Dit veld is verplicht', html
    )
    assert 'id="id_province_error"' in html and 'aria-invalid="true"' in tag(html, "id_province")
    assert "utrecht-form-field--invalid" in html


def test_choice_groups_are_fieldsets_with_a_legend_and_linked_description_and_error():
    html = render(ExampleForm(data={"name": "x"}))
    kind = re.search(
        r'<fieldset class="utrecht-form-fieldset[^"]*"([^>]*)>\s*<legend[^>]*>Soort.*?</fieldset>', html, re.S
    )
    assert kind, "geen fieldset met legend voor de keuzerondjes"
    assert 'aria-describedby="id_kind_error"' in kind.group(1)
    assert 'id="id_kind_error"' in kind.group(0)
    assert 'type="radio"' in kind.group(0) and "utrecht-radio-button utrecht-radio-button--html-input" in kind.group(0)
    assert '<label for="id_kind_0" class="utrecht-form-label utrecht-form-label--radio">Eerste</label>' in kind.group(0)
    themes = re.search(
        r'<fieldset class="utrecht-form-fieldset[^"]*"([^>]*)>\s*<legend[^>]*>Thema.*?</fieldset>\s*</fieldset>',
        html,
        re.S,
    )
    assert themes and 'aria-describedby="id_themes_helptext id_themes_error"' in themes.group(1)
    # grouped choices: a fieldset of their own, named by the group
    assert re.search(
        r'<fieldset class="choice-group[^"]*"><legend class="choice-group__legend[^"]*">Groep</legend>', themes.group(0)
    )


def test_required_fields_are_marked_and_hidden_fields_stay_plain():
    class WithHidden(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput)
        name = forms.CharField(label="Naam")

    html = render(WithHidden())
    assert '<input type="hidden" name="token"' in html
    assert 'Naam<span class="loket-required" aria-hidden="true"> *</span>' in html
