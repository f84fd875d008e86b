"""Print styles in a real browser (issue 19, item 16): a plan version, the capacity picture and the LRT
agenda print without menu, search, filters, tabs, buttons or footer, and no table is cut off.

The page is laid out as printed (`emulate_media(media="print")`) at the width of an A4 page (794 CSS
pixels at 96 dpi); then nothing that should not print is visible and no table is wider than its box.
"""

import pytest

from monitoring.models import LrtMeeting
from plans.models import PlanVersion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

A4 = {"width": 794, "height": 1123}

HIDDEN_IN_PRINT = [
    ".site-nav",
    "#site-search",
    ".site-account",
    ".site-footer",
    "nav[aria-label='Kruimelpad']",
    "main form[method='get']",
    "main .utrecht-button",
    "main .utrecht-button-link",
    "main button",
    ".loket-tabs",
]

TOO_WIDE = """() => {
  const wide = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) wide.push(`pagina ${page.scrollWidth} > ${page.clientWidth}`);
  for (const table of document.querySelectorAll('main table')) {
    const box = table.parentElement;
    if (table.scrollWidth > box.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1)
      wide.push(`${(table.caption || {}).textContent || 'tabel'}: ${table.scrollWidth} > ${box.clientWidth}`);
  }
  return wide;
}"""


def pages() -> list[str]:
    version = PlanVersion.objects.filter(plan__province__code="PV26").order_by("-number").first()
    # A meeting with decisions and follow-up actions: its agenda has tables.
    meeting = LrtMeeting.objects.filter(escalations__actions__isnull=False).distinct().order_by("-date").first()
    return [
        f"/plannen/PV26/v{version.number}/",
        "/plannen/capaciteit/",
        f"/monitoring/overleggen/{meeting.pk}/",
    ]


def test_plan_version_capacity_picture_and_lrt_agenda_print_without_chrome_or_cut_off_tables(page, live_url, login_as):
    login_as(page, "kernteam")
    page.set_viewport_size(A4)
    for path in pages():
        page.emulate_media(media="screen")
        page.goto(live_url(path))
        assert page.locator(".site-nav").is_visible(), "op het scherm staat het menu er wel"
        page.emulate_media(media="print")
        visible = [
            f"{selector} ({locator.count()})"
            for selector in HIDDEN_IN_PRINT
            if (locator := page.locator(selector)).count()
            and any(locator.nth(i).is_visible() for i in range(locator.count()))
        ]
        assert not visible, f"{path}: zichtbaar bij afdrukken: {visible}"
        assert page.locator("main h1").is_visible()
        assert page.locator("main table").count() >= 1
        assert page.evaluate(TOO_WIDE) == [], path
        header = page.evaluate("() => getComputedStyle(document.querySelector('main thead')).display")
        assert header == "table-header-group", path  # the header row repeats on every printed page
