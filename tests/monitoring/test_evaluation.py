"""Evaluation figures per period (issue 17): response times in working days (median, p90, on time,
reopened), main themes rolled up, channel, province, organisation type, asker role, satisfaction,
referrals, signals and escalations with decisions; tables with charts, XLSX and the PDF report."""

import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import timezone

from experts.models import Expert, Referral, ReferralStatus
from loket.core.models import Theme
from monitoring.evaluation import Scope, evaluation_sections
from monitoring.models import Escalation, SignalKind
from monitoring.selectors import percentile
from monitoring.workflow import Status
from questions.models import (
    AskerKind,
    Channel,
    Helpfulness,
    MessageKind,
    QuestionFeedback,
    QuestionMessage,
    StatusChange,
)

from .factories import LrtMeetingFactory, SignalFactory, make_question

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def at(y, m, d, h=10, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=AMS)


def answer(question, when):
    message = QuestionMessage.objects.create(question=question, kind=MessageKind.ANSWER, body="Antwoord")
    QuestionMessage.objects.filter(pk=message.pk).update(created_at=when)
    return message


def section(scope, key):
    return next(s for s in evaluation_sections(scope) if s.key == key)


def measures(scope):
    return {row[0]: row[1] for row in section(scope, "reactietijd").rows}


def test_percentile_matches_inclusive_definition():
    assert percentile([], 0.9) is None
    assert percentile([5], 0.9) == 5
    assert percentile(list(range(1, 11)), 0.5) == 5.5
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)


def test_friday_evening_to_monday_morning_is_one_working_day():
    q = make_question(received_at=at(2026, 3, 6, 22, 30), due_date=date(2026, 3, 13))
    answer(q, at(2026, 3, 9, 9, 30))  # 59 hours later, but one working day
    m = measures(Scope())
    assert m["Beantwoorde vragen"] == 1
    assert m["Mediaan reactietijd (werkdagen)"] == 1
    assert m["Binnen de termijn beantwoord (%)"] == 100.0


def test_5_may_does_not_count_as_a_working_day():
    q = make_question(received_at=at(2026, 5, 4), due_date=date(2026, 5, 5))
    answer(q, at(2026, 5, 6))  # Monday to Wednesday, Tuesday 5 May off: one working day
    m = measures(Scope())
    assert m["Mediaan reactietijd (werkdagen)"] == 1
    assert m["Binnen de termijn beantwoord (%)"] == 0.0  # answered after its due date


@pytest.fixture
def data(utrecht, gelderland):
    main = Theme.objects.filter(parent__isnull=True, children__isnull=False).distinct().order_by("code").first()
    subs = list(main.children.order_by("code")[:2])
    start = at(2026, 3, 2)  # a Monday
    questions = []
    for i, days in enumerate([1, 2, 3, 4, 10]):
        q = make_question(
            province=utrecht if i < 3 else gelderland,
            theme=subs[0],
            received_at=start,
            due_date=date(2026, 3, 6),
            asker_kind=AskerKind.PRT if i < 2 else "",
            channel=Channel.EMAIL if i == 4 else Channel.WEB,
        )
        answer(q, start + timedelta(days=days))  # calendar days; Mon+5 = Sat... see the expected values
        answer(q, start + timedelta(days=days + 30))  # a later second answer does not count
        questions.append(q)
    Question = type(questions[0])
    Question.themes.through.objects.create(question=questions[0], theme=subs[1])  # two subs, one main
    StatusChange.objects.create(question=questions[1], from_status="beantwoord", to_status="heropend")
    QuestionFeedback.objects.create(
        question=questions[0], message=questions[0].messages.first(), rating=Helpfulness.YES
    )
    QuestionFeedback.objects.create(question=questions[1], message=questions[1].messages.first(), rating=Helpfulness.NO)
    make_question(received_at=at(2026, 7, 1))  # later, unanswered, no province
    expert = Expert.objects.create(name="Deskundige", email="d@example.nl")
    Referral.objects.create(question=questions[0], expert=expert, status=ReferralStatus.ANSWERED)
    Referral.objects.create(question=questions[2], expert=expert, status=ReferralStatus.DECLINED)
    risk = SignalFactory(provinces=[gelderland], kind=SignalKind.RISK, status=Status.ESCALATED)
    SignalFactory(provinces=[gelderland, utrecht], kind=SignalKind.OPPORTUNITY)
    national = SignalFactory(kind=SignalKind.ISSUE, status=Status.ESCALATED)
    meeting = LrtMeetingFactory()
    Escalation.objects.create(signal=risk, meeting=meeting, proposal="P", decision="Besloten: doen.")
    Escalation.objects.create(signal=national, meeting=meeting, proposal="P")
    return {"main": main, "subs": subs}


def test_figures_of_the_whole_period(data):
    scope = Scope()
    m = measures(scope)
    assert m["Gestelde vragen"] == 6 and m["Beantwoorde vragen"] == 5
    # Mon 2 March + 1, 2, 3, 4, 10 calendar days = 1, 2, 3, 4, 8 working days
    assert m["Mediaan reactietijd (werkdagen)"] == 3
    assert m["90e percentiel reactietijd (werkdagen)"] == pytest.approx(percentile([1, 2, 3, 4, 8], 0.9))
    assert m["Binnen de termijn beantwoord (%)"] == 80.0  # all but the last by Friday 6 March
    assert m["Heropend na een antwoord (%)"] == 20.0
    mains = dict(r[:2] for r in section(scope, "hoofdthema").rows)
    assert mains[data["main"].name] == 5  # question 0 has two sub-themes of it: counted once
    subs = dict(r[:2] for r in section(scope, "thema").rows)
    assert subs[data["subs"][0].name] == 5 and subs[data["subs"][1].name] == 1
    assert dict(r[:2] for r in section(scope, "kanaal").rows) == {"Website": 5, "E-mail": 1}
    provinces = dict(r[:2] for r in section(scope, "provincie").rows)
    assert provinces["Utrecht"] == 3 and provinces["Gelderland"] == 2 and provinces["Drenthe"] == 0
    roles = dict(r[:2] for r in section(scope, "rol").rows)
    assert roles["Lid van een PRT"] == 2 and roles["Niet opgegeven"] == 4 and roles["Anders"] == 0
    helped = {r[0]: r[1:] for r in section(scope, "geholpen").rows}
    assert helped["Ja"] == [1, 50.0] and helped["Nee"] == [1, 50.0] and helped["Gedeeltelijk"] == [0, 0.0]
    assert dict(r[:2] for r in section(scope, "doorverwijzing").rows) == {"Beantwoord": 1, "Afgewezen": 1}
    signals = {r[0]: r[1:] for r in section(scope, "signalen").rows}
    assert signals["Gelderland"] == [1, 1, 0, 2] and signals["Landelijk"] == [0, 0, 1, 1]
    escalations = {r[0]: r[1:] for r in section(scope, "escalaties").rows}
    assert escalations["Risico"] == [1, 1, 0] and escalations["Issue"] == [1, 0, 1]


def test_every_group_has_its_response_figures_and_the_distribution_has_a_chart(data):
    """An evaluator compares groups: per province, channel, theme, role and month the number of questions,
    answered, median and p90 in working days, share on time and share reopened."""
    scope = Scope()
    provinces = {r[0]: r[1:] for r in section(scope, "provincie").rows}
    assert provinces["Utrecht"] == [3, 3, 2, pytest.approx(2.8), 100.0, 33.3]  # 1, 2, 3 working days
    assert provinces["Gelderland"] == [2, 2, 6.0, pytest.approx(7.6), 50.0, 0.0]  # 4 and 8 (late)
    assert provinces["Drenthe"] == [0, 0, None, None, None, None]
    assert provinces["Geen provincie / landelijk"] == [1, 0, None, None, None, None]
    channels = {r[0]: r[1:] for r in section(scope, "kanaal").rows}
    assert channels["E-mail"] == [1, 1, 8, 8, 0.0, 0.0]
    mains = {r[0]: r[1:] for r in section(scope, "hoofdthema").rows}
    assert mains[data["main"].name][:3] == [5, 5, 3]  # question 0 counts once for its two sub-themes
    roles = {r[0]: r[1:] for r in section(scope, "rol").rows}
    assert roles["Lid van een PRT"] == [2, 2, 1.5, pytest.approx(1.9), 100.0, 50.0]
    months = {r[0]: r[1:3] for r in section(scope, "maand").rows}
    assert months == {"03-2026": [5, 5], "07-2026": [1, 0]}
    spread = section(scope, "reactietijd-verdeling")
    assert {r[0]: r[1] for r in spread.rows} == {"0-1": 1, "2-3": 2, "4-5": 1, "6-10": 1, "11-20": 0, ">20": 0}
    assert spread.chart_column == 1


def test_period_filter(data):
    scope = Scope(start=date(2026, 6, 1), end=date(2026, 12, 31))
    m = measures(scope)
    assert m["Gestelde vragen"] == 1 and m["Beantwoorde vragen"] == 0
    assert m["Mediaan reactietijd (werkdagen)"] is None
    assert sum(r[1] for r in section(scope, "geholpen").rows) == 0


def test_page_filters_and_shows_tables_and_svg_without_inline_styles(client_for, data):
    client = client_for("lrt")
    body = client.get("/monitoring/evaluatie/").content.decode()
    assert body.count("<svg") >= 8 and "<rect" in body
    assert "style=" not in body
    assert "<caption" in body and "90e percentiel reactietijd (werkdagen)" in body
    assert "werkdagen" in body and "de hele looptijd" in body
    body = client.get("/monitoring/evaluatie/?van=2026-06-01&tot=2026-12-31").content.decode()
    assert "1 jun. 2026 tot en met 31 dec. 2026" in body
    assert re.search(r"<th scope=\"row\">Gestelde vragen</th><td>1</td>", body)
    bad = client.get("/monitoring/evaluatie/?van=2026-12-31&tot=2026-01-01")
    assert bad.status_code == 200 and "De einddatum ligt vóór de begindatum." in bad.content.decode()


def test_xlsx_export_per_period(client_for, data):
    response = client_for("kernteam").get("/monitoring/evaluatie/export.xlsx?van=2026-03-01&tot=2026-03-31")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"Reactietijd", "Vragen per hoofdthema", "Vragen per rol", "Heeft het antwoord geholpen"} <= set(
        workbook.sheetnames
    )
    rows = {r[0]: r[1] for r in workbook["Reactietijd"].iter_rows(values_only=True)}
    assert rows["Gestelde vragen"] == 5 and rows["Mediaan reactietijd (werkdagen)"] == 3
    assert workbook["Reactietijd"]["A1"].font.bold


def test_pdf_report(client_for, data):
    response = client_for("lrt").get("/monitoring/evaluatie/rapport.pdf?van=2026-03-01&tot=2026-03-31")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF") and len(content) > 2000
    # the one PDF builder (loket.core.exports.PdfReport): title, section headings and table cells as text
    assert b"Evaluatierapport Loket Flexibilisering Asielketen" in content
    assert b"Reactietijd" in content and b"Gestelde vragen" in content


def test_evaluation_query_count(client_for, utrecht, django_assert_max_num_queries):
    client = client_for("kernteam")
    for n in (5, 60):
        for _ in range(n):
            q = make_question(province=utrecht, received_at=timezone.now() - timedelta(days=3))
            answer(q, timezone.now())
        # support requests and consultations at two sizes: test_evaluation_support_consultations.py
        with django_assert_max_num_queries(24):
            body = client.get("/monitoring/evaluatie/").content.decode()
    assert re.search(r"<th scope=\"row\">Utrecht</th><td>65</td>", body)
