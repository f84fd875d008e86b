"""Role x page -> status. Anonymous: login; no role: 403; partners: their own province only."""

import pytest

from monitoring.workflow import Status

from .factories import EscalationFactory, LrtMeetingFactory, SignalFactory

ALL = ["prt_utrecht", "cdk_utrecht", "kernteam", "lrt", "expert", "no_role", None]

# page -> roles that get 200 (others: 403, anonymous: 302 to the login page)
PAGES = {
    "/monitoring/": {"prt_utrecht", "cdk_utrecht", "kernteam", "lrt"},
    "/monitoring/matrix/": {"prt_utrecht", "cdk_utrecht", "kernteam", "lrt"},
    "/monitoring/signalen/{utrecht}/": {"prt_utrecht", "cdk_utrecht", "kernteam", "lrt"},
    "/monitoring/signalen/nieuw/": {"kernteam"},
    "/monitoring/signalen/melden/": {"prt_utrecht", "cdk_utrecht"},  # issue 16: the CdK reports too
    "/monitoring/signalen/{utrecht}/bewerken/": {"kernteam"},
    "/monitoring/signalen/{utrecht}/escaleren/": {"kernteam"},
    "/monitoring/overleggen/": {"kernteam", "lrt"},
    "/monitoring/overleggen/nieuw/": {"kernteam", "lrt"},  # DESIGN.md: the LRT secretary records meetings
    "/monitoring/overleggen/{meeting}/": {"kernteam", "lrt"},
    "/monitoring/overleggen/{meeting}/besluit/{escalated}/": {"lrt"},
    "/monitoring/overleggen/{meeting}/rapportage.pdf": {"kernteam", "lrt"},
    "/monitoring/overleggen/{meeting}/rapportage.xlsx": {"kernteam", "lrt"},
    "/monitoring/overleggen/{meeting}/rapportage.csv": {"kernteam", "lrt"},
    "/monitoring/export.csv": {"kernteam", "lrt"},
    "/monitoring/export.xlsx": {"kernteam", "lrt"},
    "/monitoring/planmonitoring/": {"kernteam", "lrt", "cdk_utrecht"},  # the CdK: own province only
    "/monitoring/planmonitoring/termijnen/": {"kernteam"},
    "/monitoring/evaluatie/": {"kernteam", "lrt"},
    "/monitoring/evaluatie/export.xlsx": {"kernteam", "lrt"},
}


@pytest.fixture
def objects(db, utrecht):
    signal = SignalFactory(provinces=[utrecht])
    meeting = LrtMeetingFactory()
    escalation = EscalationFactory(meeting=meeting, signal=SignalFactory(provinces=[utrecht], status=Status.ESCALATED))
    return {"utrecht": signal.pk, "meeting": meeting.pk, "escalated": escalation.signal_id}


@pytest.mark.parametrize("page", list(PAGES))
def test_role_page_matrix(client_for, objects, page):
    url = page.format(**objects)
    for role in ALL:
        response = client_for(role).get(url)
        if role is None:
            assert response.status_code == 302 and response["Location"].startswith("/inloggen/"), url
        elif role in PAGES[page]:
            assert response.status_code == 200, (role, url, response.status_code)
        else:
            assert response.status_code == 403, (role, url, response.status_code)


def test_partner_of_other_province_gets_404(client_for, db, utrecht, gelderland):
    signal = SignalFactory(provinces=[utrecht])
    assert client_for("prt_gelderland").get(f"/monitoring/signalen/{signal.pk}/").status_code == 404
    national = SignalFactory()
    assert client_for("prt_utrecht").get(f"/monitoring/signalen/{national.pk}/").status_code == 404
    assert client_for("kernteam").get("/monitoring/signalen/999999/").status_code == 404


def test_unknown_export_format_is_404(client_for, db):
    meeting = LrtMeetingFactory()
    client = client_for("kernteam")
    assert client.get("/monitoring/export.exe").status_code == 404
    assert client.get(f"/monitoring/overleggen/{meeting.pk}/rapportage.doc").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/monitoring/signalen/{pk}/status/",
        "/monitoring/signalen/{pk}/acties/",
    ],
)
def test_partners_cannot_change_signals(client_for, db, utrecht, url):
    signal = SignalFactory(provinces=[utrecht])
    for role in ("prt_utrecht", "cdk_utrecht", "lrt"):
        response = client_for(role).post(url.format(pk=signal.pk), {"to": Status.IN_PROGRESS, "what": "x", "who": "y"})
        assert response.status_code == 403
    signal.refresh_from_db()
    assert signal.status == Status.OPEN
    assert not signal.actions.exists()
