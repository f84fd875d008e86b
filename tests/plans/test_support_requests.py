"""Issue 16 item 4: practical support requests, asked by a PRT-lid or CdK-medewerker and handled by
the core team, with a mail to the requester at each step."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from loket.core.models import Province
from plans.models import SupportRequest, SupportStatusChange
from plans.services import support_request_create
from plans.tasks import send_support_update
from plans.workflow import SupportStatus

pytestmark = pytest.mark.django_db

CREATE = reverse("plans:support_create")


def detail(request):
    return reverse("plans:support_detail", kwargs={"pk": request.pk})


def ask(client, **extra):
    data = {"kind": "rekenhulp", "description": "Hulp bij de rekensom van de opgave.", **extra}
    return client.post(CREATE, data)


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_prt_asks_and_receives_support(client_for, users, django_capture_on_commit_callbacks):
    prt = client_for("prt_utrecht")
    wished = (timezone.localdate() + timedelta(days=10)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(prt, wished_date=wished)
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert request.province.code == "PV26" and request.status == SupportStatus.REQUESTED
    assert len(mails_to(users["prt_utrecht"])) == 1
    assert "ontvangen" in mails_to(users["prt_utrecht"])[0].body

    # The core team sees it on the dashboard and in plan monitoring.
    core = client_for("kernteam")
    dashboard = core.get(reverse("loket:dashboard")).content.decode()
    assert "Open vragen om praktische ondersteuning" in dashboard
    monitoring = core.get(reverse("monitoring:plan_monitoring")).content.decode()
    assert "Open ondersteuningsvragen" in monitoring

    # Accept without a member: a Dutch error and nothing stored.
    response = core.post(detail(request), {"to": "geaccepteerd"})
    assert response.status_code == 400 and "Kies het kernteamlid" in response.content.decode()
    request.refresh_from_db()
    assert request.status == SupportStatus.REQUESTED

    planned = (timezone.localdate() + timedelta(days=12)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert core.post(detail(request), {"to": "geaccepteerd", "assignee": users["kernteam2"].pk}).status_code == 302
        assert core.post(detail(request), {"to": "gepland", "planned_for": planned}).status_code == 302
        assert (
            core.post(detail(request), {"to": "afgerond", "outcome": "Rekenmodel samen doorgelopen."}).status_code
            == 302
        )
    request.refresh_from_db()
    assert request.status == SupportStatus.DONE and request.assignee == users["kernteam2"]
    assert request.outcome == "Rekenmodel samen doorgelopen."
    received = mails_to(users["prt_utrecht"])
    assert len(received) == 4
    assert "Rekenmodel samen doorgelopen." in received[-1].body
    assert list(request.status_changes.values_list("to_status", flat=True)) == [
        "aangevraagd",
        "geaccepteerd",
        "gepland",
        "afgerond",
    ]
    # A task run again sends nothing more (the history row's marker).
    assert send_support_update(SupportStatusChange.objects.last().pk) is False
    assert len(mails_to(users["prt_utrecht"])) == 4

    # The requester reads the outcome; the evaluation counts it.
    page = prt.get(detail(request)).content.decode()
    assert "Rekenmodel samen doorgelopen." in page and "Afhandelen" not in page
    evaluation = client_for("lrt").get(reverse("monitoring:evaluation")).content.decode()
    assert "Praktische ondersteuning per soort en status" in evaluation
    assert re.search(r'<th scope="row">Utrecht</th><td>1</td><td>1</td><td>0</td><td>1</td>', evaluation)


def test_decline_needs_a_reason_and_mails_it(client_for, users, django_capture_on_commit_callbacks):
    ask(client_for("cdk_utrecht"), kind="bijeenkomst")
    request = SupportRequest.objects.get()
    core = client_for("kernteam")
    response = core.post(detail(request), {"to": "afgewezen"})
    assert response.status_code == 400 and "Geef de reden" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        core.post(detail(request), {"to": "afgewezen", "note": "Valt buiten de regeling."})
    request.refresh_from_db()
    assert request.status == SupportStatus.DECLINED
    assert "Valt buiten de regeling." in mails_to(users["cdk_utrecht"])[-1].body


def test_bad_requests_are_refused(client_for, users):
    prt = client_for("prt_utrecht")
    response = ask(prt, description="")
    assert response.status_code == 200 and "Dit veld is verplicht" in response.content.decode()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = ask(prt, wished_date=yesterday)
    assert "De gewenste datum ligt in het verleden." in response.content.decode()
    assert SupportRequest.objects.count() == 0
    # The core team and COA landelijk do not ask; partners see only their own province's requests.
    assert ask(client_for("kernteam")).status_code == 403
    assert ask(client_for("coa_landelijk")).status_code == 403
    ask(client_for("prt_gelderland"))
    request = SupportRequest.objects.get()
    assert request.province.code == "PV25"
    assert client_for("prt_utrecht").get(detail(request)).status_code == 404
    assert client_for("prt_utrecht").post(detail(request), {"to": "geaccepteerd"}).status_code == 404
    assert client_for("prt_gelderland").post(detail(request), {"to": "afgewezen", "note": "x"}).status_code == 403
    request.refresh_from_db()
    assert request.status == SupportStatus.REQUESTED


def test_service_refuses_another_province(users):
    with pytest.raises(ValidationError) as exc:
        support_request_create(
            by=users["prt_utrecht"], province=Province.objects.get(code="PV25"), kind="anders", description="x"
        )
    assert "eigen provincie" in str(exc.value)
    assert SupportRequest.objects.count() == 0


@pytest.mark.parametrize("size", [2, 40])
def test_support_pages_constant_queries(client_for, users, django_assert_max_num_queries, size):
    for _ in range(size):
        support_request_create(
            by=users["prt_utrecht"], province=users["prt_utrecht"].profile.province, kind="meedenken", description="x"
        )
    client = client_for("kernteam")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("plans:support")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(detail(SupportRequest.objects.first())).status_code == 200
