"""Demo questions for `manage.py load_demo`: about 40 questions across themes, provinces and
statuses, with messages and history, plus routing rules, deadlines and standard answers.
Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.core.models import Organisation, Province, Theme

from .builders import Message, NewQuestion, Step, build_questions
from .models import MessageKind, Question, RoutingRule, StandardAnswer, ThemeDeadline
from .routing import pick_rule
from .services import routing_input_for
from .workflow import Status

DEMO_DOMAIN = "demo-vragen.example.nl"

RULES = [
    # order, name, theme code, province code, organisation type, assignee username
    (10, "Prognose, verdeling en monitoring naar Kim", "KWA", None, "", "kernteam"),
    (20, "Opvanglocaties naar Karim", "LOC", None, "", "kernteam2"),
    (30, "Flexibele opvangvormen naar Karim", "FLX", None, "", "kernteam2"),
    (40, "Financiële en juridische kaders naar Kim", "FJK", None, "", "kernteam"),
    (50, "Op- en afschaling vanuit gemeenten naar Karim", "OPA", None, "gemeente", "kernteam2"),
    (60, "Overige vragen uit Utrecht naar Kim", None, "PV26", "", "kernteam"),
]

STANDARD_ANSWERS = [
    (
        "Verwijzing naar de verdeelsleutel",
        "KWA-VER",
        "Dank voor uw vraag. De provinciale opgave volgt uit de verdeelsleutel die het kernteam op de "
        "pagina Prognose publiceert. Daar vindt u per provincie het aantal plaatsen en de berekening.",
    ),
    (
        "Subsidieregelingen: eerst het kader raadplegen",
        "FJK-SUB",
        "Dank voor uw vraag. De voorwaarden van de specifieke uitkering staan in het kader dat op het "
        "loket is gepubliceerd. Past uw situatie daar niet in, laat het ons dan weten.",
    ),
    (
        "Ontvangstbevestiging met doorverwijzing",
        None,
        "Dank voor uw vraag. Wij hebben een deskundige uit ons netwerk gevraagd mee te kijken en komen "
        "binnen enkele werkdagen bij u terug.",
    ),
]

SUBJECTS = [
    ("KWA-PRO", "Hoe rekenen we met de nieuwe prognose voor het tweede halfjaar?"),
    ("KWA-VER", "Telt onze bestaande noodopvang mee in de provinciale opgave?"),
    ("KWA-MON", "Welke cijfers leveren we aan voor de monitoring van realisatie?"),
    ("LOC-KAD", "Gelden de locatiecriteria ook voor kleinschalige opvang onder 100 plaatsen?"),
    ("LOC-INR", "Wie is verantwoordelijk voor het beheer van een gemeentelijke opvanglocatie?"),
    ("LOC-DIE", "Hoe regelen we onderwijs voor kinderen op een tijdelijke locatie?"),
    ("LOC-FIN", "Welke kosten van inrichting worden vergoed bij een nieuwe locatie?"),
    ("FLX-WON", "Kunnen flexwoningen later worden ingezet voor vergunninghouders?"),
    ("FLX-CON", "Welke contractvorm past bij een huurlocatie voor vijf jaar?"),
    ("FLX-HVH", "Hoe verhoudt een tussenvoorziening zich tot de taakstelling huisvesting?"),
    ("OPA-RES", "Hoeveel reservecapaciteit moeten we in het plan opnemen?"),
    ("OPA-FAS", "Hoe leggen we de fasering van afbouw van een locatie vast?"),
    ("FJK-SUB", "Komt een particuliere locatie in aanmerking voor de specifieke uitkering?"),
    ("FJK-STR", "Kan de provincie voorfinancieren voor een gemeente?"),
    ("FJK-RO", "Is een omgevingsvergunning nodig voor tijdelijke opvang in een kantoorpand?"),
    ("BEL-UVA", "Wat betekent de Uitvoeringsagenda voor ons tijdpad?"),
    ("BEL-SPR", "Wat gebeurt er als het plan niet op tijd is vastgesteld?"),
    ("PPI", "Zijn er pilots met gemengde huisvesting waar we van kunnen leren?"),
    ("DRA", "Heeft u voorbeelden van een goede informatieavond voor omwonenden?"),
    ("OOV", "Hoe betrekken we politie en veiligheidsregio bij een nieuwe locatie?"),
]

# The status path each demo question walked (the last one is its current status).
PATHS = [
    [Status.NEW],
    [Status.NEW, Status.ASSIGNED],
    [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS],
    [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WITH_EXPERT],
    [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED],
    [Status.NEW, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED],
    [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED, Status.REOPENED],
    [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS],
]

ASKERS = [
    ("Sanne de Vries", "beleidsadviseur wonen", "GM0344"),
    ("Mohammed El Amrani", "projectleider opvang", "PV25"),
    ("Eva Bakker", "programmamanager asiel", "VNG"),
    ("Joris Visser", "adviseur vastgoed", "COA"),
    ("Fatima Yilmaz", "secretaris PRT", "PV26"),
    ("Pieter Smit", "jurist", "IPO"),
]

PROVINCE_CODES = ["PV26", "PV25", "PV27", "PV28", "PV30", "PV20", "PV23", None, "PV29", "PV24"]


def _users(users: dict | None) -> dict:
    if users:
        return users
    model = get_user_model()
    return {u.username: u for u in model.objects.filter(username__in=["kernteam", "kernteam2"])}


def load(*, stdout=None, users=None) -> None:
    users = _users(users)
    if "kernteam" not in users or "kernteam2" not in users:
        if stdout:
            stdout.write("questions.demo: demo-accounts kernteam en kernteam2 ontbreken; overgeslagen")
        return
    with transaction.atomic():
        _load_rules(users)
        _load_reference()
        created = _load_questions(users)
    if stdout:
        stdout.write(f"questions.demo: {created} demovragen aangemaakt")


def _load_rules(users: dict) -> None:
    for order, name, theme_code, province_code, org_type, username in RULES:
        RoutingRule.objects.get_or_create(
            name=name,
            defaults={
                "order": order,
                "theme": Theme.objects.filter(code=theme_code).first() if theme_code else None,
                "province": Province.objects.filter(code=province_code).first() if province_code else None,
                "organisation_type": org_type,
                "assignee": users[username],
            },
        )


def _load_reference() -> None:
    for code, days in (("FJK", 10), ("FJK-RO", 10), ("BEL-SPR", 3)):
        theme = Theme.objects.filter(code=code).first()
        if theme:
            ThemeDeadline.objects.get_or_create(theme=theme, defaults={"working_days": days})
    for title, theme_code, body in STANDARD_ANSWERS:
        answer, created = StandardAnswer.objects.get_or_create(title=title, defaults={"body": body})
        if created and theme_code:
            answer.themes.set(Theme.objects.filter(code=theme_code))


def _organisation(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def _load_questions(users: dict) -> int:
    if Question.objects.filter(asker_email__endswith="@" + DEMO_DOMAIN).exists():
        return 0
    rules = list(RoutingRule.objects.filter(is_active=True).order_by("order", "pk"))
    now = timezone.now()
    by_username = {"kernteam": users["kernteam"], "kernteam2": users["kernteam2"]}
    items = []
    for i in range(40):
        theme_code, subject = SUBJECTS[i % len(SUBJECTS)]
        theme = Theme.objects.get(code=theme_code)
        name, role, org_code = ASKERS[i % len(ASKERS)]
        organisation = _organisation(org_code) or _organisation("VNG")
        province_code = PROVINCE_CODES[i % len(PROVINCE_CODES)]
        province = Province.objects.filter(code=province_code).first() if province_code else None
        path = PATHS[i % len(PATHS)]
        received = now - dt.timedelta(days=2 + (i * 37) % 60, hours=i % 9)
        question = Question(
            asker_name=name,
            asker_email=f"{name.split()[0].lower()}.{i}@{DEMO_DOMAIN}",
            asker_role=role,
            organisation=organisation,
            organisation_name=organisation.name if organisation else "",
            province=province,
            subject=subject if i < len(SUBJECTS) else f"{subject} (vervolg)",
            body=(
                f"Goedemiddag,\n\n{subject} Wij werken aan het provinciale plan en willen dit goed "
                "vastleggen voordat het in het PRT wordt besproken.\n\nMet vriendelijke groet,\n" + name
            ),
            received_at=received,
            faq_candidate=(i % 11 == 4),
        )
        rule = pick_rule(rules, routing_input_for(question, [theme.pk]))
        if rule and path == [Status.NEW]:
            path = [Status.NEW, Status.ASSIGNED]  # a matching rule assigns a question on arrival
        assignee = rule.assignee if rule else None
        if assignee is None and len(path) > 1:
            assignee = by_username["kernteam2" if i % 2 else "kernteam"]
        items.append(_walk(question, theme, path, assignee, rule))
    return len(build_questions(items))


STEP_HOURS = 20  # each step of a demo question's path took this long


def _walk(question: Question, theme: Theme, path: list[Status], assignee, rule) -> NewQuestion:
    """The question as it stands after walking `path`: its history, messages and current status."""
    received = question.received_at
    history = []
    messages = []
    for index, step in enumerate(path):
        at = received + dt.timedelta(hours=STEP_HOURS * index)
        note = ""
        by = assignee
        by_name = ""
        if step == Status.NEW:
            by, by_name = None, question.asker_name
        elif step == Status.ASSIGNED:
            note = f"Gerouteerd door regel “{rule.name}”." if rule else "Toegewezen vanuit de wachtrij."
            if rule:
                by, by_name = None, "Routering"
        elif step == Status.WITH_EXPERT:
            note = "Voorgelegd aan een deskundige uit het netwerk."
        elif step == Status.ANSWERED:
            messages.append(
                Message(
                    kind=MessageKind.ANSWER,
                    author=assignee,
                    at=at,
                    body="Dank voor uw vraag. In het kader dat op het loket staat leest u hoe dit werkt; "
                    "kort gezegd telt alleen capaciteit die in het plan met een begin- en einddatum is "
                    "opgenomen. Wij horen graag of dit uw vraag beantwoordt.",
                )
            )
        elif step == Status.REOPENED:
            messages.append(
                Message(
                    kind=MessageKind.REPLY,
                    at=at,
                    body="Dank u. Geldt dit ook als de locatie pas in het derde kwartaal opent?",
                )
            )
            by, by_name = None, question.asker_name
            note = "Heropend door een reactie van de vragensteller."
        if step == Status.IN_PROGRESS:
            messages.append(
                Message(kind=MessageKind.NOTE, author=assignee, at=at, body="Nagevraagd bij COA hoe zij dit tellen.")
            )
        history.append(Step(to=step, at=at, by=by, by_name=by_name, note=note))
    question.status = path[-1]
    question.assignee = assignee if len(path) > 1 else None
    question.routed_by = rule if len(path) > 1 else None
    if Status.ANSWERED in path:
        question.answered_at = received + dt.timedelta(hours=STEP_HOURS * path.index(Status.ANSWERED))
    if path[-1] == Status.CLOSED:
        question.closed_at = received + dt.timedelta(hours=STEP_HOURS * len(path))
    return NewQuestion(question, themes=[theme], history=history, messages=messages)
