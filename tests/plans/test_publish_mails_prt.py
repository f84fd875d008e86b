"""Done-when of the loket issue: the core team publishes a prognosis round (through the page) and
every PRT-lid receives exactly one mail with their own province's figures."""

from datetime import date

from django.core import mail
from django.urls import reverse

from loket.mailings.tasks import send_due_prognosis_updates
from plans.models import PrognosisRound, SplitMethod
from plans.services import prognosis_round_create


def test_publishing_a_round_mails_each_prt_member_their_own_figures_once(
    client_for, users, django_capture_on_commit_callbacks
):
    round_ = prognosis_round_create(
        reference_date=date(2027, 1, 1),
        national_total=88_000,
        method=SplitMethod.POPULATION,
        source="Meerjarige productieprognose, najaar 2026",
        by=users["kernteam"],
    )
    figures = {pp.province.code: pp.figure for pp in round_.provinces.select_related("province")}
    client = client_for("kernteam")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:prognosis_publish", args=[round_.pk]))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.mailed_at is not None and not round_.mailing_due

    for name, code in (("prt_utrecht", "PV26"), ("prt_gelderland", "PV25")):
        received = [m for m in mail.outbox if users[name].email in m.to]
        assert len(received) == 1, name
        body = received[0].body
        assert f"{figures[code]:,}".replace(",", ".") in body or str(figures[code]) in body
        assert "88.000" in body or "88000" in body
    other_provinces = [m for m in mail.outbox if users["kernteam"].email in m.to]
    assert other_provinces == []

    # The beat safety net finds nothing left to send: a round is mailed once only.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_prognosis_updates()
    assert len(mail.outbox) == sent
    assert PrognosisRound.objects.filter(mailing_due=True).count() == 0
