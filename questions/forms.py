"""Forms of the questions app: they parse input; services do the work."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from loket.core.forms import BIGINT_MAX, CharacterLimitsMixin, FixedChoices, HoneypotForm, ModelMultipleChoiceField
from loket.core.models import Theme
from loket.core.reference_lists import reference_lists
from loket.core.roles import core_team_users, organisation_of, province_of
from loket.core.uploads import types_label

from .deadlines import with_terms
from .models import AskerKind, Helpfulness, StandardAnswer
from .selectors import intake_themes
from .services import ATTACHMENT_TYPES, MAX_ATTACHMENTS, check_attachment
from .workflow import TRANSITIONS, Status

NATIONAL = "landelijk"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("U kunt hoogstens %(n)s bijlagen meesturen."), code="too_many", params={"n": MAX_ATTACHMENTS}
            )
        errors, cleaned = [], []
        for upload in files:
            try:
                check_attachment(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ThemeChoiceIterator(ModelChoiceIterator):
    """The themes grouped under their main theme (a fieldset with a legend each, see
    templates/nlds/layout/radio_checkbox_select.html); main themes without sub-themes last,
    together. One query, like the flat list."""

    def __iter__(self):
        themes = list(self.queryset)
        mains = {t.pk for t in themes if not t.parent_id}
        children: dict[int, list] = {}
        for theme in themes:
            if theme.parent_id in mains:
                children.setdefault(theme.parent_id, []).append(theme)
        others = []
        for theme in themes:
            if theme.pk in children:
                general = (self.choice(theme)[0], _("%(theme)s in het algemeen") % {"theme": theme.name})
                yield (theme.name, [general, *(self.choice(c) for c in children[theme.pk])])
            elif theme.parent_id not in mains:  # a main theme on its own (or a sub-theme of an inactive one)
                others.append(self.choice(theme))
        if others:
            yield (_("Overige thema's"), others)


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def optgroups(self, name, value, attrs=None):
        # numbered straight through (id_themes_0, _1, ...), not <group>_<option>: the error summary
        # links to the first option, id_themes_0, as for any checkbox group
        groups = super().optgroups(name, value, attrs)
        base = (attrs or {}).get("id") or self.attrs.get("id")
        options = [option for _group, group_options, _index in groups for option in group_options]
        for number, option in enumerate(options):
            if base:
                option["attrs"]["id"] = f"{base}_{number}"
        return groups


class ThemeChoiceField(ModelMultipleChoiceField):
    """The themes to choose from. With `chosen_from` (pks -> {str(pk): Theme} of the valid ones among
    them, e.g. from the cached reference lists) a submitted choice is checked without a query; the
    options are still listed from the queryset. The same errors as Django's field, the themes in the
    queryset's order."""

    iterator = ThemeChoiceIterator
    widget = GroupedCheckboxSelectMultiple

    def __init__(self, *args, chosen_from=None, **kwargs):
        self.chosen_from = chosen_from
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        if self.chosen_from is None:
            return super()._check_values(value)
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        for pk in value:
            self.validate_no_null_characters(pk)
            try:
                valid = abs(int(pk)) <= BIGINT_MAX
            except (TypeError, ValueError):
                valid = False
            if not valid:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                )
        found = self.chosen_from(str(pk) for pk in value)
        for pk in value:
            if str(pk) not in found:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return list(found.values())

    def label_from_instance(self, obj):
        return obj.name  # the legend of its group names the main theme


def _privacy_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Ik geef toestemming om mijn gegevens te gebruiken om mijn vraag te beantwoorden, zie de"),
        reverse_lazy("loket:privacy"),
        _("privacyverklaring"),
    )


# (form class, language) -> (the reference lists, the attachment limit, (fields, provinces, organisations)):
# one entry per language, replaced when the lists or the limit change
_prepared: dict[tuple[type, str | None], tuple] = {}


def _prepared_fields(form_class) -> tuple[dict, dict, dict]:
    lists = reference_lists()
    key = (form_class, get_language())
    entry = _prepared.get(key)
    if entry is None or entry[0] is not lists or entry[1] != settings.MAX_ATTACHMENT_BYTES:
        form = form_class.__new__(form_class)
        super(form_class, form).__init__()  # the declared fields, character limits and honeypot applied
        form.prepare_fields()
        entry = (lists, settings.MAX_ATTACHMENT_BYTES, (form.fields, form._provinces, form._organisations))
        _prepared[key] = entry
    return entry[2]


class AskForm(CharacterLimitsMixin, HoneypotForm):
    asker_name = forms.CharField(label=_("Uw naam"), max_length=150)
    asker_email = forms.EmailField(
        label=_("Uw e-mailadres"), help_text=_("Hier sturen wij de bevestiging en het antwoord naartoe.")
    )
    # choices from the cached reference lists, as the provinces: no query per submission (issue 21)
    organisation = forms.ChoiceField(
        label=_("Organisatie"),
        required=False,
        error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    organisation_name = forms.CharField(
        label=_("Naam organisatie"),
        max_length=200,
        required=False,
        help_text=_("Als uw organisatie niet in de lijst staat."),
    )
    asker_kind = forms.ChoiceField(
        label=_("Uw rol"),
        choices=FixedChoices([("", _("— Kies —")), *AskerKind.choices]),
        required=False,
        help_text=_(
            "Zo weten wij wie het loket gebruikt. "
            "Kies “Anders” en vul hieronder uw functie in als uw rol er niet bij staat."
        ),
    )
    asker_role = forms.CharField(label=_("Uw functie of rol"), max_length=150, required=False)
    province = forms.ChoiceField(
        label=_("Provincie"), help_text=_("Kies “Landelijk” als uw vraag niet over één provincie gaat.")
    )
    themes = ThemeChoiceField(
        label=_("Thema's"),
        # with each theme's term, so that submitting needs no query for the deadline; the main theme by
        # its id only (the grouping and the routing read `parent_id`, never the parent itself)
        queryset=with_terms(Theme.objects.filter(is_active=True).order_by("code")),
        # a choice is checked against the cached active themes with their terms: no query per submission
        chosen_from=intake_themes,
        widget=GroupedCheckboxSelectMultiple,
        help_text=_("Kies één of meer thema's."),
        error_messages={"required": _("Kies ten minste één thema.")},
    )
    subject = forms.CharField(
        label=_("Onderwerp"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    body = forms.CharField(label=_("Uw vraag"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(
        label=_("Bijlagen"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("Toestemming"),
        error_messages={"required": _("Zonder uw toestemming kunnen wij uw vraag niet behandelen.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        # The fields with their choices, help texts and character limits are set up once per language and
        # reference lists (and attachment limits) and copied from there, as Django copies `base_fields`.
        self.base_fields, self._provinces, self._organisations = _prepared_fields(type(self))
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated and not self.is_bound:
            province = province_of(user)
            organisation = organisation_of(user)
            profile = getattr(user, "profile", None)
            self.initial.setdefault("asker_name", user.get_full_name() or user.get_username())
            self.initial.setdefault("asker_email", user.email)
            if organisation:
                self.initial.setdefault("organisation", organisation.pk)
            if province:
                self.initial.setdefault("province", province.pk)
            if profile and profile.function:
                self.initial.setdefault("asker_role", profile.function)

    def prepare_fields(self) -> None:
        """What every form gets on top of the declared fields; run once, on a form made for it."""
        self._provinces = {str(p.pk): p for p in reference_lists().province_objects}  # cached, by name
        provinces = [(pk, p.name) for pk, p in self._provinces.items()]
        self._organisations = {str(o.pk): o for o in reference_lists().organisation_objects}  # cached, by name
        # shared by every form copied from these fields, not copied pair by pair
        self.fields["organisation"].choices = FixedChoices(
            [
                ("", _("— Kies uw organisatie (of vul hieronder de naam in) —")),
                *[(pk, o.name) for pk, o in self._organisations.items()],
            ]
        )
        self.fields["province"].choices = FixedChoices([("", _("— Kies —")), (NATIONAL, _("Landelijk")), *provinces])
        self.fields["consent"].label = _privacy_label()
        self.fields["attachments"].help_text = _("Hoogstens %(n)s bestanden van elk hoogstens %(max)s: %(types)s.") % {
            "n": MAX_ATTACHMENTS,
            "max": filesizeformat(settings.MAX_ATTACHMENT_BYTES),
            "types": types_label(ATTACHMENT_TYPES),
        }
        self.fields["subject"].widget.attrs["data-suggest-source"] = "true"

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        if not value:
            return None
        organisation = self._organisations.get(str(value))
        if organisation is None:
            raise ValidationError(self.fields["organisation"].error_messages["invalid_choice"], code="invalid_choice")
        return organisation

    def clean_province(self):
        value = self.cleaned_data["province"]
        if value == NATIONAL:
            return None
        province = self._provinces.get(str(value))
        if province is None:
            raise ValidationError(_("Kies een provincie of “Landelijk”."), code="invalid")
        return province

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation_name", _("Kies uw organisatie of vul de naam in."))
        return data


class FeedbackForm(CharacterLimitsMixin, forms.Form):
    rating = forms.ChoiceField(
        label=_("Heeft dit antwoord u geholpen?"),
        choices=Helpfulness.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies ja, gedeeltelijk of nee."),
            "invalid_choice": _("Kies ja, gedeeltelijk of nee."),
        },
    )
    comment = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(CharacterLimitsMixin, forms.Form):
    body = forms.CharField(label=_("Uw reactie"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))


class VersionedForm(forms.Form):
    """Carries the version of the question the user saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The question page shows several of these forms at once: each gets its own ids (no duplicate
    # id_body/id_version, so every label points at its own field); the field names stay the same.
    id_prefix = "versioned"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AssignForm(VersionedForm):
    id_prefix = "assign"
    assignee = forms.ModelChoiceField(
        label=_("Behandelaar"), queryset=None, required=False, empty_label=_("— Niemand (wachtrij) —")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = core_team_users()
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class StatusForm(VersionedForm):
    id_prefix = "status"
    to = forms.ChoiceField(label=_("Nieuwe status"))
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000)

    def __init__(self, *args, current: str, has_assignee: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(TRANSITIONS.get(Status(current), frozenset()))
        # The answer form moves to "beantwoord" (with a message); "toegewezen" goes with a person
        # (the assign form); the others are chosen here.
        allowed.discard(Status.ANSWERED)
        if not has_assignee:
            allowed.discard(Status.ASSIGNED)
        labels = {Status.NEW: _("Nieuw (terug naar de wachtrij)")}
        self.fields["to"].choices = [(s.value, labels.get(s, s.label)) for s in Status if s in allowed]


class NoteForm(CharacterLimitsMixin, VersionedForm):
    id_prefix = "note"
    body = forms.CharField(
        label=_("Interne notitie"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen zichtbaar voor het kernteam; wordt nooit gemaild."),
    )


class AnswerForm(CharacterLimitsMixin, VersionedForm):
    id_prefix = "answer"
    body = forms.CharField(
        label=_("Antwoord aan de vragensteller"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wordt gemaild naar de vragensteller en is te lezen via de persoonlijke link."),
    )


class StandardAnswerForm(forms.Form):
    # Optional: the answer can be written without one; choosing one puts its text in the answer form.
    standard_answer = forms.ModelChoiceField(
        label=_("Standaardantwoord"),
        queryset=StandardAnswer.objects.none(),
        required=False,
        empty_label=_("— Kies een standaardantwoord —"),
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["standard_answer"].queryset = queryset


class FaqForm(VersionedForm):
    id_prefix = "faq"
    faq_candidate = forms.BooleanField(required=False, widget=forms.HiddenInput)


class BulkAssignForm(forms.Form):
    prefix = "bulk"  # the list page also has the filter's "assignee" field
    questions = ModelMultipleChoiceField(queryset=None, error_messages={"required": _("Kies ten minste één vraag.")})
    assignee = forms.ModelChoiceField(
        label=_("Toewijzen aan"), queryset=None, required=False, empty_label=_("— Niemand (wachtrij) —")
    )

    def __init__(self, *args, questions_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions_qs
        assignee = self.fields["assignee"]
        assignee.queryset = core_team_users()  # validates the choice
        assignee.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        # offered from the cached list (loket.reference_lists): no query to show the page
        assignee.widget.choices = [("", assignee.empty_label), *reference_lists().core_team]
