"""Factories for the monitoring tests (and cheap bulk rows for query-count tests)."""

import itertools
from datetime import timedelta

import factory
from django.utils import timezone

from loket.core.models import Province, Theme
from monitoring.builders import NewSignal, build_signal, build_signals
from monitoring.models import Escalation, LrtMeeting, Signal, SignalAction, SignalKind
from monitoring.workflow import Status
from questions.builders import build_question
from questions.models import Question

_seq = itertools.count(1)


class SignalFactory(factory.django.DjangoModelFactory):
    """A signal made by monitoring.builders (without status history)."""

    class Meta:
        model = Signal

    kind = SignalKind.RISK
    title = factory.Sequence(lambda n: f"Signaal {n}")
    description = "Omschrijving van het signaal."
    impact = 3
    likelihood = 3
    status = Status.OPEN
    provinces = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return build_signal(**kwargs)


class LrtMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LrtMeeting

    date = factory.Sequence(lambda n: timezone.localdate() + timedelta(days=14 + n))
    title = factory.Sequence(lambda n: f"LRT-overleg {n}")


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    signal = factory.SubFactory(SignalFactory, status=Status.ESCALATED)
    meeting = factory.SubFactory(LrtMeetingFactory)
    proposal = "Voorstel voor besluit."


class SignalActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignalAction

    signal = factory.SubFactory(SignalFactory)
    what = factory.Sequence(lambda n: f"Actie {n}")
    who = "Kernteam"


def bulk_signals(n: int, *, province: Province | None = None, theme: Theme | None = None, **fields) -> list[Signal]:
    """n signals in a handful of queries (monitoring.builders), optionally all in one province."""
    kinds = list(SignalKind)
    return build_signals(
        [
            NewSignal(
                Signal(
                    kind=fields.get("kind", kinds[i % 3]),
                    title=f"Bulksignaal {i}",
                    description="Bulk",
                    internal_notes=fields.get("internal_notes", ""),
                    impact=fields.get("impact", i % 5 + 1),
                    likelihood=fields.get("likelihood", (i // 5) % 5 + 1),
                    status=fields.get("status", Status.OPEN),
                    theme=theme,
                    owner=fields.get("owner"),
                    deadline=fields.get("deadline"),
                ),
                provinces=[province] if province is not None else [],
            )
            for i in range(n)
        ]
    )


def make_question(*, province=None, theme=None, received_at=None, **fields) -> Question:
    n = next(_seq)
    return build_question(
        history=(),
        themes=[theme] if theme is not None else [],
        asker_name="Vragensteller",
        asker_email="vraag@example.nl",
        subject=fields.pop("subject", f"Vraag {n}"),
        body="Hoe zit het?",
        received_at=received_at,
        province=province,
        **fields,
    )
