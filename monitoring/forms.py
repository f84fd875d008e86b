"""Forms of the register. They parse and validate input; the services in services.py write."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.formats import short_date
from loket.core.forms import CharacterLimitsMixin, ModelMultipleChoiceField
from loket.core.models import Province, Theme
from loket.core.roles import core_team_users
from plans.models import Plan
from plans.workflow import SETTLED as PLAN_SETTLED
from plans.workflow import Status as PlanStatus
from questions.models import Question

from .models import LrtMeeting, Signal, SignalKind
from .selectors import upcoming_meetings
from .workflow import TRANSITIONS, Status

SCORE_CHOICES = [("", _("Kies 1 tot en met 5"))] + [(str(i), str(i)) for i in range(1, 6)]
SCORE_HELP = _("1 = zeer laag, 5 = zeer hoog.")
DATE_ERRORS = {"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def score_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        help_text=SCORE_HELP,
        error_messages={
            "required": _("Kies een waarde van 1 tot en met 5."),
            "invalid_choice": _("Kies een waarde van 1 tot en met 5; %(value)s is geen geldige score."),
        },
    )


class SignalReportForm(CharacterLimitsMixin, forms.Form):
    """What a PRT-lid fills in to report a signal for their own province."""

    kind = forms.ChoiceField(label=_("Soort"), choices=SignalKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 5}))
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=Theme.objects.filter(is_active=True), required=False, empty_label=_("Geen thema")
    )
    impact = score_field(_("Impact"))
    likelihood = score_field(_("Kans van optreden"))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate() and not getattr(self, "allow_past_deadline", False):
            raise forms.ValidationError(_("De deadline ligt in het verleden."))
        return deadline


class SignalForm(SignalReportForm):
    """The core team's full form."""

    provinces = ModelMultipleChoiceField(
        label=_("Provincies"),
        queryset=Province.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Geen provincie gekozen betekent landelijk."),
    )
    owner = forms.ModelChoiceField(
        label=_("Eigenaar (kernteam)"), queryset=core_team_users(), required=False, empty_label=_("Nog niemand")
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.select_related("province").order_by("province__name"),
        required=False,
        empty_label=_("Geen plan"),
    )
    questions = forms.CharField(
        label=_("Vragen"),
        required=False,
        help_text=_(
            "Kenmerken van vragen die met dit signaal samenhangen, gescheiden door komma's (bijv. V-2026-00042)."
        ),
    )
    internal_notes = forms.CharField(
        label=_("Interne notities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen zichtbaar voor het kernteam en de LRT-secretaris."),
    )

    def __init__(self, *args, instance: Signal | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {
                **{
                    "kind": instance.kind,
                    "title": instance.title,
                    "description": instance.description,
                    "theme": instance.theme_id,
                    "impact": instance.impact,
                    "likelihood": instance.likelihood,
                    "deadline": instance.deadline,
                    "provinces": list(instance.provinces.values_list("pk", flat=True)),
                    "owner": instance.owner_id,
                    "plan": instance.plan_id,
                    "questions": ", ".join(
                        instance.questions.order_by("reference").values_list("reference", flat=True)
                    ),
                    "internal_notes": instance.internal_notes,
                },
                **(kwargs.get("initial") or {}),
            }
            # An existing deadline may have passed; editing other fields must still be possible.
            self.allow_past_deadline = True
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = core_team_users()
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean_questions(self) -> list[Question]:
        references = [
            ref.strip().upper() for ref in re.split(r"[,;\s]+", self.cleaned_data["questions"]) if ref.strip()
        ]
        if len(references) > 50:
            raise forms.ValidationError(_("Koppel hoogstens 50 vragen."))
        found = {q.reference: q for q in Question.objects.filter(reference__in=references)}
        unknown = [ref for ref in references if ref not in found]
        if unknown:
            raise forms.ValidationError(
                _("Onbekend kenmerk: %(refs)s. Controleer de kenmerken van de vragen.") % {"refs": ", ".join(unknown)}
            )
        return list(dict.fromkeys(found[ref] for ref in references))


class TransitionForm(CharacterLimitsMixin, forms.Form):
    to = forms.ChoiceField(label=_("Nieuwe status"), choices=Status.choices)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[Status(signal.status)]
        # Escalation and decision have their own forms (meeting, proposal, decision).
        self.fields["to"].choices = [
            (s.value, s.label) for s in Status if s in allowed and s not in (Status.ESCALATED, Status.DECIDED)
        ]


class ActionForm(CharacterLimitsMixin, forms.Form):
    what = forms.CharField(label=_("Wat"), max_length=300)
    who = forms.CharField(label=_("Wie"), max_length=150)
    due_date = forms.DateField(label=_("Uiterlijk"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)


class MeetingForm(CharacterLimitsMixin, forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput(), error_messages=DATE_ERRORS)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    location = forms.CharField(label=_("Locatie"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notities"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if LrtMeeting.objects.filter(date=value).exists():
            raise forms.ValidationError(_("Er is al een LRT-overleg op deze datum."))
        return value


class EscalateForm(CharacterLimitsMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("LRT-overleg"),
        queryset=LrtMeeting.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een komend LRT-overleg.")},
    )
    proposal = forms.CharField(label=_("Voorstel voor besluit"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = upcoming_meetings()
        self.fields["meeting"].label_from_instance = lambda m: f"{short_date(m.date)} {m.title}".strip()


class DecisionForm(CharacterLimitsMixin, forms.Form):
    decision = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 5}))


class DecisionActionForm(CharacterLimitsMixin, forms.Form):
    what = forms.CharField(label=_("Vervolgactie"), max_length=300, required=False)
    who = forms.CharField(label=_("Wie"), max_length=150, required=False)
    due_date = forms.DateField(label=_("Uiterlijk"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def clean(self):
        data = super().clean()
        if data.get("what") and not data.get("who"):
            self.add_error("who", _("Geef aan wie de actie uitvoert."))
        if (data.get("who") or data.get("due_date")) and not data.get("what"):
            self.add_error("what", _("Beschrijf de actie."))
        return data


DecisionActionFormSet = forms.formset_factory(DecisionActionForm, extra=3, max_num=20)


class StageDeadlineForm(forms.Form):
    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in PlanStatus:
            if stage == PlanStatus.CONCEPT or stage in PLAN_SETTLED:
                continue
            self.fields[stage.value] = forms.DateField(
                label=_("Uiterlijk in fase “%(stage)s”") % {"stage": stage.label},
                required=False,
                initial=current.get(stage.value),
                widget=DateInput(),
                error_messages=DATE_ERRORS,
            )


class EvaluationPeriodForm(forms.Form):
    """The period of the evaluation figures (GET ?van=&tot=, both inclusive; empty: open)."""

    van = forms.DateField(label=_("Van"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data
