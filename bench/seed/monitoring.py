"""The signals register (monitoring.builders), LRT meetings, escalations and actions."""

from __future__ import annotations

from datetime import timedelta

from bench.seed.context import SeedContext
from bench.seed.texts import ANSWER_SENTENCES, BODY_SENTENCES, NOTE_SENTENCES, SIGNAL_TITLES
from loket.core.bulk import bulk_insert
from monitoring.builders import NewSignal, build_signals
from monitoring.models import Escalation, LrtMeeting, Signal, SignalAction, SignalKind
from monitoring.workflow import Status
from plans.models import Plan


def seed_signals(ctx: SeedContext) -> dict[str, int]:
    rng = ctx.rng
    n = ctx.count("signals")
    plans = {p.province_id: p for p in Plan.objects.all()}
    core = ctx.core_team()
    reporters = [*core, ctx.users["bench-prt-utrecht"]]
    statuses = [s.value for s in Status]
    objs = []
    signal_provinces = []
    for _i in range(n):
        kind = rng.choice([k.value for k in SignalKind])
        province = rng.choice(ctx.provinces) if rng.random() < 0.8 else None
        values = ctx.words(province=province.name if province else "het hele land")
        created = ctx.when(days_back=700)
        status = rng.choices(statuses, [30, 25, 10, 10, 25])[0]
        objs.append(
            Signal(
                kind=kind,
                title=rng.choice(SIGNAL_TITLES[kind]).format(**values)[:200],
                description=" ".join(s.format(**values) for s in rng.sample(BODY_SENTENCES, 3)),
                internal_notes=ctx.text(NOTE_SENTENCES, 1) if rng.random() < 0.3 else "",
                theme=rng.choice(ctx.themes),
                plan=plans.get(province.pk) if province and rng.random() < 0.5 else None,
                impact=rng.randint(1, 5),
                likelihood=rng.randint(1, 5),
                owner=rng.choice(core),
                reported_by=rng.choice(reporters),
                status=status,
                deadline=(created + timedelta(days=rng.randint(14, 180))).date() if rng.random() < 0.7 else None,
                created_at=created,
                updated_at=created + timedelta(days=rng.randint(0, 30)),
            )
        )
        signal_provinces.append(province)
    regions = []
    for province in signal_provinces:
        concerned = []
        if province is not None:
            concerned.append(province)
            if rng.random() < 0.1:  # a few signals concern two provinces
                other = rng.choice(ctx.provinces)
                if other.pk != province.pk:
                    concerned.append(other)
        regions.append(concerned)
    signals = build_signals([NewSignal(s, provinces=r) for s, r in zip(objs, regions, strict=True)])
    links = sum(len(r) for r in regions)

    # LRT meetings every six weeks, with the escalated signals on their agenda.
    meetings = []
    first_date = (ctx.now - timedelta(days=700)).date()
    existing = set(LrtMeeting.objects.values_list("date", flat=True))
    for k in range(max(1, round(16 * min(ctx.scale * 10, 1)))):
        d = first_date + timedelta(weeks=6 * k)
        if d not in existing:
            meetings.append(LrtMeeting(date=d, title=f"LRT-overleg {d:%d-%m-%Y}", location="Den Haag"))
    meetings = bulk_insert(LrtMeeting, meetings)
    escalations = []
    actions = []
    if meetings:
        for s in signals:
            if s.status in (Status.ESCALATED, Status.DECIDED):
                meeting = rng.choice(meetings)
                decided = s.status == Status.DECIDED
                escalations.append(
                    Escalation(
                        signal=s,
                        meeting=meeting,
                        proposal=ctx.text(ANSWER_SENTENCES, 2),
                        decision=ctx.text(ANSWER_SENTENCES, 2) if decided else "",
                        decided_at=ctx.now - timedelta(days=rng.randint(1, 300)) if decided else None,
                        escalated_by=s.owner,
                        escalated_at=s.created_at + timedelta(days=7),
                    )
                )
            if rng.random() < 0.2:
                actions.append(
                    SignalAction(
                        signal=s,
                        what=ctx.text(NOTE_SENTENCES, 1)[:300],
                        who=rng.choice(ctx.organisations).name[:150],
                        due_date=(s.created_at + timedelta(days=30)).date(),
                    )
                )
    bulk_insert(Escalation, escalations)
    bulk_insert(SignalAction, actions)
    return {
        "signalen": len(signals),
        "signaal-provincies": links,
        "LRT-overleggen": len(meetings),
        "escalaties": len(escalations),
        "acties": len(actions),
    }
