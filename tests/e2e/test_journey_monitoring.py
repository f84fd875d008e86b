"""Journey 8 of DESIGN.md in a real browser: record a risk, escalate it, decide at the LRT, export."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from loket.core.formats import short_date
from monitoring.models import Escalation, Signal
from tests.e2e.helpers import mails_to, new_tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Tekort aan personeel voor de noodopvang in Arnhem"


def test_journey_8_risk_is_escalated_decided_and_reported(page, browser, live_url, login_as, assert_accessible):
    login_as(page, "kernteam")
    page.goto(live_url("/monitoring/"))
    page.get_by_role("link", name="Nieuw signaal").click()
    assert_accessible(page)
    page.get_by_label("Risico").check()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Omschrijving").fill("COA meldt dat er vanaf maart onvoldoende begeleiders zijn.")
    page.get_by_label("Impact").select_option("4")
    page.get_by_label("Kans van optreden").select_option("4")
    page.get_by_label("Gelderland").check()
    page.get_by_role("button", name=re.compile("Opslaan|Vastleggen|Toevoegen")).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    signal = Signal.objects.get(title=TITLE)
    assert list(signal.provinces.values_list("code", flat=True)) == ["PV25"]

    page.get_by_role("link", name="Escaleren naar de LRT").click()
    assert_accessible(page)
    meeting_label = page.get_by_label("LRT-overleg").locator("option:checked").inner_text()
    page.get_by_label("Voorstel voor besluit").fill(
        "Het LRT vraagt COA en de provincie om een gezamenlijk wervingsplan."
    )
    page.get_by_role("button", name="Escaleren").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("gezamenlijk wervingsplan")
    escalation = Escalation.objects.select_related("meeting").get(signal=signal)
    assert meeting_label.startswith(short_date(escalation.meeting.date))

    # The LRT secretary records the decision on the meeting's agenda and downloads the report.
    lrt = new_tab(browser, live_url)
    login_as(lrt, "lrt-secretaris")
    lrt.goto(live_url("/monitoring/overleggen/"))
    assert_accessible(lrt)
    lrt.goto(live_url(f"/monitoring/overleggen/{escalation.meeting.pk}/"))
    assert_accessible(lrt)
    item = lrt.locator("article", has_text=TITLE)
    item.get_by_role("link", name="Besluit vastleggen").click()
    assert_accessible(lrt)
    lrt.get_by_label("Besluit").fill("Besloten: wervingsplan voor 1 maart; COA en Gelderland trekken samen op.")
    lrt.get_by_label("Vervolgactie").first.fill("Wervingsplan opstellen")
    lrt.get_by_label("Wie").first.fill("COA en provincie Gelderland")
    lrt.get_by_role("button", name="Besluit vastleggen en PRT informeren").click()
    item = lrt.locator("article", has_text=TITLE)
    expect(item).to_contain_text("Besloten: wervingsplan voor 1 maart")
    expect(item).to_contain_text("Wervingsplan opstellen")

    # The PRT of Gelderland is informed.
    prt = get_user_model().objects.get(username="prt-gelderland")
    assert any(TITLE in m.subject + m.body for m in mails_to(prt.email))

    for fmt, suffix in (("Excel", ".xlsx"), ("PDF", ".pdf")):
        with lrt.expect_download() as info:
            lrt.get_by_role("link", name=fmt, exact=True).click()
        download = info.value
        assert download.suggested_filename.endswith(suffix), download.suggested_filename
        content = open(download.path(), "rb").read()  # noqa: SIM115
        assert content[:4] == (b"PK\x03\x04" if suffix == ".xlsx" else b"%PDF")
    lrt.context.close()
