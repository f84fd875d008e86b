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
