"""Forms of consultation rounds: open a round, comment, edit a comment, answer a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.forms import CharacterLimitsMixin, ModelMultipleChoiceField
from loket.core.markdown import markdown_sections
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
            choices += [(s.anchor, s.label) for s in markdown_sections(consultation.body)]
        self.fields["anchor"].widget.choices = choices


class CommentEditForm(CharacterLimitsMixin, forms.Form):
    text = forms.CharField(
        label=_("Uw reactie"),
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf uw reactie.")},
    )


class AnswerForm(CharacterLimitsMixin, forms.Form):
    handling = forms.ChoiceField(
        label=_("Verwerking"), choices=Handling.choices, required=False, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Toelichting"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    duplicate_of = forms.TypedChoiceField(
        label=_("Zelfde strekking als"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Groepeer dubbele reacties; leeg gelaten verwerking en toelichting komen dan van die reactie."),
    )

    def __init__(self, *args, comment=None, others=(), **kwargs):
        """`others`: (pk, label) of the round's comments, read once for all forms on the page."""
        super().__init__(*args, **kwargs)
        self.comment = comment
        choices = [("", _("(geen: een eigen reactie)"))]
        choices += [(pk, label) for pk, label in others if comment is None or pk != comment.pk]
        self.fields["duplicate_of"].choices = choices
        if comment is not None:
            self.prefix = f"r{comment.pk}"


def duplicate_choices(comments) -> list[tuple[int, str]]:
    return [(c.pk, f"{c.number}: {c.text[:60]}") for c in comments]
