"""Writes of the register: signals, their status, actions, LRT meetings, escalations and decisions.

Every function runs in one transaction, validates with Dutch messages and starts side effects
(mail) only after commit. django-simple-history keeps the audit trail: each service sets the acting
user on the instance (`_history_user`) before saving, so every history row says who made the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core.formats import short_date
from loket.core.models import Province
from loket.core.outbox import enqueue_on_commit
from loket.core.roles import Role, has_role, province_id_of
from loket.core.workflow import check_transition
from plans.workflow import Status as PlanStatus

from .models import Escalation, LrtMeeting, Signal, SignalAction, SignalStatusChange, StageDeadline
from .workflow import TRANSITIONS, Status

SIGNAL_FIELDS = (
    "kind",
    "title",
    "description",
    "internal_notes",
    "theme",
    "plan",
    "impact",
    "likelihood",
    "owner",
    "deadline",
)


def _check_scores(impact, likelihood) -> None:
    errors = {}
    for name, value, label in (("impact", impact, _("Impact")), ("likelihood", likelihood, _("Kans van optreden"))):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = _("%(label)s moet een geheel getal van 1 tot en met 5 zijn.") % {"label": label}
    if errors:
        raise ValidationError(errors)


def _save(instance, by) -> None:
    instance._history_user = by
    instance.save()


@transaction.atomic
def signal_create(
    *,
    by,
    kind: str,
    title: str,
    description: str,
    impact: int,
    likelihood: int,
    provinces: Iterable[Province] = (),
    questions: Iterable = (),
    internal_notes: str = "",
    theme=None,
    plan=None,
    owner=None,
    deadline: date | None = None,
) -> Signal:
    """The core team records a signal (status open). No provinces means: national (landelijk)."""
    _check_scores(impact, likelihood)
    signal = Signal(
        kind=kind,
        title=title,
        description=description,
        internal_notes=internal_notes,
        theme=theme,
        plan=plan,
        impact=impact,
        likelihood=likelihood,
        owner=owner,
        deadline=deadline,
        reported_by=by,
        status=Status.OPEN,
    )
    signal.full_clean()
    _save(signal, by)
    signal.provinces.set(list(provinces))
    signal.questions.set(list(questions))
    SignalStatusChange.objects.create(signal=signal, from_status="", to_status=Status.OPEN, by=by, note=_("Aangemaakt"))
    return signal


@transaction.atomic
def signal_report(
    *, by, kind: str, title: str, description: str, impact: int, likelihood: int, theme=None, deadline=None
) -> Signal:
    """A PRT-lid or CdK-medewerker reports a signal for their own province; it lands as "open" for the
    core team."""
    if not has_role(by, Role.PRT, Role.CDK) or not province_id_of(by):
        raise ValidationError(_("Alleen een PRT-lid of CdK-medewerker met een provincie kan een signaal melden."))
    province = Province.objects.get(pk=province_id_of(by))
    return signal_create(
        by=by,
        kind=kind,
        title=title,
        description=description,
        impact=impact,
        likelihood=likelihood,
        provinces=[province],
        theme=theme,
        deadline=deadline,
    )


@transaction.atomic
def signal_update(
    *, signal: Signal, by, provinces: Iterable[Province] | None = None, questions: Iterable | None = None, **fields
) -> Signal:
    """The core team edits a signal's content (not its status: use `signal_transition`)."""
    unknown = set(fields) - set(SIGNAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown signal fields: {sorted(unknown)}")
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    for name, value in fields.items():
        setattr(signal, name, value)
    _check_scores(signal.impact, signal.likelihood)
    signal.full_clean()
    _save(signal, by)
    if provinces is not None:
        signal.provinces.set(list(provinces))
    if questions is not None:
        signal.questions.set(list(questions))
    return signal


@transaction.atomic
def signal_transition(*, signal: Signal, to: str, by, note: str = "") -> Signal:
    """Move a signal to another status: locks the row, refuses an illegal move, writes history."""
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    current = Status(locked.status)
    check_transition(TRANSITIONS, current, to, noun=_("Een signaal"))
    target = Status(to)
    locked.status = target
    _save(locked, by)
    SignalStatusChange.objects.create(signal=locked, from_status=current, to_status=target, by=by, note=note)
    signal.status = locked.status
    return locked


@transaction.atomic
def action_add(
    *, signal: Signal, by, what: str, who: str, due_date: date | None = None, escalation=None
) -> SignalAction:
    if not (what or "").strip():
        raise ValidationError({"what": _("Beschrijf de actie.")})
    if not (who or "").strip():
        raise ValidationError({"who": _("Geef aan wie de actie uitvoert.")})
    action = SignalAction(signal=signal, escalation=escalation, what=what.strip(), who=who.strip(), due_date=due_date)
    action.full_clean()
    _save(action, by)
    return action


@transaction.atomic
def action_set_done(*, action: SignalAction, by, done: bool = True) -> SignalAction:
    action = SignalAction.objects.select_for_update().get(pk=action.pk)
    if done and action.done_at is None:
        action.done_at = timezone.now()
    elif not done:
        action.done_at = None
    _save(action, by)
    return action


@transaction.atomic
def meeting_create(*, by, date: date, title: str = "", location: str = "", notes: str = "") -> LrtMeeting:
    if LrtMeeting.objects.filter(date=date).exists():
        raise ValidationError({"date": _("Er is al een LRT-overleg op deze datum.")})
    meeting = LrtMeeting(date=date, title=title, location=location, notes=notes)
    meeting.full_clean()
    _save(meeting, by)
    return meeting


@transaction.atomic
def signal_escalate(*, signal: Signal, meeting: LrtMeeting, proposal: str, by) -> Escalation:
    """The core team puts a signal on the agenda of an LRT meeting with a proposal for a decision.

    An open signal is taken up first (open -> in behandeling), then escalated (-> geëscaleerd)."""
    if not (proposal or "").strip():
        raise ValidationError({"proposal": _("Schrijf een voorstel voor het besluit.")})
    if meeting.date < timezone.localdate():
        raise ValidationError({"meeting": _("Dit LRT-overleg is al geweest; kies een komend overleg.")})
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if Escalation.objects.filter(signal=locked, meeting=meeting).exists():
        raise ValidationError({"meeting": _("Dit signaal staat al op de agenda van dit overleg.")})
    if locked.status == Status.OPEN:
        signal_transition(signal=locked, to=Status.IN_PROGRESS, by=by, note=_("In behandeling genomen voor escalatie"))
    if locked.status != Status.IN_PROGRESS:
        raise ValidationError(
            _("Alleen een signaal dat open of in behandeling is kan worden geëscaleerd (nu: %(status)s).")
            % {"status": Status(locked.status).label}
        )
    escalation = Escalation(signal=locked, meeting=meeting, proposal=proposal.strip(), escalated_by=by)
    try:
        with transaction.atomic():
            _save(escalation, by)
    except IntegrityError as exc:
        raise ValidationError({"meeting": _("Dit signaal staat al op de agenda van dit overleg.")}) from exc
    signal_transition(
        signal=locked, to=Status.ESCALATED, by=by, note=_("Geëscaleerd naar %(meeting)s") % {"meeting": meeting}
    )
    signal.status = locked.status
    return escalation


@transaction.atomic
def escalation_decide(
    *, meeting: LrtMeeting, signal: Signal, decision: str, by, actions: Iterable[dict] = ()
) -> Escalation:
    """The LRT secretary records the decision on an escalated signal and its follow-up actions.

    Refused when the signal was not escalated to this meeting. The signal moves to "besloten"; the
    PRT-leden of its province(s) are mailed the decision after commit."""

    if not (decision or "").strip():
        raise ValidationError({"decision": _("Vul het besluit in.")})
    escalation = Escalation.objects.select_for_update().filter(meeting=meeting, signal=signal).first()
    if escalation is None:
        raise ValidationError(
            _("Dit signaal is niet geëscaleerd naar dit LRT-overleg; hier kan geen besluit over worden vastgelegd.")
        )
    if escalation.decided_at is not None:
        raise ValidationError(_("Over dit signaal is in dit overleg al een besluit vastgelegd."))
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if locked.status != Status.ESCALATED:
        raise ValidationError(
            _("Het signaal heeft status “%(status)s”; alleen een geëscaleerd signaal krijgt een besluit.")
            % {"status": Status(locked.status).label}
        )
    escalation.decision = decision.strip()
    escalation.decided_at = timezone.now()
    escalation.decision_by = by
    _save(escalation, by)
    for item in actions:
        action_add(signal=locked, by=by, escalation=escalation, **item)
    signal_transition(
        signal=locked,
        to=Status.DECIDED,
        by=by,
        note=_("Besluit LRT %(date)s") % {"date": short_date(meeting.date)},
    )
    signal.status = locked.status
    pk = escalation.pk
    enqueue_on_commit("monitoring.send_escalation_decision", pk)
    return escalation


@transaction.atomic
def stage_deadlines_set(*, by, deadlines: dict[str, date | None]) -> None:
    """Set (or clear, with None) the date by which every plan should have reached each stage."""
    for stage, deadline in deadlines.items():
        if stage not in PlanStatus.values:
            raise ValidationError(_("Onbekende fase: %(stage)s.") % {"stage": stage})
        if deadline is None:
            StageDeadline.objects.filter(stage=stage).delete()
        else:
            StageDeadline.objects.update_or_create(stage=stage, defaults={"deadline": deadline})
