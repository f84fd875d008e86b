"""Plan monitoring: stage per province, days since change, open signals by kind, behind-schedule flags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.core.models import Province
from monitoring.models import SignalKind, StageDeadline
from monitoring.selectors import plan_monitoring
from monitoring.workflow import Status
from plans.models import Plan, PlanVersion
from plans.workflow import Status as PlanStatus

from .factories import SignalFactory, bulk_signals


@pytest.fixture
def plans(db, utrecht, gelderland):
    PlanVersion.objects.create(plan=Plan.objects.create(province=utrecht), number=1, status=PlanStatus.SUBMITTED)
    PlanVersion.objects.create(plan=Plan.objects.create(province=gelderland), number=1, status=PlanStatus.CONCEPT)


def test_rows_for_all_provinces_with_flags(plans, utrecht, gelderland):
    today = timezone.localdate()
    StageDeadline.objects.create(stage=PlanStatus.IN_PRT, deadline=today - timedelta(days=10))
    StageDeadline.objects.create(stage=PlanStatus.SUBMITTED, deadline=today + timedelta(days=10))
    SignalFactory(provinces=[gelderland], kind=SignalKind.RISK)
    SignalFactory(provinces=[gelderland], kind=SignalKind.RISK)
    SignalFactory(provinces=[gelderland], kind=SignalKind.ISSUE)
    SignalFactory(provinces=[gelderland], kind=SignalKind.RISK, status=Status.CLOSED)
    rows = {row["province"].code: row for row in plan_monitoring()}
    assert len(rows) == Province.objects.count() == 12
    assert rows["PV26"]["stage"] == PlanStatus.SUBMITTED and not rows["PV26"]["behind"]
    assert rows["PV25"]["stage"] == PlanStatus.CONCEPT and rows["PV25"]["behind"][0]["stage"] == "In PRT"
    assert rows["PV25"]["days_since_change"] == 0
    counts = {s["kind"]: s["count"] for s in rows["PV25"]["signals"]}
    assert counts == {SignalKind.OPPORTUNITY: 0, SignalKind.RISK: 2, SignalKind.ISSUE: 1}
    # A province without a plan is behind on every passed deadline.
    assert rows["PV20"]["stage"] is None and rows["PV20"]["behind"]


def test_page_shows_flags_as_text(client_for, plans):
    StageDeadline.objects.create(stage=PlanStatus.IN_PRT, deadline=timezone.localdate() - timedelta(days=1))
    body = client_for("lrt").get("/monitoring/planmonitoring/").content.decode()
    assert "achter" in body and "op schema" in body and "Ingediend" in body and "Nog geen plan" in body
    assert "<caption" in body


def test_core_team_edits_stage_deadlines(client_for, db):
    client = client_for("kernteam")
    response = client.post(
        "/monitoring/planmonitoring/termijnen/", {"in_prt": "2026-03-01", "ingediend": "2026-06-01", "vastgesteld": ""}
    )
    assert response.status_code == 302
    assert dict(StageDeadline.objects.values_list("stage", "deadline")) == {
        "in_prt": timezone.datetime(2026, 3, 1).date(),
        "ingediend": timezone.datetime(2026, 6, 1).date(),
    }
    bad = client.post("/monitoring/planmonitoring/termijnen/", {"in_prt": "1 maart"})
    assert "Vul een geldige datum in" in bad.content.decode()
    client.post("/monitoring/planmonitoring/termijnen/", {"in_prt": "", "ingediend": "2026-06-01"})
    assert list(StageDeadline.objects.values_list("stage", flat=True)) == ["ingediend"]


def test_plan_monitoring_query_count(client_for, plans, utrecht, django_assert_max_num_queries):
    client = client_for("kernteam")
    bulk_signals(10, province=utrecht)
    # 10, + open review comments, open support requests and implementation progress (issue 16)
    with django_assert_max_num_queries(13):
        client.get("/monitoring/planmonitoring/")
    bulk_signals(500, province=utrecht)
    with django_assert_max_num_queries(13):
        body = client.get("/monitoring/planmonitoring/").content.decode()
    assert "Utrecht" in body
