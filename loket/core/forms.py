"""Form fields every app uses instead of Django's own where hostile input needs a guard."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BIGINT_MAX = 2**63 - 1


def _out_of_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) > BIGINT_MAX
    except (TypeError, ValueError):
        return False


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id beyond the 64-bit range is an invalid choice like any unknown id.

    Django looks the chosen ids up with an `__in` query; on SQLite such an id raises OverflowError
    there (a 500). It can never exist, so it is refused before the query."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple | set | frozenset) else []:
            if _out_of_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                )
        return super()._check_values(value)


class FixedChoices(BaseChoiceIterator):
    """The choices of a choice field that are the same for every form made from it and never changed in
    place (a list from the cached reference lists, set up once): normalized once and kept as a tuple, and
    each form's copy of the field shares them. Django deep-copies and normalizes again the choices of
    every field of every form; for a few dozen organisations that is most of a form's set-up."""

    def __init__(self, choices):
        self.choices = tuple(normalize_choices(choices))

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class CharacterLimitsMixin:
    """Text is never cut silently: every text field with a limit (`max_length`, the model's limit) shows
    the limit in its help text, is refused with a clear Dutch message when it is too long, and gets a
    visible character counter from static/js/loket.js (`data-max-chars`). The browser's own `maxlength`
    is left off: it cuts pasted text without a word."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_character_limits(self)


def apply_character_limits(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit or field.widget.is_hidden:
            continue
        if getattr(field, "character_limit_applied", False):
            continue  # a field prepared once and copied for each form (questions.forms.AskForm)
        field.character_limit_applied = True
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-max-chars"] = str(limit)
        note = _("Hoogstens %(limit)s tekens.") % {"limit": f"{limit:,}".replace(",", ".")}
        field.help_text = format_html("{} {}", field.help_text, note) if field.help_text else note
        field.error_messages["max_length"] = _(
            "Deze tekst is te lang: hoogstens %(limit_value)d tekens, u heeft er %(show_value)d. Maak de tekst korter."
        )


class HoneypotForm(forms.Form):
    """A field that people do not see (CSS `.hp-field` / `#div_id_website`, skipped by the keyboard)
    and spam robots fill in. A view that finds `is_spam` pretends the request succeeded (or refuses
    it, like the question form) and sends and saves nothing. The field comes last in the form."""

    website = forms.CharField(
        label=gettext_lazy("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-field"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "website" in self.fields:
            self.fields["website"] = self.fields.pop("website")

    @property
    def is_spam(self) -> bool:
        return bool((self.data.get("website") or "").strip())


def add_validation_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's ValidationError onto a form: a message for a field of the form at that field, the
    others above the form (so a service can say which field is wrong without knowing the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
