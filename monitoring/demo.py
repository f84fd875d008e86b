"""Demo content of the register for `manage.py load_demo`: about 80 signals over all provinces and
kinds, three LRT meetings (one upcoming) with escalations and decisions, and some overdue actions.

Idempotent: a second run finds the first demo signal and changes nothing. Everything goes through
the services, so the demo has real status history and an audit trail."""

import random
from datetime import timedelta

from django.utils import timezone

from loket.core.models import Province, Theme
from plans.models import Plan

from . import services
from .models import Escalation, LrtMeeting, Signal, SignalKind, StageDeadline
from .workflow import Status

MARKER = "Demo: "  # the first title starts with this; its presence means the demo is loaded

CAPITALS = {
    "PV20": "Groningen",
    "PV21": "Leeuwarden",
    "PV22": "Assen",
    "PV23": "Zwolle",
    "PV24": "Lelystad",
    "PV25": "Arnhem",
    "PV26": "Amersfoort",
    "PV27": "Haarlem",
    "PV28": "Den Haag",
    "PV29": "Middelburg",
    "PV30": "'s-Hertogenbosch",
    "PV31": "Maastricht",
}

TEMPLATES = {
    SignalKind.OPPORTUNITY: [
        (
            "Leegstaand kantoorpand in {city} geschikt voor opvang",
            "Een kantoorpand van circa 6.000 m² staat leeg en kan binnen een half jaar geschikt worden "
            "gemaakt voor 250 plaatsen.",
        ),
        (
            "Gemeenten in {province} willen samen een regionale locatie",
            "Vier gemeenten verkennen een gezamenlijke locatie met flexibele capaciteit; zij vragen om een "
            "kader voor de kostenverdeling.",
        ),
        (
            "Provinciaal vastgoed beschikbaar voor flexibele opvang",
            "De provincie heeft twee terreinen die na 2026 vrijkomen; bestemmingswijziging is nog nodig.",
        ),
        (
            "Woningcorporatie biedt tijdelijke woningen aan in {city}",
            "Flexwoningen kunnen na vijf jaar door naar reguliere woningzoekenden: gemengd wonen is mogelijk.",
        ),
    ],
    SignalKind.RISK: [
        (
            "Vergunningprocedure locatie {city} loopt vertraging op",
            "Bezwaren tegen de omgevingsvergunning maken opening in het geplande kwartaal onzeker.",
        ),
        (
            "Draagvlak in gemeenteraad {city} onder druk",
            "Na de verkiezingen is de meerderheid voor de locatie onzeker; het plan kan vertragen.",
        ),
        (
            "Tekort aan plaatsen voor alleenstaande minderjarigen in {province}",
            "De opgave voor amv wordt met de huidige voornemens niet gehaald; er ontbreken circa 60 plaatsen.",
        ),
        (
            "Financiering van flexibele capaciteit na 2027 onzeker",
            "Zonder zekerheid over de bekostiging willen gemeenten geen meerjarige huurcontracten aangaan.",
        ),
        (
            "Personeelstekort bij nieuwe locatie in {city}",
            "Werving van begeleiders loopt achter; openen met volledige bezetting is niet zeker.",
        ),
    ],
    SignalKind.ISSUE: [
        (
            "Noodopvang in {city} sluit eerder dan gepland",
            "De tijdelijke vergunning loopt af; 180 bewoners moeten binnen acht weken elders terecht.",
        ),
        (
            "Capaciteit in {province} blijft achter bij de prognose",
            "De opgetelde plannen dekken in drie kwartalen minder dan 80% van de opgave.",
        ),
        (
            "Onduidelijke verdeling van de opgave binnen {province}",
            "Gemeenten zijn het niet eens over de verdeelsleutel; de PRT vraagt om een landelijk kader.",
        ),
        (
            "Vervoer tussen locaties in {province} niet geregeld",
            "Bewoners kunnen scholen en zorg niet bereiken; het vervoer valt tussen wal en schip.",
        ),
    ],
}

NATIONAL = [
    (
        SignalKind.ISSUE,
        "Wetgeving spreidingswet: uitvoeringsregels ontbreken",
        "Provincies wachten op uitvoeringsregels voor de verdeling van de opgave.",
    ),
    (
        SignalKind.RISK,
        "Landelijke prognose wijkt sterk af van vorige ronde",
        "Een sterke stijging van de prognose kan lopende plannen achterhalen.",
    ),
    (
        SignalKind.OPPORTUNITY,
        "Rijksvastgoed komt vrij voor flexibele opvang",
        "Het Rijksvastgoedbedrijf heeft een lijst met panden die tijdelijk kunnen worden ingezet.",
    ),
    (
        SignalKind.RISK,
        "Krapte op de bouwmarkt voor flexwoningen",
        "Levertijden van modulaire woningen lopen op tot meer dan een jaar.",
    ),
    (
        SignalKind.ISSUE,
        "Gegevens over bezetting niet tijdig beschikbaar",
        "Zonder actuele bezettingscijfers kan het capaciteitsbeeld niet worden bijgewerkt.",
    ),
]


def load(*, stdout=None, users=None) -> None:
    if Signal.objects.filter(title__startswith=MARKER).exists():
        return
    users = users or {}
    core = [u for u in (users.get("kernteam"), users.get("kernteam2")) if u]
    lrt = users.get("lrt-secretaris")
    by = core[0] if core else None
    rng = random.Random(2026)
    today = timezone.localdate()
    themes = list(Theme.objects.filter(is_active=True).order_by("code"))
    provinces = list(Province.objects.order_by("code"))
    plans = _plans_by_province()

    signals: list[Signal] = []
    first = True
    for index in range(75):
        province = provinces[index % len(provinces)]
        kind = list(SignalKind)[index % 3]
        title, description = TEMPLATES[kind][(index // 3) % len(TEMPLATES[kind])]
        city = CAPITALS.get(province.code, province.name)
        title = title.format(city=city, province=province.name)
        if first:
            title, first = MARKER + title, False
        extra = [provinces[(index + 1) % len(provinces)]] if index % 17 == 0 else []
        reporter = users.get(f"prt-{province.name.lower()}") or by
        signal = services.signal_create(
            by=reporter,
            kind=kind,
            title=title,
            description=description.format(city=city, province=province.name),
            impact=rng.randint(1, 5),
            likelihood=rng.randint(1, 5),
            provinces=[province, *extra],
            internal_notes="Afstemmen met de CdK voordat dit naar buiten gaat." if index % 4 == 0 else "",
            theme=themes[index % len(themes)] if themes else None,
            plan=plans.get(province.pk) if index % 5 == 0 else None,
            owner=core[index % len(core)] if core and index % 6 else None,
            deadline=today + timedelta(days=rng.randint(-30, 120)) if index % 3 else None,
        )
        signals.append(signal)
    for kind, title, description in NATIONAL:
        signals.append(
            services.signal_create(
                by=by,
                kind=kind,
                title=title,
                description=description,
                impact=rng.randint(3, 5),
                likelihood=rng.randint(2, 5),
                owner=core[0] if core else None,
                deadline=today + timedelta(days=rng.randint(10, 90)),
            )
        )

    # Three meetings: two held, one upcoming.
    meetings = [
        _meeting(today - timedelta(days=56), "LRT-overleg (terugblik)", "Den Haag, ministerie van BZK"),
        _meeting(today - timedelta(days=14), "LRT-overleg", "Utrecht, Provinciehuis"),
        _meeting(today + timedelta(days=14), "LRT-overleg (komend)", "Den Haag, ministerie van J&V"),
    ]
    gelderland_risk = next(
        (s for s in signals if s.kind == SignalKind.RISK and s.provinces.filter(code="PV25").exists()), signals[1]
    )
    candidates = [s for s in signals if s.pk != gelderland_risk.pk]
    plan = [
        (meetings[0], [gelderland_risk, *candidates[0:4]], True),
        (meetings[1], candidates[4:9], True),
        (meetings[2], candidates[9:13], False),
    ]
    for meeting, escalated, decide in plan:
        for signal in escalated:
            services.signal_transition(signal=signal, to=Status.IN_PROGRESS, by=by, note="Opgepakt door het kernteam")
            _escalate(signal, meeting, by)
            if decide:
                escalation = services.escalation_decide(
                    meeting=meeting,
                    signal=signal,
                    decision=(
                        "De LRT neemt het voorstel over en vraagt het kernteam de uitwerking met de PRT af te "
                        "stemmen. Terugkoppeling in het volgende overleg."
                    ),
                    actions=[
                        {
                            "what": "Uitwerking afstemmen met de PRT",
                            "who": "Kernteam",
                            "due_date": meeting.date + timedelta(days=21),
                        },
                        {
                            "what": "Terugkoppeling aan de LRT",
                            "who": "LRT-secretaris",
                            "due_date": meeting.date + timedelta(days=42),
                        },
                    ],
                    by=lrt or by,
                )
                # Demo: the PRT's were informed at the time; no mail goes out now.
                Escalation.objects.filter(pk=escalation.pk).update(prt_informed_at=escalation.decided_at)
    for signal in signals[20:26]:
        services.action_add(
            signal=signal,
            by=by,
            what="Gesprek met gemeente over alternatieve locatie",
            who="Kernteam",
            due_date=today - timedelta(days=rng.randint(3, 20)),
        )
    for signal in signals[30:36]:
        services.signal_transition(signal=signal, to=Status.IN_PROGRESS, by=by)
    for signal in signals[36:40]:
        services.signal_transition(signal=signal, to=Status.CLOSED, by=by, note="Opgelost in overleg met de PRT")
    for stage, days in (("in_prt", -30), ("ingediend", 45), ("vastgesteld", 120)):
        StageDeadline.objects.get_or_create(stage=stage, defaults={"deadline": today + timedelta(days=days)})
    if stdout:
        stdout.write(f"Monitoring: {len(signals)} signalen, {len(meetings)} LRT-overleggen.")


def _meeting(date, title, location) -> LrtMeeting:
    meeting = LrtMeeting.objects.filter(date=date).first()
    return meeting or LrtMeeting.objects.create(date=date, title=title, location=location)


def _escalate(signal, meeting, by) -> None:
    proposal = "Het kernteam stelt voor dat de LRT hierover een besluit neemt en de PRT ondersteunt."
    if meeting.date >= timezone.localdate():
        services.signal_escalate(signal=signal, meeting=meeting, proposal=proposal, by=by)
        return
    # A meeting in the past (demo history): record the escalation as it was made then.
    escalation = Escalation(signal=signal, meeting=meeting, proposal=proposal, escalated_by=by)
    escalation._history_user = by
    escalation.save()
    services.signal_transition(signal=signal, to=Status.ESCALATED, by=by, note=f"Geëscaleerd naar {meeting}")


def _plans_by_province() -> dict:
    return {plan.province_id: plan for plan in Plan.objects.all()}
