"""Evaluation item 3 (issue 17): practical support requests (per kind and state, per province,
median working days to acceptance) and consultations (rounds, invitees, comments, handling shares,
per organisation type) are sections like the others: on the page with a chart beside the table,
in the XLSX, in the PDF report with their explanation, and filtered by the period."""

import base64
import io
import re
import zlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from loket.core.models import Province
from loket.publications.consultations.models import Consultation, ConsultationComment, ConsultationInvitee
from loket.publications.consultations.workflow import Handling
from loket.publications.models import Publication, PublicationKind
from monitoring.evaluation import SECTIONS, Scope, evaluation_sections
from plans.models import SupportRequest, SupportStatusChange
from plans.workflow import SupportKind, SupportStatus
from tests.conftest import make_user

AMS = ZoneInfo("Europe/Amsterdam")
ACCEPTED = SupportStatus.ACCEPTED
pytestmark = pytest.mark.django_db


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=AMS)


def section(scope, key):
    return next(s for s in evaluation_sections(scope) if s.key == key)


def support(province, kind, made, *, accepted=None, status=SupportStatus.REQUESTED):
    request = SupportRequest.objects.create(province=province, kind=kind, description="Hulp", status=status)
    SupportRequest.objects.filter(pk=request.pk).update(created_at=made)
    if accepted:
        change = SupportStatusChange.objects.create(request=request, from_status="aangevraagd", to_status=ACCEPTED)
        SupportStatusChange.objects.filter(pk=change.pk).update(created_at=accepted)
    return request


def consultation(title, opened, *, invitees=(), comments=()):
    publication = Publication.objects.create(kind=PublicationKind.FRAMEWORK, title=title, slug=title.lower())
    round_ = Consultation.objects.create(
        publication=publication, version=1, title=title, closes_on=opened.date(), opened_at=opened
    )
    for user in invitees:
        ConsultationInvitee.objects.create(consultation=round_, user=user)
    for author, handling in comments:
        ConsultationComment.objects.create(
            consultation=round_, author=author, author_name=author.username, text="Reactie", handling=handling
        )
    return round_


@pytest.fixture
def data(utrecht, gelderland):
    # Support: requested Monday 4 May 2026, accepted Wednesday 6 May: one working day (5 May is off).
    support(utrecht, SupportKind.CALCULATION, at(2026, 5, 4), accepted=at(2026, 5, 6), status=SupportStatus.DONE)
    # Friday 8 May to Tuesday 12 May: two working days.
    support(utrecht, SupportKind.REVIEW, at(2026, 5, 8), accepted=at(2026, 5, 12), status=SupportStatus.PLANNED)
    support(gelderland, SupportKind.CALCULATION, at(2026, 5, 11), status=SupportStatus.DECLINED)
    support(gelderland, SupportKind.MEETING, at(2026, 9, 1))  # outside the spring period
    vng = make_user("vng-lid", None, None, "VNG")
    coa = make_user("coa-lid", None, None, "COA")
    loose = make_user("los-lid")  # no organisation
    consultation(
        "Kader locatiekeuze",
        at(2026, 4, 1),
        invitees=[vng, coa, loose],
        comments=[(vng, Handling.ADOPTED), (vng, Handling.PARTLY), (coa, Handling.NOT_ADOPTED), (coa, "")],
    )
    consultation("Kader later", at(2026, 10, 1), invitees=[vng], comments=[(loose, Handling.ADOPTED)])


def test_support_requests_per_kind_state_and_province_with_working_days_to_acceptance(data):
    scope = Scope()
    kinds = section(scope, "ondersteuning")
    assert kinds.headers[1:6] == ["Aangevraagd", "Geaccepteerd", "Afgewezen", "Gepland", "Afgerond"]
    rows = {r[0]: r[1:] for r in kinds.rows}
    assert rows["Rekenhulp"] == [0, 0, 1, 0, 1, 2, 1]  # one declined, one done; accepted after 1 working day
    assert rows["Review van een planonderdeel"] == [0, 0, 0, 1, 0, 1, 2]
    assert rows["Begeleiden van een bijeenkomst"] == [1, 0, 0, 0, 0, 1, None]
    assert kinds.total_row == ["Alle soorten", 1, 0, 1, 1, 1, 4, 1.5]
    provinces = {r[0]: r[1:] for r in section(scope, "ondersteuning-provincie").rows}
    assert provinces["Utrecht"] == [2, 2, 0, 1, 1.5]
    assert provinces["Gelderland"] == [2, 0, 1, 0, None]
    assert provinces["Drenthe"] == [0, 0, 0, 0, None]
    assert len(provinces) == Province.objects.count()


def test_consultation_rounds_handling_and_organisation_types(data):
    scope = Scope()
    rounds = section(scope, "consultaties")
    assert rounds.headers == [
        "Ronde", "Genodigden", "Reacties", "Beantwoord", "Overgenomen", "Deels overgenomen", "Niet overgenomen",
    ]  # fmt: skip
    assert rounds.rows[0][0] == "Kader locatiekeuze (versie 1, tot 1 apr. 2026)"
    assert rounds.rows[0][1:] == [3, 4, 3, 1, 1, 1]
    assert rounds.total_row == ["Alle rondes (2)", 4, 5, 4, 2, 1, 1]
    handling = {r[0]: r[1:] for r in section(scope, "consultatie-verwerking").rows}
    assert handling["Overgenomen"] == [2, 50.0]  # of the four answered comments
    assert handling["Deels overgenomen"] == [1, 25.0] and handling["Niet overgenomen"] == [1, 25.0]
    assert handling["Nog niet beantwoord"] == [1, None]
    types = {r[0]: r[1:] for r in section(scope, "consultatie-organisatie").rows}
    assert types["Koepelorganisatie"] == [2, 2, 1, 1, 0]  # VNG: invited twice, two comments
    assert types["Zelfstandig bestuursorgaan"] == [1, 2, 0, 0, 1]  # COA: one not adopted, one unanswered
    assert types["Niet in de lijst"] == [1, 1, 1, 0, 0]
    assert types["Gemeente"] == [0, 0, 0, 0, 0]


def test_support_and_consultations_follow_the_period(data):
    spring = Scope(start=date(2026, 3, 1), end=date(2026, 6, 30))
    assert section(spring, "ondersteuning").total_row[6] == 3
    assert "Gelderland" in {r[0] for r in section(spring, "ondersteuning-provincie").rows}
    assert {r[0]: r[1] for r in section(spring, "ondersteuning-provincie").rows}["Gelderland"] == 1
    rounds = section(spring, "consultaties")
    assert [r[0][:18] for r in rounds.rows] == ["Kader locatiekeuze"]
    assert {r[0]: r[1] for r in section(spring, "consultatie-verwerking").rows}["Overgenomen"] == 1
    autumn = Scope(start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert section(autumn, "ondersteuning").total_row[6] == 0
    assert section(autumn, "consultaties").total_row == ["Alle rondes (1)", 1, 1, 1, 1, 0, 0]


def test_page_shows_each_as_a_table_with_a_chart_and_a_total_row(client_for, data):
    body = client_for("lrt").get("/monitoring/evaluatie/?van=2026-03-01&tot=2026-06-30").content.decode()
    assert "monitoring/includes/support_counts" not in body
    for key, title in (
        ("ondersteuning", "Praktische ondersteuning per soort en status"),
        ("ondersteuning-provincie", "Praktische ondersteuning per provincie"),
        ("consultaties", "Consultatierondes, genodigden en reacties"),
        ("consultatie-verwerking", "Verwerking van de consultatiereacties"),
        ("consultatie-organisatie", "Consultatie per soort organisatie"),
    ):
        assert f'<h2 id="{key}-kop">{title}</h2>' in body
        assert f'id="grafiek-{key}-title"' in body, key  # the chart beside the table
    assert re.search(r'<tfoot><tr><th scope="row">Alle soorten</th>(<td>[^<]*</td>){5}<td>3</td><td>1,5</td>', body)
    assert "Werkdagen tot acceptatie" in body


def test_xlsx_has_a_sheet_per_section_with_the_total_row(client_for, data):
    response = client_for("kernteam").get("/monitoring/evaluatie/export.xlsx?van=2026-03-01&tot=2026-06-30")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.sheetnames) == len(SECTIONS)
    sheet = workbook["Praktische ondersteuning per so"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Soort ondersteuning" and rows[-1][0] == "Alle soorten" and rows[-1][6] == 3
    handling = {r[0]: r[1:] for r in workbook["Verwerking van de consultatiere"].iter_rows(values_only=True)}
    assert handling["Overgenomen"] == (1, 33.3) and handling["Alle reacties"][0] == 4


def pdf_text(content: bytes) -> str:
    """The text drawn on the pages of a reportlab PDF (plain, as loket.core.exports writes them, or
    ASCII85 and Flate streams), lines joined by spaces."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        stream = stream.strip()
        try:
            data = zlib.decompress(base64.a85decode(stream, adobe=True) if stream.endswith(b"~>") else stream)
        except (ValueError, zlib.error):
            data = stream  # not compressed
        shown += re.findall(rb"\((.*?)(?<!\\)\) Tj", data)
    text = " ".join(part.decode("latin-1").replace("\\(", "(").replace("\\)", ")") for part in shown)
    return " ".join(text.split())


def test_pdf_report_explains_support_and_consultations(client_for, data):
    response = client_for("lrt").get("/monitoring/evaluatie/rapport.pdf?van=2026-03-01&tot=2026-06-30")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for phrase in (
        "Reactietijden staan in werkdagen",
        "Heeft het antwoord geholpen?",  # the satisfaction figures
        "Praktische ondersteuning per provincie",
        "Werkdagen tot acceptatie",
        "Verwerking van de consultatiereacties",
        "alleen de beantwoorde reacties",
        "Consultatie per soort organisatie",
        "Alle soorten",
        "Alle rondes (1)",
    ):
        assert phrase in text, phrase


def test_evaluation_pages_keep_their_query_count_as_support_and_consultations_grow(
    client_for, utrecht, gelderland, django_assert_max_num_queries
):
    client = client_for("kernteam")
    for size, n in enumerate((3, 30)):
        for i in range(n):
            support(
                utrecht if i % 2 else gelderland,
                SupportKind.REVIEW,
                at(2026, 5, 4),
                accepted=at(2026, 5, 6),
                status=SupportStatus.ACCEPTED,
            )
        people = [make_user(f"genodigde-{size}-{i}", None, None, "VNG" if i % 2 else "COA") for i in range(n)]
        consultation(f"Kader {size}", at(2026, 4, 1), invitees=people, comments=[(p, Handling.ADOPTED) for p in people])
        with django_assert_max_num_queries(24):
            body = client.get("/monitoring/evaluatie/").content.decode()
        with django_assert_max_num_queries(20):
            client.get("/monitoring/evaluatie/export.xlsx")
        with django_assert_max_num_queries(20):
            client.get("/monitoring/evaluatie/rapport.pdf")
    assert re.search(r'<tfoot><tr><th scope="row">Alle provincies</th><td>33</td><td>33</td>', body)
    assert re.search(r'<tfoot><tr><th scope="row">Alle rondes \(2\)</th><td>33</td><td>33</td>', body)
