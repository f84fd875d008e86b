"""The stable URLs that issues 15 and 16 promise answer at their literal paths, for the roles that
use them (every role's answer for every URL is in test_permission_matrix)."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core.roles import Role
from loket.publications.consultations.services import consultation_open
from loket.publications.models import PublicationKind
from loket.publications.services import publication_create
from plans.workflow import Status
from tests.plans.factories import add_locations, version_for


@pytest.fixture
def kader(users):
    draft = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Kader stabiel", "body": "## Kop\n\nTekst"},
        by=users["kernteam"],
    )
    consultation_open(
        publication=draft,
        closes_on=timezone.localdate() + dt.timedelta(days=5),
        roles=[Role.PRT],
        by=users["kernteam"],
    )
    return draft


def test_issue_15_stable_urls(client_for, kader):
    assert client_for("prt_utrecht").get(f"/publicaties/{kader.slug}/consultatie/").status_code == 200
    assert client_for("cdk_utrecht").get(f"/publicaties/{kader.slug}/consultatie/").status_code == 404  # not invited
    assert client_for(None).get(f"/publicaties/{kader.slug}/consultatie/").status_code == 302  # to the login
    assert "Kader stabiel" in client_for("kernteam").get("/kernteam/consultaties/").content.decode()
    for who in ("prt_utrecht", "cdk_utrecht"):
        assert client_for(who).get("/publicaties/lessen/insturen/").status_code == 200, who
    assert client_for("coa_landelijk").get("/publicaties/lessen/insturen/").status_code == 403


def test_issue_16_stable_urls(client_for, users):
    version = version_for("PV26", Status.IN_PRT, number=1)
    add_locations(version, 2)
    base = f"/plannen/PV26/v{version.number}/opmerkingen/"
    for who in ("prt_utrecht", "cdk_utrecht", "kernteam", "coa_landelijk"):
        assert client_for(who).get(base).status_code == 200, who
    assert client_for("prt_gelderland").get(base).status_code in (403, 404)
    for who in ("prt_utrecht", "cdk_utrecht", "kernteam"):
        assert client_for(who).get("/plannen/ondersteuning/").status_code == 200, who
    for who in ("prt_utrecht", "cdk_utrecht"):
        assert client_for(who).get("/plannen/ondersteuning/aanvragen/").status_code == 200, who
