"""XSS payloads in every free-text and Markdown field come out escaped or sanitised on the pages
that show them, in the mails (text and HTML) and in the exports; CSV/XLSX cells that start with
= + - @ are neutralised (formula injection)."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from openpyxl import load_workbook

from experts.models import Expert
from experts.services import referral_create
from experts.tokens import Purpose, make_token
from loket.core.models import Organisation, Province, Theme
from monitoring import services as monitoring_services
from monitoring.models import Signal, SignalAction
from plans import services as plan_services
from plans.models import PlannedLocation, PrognosisRound
from questions import services as question_services
from questions.models import Question
from tests.conftest import download, login
from tests.experts.factories import make_question
from tests.security.test_permission_matrix import build_matrix_objects

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MD_LINK = "[klik hier](javascript:alert(1))"
RAW_LINK = '<a href="javascript:alert(1)">klik</a>'
EVENT = '<p onmouseover="alert(1)">beweeg</p>'
XSS = " ".join([SCRIPT, IMG, MD_LINK, RAW_LINK, EVENT])
FORMULA = '=HYPERLINK("http://evil.example","x")'
FORMULAS = [FORMULA, "+1+1", "-2+3", "@SUM(A1)"]


class _Links(HTMLParser):
    """The link targets of the real elements of a page (escaped markup shown as text has none)."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction")]


def assert_safe_html(html: str, where: str = "") -> None:
    assert "<script>alert(1)</script>" not in html, where
    links = _Links()
    links.feed(html)
    assert not [t for t in links.targets if re.sub(r"\s", "", t).lower().startswith("javascript:")], where
    assert not re.search(r"<[a-z][^>]*\shref\s*=\s*[\"']?\s*javascript:", html, re.I), where
    html = re.sub(r'"[^"]*"', '""', html)  # escaped text inside quoted attribute values is harmless
    assert not re.search(r"<img[^>]*onerror", html, re.I), where
    assert not re.search(r"<[a-z][^>]*\son(error|mouseover|click|load)\s*=", html, re.I), where


def assert_no_formula(cells, where: str = "") -> None:
    for cell in cells:
        if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
            assert re.fullmatch(r"-?\d+([.,]\d+)?", cell), f"{where}: formule niet geneutraliseerd: {cell!r}"


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [
        cell
        for row in csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ",")
        for cell in row
    ]


def xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def mails_safe() -> None:
    assert mail.outbox, "geen mail verstuurd"
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert_safe_html(content, f"mail {message.subject}")
        assert "<script>" not in message.subject


@pytest.fixture
def objs(db, users):
    return build_matrix_objects(users)


def test_question_payloads_on_pages_and_in_mails(client, objs, ask_form_data, django_capture_on_commit_callbacks):
    data = {**ask_form_data, "asker_name": f"Eva {IMG}", "organisation_name": SCRIPT, "asker_role": EVENT}
    data.update(subject=f"Vraag {SCRIPT}", body=XSS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/vragen/stellen/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.latest("pk")
    mails_safe()
    assert_safe_html(client.get(f"/vragen/volgen/{question.token}/").content.decode(), "volgpagina")
    kernteam = objs["users"]["kernteam"]
    login(client, kernteam)
    for url in ("/kernteam/", "/kernteam/vragen/", f"/kernteam/vragen/{question.pk}/", "/kernteam/vragen/?q=alert"):
        assert_safe_html(client.get(url).content.decode(), url)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        question_services.question_answer(question=question, body=f"Antwoord {XSS}", by=kernteam)
    mails_safe()
    client.logout()
    assert_safe_html(client.get(f"/vragen/volgen/{question.token}/").content.decode(), "volgpagina met antwoord")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/vragen/volgen/{question.token}/", {"body": f"Reactie {XSS}"})
    login(client, kernteam)
    assert_safe_html(client.get(f"/kernteam/vragen/{question.pk}/").content.decode(), "detail met reactie")


@pytest.fixture
def ask_form_data(db):
    return {
        "asker_name": "Anna Vrager",
        "asker_email": "anna@gemeente.example.nl",
        "organisation": str(Organisation.objects.get(code="VNG").pk),
        "organisation_name": "",
        "asker_role": "Beleidsadviseur",
        "province": str(Province.objects.get(code="PV26").pk),
        "themes": [str(Theme.objects.get(code="KWA-PRO").pk)],
        "subject": "Prognose",
        "body": "Tekst",
        "consent": "on",
        "website": "",
    }


def test_expert_payloads_in_directory_referral_and_mails(client, objs, django_capture_on_commit_callbacks):
    expert = objs["other_expert"]
    Expert.objects.filter(pk=expert.pk).update(name=f"Dr. {IMG}", function=SCRIPT, expertise=XSS)
    expert.refresh_from_db()
    kernteam = objs["users"]["kernteam"]
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_create(
            question=make_question(province=None), expert=expert, note=f"Notitie {XSS}", by=kernteam
        )
    mails_safe()
    login(client, objs["users"]["prt_utrecht"])
    assert_safe_html(client.get("/deskundigen/").content.decode(), "gids partner")
    assert_safe_html(client.get("/deskundigen/?q=alert").content.decode(), "gids zoeken")
    login(client, kernteam)
    for url in ("/deskundigen/", "/kernteam/deskundigen/", f"/kernteam/deskundigen/{expert.pk}/"):
        assert_safe_html(client.get(url).content.decode(), url)
    assert_safe_html(client.get(f"/kernteam/doorverwijzingen/{referral.pk}/").content.decode(), "review")
    client.logout()

    token = make_token(Purpose.REFERRAL, pk=referral.pk, nonce=referral.token_nonce)
    client.post(f"/deskundigen/verwijzing/{token}/", {"action": "accept"})
    referral.refresh_from_db()
    token = make_token(Purpose.REFERRAL, pk=referral.pk, nonce=referral.token_nonce)
    assert_safe_html(client.get(f"/deskundigen/verwijzing/{token}/").content.decode(), "verwijzing")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/deskundigen/verwijzing/{token}/", {"action": "answer", "body": f"Antwoord {XSS}"})
    login(client, kernteam)
    assert_safe_html(client.get(f"/kernteam/doorverwijzingen/{referral.pk}/").content.decode(), "review na antwoord")


def test_plan_payloads_and_exports(client, objs):
    version = objs["gelderland_concept"]
    prt = objs["users"]["prt_gelderland"]
    plan_services.plan_version_update(
        version=version, by=prt, scaling=XSS, regional=f"## Kop\n\n{MD_LINK}", roles=RAW_LINK, risks=EVENT
    )
    PlannedLocation.objects.filter(version=version).update(name=FORMULA, municipality="@SUM(A1)")
    first = PlannedLocation.objects.filter(version=version).first()
    PlannedLocation.objects.filter(pk=first.pk).update(name=f"Locatie {SCRIPT}", municipality="+1+1")
    login(client, prt)
    for url in ("/plannen/PV25/v1/", "/plannen/PV25/", "/plannen/PV25/vergelijken/", "/plannen/PV25/v1/teksten/"):
        assert_safe_html(client.get(url).content.decode(), url)
    export = client.get("/plannen/PV25/v1/export.xlsx")
    assert export.status_code == 200
    cells = xlsx_cells(download(export))
    assert any(isinstance(c, str) and "HYPERLINK" in c for c in cells)  # the text is kept ...
    assert_no_formula(cells, "versie-export")  # ... but never as a formula
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/plannen/capaciteit/export.{fmt}")
        assert response.status_code == 200
        assert_no_formula(csv_cells(download(response)) if fmt == "csv" else xlsx_cells(download(response)), fmt)


def test_prognosis_source_in_exports(client, objs):
    round_ = objs["published_round"]
    PrognosisRound.objects.filter(pk=round_.pk).update(source=FORMULA, notes=XSS)
    for url in ("/plannen/prognose/", f"/plannen/prognose/{round_.pk}/"):
        assert_safe_html(client.get(url).content.decode(), url)
    response = client.get(f"/plannen/prognose/{round_.pk}/export.xlsx")
    assert response.status_code == 200
    assert_no_formula(xlsx_cells(download(response)), "prognose-export")


def test_signal_payloads_on_pages_mails_and_exports(client, objs, django_capture_on_commit_callbacks):
    signal = objs["utrecht_signal"]
    Signal.objects.filter(pk=signal.pk).update(title=FORMULA, description=XSS, internal_notes=SCRIPT)
    SignalAction.objects.filter(pk=objs["action"].pk).update(what="+1+1", who="@SUM(A1)")
    monitoring_services.action_add(signal=signal, by=objs["users"]["kernteam"], what=f"-2+3 {SCRIPT}", who=IMG)
    signal.refresh_from_db()
    lrt = objs["users"]["lrt"]
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.escalation_decide(
            meeting=objs["meeting"],
            signal=signal,
            decision=f"Besluit {XSS}",
            by=lrt,
            actions=[{"what": FORMULA, "who": "@Kernteam"}],
        )
    mails_safe()
    meeting = objs["meeting"]
    for role in ("prt_utrecht", "kernteam", "lrt"):
        login(client, objs["users"][role])
        for url in (
            "/monitoring/",
            "/monitoring/matrix/",
            f"/monitoring/signalen/{signal.pk}/",
            "/monitoring/?q=alert",
        ):
            assert_safe_html(client.get(url).content.decode(), f"{role} {url}")
    login(client, lrt)
    assert_safe_html(client.get(f"/monitoring/overleggen/{meeting.pk}/").content.decode(), "agenda")
    for url in ("/monitoring/export.csv", f"/monitoring/overleggen/{meeting.pk}/rapportage.csv"):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        cells = csv_cells(content)
        assert any("HYPERLINK" in c for c in cells), url
        assert_no_formula(cells, url)
    for url in (
        "/monitoring/export.xlsx",
        f"/monitoring/overleggen/{meeting.pk}/rapportage.xlsx",
        "/monitoring/evaluatie/export.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert_no_formula(xlsx_cells(content), url)
    pdf = client.get(f"/monitoring/overleggen/{meeting.pk}/rapportage.pdf")
    assert pdf.status_code == 200


def test_profile_names_are_escaped(client, objs):
    user = objs["users"]["prt_utrecht"]
    get_user_model().objects.filter(pk=user.pk).update(first_name=SCRIPT, last_name=IMG)
    login(client, user)
    for url in ("/", "/profiel/", "/vragen/stellen/", "/monitoring/"):
        assert_safe_html(client.get(url).content.decode(), url)
