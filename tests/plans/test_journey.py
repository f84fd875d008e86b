"""Done when: a PRT-lid of Utrecht imports locations from a spreadsheet, submits the version, and the core
team sees in the capacity picture, quarter by quarter, whether Utrecht and the country add up to the
published prognosis."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from loket.core.models import Province
from plans.models import PlanVersion, PrognosisRound
from plans.workflow import Status
from tests.conftest import download_text

from .conftest import HEADER, confirm_import, preview_import, xlsx_file

pytestmark = pytest.mark.django_db


def test_done_when_journey(client_for, settings):
    settings.PLANS_HORIZON_QUARTERS = 4
    # The core team publishes the national prognosis, split by population.
    core = client_for("kernteam")
    core.post(
        reverse("plans:prognosis_create"),
        {"reference_date": "2027-01-01", "method": "inwoners", "national_total": "42000", "source": "MPP najaar 2026"},
    )

    round_ = PrognosisRound.objects.get()
    core.post(reverse("plans:prognosis_publish", kwargs={"pk": round_.pk}))
    utrecht_share = round_.provinces.get(province__code="PV26").figure
    assert utrecht_share == 3277  # 42,000 x 1,400,187 / 17,947,684, largest remainder

    # The PRT-lid of Utrecht starts the plan and imports the locations from a spreadsheet.
    prt = client_for("prt_utrecht")
    prt.post(reverse("plans:version_start", kwargs={"province_code": "PV26"}))
    version = PlanVersion.objects.get(plan__province__code="PV26")
    rows = [
        HEADER,
        ["Azc Utrecht Papendorp", "Utrecht", "AZC", 1500, 60, "2026-K1", "", "bestaand", "nee"],
        ["Azc Amersfoort", "Amersfoort", "AZC", 1000, 40, "2025-K3", "", "bestaand", "ja"],
        ["Noodopvang Jaarbeurs", "Utrecht", "NOOD", 600, 0, "2026-K4", "2027-K2", "vastgesteld", "nee"],
        ["Rol Nieuwegein", "Nieuwegein", "ROL", 400, 0, "2027-K3", "", "voornemen", "nee"],
    ]
    kwargs = {"province_code": "PV26", "number": version.number}
    preview = preview_import(prt, version, xlsx_file(rows))
    assert "4 nieuwe locaties" in preview.content.decode()
    assert not version.locations.exists()  # nothing before the confirmation
    response = confirm_import(prt, preview)
    assert "De import is uitgevoerd: 4 nieuw" in response.content.decode()

    # ... moves it through the PRT and submits it; the version is then frozen.
    for to in ("in_prt", "ingediend"):
        prt.post(reverse("plans:version_transition", kwargs=kwargs), {"to": to})
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED
    response = prt.get(reverse("plans:version_detail", kwargs=kwargs))
    assert "bevroren" in response.content.decode()

    # The core team sees Utrecht and the country per quarter against the published prognosis.
    core = client_for("kernteam")
    params = {"start": "2027-K1", "province": "PV26"}
    page = core.get(reverse("plans:capacity"), params).content.decode()
    assert "Utrecht: geplande capaciteit en opgave per kwartaal" in page
    export = core.get(reverse("plans:capacity_export", kwargs={"fmt": "csv"}), params)
    rows = list(csv.reader(io.StringIO(download_text(export)), delimiter=";"))
    header = rows[0]
    table = {(r[0], r[1]): r for r in rows[1:]}
    planned, required, gap, short = (
        header.index("geplande capaciteit"),
        header.index("opgave (prognose)"),
        header.index("verschil"),
        header.index("tekort"),
    )
    # 2027-K1 and K2: 1500 + 1000 + 600 = 3100 < 3277; K3 and K4: 2500 + 400 = 2900.
    expected = {"2027-K1": 3100, "2027-K2": 3100, "2027-K3": 2900, "2027-K4": 2900}
    for quarter, value in expected.items():
        row = table[(quarter, "Utrecht")]
        assert row[planned] == str(value)
        assert row[required] == "3277"
        assert row[gap] == str(value - 3277)
        assert row[short] == "ja"
        national = table[(quarter, "Nederland")]
        assert national[required] == "42000"
        assert national[planned] == str(value)  # only Utrecht has a plan
        assert national[short] == "ja"
    assert "v1 (Ingediend)" in table[("2027-K1", "Utrecht")][2]
    # Visitors do not see the submitted (not yet adopted) version in the picture.
    anon = download_text(client_for(None).get(reverse("plans:capacity_export", kwargs={"fmt": "csv"}), params))
    assert "Ingediend" not in anon
    assert Province.objects.count() == 12
    assert date.today()  # the journey does not depend on today's date: the horizon starts at 2027-K1
