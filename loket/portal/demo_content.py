# ruff: noqa: E501 - demo texts are long Dutch sentences
"""Demo content of the loket app for `manage.py load_demo` (runs last; idempotent): publications
of every kind (frameworks with versions, one expired), FAQ entries, subscribers and two sent
mailings with their delivery logs. Never sends mail.

Longer than most modules because it is data (the Dutch demo texts), not logic."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from loket.core.models import Province, Theme
from loket.mailings.models import Mailing, MailingKind, MailingRecipient, MailingStatus, RecipientStatus, Subscription
from loket.publications.builders import build_publication
from loket.publications.models import Publication, PublicationKind, PublicationRevision, PublicationStatus

TODAY = date(2026, 11, 1)  # fixed reference so that a second run changes nothing

FRAMEWORKS = [
    (
        "Kader provinciale opvangplannen",
        "Waar een provinciaal plan voor opvangcapaciteit aan moet voldoen.",
        "## Doel\n\nElke provinciale regietafel (PRT) stelt een plan op dat laat zien hoe de provincie haar deel van de "
        "landelijke opgave realiseert.\n\n## Eisen\n\n- Per opvanglocatie: gemeente, locatietype, capaciteit en periode.\n"
        "- Onderscheid tussen bestaande, vastgestelde en voorgenomen capaciteit.\n- Een onderbouwing van de spreiding over "
        "de gemeenten.\n\n## Termijnen\n\nHet plan wordt twee keer per jaar geactualiseerd, na de publicatie van de prognose.",
        date(2025, 1, 1),
        date(2027, 12, 31),
    ),
    (
        "Kader flexibele opvanglocaties",
        "Eisen aan locaties die snel op- en afgeschaald kunnen worden.",
        "## Flexibele inzet\n\nEen flexibele opvanglocatie kan binnen drie maanden worden opgeschaald of afgebouwd. "
        "Denk aan paviljoens, leegstaande kantoren en modulaire woningen.\n\n## Voorwaarden\n\n1. De locatie voldoet aan "
        "het Bouwbesluit voor tijdelijke bewoning.\n2. Er is een afspraak over beheer met het COA.\n3. De gemeente "
        "heeft de omgeving geïnformeerd.",
        date(2025, 7, 1),
        date(2026, 12, 1),
    ),
    (
        "Kader kleinschalige opvang",
        "Normen voor opvanglocaties tot 300 plaatsen.",
        "## Omvang\n\nKleinschalige opvang betekent locaties van ten hoogste 300 plaatsen. Dat helpt bij draagvlak en "
        "begeleiding.\n\n## Begeleiding\n\nPer 100 bewoners is er begeleiding beschikbaar volgens de normen van het COA.",
        date(2025, 3, 1),
        None,
    ),
    (
        "Kader opvang alleenstaande minderjarige vreemdelingen",
        "Aanvullende eisen voor de opvang van amv's.",
        "## Doelgroep\n\nAlleenstaande minderjarige vreemdelingen (amv's) hebben eigen begeleiding nodig.\n\n## Eisen\n\n"
        "- Kleinschalige woonvormen in overleg met het NIDOS.\n- Onderwijs binnen vier weken na aankomst.",
        date(2025, 9, 1),
        date(2028, 9, 1),
    ),
    (
        "Kader financiering gemeentelijke opvang",
        "Welke kosten worden vergoed en hoe vraagt u dat aan.",
        "## Vergoeding\n\nGemeenten die opvang realiseren krijgen een vergoeding per gerealiseerde plaats.\n\n## Aanvragen\n\n"
        "Een aanvraag loopt via de provincie; het kernteam helpt bij de onderbouwing.",
        date(2026, 1, 1),
        date(2026, 12, 31),
    ),
    (
        "Kader noodopvang 2024",
        "Tijdelijke afspraken over noodopvang uit 2024. Niet meer geldig.",
        "## Noodopvang\n\nIn 2024 golden tijdelijke afspraken voor noodopvang in sporthallen en evenementenlocaties.\n\n"
        "Deze afspraken zijn vervangen door het kader flexibele opvanglocaties.",
        date(2024, 1, 1),
        date(2025, 6, 30),
    ),
]

LESSONS = [
    ("Utrecht: een leegstaand kantoor als opvanglocatie", "PV26"),
    ("Gelderland: samenwerking tussen kleine gemeenten", "PV25"),
    ("Groningen: paviljoens op een voormalig schoolterrein", "PV20"),
    ("Noord-Brabant: draagvlak door vroeg informeren", "PV30"),
    ("Zuid-Holland: gezinslocaties in de wijk", "PV28"),
    ("Fryslân: opvang op het platteland", "PV21"),
    ("Overijssel: doorstroom naar huisvesting versnellen", "PV23"),
    ("Limburg: grensregio en flexibele capaciteit", "PV31"),
]
NEWS = [
    "Nieuwe prognose benodigde opvangcapaciteit gepubliceerd",
    "Landelijke regietafel bespreekt voortgang provinciale plannen",
    "Webinar: flexibele opvang in de praktijk",
    "Netwerk van deskundigen groeit naar veertig experts",
    "Eerste provinciale plannen vastgesteld",
    "Loket bereikbaar via nieuw webformulier",
    "Terugblik op de kennisdag van het arrangement",
    "Handreiking draagvlak vernieuwd",
]
GUIDES = [
    "Handreiking spreiding over gemeenten",
    "Handreiking communicatie met omwonenden",
    "Handreiking locatiekeuze en ruimtelijke procedures",
    "Handreiking samenwerking met het COA",
    "Handreiking begroting en vergoedingen",
    "Handreiking monitoring van het provinciale plan",
    "Handreiking opvang en onderwijs",
    "Handreiking doorstroom naar woningen",
]
FAQ = [
    (
        "Mag een leegstaand kantoor als tijdelijke opvanglocatie dienen?",
        "Ja, als het pand voldoet aan het Bouwbesluit voor tijdelijke bewoning en de gemeente een omgevingsvergunning verleent.",
    ),
    (
        "Hoe lang mag een tijdelijke opvanglocatie open blijven?",
        "Meestal vijf tot tien jaar, afhankelijk van de vergunning. Leg de termijn vast in de bestuursovereenkomst.",
    ),
    (
        "Telt een locatie in aanbouw mee in het provinciale plan?",
        "Ja, als voorgenomen capaciteit, met het kwartaal waarin de locatie beschikbaar komt.",
    ),
    (
        "Hoe wordt de landelijke opgave over de provincies verdeeld?",
        "Naar inwonertal, met de methode van de grootste overschotten, zodat de delen precies optellen tot de landelijke opgave.",
    ),
    (
        "Wie stelt het provinciale plan vast?",
        "De provinciale regietafel stelt het plan vast; daarna gaat het naar de landelijke regietafel.",
    ),
    (
        "Kan ik een deskundige inschakelen voor een haalbaarheidsstudie?",
        "Ja. Stel uw vraag via het loket; het kernteam zoekt een deskundige uit het netwerk.",
    ),
    (
        "Wat is het verschil tussen bestaande en voorgenomen capaciteit?",
        "Bestaande capaciteit is in gebruik; voorgenomen capaciteit is gepland maar nog niet besloten.",
    ),
    (
        "Hoe vaak verschijnt de prognose?",
        "Twee keer per jaar, rond 1 januari en 1 juli. Abonnees krijgen dan een mail met de cijfers van hun provincie.",
    ),
    (
        "Mogen gemeenten samen één locatie realiseren?",
        "Ja. Leg in het plan vast welke gemeente de locatie levert en hoe de plaatsen worden toegerekend.",
    ),
    (
        "Wat gebeurt er als de plannen niet optellen tot de opgave?",
        "Het capaciteitsbeeld toont het tekort per kwartaal; het kernteam bespreekt het met de PRT en zo nodig de LRT.",
    ),
    (
        "Hoe ga ik om met bezwaren van omwonenden?",
        "Informeer vroeg, organiseer een bijeenkomst en maak afspraken over beheer. De handreiking communicatie helpt.",
    ),
    (
        "Geldt het kader kleinschalige opvang ook voor gezinslocaties?",
        "Ja, met aanvullende eisen voor onderwijs en speelruimte.",
    ),
    (
        "Kan een hotel worden ingezet als opvanglocatie?",
        "Tijdelijk wel, als flexibele capaciteit. Let op de kosten per plaats en de duur van de huur.",
    ),
    (
        "Waar vind ik de geldende versie van een kader?",
        "Bij de publicaties. Eerdere versies staan onderaan de pagina van het kader.",
    ),
    (
        "Hoe meld ik een risico voor de voortgang van ons plan?",
        "PRT-leden melden een signaal in de monitoring; het kernteam beoordeelt het.",
    ),
    (
        "Wat kost het inschakelen van een deskundige?",
        "Niets. Deskundigen uit het netwerk helpen binnen het ondersteuningsarrangement.",
    ),
    (
        "Hoe snel krijg ik antwoord op mijn vraag?",
        "Binnen vijf werkdagen, tenzij het thema een andere termijn heeft. U krijgt een mail met het antwoord.",
    ),
    (
        "Tellen opvangplaatsen voor amv's mee in de provinciale opgave?",
        "Ja, ze tellen mee en worden apart zichtbaar gemaakt in het plan.",
    ),
    (
        "Mag de provincie afwijken van de verdeling naar inwonertal?",
        "Binnen de provincie wel, in overleg tussen de gemeenten; de provinciale opgave blijft gelijk.",
    ),
    (
        "Hoe kan ik mij afmelden voor de mailings?",
        "Via de afmeldlink onder elke mailing, of op uw profielpagina als u een account heeft.",
    ),
]


def _published_at(n: int) -> datetime:
    return timezone.make_aware(datetime.combine(TODAY - timedelta(days=7 * n + 1), time(9, 0)))


def _publication(*, kind, title, summary, body, n, themes, province=None, valid=(None, None), users=None):
    """The published demo publication with this title; made once (keyed by its slug)."""
    slug = slugify(title)[:240]
    existing = Publication.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    publication = build_publication(
        slug=slug,
        kind=kind,
        title=title,
        summary=summary,
        body=body,
        province=province,
        status=PublicationStatus.PUBLISHED,
        published_at=_published_at(n),
        valid_from=valid[0],
        valid_until=valid[1],
        created_by=(users or {}).get("kernteam"),
        themes=themes,
    )
    return publication, True


def load(*, stdout=None, users=None) -> None:
    rng = random.Random(2026)
    users = users or {}
    themes = list(Theme.objects.filter(parent__isnull=True).order_by("code"))
    provinces = {p.code: p for p in Province.objects.all()}

    def some_themes():
        return rng.sample(themes, k=min(2, len(themes))) if themes else []

    for i, (title, summary, body, valid_from, valid_until) in enumerate(FRAMEWORKS):
        publication, created = _publication(
            kind=PublicationKind.FRAMEWORK, title=title, summary=summary, body=body, n=i * 3 + 2,
            themes=some_themes(), valid=(valid_from, valid_until), users=users,
        )  # fmt: skip
        if created:
            # two earlier versions with their own text; the current one is version 3
            for version, note in ((1, "Eerste versie"), (2, "Termijnen verduidelijkt")):
                PublicationRevision.objects.create(
                    publication=publication,
                    version=version,
                    title=title,
                    summary=summary,
                    body=body.replace("## ", f"## (versie {version}) ", 1)
                    + f"\n\nDeze tekst gold als versie {version} van het kader.",
                    valid_from=valid_from,
                    valid_until=valid_until,
                    change_note=note,
                    changed_at=_published_at(i * 3 + 30 - version * 10),
                    changed_by=users.get("kernteam"),
                )
            PublicationRevision.objects.create(
                publication=publication, version=3, title=title, summary=summary, body=body,
                valid_from=valid_from, valid_until=valid_until, change_note="Geactualiseerd na de nieuwe prognose",
                changed_at=_published_at(i * 3 + 2), changed_by=users.get("kernteam"),
            )  # fmt: skip
            Publication.objects.filter(pk=publication.pk).update(version=3)

    for i, (title, code) in enumerate(LESSONS):
        _publication(
            kind=PublicationKind.LESSONS,
            title=title,
            summary=f"Ervaringen van de PRT {provinces[code].name if code in provinces else ''} die andere provincies kunnen gebruiken.",
            body="## Wat werkte\n\n- Vroeg de omgeving betrekken.\n- Korte lijnen met het COA.\n\n## Wat we anders zouden doen\n\n"
            "Eerder de ruimtelijke procedure starten: die kost de meeste tijd.",
            n=i * 2 + 1,
            themes=some_themes(),
            province=provinces.get(code),
            users=users,
        )
    for i, title in enumerate(NEWS):
        _publication(
            kind=PublicationKind.NEWS, title=title, summary=f"{title}. Lees het hele bericht.",
            body=f"{title}.\n\nMeer informatie krijgt u bij het loket.", n=i, themes=some_themes(), users=users,
        )  # fmt: skip
    for i, title in enumerate(GUIDES):
        _publication(
            kind=PublicationKind.GUIDE, title=title, summary="Praktische stappen en voorbeelden voor PRT's en gemeenten.",
            body="## Stappen\n\n1. Breng de uitgangssituatie in kaart.\n2. Maak afspraken met de betrokken partijen.\n"
            "3. Leg de keuzes vast in het provinciale plan.", n=i * 2 + 3, themes=some_themes(), users=users,
        )  # fmt: skip
    for i, (question, answer) in enumerate(FAQ):
        _publication(
            kind=PublicationKind.FAQ, title=question, summary=answer,
            body=f"## Vraag\n\n{question}\n\n## Antwoord\n\n{answer}", n=i, themes=some_themes(), users=users,
        )  # fmt: skip
    # a scheduled item and a draft, to show both states
    _publication(
        kind=PublicationKind.NEWS, title="Aankondiging: prognose januari 2027", summary="Verschijnt binnenkort.",
        body="De nieuwe prognose verschijnt in januari 2027.", n=0, themes=[], users=users,
    )  # fmt: skip
    Publication.objects.filter(slug="aankondiging-prognose-januari-2027").update(
        published_at=timezone.make_aware(datetime(2027, 1, 5, 9, 0))
    )
    if not Publication.objects.filter(slug="concept-handreiking-evaluatie").exists():
        build_publication(
            slug="concept-handreiking-evaluatie",
            kind=PublicationKind.GUIDE,
            title="Concept: handreiking evaluatie",
            body="In bewerking.",
        )

    _load_subscribers(rng, themes, list(provinces.values()))
    _load_mailings(users)
    if stdout is not None:
        stdout.write(
            f"  loket: {Publication.objects.count()} publicaties, {Subscription.objects.count()} abonnees, "
            f"{Mailing.objects.count()} mailings"
        )


FIRST = [
    "anne",
    "bas",
    "carla",
    "daan",
    "eva",
    "fleur",
    "gijs",
    "hanna",
    "ilse",
    "joost",
    "karin",
    "lars",
    "mila",
    "niels",
]
DOMAINS = [
    "gemeente-voorbeeld.nl",
    "provincie-voorbeeld.nl",
    "coa-voorbeeld.nl",
    "vng-voorbeeld.nl",
    "adviesbureau.example",
]


def _load_subscribers(rng: random.Random, themes, provinces) -> None:
    if Subscription.objects.filter(email__startswith="abonnee").count() >= 200:
        return
    confirmed_at = timezone.make_aware(datetime.combine(TODAY - timedelta(days=60), time(10, 0)))
    for i in range(200):
        email = f"abonnee{i:03d}.{FIRST[i % len(FIRST)]}@{DOMAINS[i % len(DOMAINS)]}"
        subscription, created = Subscription.objects.get_or_create(
            email=email,
            defaults={
                "general_news": i % 3 != 0,
                "confirmed_at": None if i % 20 == 19 else confirmed_at,  # a few never confirmed
                "unsubscribed_at": confirmed_at + timedelta(days=20) if i % 25 == 24 else None,
                "requested_at": confirmed_at - timedelta(hours=1),
            },
        )
        if created:
            if themes and i % 2 == 0:
                subscription.themes.set(rng.sample(themes, k=1))
            if provinces and i % 4 == 1:
                subscription.provinces.set(rng.sample(provinces, k=1))


def _load_mailings(users) -> None:
    specs = [
        (
            "Nieuwsbrief oktober 2026: nieuwe kaders en de kennisdag",
            "## Nieuwe kaders\n\nHet **kader flexibele opvanglocaties** is bijgewerkt. Lees de nieuwe versie bij de "
            "publicaties.\n\n## Kennisdag\n\nOp de kennisdag deelden twaalf PRT's hun ervaringen.",
            {"audience_general": True},
            TODAY - timedelta(days=30),
        ),
        (
            "Aan alle partners: planning actualisatie provinciale plannen",
            "Beste partners,\n\nVóór 1 maart verwachten we de geactualiseerde plannen. Het kernteam helpt graag.",
            {"audience_all_partners": True, "audience_general": False},
            TODAY - timedelta(days=10),
        ),
    ]
    for subject, body, audience, sent_on in specs:
        sent_at = timezone.make_aware(datetime.combine(sent_on, time(10, 0)))
        mailing, created = Mailing.objects.get_or_create(
            subject=subject,
            defaults={
                "kind": MailingKind.REGULAR,
                "body": body,
                "status": MailingStatus.SENT,
                "created_by": users.get("kernteam"),
                "sent_by": users.get("kernteam"),
                "sent_at": sent_at,
                "finished_at": sent_at + timedelta(minutes=12),
                **audience,
            },
        )
        if not created:
            continue
        if audience.get("audience_general"):
            people = list(
                Subscription.objects.filter(general_news=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True)
                .order_by("email")
                .values_list("email", flat=True)
            )
        else:
            people = list(
                get_user_model()
                .objects.filter(groups__name__in=["PRT-lid", "CdK-medewerker"])
                .exclude(email="")
                .order_by("email")
                .values_list("email", flat=True)
                .distinct()
            )
        rows = []
        for i, email in enumerate(people):
            failed = i % 37 == 36
            rows.append(
                MailingRecipient(
                    mailing=mailing,
                    email=email,
                    status=RecipientStatus.FAILED if failed else RecipientStatus.SENT,
                    attempts=5 if failed else 1,
                    reason="SMTPRecipientsRefused: 550 mailbox unavailable" if failed else "",
                    last_attempt_at=sent_at + timedelta(minutes=1 + i // 50),
                    sent_at=None if failed else sent_at + timedelta(minutes=1 + i // 50),
                )
            )
        MailingRecipient.objects.bulk_create(rows, ignore_conflicts=True)
