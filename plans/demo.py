"""Demo content for the plans app (`manage.py load_demo`): idempotent, deterministic, never for production.

Two published prognosis rounds half a year apart (31,000 and 42,000 places, split by population), a draft
round from an official table whose stated total differs from its parts, and a plan for every province
with 2-4 versions and 5-40 locations; a few provinces fall short in some quarters.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from loket.core.models import LocationType, Province

from . import quarters, services
from .models import LocationStatus, Plan, PlannedLocation, PrognosisRound, SplitMethod
from .workflow import Status

ROUND_SOURCES = (
    "Meerjarige productieprognose (MPP), voorjaar 2026",
    "Meerjarige productieprognose (MPP), najaar 2026",
    "COA, provinciale verdeling van opvangplekken (tabel, versie mei 2023)",
)

# COA provincial tasks per 1 January 2024 (coa.nl, version of May 2023): stated total 77,100, rows 77,070.
COA_TABLE_2024 = {
    "PV22": 3553,
    "PV24": 3449,
    "PV21": 3744,
    "PV25": 7590,
    "PV20": 3851,
    "PV31": 4355,
    "PV30": 9658,
    "PV27": 11430,
    "PV23": 4081,
    "PV26": 4793,
    "PV29": 1469,
    "PV28": 19097,
}
COA_TABLE_STATED_TOTAL = 77100

MUNICIPALITIES = {
    "PV20": ["Groningen", "Midden-Groningen", "Eemsdelta", "Westerkwartier", "Oldambt", "Veendam"],
    "PV21": ["Leeuwarden", "Súdwest-Fryslân", "Smallingerland", "Heerenveen", "De Fryske Marren", "Harlingen"],
    "PV22": ["Assen", "Emmen", "Hoogeveen", "Meppel", "Midden-Drenthe", "Coevorden"],
    "PV23": ["Zwolle", "Enschede", "Deventer", "Almelo", "Hengelo", "Kampen"],
    "PV24": ["Almere", "Lelystad", "Dronten", "Noordoostpolder", "Zeewolde", "Urk"],
    "PV25": ["Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Doetinchem", "Zutphen", "Harderwijk"],
    "PV26": ["Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Veenendaal", "Houten", "Stichtse Vecht"],
    "PV27": ["Amsterdam", "Haarlem", "Zaanstad", "Alkmaar", "Hilversum", "Den Helder", "Hoorn"],
    "PV28": ["Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Zoetermeer", "Delft", "Gouda"],
    "PV29": ["Middelburg", "Vlissingen", "Goes", "Terneuzen", "Schouwen-Duiveland"],
    "PV30": ["Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch", "Helmond", "Oss", "Roosendaal"],
    "PV31": ["Maastricht", "Venlo", "Heerlen", "Sittard-Geleen", "Roermond", "Weert"],
}
KINDS = [
    ("AZC", "Azc"),
    ("GVL", "Gvl"),
    ("ROL", "Regionale opvanglocatie"),
    ("NOOD", "Noodopvang"),
    ("SAT", "Satelliet"),
]
SECTIONS = {
    "scaling": (
        "## Opschalen\n\nBij een stijgende instroom schalen we eerst **flexibele locaties** op. "
        "Gemeenten hebben afgesproken binnen 8 weken extra plaatsen beschikbaar te stellen.\n\n"
        "## Afschalen\n\nNoodopvang sluit als eerste; reguliere locaties blijven zo lang mogelijk open."
    ),
    "regional": (
        "De opvang is verdeeld over de regio's van de provincie. Elke regio levert naar inwonertal bij; "
        "gemeenten zonder locatie dragen bij via *gezamenlijke* voorzieningen."
    ),
    "roles": (
        "- De **PRT** stelt het plan op en bewaakt de voortgang.\n"
        "- Het **COA** exploiteert de locaties.\n"
        "- De **gemeenten** zorgen voor vergunningen en draagvlak.\n"
        "- De **provincie** coördineert en rapporteert aan de LRT."
    ),
    "risks": (
        "1. Vertraging in vergunningverlening voor nieuwe locaties.\n"
        "2. Tijdelijke locaties die eerder sluiten dan gepland.\n"
        "3. Krapte op de woningmarkt voor vergunninghouders."
    ),
}
# Provinces whose plans fall short of their share in later quarters (planned / required).
COVERAGE = {"PV28": 0.78, "PV27": 0.88, "PV30": 0.93, "PV21": 0.9}


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def load(*, stdout=None, users=None) -> None:
    users = users or {}
    kernteam = users.get("kernteam")
    _load_rounds(kernteam)
    _load_plans(users)
    _say(stdout, "  plannen: prognoserondes en provinciale plannen geladen")


@transaction.atomic
def _load_rounds(by) -> None:
    """Demo data never leaves anything to send: both published rounds were mailed long ago, set in
    the transaction of their publication, so the prognosis task publishing starts after commit
    finds them mailed and sends nothing."""
    if PrognosisRound.objects.filter(source__in=ROUND_SOURCES).exists():
        return
    now = timezone.now()
    first = services.prognosis_round_create(
        reference_date=date(2026, 7, 1),
        national_total=31000,
        method=SplitMethod.POPULATION,
        source=ROUND_SOURCES[0],
        notes="Verdeling naar inwonertal (CBS, 1 januari 2024), grootste-overschotmethode.",
        by=by,
    )
    services.prognosis_round_publish(round_=first, by=by)
    PrognosisRound.objects.filter(pk=first.pk).update(
        published_at=now - timedelta(days=270), mailing_due=False, mailed_at=now - timedelta(days=269)
    )
    second = services.prognosis_round_create(
        reference_date=date(2027, 1, 1),
        national_total=42000,
        method=SplitMethod.POPULATION,
        source=ROUND_SOURCES[1],
        notes="Hogere instroom verwacht; de opgave stijgt met 11.000 plaatsen.",
        by=by,
    )
    services.prognosis_round_publish(round_=second, by=by)
    PrognosisRound.objects.filter(pk=second.pk).update(
        published_at=now - timedelta(days=90), mailing_due=False, mailed_at=now - timedelta(days=89)
    )
    codes = dict(Province.objects.values_list("code", "pk"))
    services.prognosis_round_create(
        reference_date=date(2024, 1, 1),
        method=SplitMethod.TABLE,
        table={codes[code]: figure for code, figure in COA_TABLE_2024.items()},
        stated_total=COA_TABLE_STATED_TOTAL,
        source=ROUND_SOURCES[2],
        notes="Voorbeeld van een geïmporteerde tabel: het vermelde totaal wijkt 30 plaatsen af van de som.",
        by=by,
    )


def _load_plans(users: dict) -> None:
    latest = PrognosisRound.objects.filter(source=ROUND_SOURCES[1]).first()
    required = dict(latest.provinces.values_list("province__code", "figure")) if latest else {}
    types = {t.code: t for t in LocationType.objects.all()}
    now_q = quarters.of_date(timezone.localdate())
    for province in Province.objects.order_by("code"):
        plan, _created = Plan.objects.get_or_create(province=province)
        if plan.versions.exists():
            continue
        rng = random.Random(province.code)
        by = users.get("prt-utrecht") if province.code == "PV26" else users.get("prt-gelderland")
        target = required.get(province.code, 3000)
        version_count = 3 if province.code in ("PV26", "PV25") else rng.randint(2, 4)
        locations = _locations(rng, province.code, target, now_q, types)
        for number in range(1, version_count + 1):
            version = services.plan_version_start(province=province, by=None)
            for name, text in SECTIONS.items():
                setattr(version, name, text)
            version.save()
            if number == 1:
                bulk_create_with_history(
                    [PlannedLocation(version=version, **values) for values in locations[: max(5, len(locations) // 2)]],
                    PlannedLocation,
                    default_user=by,
                )
            else:
                # Each later version adds locations and firms up intentions.
                present = version.locations.count()
                extra = locations[
                    present : present + max(1, (len(locations) - present) // (version_count - number + 1))
                ]
                bulk_create_with_history(
                    [PlannedLocation(version=version, **values) for values in extra], PlannedLocation, default_user=by
                )
                version.locations.filter(status=LocationStatus.INTENDED, first_quarter__lte=now_q).update(
                    status=LocationStatus.DECIDED
                )
            last = number == version_count
            if province.code == "PV26" and last:
                continue  # Utrecht's newest version stays a concept for the PRT to work on.
            services.plan_version_transition(version=version, to=Status.IN_PRT, by=None, note="Besproken in de PRT.")
            if last and province.code in ("PV20", "PV29"):
                continue
            services.plan_version_transition(
                version=version, to=Status.SUBMITTED, by=None, note="Ingediend bij de LRT."
            )
            if last and province.code in ("PV25", "PV31"):
                continue
            services.plan_version_transition(
                version=version, to=Status.ADOPTED, by=None, note="Vastgesteld door de LRT."
            )


def _locations(rng: random.Random, code: str, target: int, now_q: int, types: dict) -> list[dict]:
    """About 112 % of `target` places; some open later, emergency places close. Provinces in COVERAGE
    plan less and lose temporary places, so they fall short in some quarters."""
    coverage = COVERAGE.get(code, 1.0)
    count = max(5, min(40, target // 300))
    base = target * 1.12 * coverage / count
    municipalities = MUNICIPALITIES.get(code, ["Gemeente"])
    result = []
    for index in range(count):
        kind_code, kind_name = KINDS[index % len(KINDS)]
        location_type = types.get(kind_code) or next(iter(types.values()))
        municipality = municipalities[index % len(municipalities)]
        capacity = max(20, int(base * rng.uniform(0.7, 1.3)) // 10 * 10)
        later = index % 6 == 5
        first = now_q + rng.randint(1, 3) if later else now_q - rng.randint(1, 8)
        last = None
        if kind_code == "NOOD" and (coverage < 1 or index % 2):
            last = now_q + rng.randint(3, 8)
        if first > now_q:
            status = LocationStatus.DECIDED if index % 2 else LocationStatus.INTENDED
        else:
            status = LocationStatus.EXISTING
        suffix = "" if index < len(municipalities) else f" {index // len(municipalities) + 1}"
        result.append(
            {
                "name": f"{kind_name} {municipality}{suffix}",
                "municipality": municipality,
                "location_type": location_type,
                "capacity": capacity,
                "minors_places": capacity // 20 if kind_code in ("AZC", "GVL") else 0,
                "first_quarter": first,
                "last_quarter": last,
                "status": status,
                "flexible": index % 5 == 2,
            }
        )
    return result
