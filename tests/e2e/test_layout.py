"""Layout at a desktop (1280 px) and a phone (390 px) width, for every role on its main pages: nothing
sticks out sideways (the page never scrolls horizontally; wide tables scroll in their own region), the
core team's menu fits on one row at 1280 px, and on a phone the menu is a "Menu" button that works with
the keyboard. `LOKET_SCREENSHOTS=<folder>` saves a full-page PNG of every page at both widths."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from questions.models import Question
from tests.e2e.test_accessibility import ROLES, pages_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("LOKET_SCREENSHOTS")

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        if (el.closest('.table-scroll, [role=region]') && !el.matches('.table-scroll, [role=region]')) continue;
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'absolute') {
            const cls = typeof el.className === 'string' ? el.className : '';
            const name = cls ? '.' + cls.split(' ').join('.') : '';
            wide.push(el.tagName.toLowerCase() + name + ' ' + Math.round(box.right - width) + 'px');
        }
    }
    return {scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5)};
}"""


# What the screen review of 3 December 2026 found by eye (docs/frontend.md), checked on every page at both widths.
LOOKS = """() => {
    const problems = [];
    const px = el => parseFloat(getComputedStyle(el).fontSize);
    const body = px(document.body);
    // a heading is never smaller than the body text (a blue 17 px "heading" above 20 px labels read as a caption)
    for (const h of document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')) {
        if (h.offsetParent !== null && px(h) < body - 0.5)
            problems.push(`kop "${h.textContent.trim().slice(0, 40)}" ${px(h)}px < tekst ${body}px`);
    }
    for (const table of document.querySelectorAll('main table')) {
        // header and data cells of a table share one size (the capacity table: 20 px quarters, 14 px figures)
        const th = table.querySelector('tbody th'), td = table.querySelector('tbody td');
        if (th && td && Math.abs(px(th) - px(td)) > 0.5)
            problems.push(`tabel "${(table.caption || {}).textContent}": kop ${px(th)}px, cel ${px(td)}px`);
        // a caption of a table that scrolls is never cut off at the region's edge
        const region = table.closest('.table-scroll');
        const edge = region && region.getBoundingClientRect().right + 1;
        const text = document.createRange();
        const caption = table.caption && !table.caption.matches('.rhc-visually-hidden') ? table.caption : null;
        if (caption) text.selectNodeContents(caption);
        if (region && caption && text.getBoundingClientRect().right > edge)
            problems.push(`bijschrift "${table.caption.textContent.trim().slice(0, 40)}" valt buiten het scrollvak`);
        // a status marker in a cell stays on one line
        for (const marker of table.querySelectorAll('.marker')) {
            if (marker.getClientRects().length > 1 || marker.getBoundingClientRect().height > 1.8 * px(marker) + 8)
                problems.push(`label "${marker.textContent.trim()}" loopt over meer regels`);
        }
    }
    // every button and button link has an appearance: without one the component draws a black block that outshouts
    // the blue primary action ("Wis filters", "Annuleren")
    for (const button of document.querySelectorAll('main :is(.utrecht-button, .utrecht-button-link)')) {
        if (!/--(primary|secondary|subtle)-action/.test(button.className))
            problems.push(`knop "${button.textContent.trim()}" heeft geen primaire of secundaire vorm`);
    }
    // no select shows Django's bare "---------" as its choice
    for (const option of document.querySelectorAll('main select option')) {
        if (option.textContent.trim() === '---------')
            problems.push(`keuzelijst ${option.parentElement.name} toont "---------"`);
    }
    return problems.slice(0, 5);
}"""


def looks_problems(page, path: str, label: str) -> list[str]:
    return [f"{path} op {label}: {problem}" for problem in page.evaluate(LOOKS)]


def overflow_problems(page, path: str, label: str) -> list[str]:
    found = page.evaluate(OVERFLOW)
    if SHOTS:
        name = re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "home"
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{label}-{name}.png", full_page=True)
    if found["scroll"] > 0:
        return [f"{path} op {label}: {found['scroll']} px te breed: {found['wide']}"]
    return []


def walk(page, live_url, role: str) -> list[str]:
    problems = []
    for path in pages_for(role):
        for label, size in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(size)
            response = page.goto(live_url(path))
            assert response.status == 200, f"{path}: {response.status}"
            problems += overflow_problems(page, path, f"{role}-{label}")
            problems += looks_problems(page, path, f"{role}-{label}")
            if label == "1280" and page.locator(".site-nav__list > li").count():
                tops = page.eval_on_selector_all(".site-nav__list > li", "items => items.map(i => i.offsetTop)")
                if len(set(tops)) != 1:
                    problems.append(f"{path} op 1280: het menu staat op {len(set(tops))} regels")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_fit_desktop_and_phone(page, live_url, login_as, role):
    if role != "anonymous":
        login_as(page, role)
    problems = walk(page, live_url, role)
    assert not problems, "\n".join(problems)


def test_a_subject_of_one_long_word_does_not_widen_the_core_team_page(page, live_url, login_as):
    question = Question.objects.order_by("-received_at").first()
    Question.objects.filter(pk=question.pk).update(
        subject="Huisvestingsvoorzieningsaanvraagprocedurebeschrijvingsdocumentatie" * 2
    )
    login_as(page, "kernteam")
    problems = []
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        page.goto(live_url("/kernteam/"))
        problems += overflow_problems(page, "/kernteam/", f"lang-woord-{label}")
        page.goto(live_url("/kernteam/vragen/"))
        problems += overflow_problems(page, "/kernteam/vragen/", f"lang-woord-{label}")
    assert not problems, "\n".join(problems)


def test_references_never_wrap(page, live_url, login_as):
    login_as(page, "kernteam")
    page.set_viewport_size(PHONE)
    page.goto(live_url("/kernteam/vragen/"))
    first = page.locator("a.reference").first
    box = first.bounding_box()
    line = float(first.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert box["height"] < 1.5 * line, "het kenmerk loopt over twee regels"


def test_the_bar_chart_keeps_its_size_on_a_phone_and_scrolls_in_its_region(page, live_url):
    page.set_viewport_size(PHONE)
    page.goto(live_url("/plannen/prognose/"))
    region = page.locator("figure.bar-chart > .chart-scroll[role=region][tabindex='0']").first
    expect(region).to_have_attribute("aria-label", re.compile(r"^Grafiek: .+"))
    svg = region.locator("svg")
    drawn = float(svg.get_attribute("width"))
    assert svg.bounding_box()["width"] == pytest.approx(drawn, abs=1), "de grafiek krimpt op een telefoon"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "de grafiek scrollt niet in haar eigen gebied"
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region).to_be_focused()
    # The browser may scroll smoothly: wait for it (a busy machine read 0 right after the key press).
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_phone_menu_works_with_the_keyboard(page, live_url, login_as):
    login_as(page, "kernteam")
    page.set_viewport_size(PHONE)
    page.goto(live_url("/kernteam/"))
    toggle = page.get_by_role("button", name="Menu")
    menu = page.locator("#hoofdmenu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()  # 240 px of links no longer push the page down
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('[data-menu-toggle]')"):
            break
    else:
        raise AssertionError("de menuknop is niet met Tab te bereiken")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Plannen")).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('#hoofdmenu') !== null"), "Tab gaat niet naar het menu"
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first link of the menu: Home
    expect(page).to_have_url(live_url("/"))
    # on a desktop there is no button: the whole menu shows
    page.set_viewport_size(DESKTOP)
    expect(toggle).to_be_hidden()
    expect(menu).to_be_visible()


def test_the_core_team_question_tables_fit_at_1280_and_keep_the_reference_in_view_on_a_phone(page, live_url, login_as):
    """At 1280 px the nine columns fit without scrolling (at 20 px text with the component's 1 rem cell padding the
    tables scrolled 91 and 147 px and the subject broke mid-word); on a phone the table scrolls and its reference
    column stays at the left edge."""
    login_as(page, "kernteam")
    page.set_viewport_size(DESKTOP)
    for path in ("/kernteam/", "/kernteam/vragen/"):
        page.goto(live_url(path))
        widths = page.eval_on_selector_all(
            "main table:has(a.reference)",
            "ts => ts.map(t => t.closest('.table-scroll')).map(r => r.scrollWidth - r.clientWidth)",
        )
        assert widths and all(w <= 0 for w in widths), f"{path}: de vragentabel scrolt op 1280 px ({widths} px)"
    page.set_viewport_size(PHONE)
    page.goto(live_url("/kernteam/vragen/"))
    region = page.locator("main .table-scroll:has(a.reference)").first
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "de tabel scrolt niet op een telefoon"
    region.evaluate("r => { r.style.scrollBehavior = 'auto'; r.scrollLeft = 400; }")
    page.wait_for_function("r => r.scrollLeft >= 400", arg=region.element_handle(), timeout=5000)
    left = region.evaluate("r => r.getBoundingClientRect().left")
    for cell in (region.locator("thead th.loket-sticky-col"), region.locator("tbody th[scope=row]").first):
        assert cell.evaluate("c => c.getBoundingClientRect().left") == pytest.approx(left, abs=2), (
            "het kenmerk schuift weg"
        )


def test_on_a_phone_tabs_stand_one_under_the_other_and_the_map_is_readable(page, live_url):
    page.set_viewport_size(PHONE)
    page.goto(live_url("/plannen/prognose/"))
    lefts = page.eval_on_selector_all(
        ".loket-tabs > li", "items => items.map(i => Math.round(i.getBoundingClientRect().left))"
    )
    assert len(lefts) >= 3 and len(set(lefts)) == 1, f"de tabbladen staan rafelig naast elkaar: {lefts}"
    sizes = page.eval_on_selector_all(
        ".province-map__svg text",
        "ts => ts.filter(t => getComputedStyle(t).display !== 'none').map(t => t.getBoundingClientRect().height)",
    )
    assert sizes and min(sizes) >= 12, f"tekst op de kaart is {min(sizes):.0f} px hoog op een telefoon"
    page.set_viewport_size(DESKTOP)
    page.goto(live_url("/plannen/prognose/"))
    tops = page.eval_on_selector_all(
        ".loket-tabs > li", "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, "op 1280 px staan de tabbladen op één regel"


def test_the_risk_matrix_scrolls_on_a_phone_instead_of_breaking_its_words(page, live_url, login_as):
    login_as(page, "lrt-secretaris")
    page.set_viewport_size(PHONE)
    page.goto(live_url("/monitoring/matrix/"))
    matrix = page.locator("table.risk-matrix")
    region = page.locator(".table-scroll:has(table.risk-matrix)")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "de matrix scrolt niet in haar eigen vak"
    for header in matrix.locator("thead th").all() + matrix.locator("tbody th").all():
        lines = header.evaluate(
            "h => { const r = document.createRange(); r.selectNodeContents(h); "
            "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
        )
        words = len(header.inner_text().split())
        assert lines <= max(1, words - 1), f"'{header.inner_text()}' breekt over {lines} regels"
    assert matrix.locator("tbody td").first.evaluate("c => getComputedStyle(c).textAlign") == "center"


def test_on_a_phone_the_signal_filters_fold_so_the_results_are_in_view(page, live_url, login_as):
    login_as(page, "lrt-secretaris")
    for path in ("/monitoring/", "/monitoring/matrix/"):
        page.set_viewport_size(PHONE)
        page.goto(live_url(path))
        fold = page.locator("details.loket-fold")
        expect(fold).not_to_have_attribute("open", "")
        top = page.locator("main table").first.evaluate("t => t.getBoundingClientRect().top + window.scrollY")
        assert top < PHONE["height"] * 1.25, f"{path}: de uitkomsten beginnen pas op {top:.0f} px"
        fold.locator("summary").click()
        expect(page.get_by_label("Soort")).to_be_visible()
        page.set_viewport_size(DESKTOP)
        page.goto(live_url(path))
        expect(page.get_by_label("Soort")).to_be_visible()  # on a wide screen the filters are always open
        expect(fold.locator("summary")).to_be_hidden()
