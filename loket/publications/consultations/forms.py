"""Forms of consultation rounds: open a round, comment, edit a comment, answer a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.forms import CharacterLimitsMixin, ModelMultipleChoiceField
from loket.core.models import Organisation
from loket.core.roles import Role
from loket.publications.consultations.services import INVITABLE_ROLES, MAX_COMMENT_CHARS
from loket.publications.consultations.workflow import Handling

ROLE_LABELS = {
    Role.PRT: _("Alle PRT-leden"),
    Role.CDK: _("Alle CdK-medewerkers"),
    Role.LRT: _("LRT-secretaris"),
    Role.EXPERT: _("Deskundigen"),
}


class ConsultationOpenForm(CharacterLimitsMixin, forms.Form):
    closes_on = forms.DateField(
        label=_("Sluitingsdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Tot en met deze dag kunnen genodigden reageren. Twee werkdagen ervoor krijgen zij een herinnering."
        ),
        error_messages={"required": _("Kies een sluitingsdatum."), "invalid": _("Vul een geldige datum in.")},
    )
    roles = forms.MultipleChoiceField(
        label=_("Uitnodigen: rollen"),
        required=False,
        choices=[(str(r), ROLE_LABELS[r]) for r in INVITABLE_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = ModelMultipleChoiceField(
        label=_("Uitnodigen: organisaties"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alle gebruikers van deze organisaties, bijvoorbeeld VNG, IPO en COA."),
    )
    is_open_round = forms.BooleanField(label=_("Open ronde: genodigden zien elkaars reacties"), required=False)
    introduction = forms.CharField(
        label=_("Toelichting voor de genodigden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("roles") and not data.get("organisations"):
            self.add_error("roles", _("Kies ten minste één rol of organisatie om uit te nodigen."))
        return data


class CommentForm(CharacterLimitsMixin, forms.Form):
    anchor = forms.CharField(label=_("Onderdeel"), required=False, widget=forms.Select)
    text = forms.CharField(
        label=_("Uw reactie"),
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf uw reactie.")},
    )

    def __init__(self, *args, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Het hele kader"))]
        if consultation is not None:
            choices += [(s.anchor, s.label) for s in consultation.sections]
        self.fields["anchor"].widget.choices = choices


class CommentEditForm(CharacterLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Uw reactie"),
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf uw reactie.")},
    )


DUPLICATE_LIST_ID = "consultatie-reacties"  # the <datalist> of manage_detail.html


class AnswerForm(CharacterLimitsMixin, forms.Form):
    handling = forms.ChoiceField(
        label=_("Verwerking"), choices=Handling.choices, required=False, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Toelichting"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # A comment number typed or picked from the page's one list of the round's comments (a <datalist>,
    # DUPLICATE_LIST_ID): a <select> per comment would repeat every comment in every form (500 comments:
    # 250,000 options, 24 MB of HTML). Accepts "R12" or "12".
    duplicate_of = forms.CharField(
        label=_("Zelfde strekking als"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"list": DUPLICATE_LIST_ID, "inputmode": "text", "autocomplete": "off"}),
        help_text=_(
            "Het nummer van een reactie met dezelfde strekking (bijvoorbeeld R12), om dubbele reacties te "
            "groeperen; leeg gelaten verwerking en toelichting komen dan van die reactie."
        ),
    )

    def __init__(self, *args, comment=None, others=(), **kwargs):
        """`others`: the primary keys of the round's comments (a set, made once for all forms on the page)."""
        initial = dict(kwargs.pop("initial", None) or {})
        if initial.get("duplicate_of"):
            initial["duplicate_of"] = f"R{initial['duplicate_of']}"
        super().__init__(*args, initial=initial, **kwargs)
        self.comment = comment
        self.allowed = others
        if comment is not None:
            self.prefix = f"r{comment.pk}"

    def clean_duplicate_of(self) -> int | None:
        value = (self.cleaned_data.get("duplicate_of") or "").strip().upper().removeprefix("R").strip()
        if not value:
            return None
        own = self.comment.pk if self.comment is not None else None
        if not value.isdigit() or int(value) not in self.allowed or int(value) == own:
            raise forms.ValidationError(
                _("Kies het nummer van een andere reactie in deze ronde, bijvoorbeeld R12."), code="unknown"
            )
        return int(value)


def duplicate_choices(comments) -> list[tuple[int, str]]:
    return [(c.pk, f"{c.number}: {c.text[:60]}") for c in comments]
