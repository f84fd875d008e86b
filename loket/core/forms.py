"""Form fields every app uses instead of Django's own where hostile input needs a guard."""

from django import forms
from django.core.exceptions import ValidationError

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
