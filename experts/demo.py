"""Demo experts for `manage.py load_demo`: about 60 people across all themes and organisations,
some unavailable, some withdrawn; the demo user `deskundige` is one of them with open referrals.
Idempotent: experts are keyed by e-mail address, referrals and introductions are made once."""

from datetime import timedelta

from django.utils import timezone

from loket.core.models import Organisation, Province, Theme
from questions.builders import build_question
from questions.models import Question
from questions.services import question_transition
from questions.workflow import Status

from .builders import NewExpert, build_expert, build_experts
from .models import (
    Availability,
    ContactPreference,
    Expert,
    Introduction,
    IntroductionRequest,
    IntroductionStatus,
    Invitation,
    Referral,
    ReferralStatus,
)

FIRST = [
    "Anouk", "Bram", "Charlotte", "Dirk", "Esther", "Floor", "Gijs", "Hanneke", "Ingrid", "Jeroen",
    "Karin", "Lars", "Marieke", "Niels", "Olga", "Pieter", "Quinten", "Renske", "Sander", "Tessa",
    "Ugo", "Vera", "Willem", "Yara", "Zeynep", "Mohamed", "Fatima", "Joost", "Sanne", "Thijs",
]  # fmt: skip
LAST = [
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "El Amrani", "Yilmaz",
]  # fmt: skip
FUNCTIONS = [
    "Beleidsadviseur opvang", "Programmamanager huisvesting", "Projectleider locatieontwikkeling",
    "Jurist omgevingsrecht", "Financieel adviseur", "Strategisch adviseur", "Regiocoördinator",
    "Adviseur communicatie en participatie", "Vastgoedadviseur", "Teamleider veiligheid",
]  # fmt: skip
EXPERTISE = {
    "KWA": "Ik reken met de meerjarige productieprognose en vertaal landelijke aantallen naar de provincie.",
    "LOC": "Ik help bij het kiezen en inrichten van opvanglocaties, van kaders tot dagelijks beheer.",
    "FLX": "Ik werk aan flexibele woonvormen en tussenvoorzieningen voor vergunninghouders.",
    "OPA": "Ik adviseer over reservecapaciteit en het stap voor stap op- en afschalen van locaties.",
    "FJK": "Ik ken de financiële regelingen en de ruimtelijke procedures voor tijdelijke locaties.",
    "BEL": "Ik ken de Spreidingswet en de uitvoeringsagenda en leg uit wat die voor een provincie betekenen.",
    "PPI": "Ik deel ervaringen uit pilots met kleinschalige en flexibele opvang.",
    "DRA": "Ik begeleid bewonersavonden en omgevingsgesprekken rond nieuwe locaties.",
    "OOV": "Ik adviseer gemeenten over openbare orde en veiligheid rond opvanglocaties.",
}

DESKUNDIGE_EMAIL = "deskundige@demo.loket.example"


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def load(*, stdout=None, users=None) -> None:
    users = users or {}
    now = timezone.now()
    themes = list(Theme.objects.filter(is_active=True).select_related("parent").order_by("code"))
    organisations = list(Organisation.objects.order_by("code"))
    provinces = list(Province.objects.order_by("code"))
    if not themes or not organisations or not provinces:
        return

    specs = []
    for i in range(60):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        email = f"{name.lower().replace(' ', '.')}.{i + 1}@demo-deskundige.example"
        chosen = [themes[i % len(themes)], themes[(i * 5 + 3) % len(themes)]][: 1 + i % 2]
        main = (chosen[0].parent or chosen[0]).code
        availability = (
            Availability.UNAVAILABLE if i % 9 == 4 else Availability.LIMITED if i % 5 == 2 else Availability.AVAILABLE
        )
        confirmed = now - timedelta(days=200 if i % 17 == 6 else 10 + i)
        expert = Expert(
            email=email,
            name=name,
            organisation=organisations[i % len(organisations)],
            function=FUNCTIONS[i % len(FUNCTIONS)],
            phone=f"06 {10000000 + i * 7919:08d}"[:13],
            expertise=EXPERTISE.get(main, EXPERTISE["PPI"]),
            availability=availability,
            available_until=(now + timedelta(days=60)).date() if availability != Availability.AVAILABLE else None,
            contact_preference=[ContactPreference.EMAIL, ContactPreference.PHONE, ContactPreference.VIA_CORE_TEAM][
                i % 3
            ],
            consent_given_at=confirmed - timedelta(days=30),
            last_confirmed_at=confirmed,
            consent_withdrawn_at=now - timedelta(days=3 + i % 5) if i in (13, 37, 51) else None,
        )
        regions = [provinces[i % len(provinces)]] + ([provinces[(i + 5) % len(provinces)]] if i % 3 == 0 else [])
        specs.append(NewExpert(expert, themes=chosen, provinces=regions))
    # Idempotent: experts are keyed by e-mail address.
    emails = [spec.expert.email for spec in specs]
    known = {e.email: e for e in Expert.objects.filter(email__in=emails)}
    known.update((e.email, e) for e in build_experts([spec for spec in specs if spec.expert.email not in known]))
    experts = [known[email] for email in emails]

    daan = Expert.objects.filter(email=DESKUNDIGE_EMAIL).first() or build_expert(
        email=DESKUNDIGE_EMAIL,
        user=users.get("deskundige"),
        name="Daan Deskundig",
        organisation=Organisation.objects.filter(code="ECF").first() or organisations[0],
        function="Senior adviseur flexibele opvang",
        phone="06 12 34 56 78",
        expertise="Flexibele opvangvormen, tussenvoorzieningen en de verdeelsleutel per provincie. "
        "Ervaring met bestuursovereenkomsten tussen COA, gemeenten en provincie.",
        availability=Availability.AVAILABLE,
        consent_given_at=now - timedelta(days=90),
        themes=Theme.objects.filter(code__in=["KWA-VER", "FLX-WON", "FLX-HVH", "OPA-RES"]),
        provinces=Province.objects.filter(code__in=["PV26", "PV25"]),
    )

    _demo_referrals(daan, experts, users, now)
    _demo_introductions(daan, experts, users, now)
    if not Invitation.objects.exists():
        Invitation.objects.create(
            email="nieuwe.deskundige@demo-deskundige.example",
            name="Nora Nieuw",
            message="Wij hoorden over uw werk aan tijdelijke locaties; doet u mee?",
            invited_by=users.get("kernteam"),
            sent_at=now - timedelta(days=2),
        )
    _say(stdout, f"experts: {Expert.objects.count()} deskundigen")


def _questions(count: int) -> list[Question]:
    """Open demo questions; made here when the questions demo made none."""
    referable = [Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED]  # new ones stay in the triage queue
    questions = list(
        Question.objects.filter(status__in=referable, referrals__isnull=True).order_by("received_at")[:count]
    )
    now = timezone.now()
    subjects = [
        ("Verdeelsleutel voor tijdelijke locaties", "KWA-VER"),
        ("Flexwonen combineren met opvang", "FLX-WON"),
        ("Hoeveel reservecapaciteit is verstandig?", "OPA-RES"),
    ]
    while len(questions) < count:
        subject, code = subjects[len(questions) % len(subjects)]
        question = build_question(
            asker_name="Demo Vragensteller",
            asker_email="vragensteller@demo.loket.example",
            subject=subject,
            body="Wij willen graag weten hoe andere provincies dit aanpakken en waar wij op moeten letten.",
            received_at=now - timedelta(days=2),
            status=Status.ASSIGNED,
            province=Province.objects.filter(code="PV26").first(),
            themes=Theme.objects.filter(code=code),
        )
        questions.append(question)
    return questions


def _refer(question: Question, expert: Expert, by, note: str, when, **state) -> Referral:
    """A demo referral, made in the state it should show (`state`: status and its dates); the
    workflow's moves are for real use, demo rows are simply created as they are."""
    if question.status == Status.NEW:
        question = question_transition(question=question, to=Status.IN_PROGRESS, by=by)
    if question.status != Status.WITH_EXPERT:
        question = question_transition(
            question=question, to=Status.WITH_EXPERT, by=by, note=f"Doorverwezen naar {expert.name}."
        )
    referral = Referral.objects.create(question=question, expert=expert, note=note, referred_by=by, **state)
    Referral.objects.filter(pk=referral.pk).update(referred_at=when)
    return referral


def _demo_referrals(daan: Expert, experts: list[Expert], users: dict, now) -> None:
    if Referral.objects.filter(expert=daan).exists():
        return
    by = users.get("kernteam")
    q1, q2, q3 = _questions(3)
    _refer(q1, daan, by, "Past goed bij uw ervaring met de verdeelsleutel. Wilt u meedenken?", now - timedelta(days=1))
    _refer(
        q2,
        daan,
        by,
        "De provincie zoekt voorbeelden van flexwonen.",
        now - timedelta(days=6),
        status=ReferralStatus.ACCEPTED,
        responded_at=now - timedelta(days=5),
    )
    other = next(e for e in experts if e.is_listed and e.availability == Availability.AVAILABLE)
    _refer(
        q3,
        other,
        by,
        "Graag een korte reactie.",
        now - timedelta(days=4),
        status=ReferralStatus.ANSWERED,
        responded_at=now - timedelta(days=3),
        answered_at=now - timedelta(days=2),
        response="Houd een buffer van ongeveer tien procent aan en leg vooraf vast wanneer u afschaalt. "
        "In onze regio werkt een vaste evaluatie per kwartaal goed.",
    )


def _demo_introductions(daan: Expert, experts: list[Expert], users: dict, now) -> None:
    partner = users.get("prt-utrecht")
    if partner is None or IntroductionRequest.objects.exists():
        return
    target = next(e for e in experts[20:] if e.is_listed)
    IntroductionRequest.objects.create(
        expert=target,
        requested_by=partner,
        message="Wij willen graag sparren over de inrichting van een tijdelijke locatie.",
    )
    Introduction.objects.create(
        expert=daan,
        party_a_name=daan.name,
        party_a_email=daan.email,
        party_a_organisation=str(daan.organisation or ""),
        party_b_name=partner.get_full_name() or partner.get_username(),
        party_b_email=partner.email,
        party_b_organisation="Provincie Utrecht",
        party_b_user=partner,
        reason="Utrecht werkt aan flexwonen voor vergunninghouders; Daan heeft hier ervaring mee.",
        status=IntroductionStatus.INTRODUCED,
        created_by=users.get("kernteam"),
        party_a_agreed_at=now - timedelta(days=9),
        party_b_agreed_at=now - timedelta(days=8),
        introduced_at=now - timedelta(days=8),
        mailed_at=now - timedelta(days=8),
    )
