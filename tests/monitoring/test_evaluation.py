"""Evaluation figures: per theme, province and month; response times; referrals; signals and
escalations; tables, SVG charts without inline styles, and an XLSX export."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from experts.models import Expert, Referral, ReferralStatus
from loket.core.models import Theme
from monitoring.models import Escalation, SignalKind
from monitoring.selectors import evaluation_figures, percentile
from monitoring.workflow import Status
from questions.models import MessageKind, QuestionMessage

from .factories import LrtMeetingFactory, SignalFactory, make_question


def test_percentile_matches_inclusive_definition():
    assert percentile([], 0.9) is None
    assert percentile([5], 0.9) == 5
    assert percentile(list(range(1, 11)), 0.5) == 5.5
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)


@pytest.fixture
def data(db, utrecht, gelderland):
    themes = list(Theme.objects.order_by("code")[:2])
    start = timezone.now() - timedelta(days=40)
    questions = []
    for i, hours in enumerate([2, 4, 6, 8, 100]):
        q = make_question(province=utrecht if i < 3 else gelderland, theme=themes[i % 2], received_at=start)
        message = QuestionMessage.objects.create(question=q, kind=MessageKind.ANSWER, body="Antwoord")
        QuestionMessage.objects.filter(pk=message.pk).update(created_at=start + timedelta(hours=hours))
        # A later second answer does not count: the first answer decides.
        later = QuestionMessage.objects.create(question=q, kind=MessageKind.ANSWER, body="Nog een")
        QuestionMessage.objects.filter(pk=later.pk).update(created_at=start + timedelta(hours=hours + 500))
        questions.append(q)
    make_question(received_at=timezone.now())  # unanswered, no province
    expert = Expert.objects.create(name="Deskundige", email="d@example.nl")
    Referral.objects.create(question=questions[0], expert=expert, status=ReferralStatus.ANSWERED)
    Referral.objects.create(question=questions[1], expert=expert, status=ReferralStatus.ANSWERED)
    Referral.objects.create(question=questions[2], expert=expert, status=ReferralStatus.DECLINED)
    risk = SignalFactory(provinces=[gelderland], kind=SignalKind.RISK, status=Status.ESCALATED)
    SignalFactory(provinces=[gelderland, utrecht], kind=SignalKind.OPPORTUNITY)
    national = SignalFactory(kind=SignalKind.ISSUE, status=Status.ESCALATED)
    meeting = LrtMeetingFactory()
    Escalation.objects.create(signal=risk, meeting=meeting, proposal="P")
    Escalation.objects.create(signal=national, meeting=meeting, proposal="P")
    return themes


def test_figures(data):
    f = evaluation_figures()
    assert sum(r["n"] for r in f["per_theme"]) == 5
    per_province = {r["name"]: r["n"] for r in f["per_province"]}
    assert per_province["Utrecht"] == 3 and per_province["Gelderland"] == 2 and per_province["Drenthe"] == 0
    assert sum(r["n"] for r in f["per_month"]) == 6
    assert f["response"]["count"] == 5
    assert f["response"]["median_hours"] == pytest.approx(6)
    assert f["response"]["p90_hours"] == pytest.approx(percentile([2, 4, 6, 8, 100], 0.9))
    assert {r["status"]: r["n"] for r in f["referrals"]} == {"Beantwoord": 2, "Afgewezen": 1}
    signals = {r["name"]: r for r in f["signals"]["rows"]}
    assert signals["Gelderland"]["counts"] == [1, 1, 0] and signals["Utrecht"]["counts"] == [1, 0, 0]
    assert signals["Landelijk"]["counts"] == [0, 0, 1]
    escalations = {r["name"]: r for r in f["escalations"]["rows"]}
    assert escalations["Gelderland"]["total"] == 1 and escalations["Landelijk"]["total"] == 1
    assert escalations["Utrecht"]["total"] == 0


def test_page_has_tables_and_svg_without_inline_styles(client_for, data):
    body = client_for("lrt").get("/monitoring/evaluatie/").content.decode()
    assert body.count("<svg") >= 4 and "<rect" in body
    assert "style=" not in body
    assert "<caption>" in body and "90e percentiel" in body and "6,0 uur" in body


def test_xlsx_export(client_for, data):
    response = client_for("kernteam").get("/monitoring/evaluatie/export.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {
        "Per thema",
        "Per provincie",
        "Per maand",
        "Reactietijd",
        "Doorverwijzingen",
        "Signalen",
        "Escalaties",
    } <= set(workbook.sheetnames)
    rows = list(workbook["Reactietijd"].iter_rows(values_only=True))
    assert rows[2][1] == pytest.approx(6)
    assert workbook["Per thema"]["A1"].font.bold


def test_evaluation_query_count(client_for, db, utrecht, django_assert_max_num_queries):
    client = client_for("kernteam")
    for n in (5, 60):
        for _ in range(n):
            make_question(province=utrecht)
        with django_assert_max_num_queries(18):  # 16, + the support requests per kind and province (issue 16)
            body = client.get("/monitoring/evaluatie/").content.decode()
    assert re.search(r"<th scope=\"row\">Utrecht</th><td>65</td>", body)
