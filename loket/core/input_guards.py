"""Guards against hostile form input that Django itself lets through to the database.

`ModelMultipleChoiceField` (also django-filter's ModelMultipleChoiceFilter) looks up the chosen ids
with an `__in` query; on SQLite an id beyond the 64-bit range raises OverflowError/OperationalError
there, a 500. Such an id can never exist, so it is refused as an invalid choice, like any unknown id.
"""

from django import forms
from django.core.exceptions import ValidationError

BIGINT_MAX = 2**63 - 1


def _out_of_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) > BIGINT_MAX
    except (TypeError, ValueError):
        return False


def install() -> None:
    field = forms.ModelMultipleChoiceField
    if getattr(field, "_loket_guarded", False):
        return
    original = field._check_values

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple | set | frozenset) else []:
            if _out_of_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                )
        return original(self, value)

    field._check_values = _check_values
    field._loket_guarded = True
