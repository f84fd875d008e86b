"""#19 item 5: a revision withdraws a submitted version, an adoption supersedes older submitted ones,
and the dashboard and plan monitoring count only what truly awaits action."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from monitoring.selectors import plan_monitoring
from plans.models import PlanStatusChange, PlanVersion
from plans.services import plan_version_start, plan_version_transition
from plans.workflow import Status

from .factories import add_locations, version_for

pytestmark = pytest.mark.django_db

PENDING = "Ingediende planversies om vast te stellen"


def pending_plans(client) -> int:
    html = client.get(reverse("loket:dashboard")).content.decode()
    match = re.search(re.escape(PENDING) + r"</a>: <strong>(\d+)</strong>", html)
    assert match
    return int(match.group(1))


def test_revision_withdraws_the_submitted_version_with_history(users, client_for):
    first = version_for("PV26", Status.SUBMITTED)
    add_locations(first, 2)
    assert pending_plans(client_for("kernteam")) == 1
    second = plan_version_start(province=first.plan.province, by=users["prt_utrecht"])
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN
    change = PlanStatusChange.objects.get(version=first)
    assert (change.from_status, change.to_status, change.by) == (
        Status.SUBMITTED,
        Status.WITHDRAWN,
        users["prt_utrecht"],
    )
    assert change.note == "Ingetrokken: versie 2 is gestart als herziening."
    assert second.status == Status.CONCEPT and second.locations.count() == 2
    assert pending_plans(client_for("kernteam")) == 0
    rows = {row["province"].code: row for row in plan_monitoring()}
    assert rows["PV26"]["stage"] == Status.CONCEPT and rows["PV26"]["version_number"] == 2
    # A withdrawn version can no longer be adopted.
    with pytest.raises(Exception, match="kan niet"):
        plan_version_transition(version=first, to=Status.ADOPTED, by=users["kernteam"])
    page = client_for("kernteam").get(reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 1}))
    assert "Ingetrokken" in page.content.decode()


def test_adoption_supersedes_older_submitted_versions(users, client_for):
    # Two old versions still submitted (as left behind before this fix), and the newest submitted.
    old = [version_for("PV26", Status.SUBMITTED, number=n) for n in (1, 2)]
    newest = version_for("PV26", Status.SUBMITTED, number=3)
    add_locations(newest, 1)
    gelderland = version_for("PV25", Status.SUBMITTED)
    assert pending_plans(client_for("kernteam")) == 4
    plan_version_transition(version=newest, to=Status.ADOPTED, by=users["kernteam"], note="LRT akkoord")
    for version in old:
        version.refresh_from_db()
        assert version.status == Status.SUPERSEDED
        change = version.status_changes.get()
        assert change.note == "Vervangen: versie 3 is vastgesteld." and change.by == users["kernteam"]
    gelderland.refresh_from_db()
    assert gelderland.status == Status.SUBMITTED  # another province is not touched
    assert pending_plans(client_for("kernteam")) == 1
    rows = {row["province"].code: row for row in plan_monitoring()}
    assert rows["PV26"]["stage"] == Status.ADOPTED


def test_data_migration_settles_versions_left_submitted(users):
    for number, status in ((1, Status.SUBMITTED), (2, Status.ADOPTED), (3, Status.SUBMITTED)):
        version_for("PV26", status, number=number)
    for number, status in ((1, Status.SUBMITTED), (2, Status.CONCEPT)):
        version_for("PV25", status, number=number)
    migration = importlib.import_module("plans.migrations.0005_version_withdrawn_superseded")
    migration.settle_stale_versions(django_apps, None)
    statuses = {
        (v.plan.province.code, v.number): v.status for v in PlanVersion.objects.select_related("plan__province")
    }
    assert statuses == {
        ("PV26", 1): Status.SUPERSEDED,
        ("PV26", 2): Status.ADOPTED,
        ("PV26", 3): Status.SUBMITTED,
        ("PV25", 1): Status.WITHDRAWN,
        ("PV25", 2): Status.CONCEPT,
    }
    assert PlanStatusChange.objects.filter(to_status__in=[Status.SUPERSEDED, Status.WITHDRAWN]).count() == 2


def test_status_buttons_and_labels_read_well(client_for):
    """#19 item 15: no "Naar In PRT" button, no "(in prt)" in the capacity picture."""
    version = version_for("PV26", Status.CONCEPT, number=2)
    add_locations(version, 1)
    url = reverse("plans:version_detail", kwargs={"province_code": "PV26", "number": 2})
    page = client_for("prt_utrecht").get(url).content.decode()
    assert "Naar In PRT" not in page
    assert ">Bespreken in de PRT</button>" in page
    response = client_for("prt_utrecht").post(
        reverse("plans:version_transition", kwargs={"province_code": "PV26", "number": 2}),
        {"to": "in_prt"},
        follow=True,
    )
    assert "Nieuwe status van de versie: In PRT." in response.content.decode()
    page = client_for("prt_utrecht").get(reverse("plans:capacity")).content.decode()
    assert "(in prt)" not in page and "v2</a> (In PRT)" in page
