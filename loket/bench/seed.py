"""Realistic volume for the benchmark (issue 9), seeded deterministically with bulk_create.

One function per app, registered in `SEEDERS` in dependency order. Each takes a `SeedContext`
(random generator, scale, reference data, bench users) and returns {label: rows created}.
To add one (e.g. subscribers once `loket.Subscription` exists): write `seed_subscribers(ctx)`
and append it to `SEEDERS`; the counts in `VOLUME` say how many rows full scale means.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

BATCH = 1000
SEED = 20_260_901  # deterministic: the same database every run

# Full-scale volume of issue 9. `--scale` multiplies every figure (plans: versions and locations).
VOLUME = {
    "questions": 10_000,
    "messages_per_question": 3,
    "experts": 1_000,
    "plan_versions": 5,
    "locations_per_version": 40,
    "signals": 5_000,
    "publications": 2_000,
    "subscribers": 5_000,
}

BENCH_PASSWORD = "bench-loket-2026-wachtwoord"  # noqa: S105 - bench database only
# username, role name (loket.roles.Role value), first name, last name, organisation code, province code
BENCH_USERS = [
    ("bench-kernteam", "Kernteam", "Kees", "Kernteam", "BZK", None),
    ("bench-kernteam2", "Kernteam", "Karin", "Kernteam", "COA", None),
    ("bench-kernteam3", "Kernteam", "Khalid", "Kernteam", "VNG", None),
    ("bench-prt-utrecht", "PRT-lid", "Pim", "Partner", "PV26", "PV26"),
    ("bench-lrt", "LRT-secretaris", "Lieke", "Secretaris", "BZK", None),
    ("bench-beheerder", "Beheerder", "Bert", "Beheer", "BZK", None),
]
MARKER_USERNAME = "bench-kernteam"  # present <=> this database was seeded by seed_bench
BENCH_EMAIL_DOMAIN = "bench.loket.example"

FIRST_NAMES = [
    "Anne",
    "Bas",
    "Carlijn",
    "Daan",
    "Emma",
    "Fatima",
    "Gerrit",
    "Hanneke",
    "Ilse",
    "Jeroen",
    "Karim",
    "Lotte",
    "Mohammed",
    "Noor",
    "Olaf",
    "Priya",
    "Ruben",
    "Sanne",
    "Tom",
    "Yara",
    "Willemijn",
    "Joris",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "El Amrani",
    "Yilmaz",
    "van Dijk",
    "Kok",
    "Vermeulen",
]
FUNCTIONS = [
    "beleidsadviseur opvang",
    "programmamanager huisvesting",
    "projectleider asiel",
    "juridisch adviseur",
    "adviseur vastgoed",
    "strategisch adviseur",
    "teamleider integratie",
    "ambtelijk secretaris PRT",
    "accountmanager COA",
    "coördinator vergunninghouders",
]
MUNICIPALITIES = [
    "Utrecht",
    "Amersfoort",
    "Zeist",
    "Nijmegen",
    "Arnhem",
    "Apeldoorn",
    "Ede",
    "Zwolle",
    "Deventer",
    "Enschede",
    "Groningen",
    "Assen",
    "Emmen",
    "Leeuwarden",
    "Heerenveen",
    "Almere",
    "Lelystad",
    "Haarlem",
    "Alkmaar",
    "Zaanstad",
    "Den Haag",
    "Leiden",
    "Rotterdam",
    "Dordrecht",
    "Middelburg",
    "Vlissingen",
    "Tilburg",
    "Eindhoven",
    "Breda",
    "'s-Hertogenbosch",
    "Maastricht",
    "Venlo",
    "Heerlen",
]
PLACE_WORDS = [
    "Parkzicht",
    "De Brink",
    "Kloosterhof",
    "Het Anker",
    "Zonnehof",
    "De Weide",
    "Oude Kazerne",
    "Stationskwartier",
    "De Horst",
    "Hofstede",
    "Waterfront",
    "Beukenlaan",
]
SUBJECTS = [
    "Hoe verwerken we {theme_lc} in het provinciale plan?",
    "Vraag over {theme_lc} voor {province}",
    "Telt een {location_type_lc} mee voor de opgave van {province}?",
    "Verdeling van de opgave bij {theme_lc}",
    "Wanneer moet het plan van {province} worden ingediend?",
    "Financiering van een {location_type_lc} in {municipality}",
    "Rol van de gemeente {municipality} bij {theme_lc}",
    "Termijnen en kaders rond {theme_lc}",
]
BODY_SENTENCES = [
    "Wij werken in {province} aan het provinciale plan en lopen aan tegen de vraag hoe {theme_lc} wordt meegenomen.",
    "In onze regio is een {location_type_lc} in voorbereiding in {municipality}.",
    "Het PRT wil graag weten of de capaciteit vanaf het volgende kwartaal al meetelt.",
    "De gemeente heeft hierover in de raad toezeggingen gedaan en wil die nakomen.",
    "Kunt u aangeven welk kader hiervoor geldt en of er een handreiking beschikbaar is?",
    "{organisation} heeft aangegeven dat hier afspraken over zijn gemaakt in het LRT.",
    "Wij horen graag of andere provincies dit al hebben opgelost.",
    "Ook willen wij weten hoe dit zich verhoudt tot de verdeelsleutel naar inwonertal.",
    "De planning is krap: de eerste locatie zou in het komende halfjaar open moeten gaan.",
    "Is het mogelijk hierover een gesprek te hebben met een deskundige uit het netwerk?",
]
ANSWER_SENTENCES = [
    "Dank voor uw vraag over {theme_lc}.",
    "Het kader van de LRT bepaalt dat alleen vastgestelde capaciteit meetelt voor de opgave.",
    "Capaciteit in voorbereiding neemt u op als voornemen, met het kwartaal waarin zij beschikbaar komt.",
    "Zie ook de handreiking over het provinciale plan op het loket.",
    "Een deskundige van {organisation} kan u hierbij verder helpen.",
    "Wij adviseren dit in het PRT van {province} te bespreken voordat het plan wordt ingediend.",
]
NOTE_SENTENCES = [
    "Afgestemd met collega's van {organisation}.",
    "Lijkt op eerdere vragen uit {province}; mogelijk kandidaat voor een veelgestelde vraag.",
    "Deskundige gevraagd om mee te lezen.",
    "Termijn besproken in het kernteamoverleg.",
]
SIGNAL_TITLES = {
    "kans": [
        "Leegstaand kantoorpand in {municipality} geschikt als {location_type_lc}",
        "Gemeente {municipality} biedt extra plaatsen aan",
        "Samenwerking tussen gemeenten in {province} rond {theme_lc}",
    ],
    "risico": [
        "Vertraging vergunning {location_type_lc} in {municipality}",
        "Draagvlak in de raad van {municipality} onder druk",
        "Tekort aan personeel voor {theme_lc} in {province}",
    ],
    "issue": [
        "Plan van {province} telt niet op tot de opgave",
        "Onduidelijkheid over financiering {theme_lc}",
        "Locatie in {municipality} sluit eerder dan gepland",
    ],
}
PUBLICATION_TITLES = {
    "kader": ["Kader {theme}", "Bestuurlijk kader {theme_lc}", "Afsprakenkader {theme_lc}"],
    "lessons": ["Lessons learned: {theme_lc} in {province}", "Wat we leerden van {theme_lc}"],
    "faq": [
        "Hoe werkt {theme_lc}?",
        "Telt een {location_type_lc} mee voor de opgave?",
        "Wat moet er in het plan over {theme_lc}?",
    ],
    "nieuws": [
        "{province} dient provinciaal plan in",
        "Nieuwe prognose: gevolgen voor {province}",
        "LRT besluit over {theme_lc}",
    ],
    "handreiking": ["Handreiking {theme_lc}", "Stappenplan {location_type_lc}"],
}
EXPERTISE_SENTENCES = [
    "Ruime ervaring met {theme_lc} in {province}.",
    "Heeft meegewerkt aan de realisatie van een {location_type_lc} in {municipality}.",
    "Kent de werkwijze van het PRT en de LRT van binnenuit.",
    "Adviseert gemeenten over vergunningverlening en draagvlak.",
    "Specialist in financiering en bekostiging van opvanglocaties.",
]


@dataclass
class SeedContext:
    rng: random.Random
    scale: float
    now: datetime
    provinces: list = field(default_factory=list)
    themes: list = field(default_factory=list)  # second-level themes (fall back to all)
    organisations: list = field(default_factory=list)
    location_types: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # username -> User

    def count(self, key: str) -> int:
        return max(1, round(VOLUME[key] * self.scale))

    def core_team(self) -> list:
        return [u for name, u in self.users.items() if name.startswith("bench-kernteam")]

    def words(self, **extra) -> dict:
        """Values for the text templates, drawn from the reference data."""
        rng = self.rng
        theme = rng.choice(self.themes)
        location_type = rng.choice(self.location_types)
        values = {
            "theme": theme.name,
            "theme_lc": theme.name[0].lower() + theme.name[1:],
            "province": rng.choice(self.provinces).name,
            "organisation": rng.choice(self.organisations).name,
            "location_type_lc": location_type.name.lower(),
            "municipality": rng.choice(MUNICIPALITIES),
        }
        values.update(extra)
        return values

    def text(self, sentences: list[str], n: int, **extra) -> str:
        values = self.words(**extra)
        return " ".join(s.format(**values) for s in self.rng.sample(sentences, min(n, len(sentences))))

    def when(self, *, days_back: int = 730) -> datetime:
        return self.now - timedelta(minutes=self.rng.randrange(days_back * 24 * 60))

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)


def batched(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk(model, objs: list, *, size: int = BATCH) -> list:
    """bulk_create in batches; returns the objects with their primary keys set."""
    created = []
    for chunk in batched(objs, size):
        created.extend(model.objects.bulk_create(chunk, batch_size=size))
    return created


@contextmanager
def explicit_timestamps(*model_classes) -> Iterator[None]:
    """Let seeded rows keep their historic created/updated times (auto_now(_add) would overwrite)."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def token(rng: random.Random, length: int = 43) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(rng.choice(alphabet) for _ in range(length))


# --- users ----------------------------------------------------------------------------------------
def seed_users(ctx: SeedContext) -> dict[str, int]:
    from django.contrib.auth.models import Group

    from loket.core.models import Organisation, Profile, Province
    from loket.core.roles import sync_groups

    sync_groups()
    user_model = get_user_model()
    hashed = None
    created = 0
    for username, role, first, last, org_code, province_code in BENCH_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(
                username=username, first_name=first, last_name=last, email=f"{username}@{BENCH_EMAIL_DOMAIN}"
            )
            if hashed is None:  # hash once: every bench user has the same password
                user.set_password(BENCH_PASSWORD)
                hashed = user.password
            user.password = hashed
            user.save()
            created += 1
        user.groups.set([Group.objects.get(name=role)])
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": Organisation.objects.filter(code=org_code).first(),
                "province": Province.objects.filter(code=province_code).first() if province_code else None,
            },
        )
        bench_totp_device(user)
        ctx.users[username] = user
    return {"gebruikers": created}


BENCH_TOTP_KEY = "3132333435363738393031323334353637383930"  # hex; loopback bench users only


def bench_totp_device(user):
    """The confirmed authenticator app of a bench user (two-factor login is required for the core
    team): the bench logs in through the real password and code pages with codes from this key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"key": BENCH_TOTP_KEY, "confirmed": True}
    )
    return device


def bench_totp_code() -> str:
    """The current six-digit code of BENCH_TOTP_KEY (default TOTP settings: 30 s, 6 digits)."""
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(BENCH_TOTP_KEY), step=30, t0=0, digits=6, drift=0):06d}"


# --- loket: publications ----------------------------------------------------------------------------
def seed_publications(ctx: SeedContext) -> dict[str, int]:
    from loket.publications.models import Publication, PublicationKind, PublicationStatus

    rng = ctx.rng
    kinds = [k.value for k in PublicationKind]
    weights = [15, 15, 40, 20, 10]
    objs = []
    author = ctx.users.get("bench-kernteam")
    for i in range(ctx.count("publications")):
        kind = rng.choices(kinds, weights)[0]
        values = ctx.words()
        title = rng.choice(PUBLICATION_TITLES[kind]).format(**values)
        status = rng.choices(
            [PublicationStatus.PUBLISHED, PublicationStatus.DRAFT, PublicationStatus.WITHDRAWN], [85, 10, 5]
        )[0]
        published = ctx.when(days_back=900)
        body = "\n\n".join(
            [
                "## Waar gaat dit over?",
                ctx.text(BODY_SENTENCES, 3),
                "## Wat betekent dit voor u?",
                ctx.text(ANSWER_SENTENCES, 4),
                "- " + "\n- ".join(rng.sample(MUNICIPALITIES, 3)),
            ]
        )
        valid_from = published.date() if kind in ("kader", "handreiking") else None
        objs.append(
            Publication(
                kind=kind,
                title=title[:250],
                slug=f"bench-{i + 1:05d}",
                summary=ctx.text(ANSWER_SENTENCES, 2),
                body=body,
                province=rng.choice(ctx.provinces) if rng.random() < 0.3 else None,
                status=status,
                published_at=published if status != PublicationStatus.DRAFT else None,
                version=rng.randint(1, 3),
                valid_from=valid_from,
                valid_until=valid_from + timedelta(days=730) if valid_from and rng.random() < 0.5 else None,
                created_at=published - timedelta(days=rng.randint(1, 30)),
                updated_at=published,
                created_by=author,
            )
        )
    with explicit_timestamps(Publication):
        pubs = bulk(Publication, objs)
    through = Publication.themes.through
    links = [
        through(publication_id=p.pk, theme_id=t.pk) for p in pubs for t in rng.sample(ctx.themes, rng.randint(1, 3))
    ]
    bulk(through, links)
    return {"publicaties": len(pubs), "publicatie-thema's": len(links)}


# --- plans ----------------------------------------------------------------------------------------
def seed_plans(ctx: SeedContext) -> dict[str, int]:
    from plans import quarters
    from plans.models import (
        LocationStatus,
        Plan,
        PlannedLocation,
        PlanVersion,
        PrognosisRound,
        ProvincePrognosis,
        SplitMethod,
    )
    from plans.workflow import RoundStatus, Status

    rng = ctx.rng
    n_versions = max(1, round(VOLUME["plan_versions"] * min(ctx.scale, 1)))
    n_locations = max(1, round(VOLUME["locations_per_version"] * min(ctx.scale, 1)))
    this_quarter = quarters.encode(ctx.now.year, (ctx.now.month - 1) // 3 + 1)
    author = ctx.users.get("bench-prt-utrecht")

    # Two published prognosis rounds, split by population (largest remainder), for the capacity picture.
    total_population = sum(p.population for p in ctx.provinces)
    rounds = 0
    for months_back, national in ((12, 96_000), (6, 102_000)):
        ref = (ctx.now - timedelta(days=30 * months_back)).date()
        if PrognosisRound.objects.filter(reference_date=ref, source__startswith="Benchmark").exists():
            continue
        rnd = PrognosisRound.objects.create(
            reference_date=ref,
            national_total=national,
            method=SplitMethod.POPULATION,
            source="Benchmark: meerjarenproductieprognose (fictief)",
            status=RoundStatus.PUBLISHED,
            published_at=ctx.now - timedelta(days=30 * months_back),
        )
        shares = [
            (national * p.population // total_population, national * p.population % total_population, p)
            for p in ctx.provinces
        ]
        rest = national - sum(s[0] for s in shares)
        order = sorted(range(len(shares)), key=lambda i: (-shares[i][1], -shares[i][2].population, shares[i][2].code))
        figures = [s[0] for s in shares]
        for i in order[:rest]:
            figures[i] += 1
        ProvincePrognosis.objects.bulk_create(
            [ProvincePrognosis(round=rnd, province=s[2], figure=f) for s, f in zip(shares, figures, strict=True)]
        )
        rounds += 1

    version_objs = []
    statuses = [Status.ADOPTED, Status.SUBMITTED, Status.SUBMITTED, Status.IN_PRT, Status.CONCEPT]
    for province in ctx.provinces:
        plan, _created = Plan.objects.get_or_create(province=province)
        start = (plan.versions.aggregate(m=models.Max("number"))["m"] or 0) + 1
        for v in range(n_versions):
            created = ctx.now - timedelta(days=(n_versions - v) * 60 + rng.randint(0, 20))
            status = statuses[v - n_versions]  # the newest version is the concept being drafted
            version_objs.append(
                PlanVersion(
                    plan=plan,
                    number=start + v,
                    status=status,
                    scaling=ctx.text(BODY_SENTENCES, 3),
                    regional=ctx.text(BODY_SENTENCES, 3),
                    roles=ctx.text(ANSWER_SENTENCES, 3),
                    risks=ctx.text(BODY_SENTENCES, 2),
                    created_at=created,
                    updated_at=created + timedelta(days=5),
                    created_by=author,
                    submitted_at=created + timedelta(days=10) if status in (Status.SUBMITTED, Status.ADOPTED) else None,
                    adopted_at=created + timedelta(days=30) if status == Status.ADOPTED else None,
                )
            )
    with explicit_timestamps(PlanVersion):
        versions = bulk(PlanVersion, version_objs)

    location_objs = []
    loc_statuses = [LocationStatus.EXISTING, LocationStatus.DECIDED, LocationStatus.INTENDED]
    for version in versions:
        for j in range(n_locations):
            lt = rng.choice(ctx.location_types)
            capacity = rng.choice([50, 75, 100, 150, 200, 250, 300, 400, 600, 1000])
            first = this_quarter + rng.randint(-4, 6)
            last = first + rng.randint(2, 16) if rng.random() < 0.6 else None
            municipality = rng.choice(MUNICIPALITIES)
            location_objs.append(
                PlannedLocation(
                    version=version,
                    name=f"{rng.choice(PLACE_WORDS)} {municipality} {j + 1}",
                    municipality=municipality,
                    location_type=lt,
                    capacity=capacity,
                    minors_places=rng.choice([0, 0, 0, capacity // 10]),
                    first_quarter=first,
                    last_quarter=last,
                    status=rng.choices(loc_statuses, [50, 30, 20])[0],
                    flexible=rng.random() < 0.2,
                )
            )
    bulk(PlannedLocation, location_objs)
    return {"prognoserondes": rounds, "planversies": len(versions), "geplande locaties": len(location_objs)}


# --- questions --------------------------------------------------------------------------------------
def seed_questions(ctx: SeedContext) -> dict[str, int]:
    from questions.models import MessageKind, Question, QuestionMessage, StatusChange
    from questions.workflow import Status

    rng = ctx.rng
    core = ctx.core_team()
    n = ctx.count("questions")
    statuses = [s.value for s in Status]
    weights = [8, 10, 12, 4, 30, 33, 3]
    # References continue after any existing question of the year (seeding next to other data: --force).
    next_seq: dict[int, int] = {
        row["year"]: row["m"] for row in Question.objects.values("year").annotate(m=models.Max("sequence"))
    }
    received = sorted(ctx.when(days_back=730) for _ in range(n))
    objs = []
    for at in received:
        year = at.year
        next_seq[year] = next_seq.get(year, 0) + 1
        seq = next_seq[year]
        first, last = ctx.person()
        org = rng.choice(ctx.organisations)
        province = rng.choice(ctx.provinces) if rng.random() < 0.8 else None
        status = rng.choices(statuses, weights)[0]
        answered = at + timedelta(days=rng.randint(1, 15)) if status in ("beantwoord", "gesloten", "heropend") else None
        values = ctx.words(province=province.name if province else "het hele land")
        objs.append(
            Question(
                reference=f"V-{year}-{seq:05d}",
                year=year,
                sequence=seq,
                token=token(rng),
                asker_name=f"{first} {last}",
                asker_email=f"{first.lower()}.{seq}.{year}@{BENCH_EMAIL_DOMAIN}",
                asker_role=rng.choice(FUNCTIONS),
                organisation=org,
                organisation_name=org.name,
                province=province,
                subject=rng.choice(SUBJECTS).format(**values)[:200],
                body=" ".join(s.format(**values) for s in rng.sample(BODY_SENTENCES, 4)),
                consent_at=at,
                status=status,
                assignee=None if status == "nieuw" else rng.choice(core),
                received_at=at,
                due_date=(at + timedelta(days=7)).date(),
                answered_at=answered,
                closed_at=answered + timedelta(days=3) if answered and status == "gesloten" else None,
                updated_at=answered or at,
            )
        )
    with explicit_timestamps(Question):
        questions = bulk(Question, objs)

    through = Question.themes.through
    theme_links = [
        through(question_id=q.pk, theme_id=t.pk) for q in questions for t in rng.sample(ctx.themes, rng.randint(1, 2))
    ]
    bulk(through, theme_links)

    per_question = VOLUME["messages_per_question"]
    messages = []
    changes = []
    for q in questions:
        author = q.assignee or rng.choice(core)
        # Three messages: an internal note, an answer (or a second note while still open), a reply/note.
        kinds = (
            [MessageKind.NOTE, MessageKind.ANSWER, MessageKind.REPLY]
            if q.answered_at
            else [MessageKind.NOTE, MessageKind.NOTE, MessageKind.NOTE]
        )[:per_question]
        for k, kind in enumerate(kinds):
            is_asker = kind == MessageKind.REPLY
            body_source = {MessageKind.ANSWER: ANSWER_SENTENCES, MessageKind.REPLY: BODY_SENTENCES}.get(
                kind, NOTE_SENTENCES
            )
            messages.append(
                QuestionMessage(
                    question_id=q.pk,
                    kind=kind,
                    author=None if is_asker else author,
                    author_name=q.asker_name if is_asker else author.get_full_name(),
                    body=ctx.text(body_source, 3),
                    created_at=q.received_at + timedelta(hours=6 * (k + 1)),
                )
            )
        if q.status != Status.NEW:
            changes.append(
                StatusChange(
                    question_id=q.pk,
                    from_status=Status.NEW,
                    to_status=q.status,
                    by=author,
                    by_name=author.get_full_name(),
                    created_at=q.answered_at or q.received_at + timedelta(hours=2),
                )
            )
    with explicit_timestamps(QuestionMessage, StatusChange):
        bulk(QuestionMessage, messages)
        bulk(StatusChange, changes)
    return {
        "vragen": len(questions),
        "berichten": len(messages),
        "statuswijzigingen": len(changes),
        "vraag-thema's": len(theme_links),
    }


# --- experts --------------------------------------------------------------------------------------
def seed_experts(ctx: SeedContext) -> dict[str, int]:
    from experts.models import Availability, ContactPreference, Expert, Referral, ReferralStatus
    from questions.models import Question

    rng = ctx.rng
    n = ctx.count("experts")
    objs = []
    for i in range(n):
        first, last = ctx.person()
        given = ctx.when(days_back=700) if rng.random() < 0.9 else None
        withdrawn = given + timedelta(days=rng.randint(10, 200)) if given and rng.random() < 0.05 else None
        objs.append(
            Expert(
                name=f"{first} {last}",
                email=f"deskundige{i + 1:05d}@{BENCH_EMAIL_DOMAIN}",
                phone=f"06 {rng.randint(10_000_000, 99_999_999)}",
                organisation=rng.choice(ctx.organisations),
                function=rng.choice(FUNCTIONS),
                expertise=ctx.text(EXPERTISE_SENTENCES, 3),
                availability=rng.choices([a.value for a in Availability], [60, 30, 10])[0],
                contact_preference=rng.choice([c.value for c in ContactPreference]),
                consent_given_at=given,
                consent_version="2026-1" if given else "",
                consent_withdrawn_at=withdrawn,
                last_confirmed_at=given + timedelta(days=rng.randint(0, 300)) if given else None,
                created_at=given or ctx.when(),
                updated_at=given or ctx.now,
            )
        )
    with explicit_timestamps(Expert):
        experts = bulk(Expert, objs)
    theme_through = Expert.themes.through
    province_through = Expert.provinces.through
    theme_links = [
        theme_through(expert_id=e.pk, theme_id=t.pk) for e in experts for t in rng.sample(ctx.themes, rng.randint(1, 4))
    ]
    province_links = [
        province_through(expert_id=e.pk, province_id=p.pk)
        for e in experts
        for p in rng.sample(ctx.provinces, rng.randint(0, 3))
    ]
    bulk(theme_through, theme_links)
    bulk(province_through, province_links)

    # Referrals: about one in twenty questions went to an expert (drives the "current load" column).
    question_ids = list(
        Question.objects.filter(status__in=["bij_deskundige", "beantwoord", "gesloten"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    listed = [e for e in experts if e.consent_given_at and not e.consent_withdrawn_at]
    referrals = []
    if listed and question_ids:
        for qid in rng.sample(question_ids, min(len(question_ids), max(1, len(question_ids) // 10))):
            at = ctx.when(days_back=600)
            status = rng.choice([s.value for s in ReferralStatus])
            referrals.append(
                Referral(
                    question_id=qid,
                    expert=rng.choice(listed),
                    status=status,
                    note=ctx.text(NOTE_SENTENCES, 1),
                    referred_by=rng.choice(ctx.core_team()),
                    referred_at=at,
                    responded_at=at + timedelta(days=2) if status != ReferralStatus.SENT else None,
                    answered_at=at + timedelta(days=5) if status == ReferralStatus.ANSWERED else None,
                    response=ctx.text(ANSWER_SENTENCES, 2) if status == ReferralStatus.ANSWERED else "",
                )
            )
    with explicit_timestamps(Referral):
        bulk(Referral, referrals)
    return {
        "deskundigen": len(experts),
        "deskundige-thema's": len(theme_links),
        "deskundige-provincies": len(province_links),
        "doorverwijzingen": len(referrals),
    }


# --- monitoring -------------------------------------------------------------------------------------
def seed_signals(ctx: SeedContext) -> dict[str, int]:
    from monitoring.models import Escalation, LrtMeeting, Signal, SignalAction, SignalKind
    from monitoring.workflow import Status
    from plans.models import Plan

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
    with explicit_timestamps(Signal):
        signals = bulk(Signal, objs)
    through = Signal.provinces.through
    links = []
    for signal, province in zip(signals, signal_provinces, strict=True):
        if province is not None:
            links.append(through(signal_id=signal.pk, province_id=province.pk))
            if rng.random() < 0.1:  # a few signals concern two provinces
                other = rng.choice(ctx.provinces)
                if other.pk != province.pk:
                    links.append(through(signal_id=signal.pk, province_id=other.pk))
    bulk(through, links)

    # LRT meetings every six weeks, with the escalated signals on their agenda.
    meetings = []
    first_date = (ctx.now - timedelta(days=700)).date()
    existing = set(LrtMeeting.objects.values_list("date", flat=True))
    for k in range(max(1, round(16 * min(ctx.scale * 10, 1)))):
        d = first_date + timedelta(weeks=6 * k)
        if d not in existing:
            meetings.append(LrtMeeting(date=d, title=f"LRT-overleg {d:%d-%m-%Y}", location="Den Haag"))
    meetings = bulk(LrtMeeting, meetings)
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
    with explicit_timestamps(Escalation):
        bulk(Escalation, escalations)
    bulk(SignalAction, actions)
    return {
        "signalen": len(signals),
        "signaal-provincies": len(links),
        "LRT-overleggen": len(meetings),
        "escalaties": len(escalations),
        "acties": len(actions),
    }


# --- loket: subscribers (model arrives with the loket app) --------------------------------------------
def seed_subscribers(ctx: SeedContext) -> dict[str, int]:
    """5,000 confirmed subscribers, once `loket.Subscription` exists (built by the loket helper).

    Fields of loket.Subscription (double opt-in: confirmed).
    """
    try:
        subscription = apps.get_model("loket", "Subscription")
    except LookupError:
        return {"abonnees (model ontbreekt nog)": 0}
    field_names = {f.name for f in subscription._meta.concrete_fields}
    rng = ctx.rng
    objs = []
    for i in range(ctx.count("subscribers")):
        first, last = ctx.person()
        values = {
            "email": f"abonnee{i + 1:05d}@{BENCH_EMAIL_DOMAIN}",
            "name": f"{first} {last}",
            "confirmed_at": ctx.when(days_back=600),
            "requested_at": ctx.when(days_back=700),
            "general_news": True,
            "province": rng.choice(ctx.provinces) if rng.random() < 0.5 else None,
            "token": token(rng),
        }
        objs.append(subscription(**{k: v for k, v in values.items() if k in field_names}))
    created = bulk(subscription, objs)
    return {"abonnees": len(created)}


SEEDERS: list[Callable[[SeedContext], dict[str, int]]] = [
    seed_users,
    seed_publications,
    seed_plans,
    seed_questions,
    seed_experts,
    seed_signals,
    seed_subscribers,
]


# --- state of the database ----------------------------------------------------------------------------
CONTENT_MODELS = [
    "questions.Question",
    "experts.Expert",
    "plans.PlanVersion",
    "monitoring.Signal",
    "loket.Publication",
]


def is_seeded() -> bool:
    return get_user_model().objects.filter(username=MARKER_USERNAME).exists()


def foreign_data() -> dict[str, int]:
    """Rows that seed_bench did not make: users other than bench users, and any content."""
    found = {}
    others = get_user_model().objects.exclude(username__in=[u[0] for u in BENCH_USERS]).count()
    if others:
        found["gebruikers"] = others
    if not is_seeded():
        for label in CONTENT_MODELS:
            count = apps.get_model(label).objects.count()
            if count:
                found[label] = count
    return found


def make_context(*, scale: float, seed: int = SEED) -> SeedContext:
    from loket.core.models import LocationType, Organisation, Province, Theme

    themes = list(Theme.objects.filter(parent__isnull=False).order_by("code")) or list(Theme.objects.order_by("code"))
    ctx = SeedContext(
        rng=random.Random(seed),
        scale=scale,
        now=timezone.now().replace(microsecond=0),
        provinces=list(Province.objects.order_by("code")),
        themes=themes,
        organisations=list(Organisation.objects.order_by("code")),
        location_types=list(LocationType.objects.order_by("code")),
    )
    if not (ctx.provinces and ctx.themes and ctx.organisations and ctx.location_types):
        raise RuntimeError("Referentiegegevens ontbreken: voer eerst `manage.py migrate` uit.")
    return ctx
