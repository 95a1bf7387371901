"""A whole first conversation and a second one a month later, in real Voila and Chromium,
at the three screen sizes of the table (tablet portrait, tablet landscape, laptop).

At every step: nothing overflows sideways, no text is cut off, every button, tab, checkbox and
slider handle is at least 44 x 44 px, and the figures fit their box before any click.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from layout import horizontal_overflow, layout_problems
from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect
from mmwidgets.model.dates import local_today

TIMEOUT = 30_000
PICKER = ".mm-client-new input"
BRIDGE = ".mm-bridge-figure .js-plotly-plot"
APP = ".mm-conversation"
SIZES = [(768, 1024), (1024, 768), (1366, 768)]


def dutch(day: dt.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def month_ago(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=30)


def step_to(page, title: str) -> None:
    page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab", has_text=title).first.click()


def next_step(page) -> None:
    page.locator(".mm-nav-next").first.click()


def check_layout(page, where: str) -> None:
    page.wait_for_timeout(300)  # let plotly's resize of a just-shown figure settle
    problems = layout_problems(page, within=APP)
    assert problems == [], f"{where}: {problems}"


def set_date(page, text: str) -> None:
    field = page.locator(".mm-conv-date input")
    field.fill(text)
    field.press("Enter")


def click_rung(page, sub_id: str, step: int) -> None:
    names = page.evaluate(f"() => document.querySelector('{BRIDGE}').data.map((t) => t.name)")
    index = names.index(sub_id)
    rung = page.locator(f"{BRIDGE} .scatterlayer .trace").nth(index).locator(".points path").nth(step - 1)
    rung.scroll_into_view_if_needed()
    box = rung.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly finds the point on hover, then reports the click
    page.wait_for_timeout(200)
    page.mouse.click(x, y)


@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_first_conversation_and_one_a_month_later(page, width, height):
    shots = width == 768
    today = local_today()
    earlier = month_ago(today)
    page.set_viewport_size({"width": width, "height": height})
    open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
    check_layout(page, "client picker")
    if shots:
        screenshot(page, "gesprek-0-client", full_page=False)
    page.fill(PICKER, f"Wandel{width}")
    page.click(".mm-client-create")

    # 1. check-in, recorded afterwards: dated a month ago
    page.wait_for_selector(".mm-conv-date input", state="visible", timeout=TIMEOUT)
    expect(page.locator(".mm-current-client")).to_have_attribute("data-mm-client", re.compile(r"^\d+$"))
    set_date(page, dutch(earlier))
    handle = page.locator(".mm-stress-level .noUi-handle").first
    # nothing chosen yet: a screen reader hears "Nog niet ingevuld", not the 0 the handle sits at
    expect(handle).to_have_attribute("aria-valuetext", "Nog niet ingevuld", timeout=TIMEOUT)
    handle.focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    # chosen: the number is what is read, the "not filled in" text is gone
    expect(handle).not_to_have_attribute("aria-valuetext", "Nog niet ingevuld", timeout=TIMEOUT)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^7(\.0+)?$"), timeout=TIMEOUT)
    page.locator(".mm-stress-note textarea").fill("drukke week")
    expect(page.locator(".mm-saved-text")).to_be_visible(timeout=TIMEOUT)
    check_layout(page, "check-in")
    if shots:
        screenshot(page, "gesprek-1-hoe-gaat-het", full_page=False)

    # 2. the bridge: a step in the editor, a rung in the picture, something to work on
    next_step(page)
    page.wait_for_selector(f"{BRIDGE} .main-svg", state="visible", timeout=TIMEOUT)
    check_layout(page, "bridge, before any click")
    page.click(".mm-step-housing-2")
    expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    click_rung(page, "debts", 3)
    expect(page.locator(".mm-step-debts-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    page.locator(".mm-bridge-editor .lm-TabBar-tab").first.click()
    page.locator(".mm-focus-housing input").check()
    expect(page.locator(".mm-score")).to_contain_text("2 van 10", timeout=TIMEOUT)
    check_layout(page, "bridge")
    if shots:
        page.locator(".mm-steps").first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        screenshot(page, "gesprek-2-brug", full_page=False)

    if width == 1366:  # wide: picture and editor side by side
        page.locator(".mm-steps").first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        screenshot(page, "gesprek-2-brug-1366x768", full_page=False)

    # 3. what to work on
    next_step(page)
    expect(page.locator(".mm-focus-list")).to_contain_text("Wonen", timeout=TIMEOUT)
    expect(page.locator(".mm-focus-goal-housing")).to_be_visible(timeout=TIMEOUT)  # "Maak een doel voor Wonen"
    check_layout(page, "what to work on")
    if shots:
        screenshot(page, "gesprek-3-waaraan-werken", full_page=False)

    # 4. progress
    next_step(page)
    page.wait_for_selector(".mm-progress-figure .main-svg", state="visible", timeout=TIMEOUT)
    check_layout(page, "progress")
    if shots:
        screenshot(page, "gesprek-4-verloop", full_page=False)

    # 5. the plan (its own panel: here only that it opens and fits the width)
    next_step(page)
    page.wait_for_selector(".mm-plan-editor", state="visible", timeout=60_000)
    assert horizontal_overflow(page) == []
    if shots:
        screenshot(page, "gesprek-5-plan", full_page=False)

    # 6. take home: print, PDF and calendar; the data (download, erase) lives under "Gegevens"
    next_step(page)
    expect(page.locator(".mm-conv-takehome button.mm-plan-print")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".mm-conv-takehome button.mm-plan-ics")).to_be_visible()
    assert page.locator(".mm-conv-takehome .mm-erase").count() == 0
    check_layout(page, "take home")
    if shots:
        screenshot(page, "gesprek-6-meenemen", full_page=False)
    page.click(".mm-data-open")
    download = page.locator(".mm-export.mm-download-button, .mm-export .mm-download-button").first
    expect(download).to_be_visible(timeout=TIMEOUT)
    expect(download).to_have_text(f"Alle gegevens van Wandel{width} downloaden")
    check_layout(page, "data")
    if shots:
        screenshot(page, "gesprek-6-gegevens", full_page=False)

    # a month later: today's conversation shows last time's check-in and a like-for-like change
    step_to(page, "Hoe gaat het?")
    set_date(page, dutch(today))
    previous = page.locator(".mm-stress-previous")
    expect(previous).to_contain_text(f"Vorige keer ({dutch(earlier)}): 7", timeout=TIMEOUT)
    expect(previous).to_contain_text("drukke week")
    check_layout(page, "second check-in")
    if shots:
        screenshot(page, "gesprek-7-tweede-gesprek", full_page=False)
    next_step(page)
    page.click(".mm-step-housing-4")
    expect(page.locator(".mm-score-change")).to_contain_text("+50 punten sinds", timeout=TIMEOUT)
    expect(page.locator(".mm-score-change")).to_contain_text("Vergeleken op 1 van de 10 onderdelen")
    check_layout(page, "second bridge")
    if shots:
        page.locator(".mm-score").scroll_into_view_if_needed()
        screenshot(page, "gesprek-8-verandering", full_page=False)


def test_in_english_on_a_tablet_nothing_is_cut_off(page):
    page.set_viewport_size({"width": 768, "height": 1024})
    open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=PICKER)
    page.fill(PICKER, "Birch walk")
    page.click(".mm-client-create")
    page.wait_for_selector(".mm-conv-date input", state="visible", timeout=TIMEOUT)
    expect(page.locator(".mm-steps .lm-TabBar-tab").first).to_have_text("Check-in")
    check_layout(page, "check-in (en)")
    next_step(page)
    page.wait_for_selector(f"{BRIDGE} .main-svg", state="visible", timeout=TIMEOUT)
    check_layout(page, "bridge (en)")
    screenshot(page, "gesprek-en-brug", full_page=False)


def test_two_tabs_on_one_client_share_one_conversation(page, browser, browser_context_args):
    open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
    page.fill(PICKER, "Tweeling")
    page.click(".mm-client-create")
    current = page.locator(".mm-current-client[data-mm-client]")
    expect(current).to_be_attached(timeout=TIMEOUT)
    client = current.get_attribute("data-mm-client")
    other = browser.new_context(**browser_context_args).new_page()
    try:
        # the second tab opens the same client before either tab has clicked
        open_workbook(other, "gesprek.ipynb", query=f"client={client}", wait_for=".mm-conv-date input")
        for tab in (page, other):
            next_step(tab)
            tab.wait_for_selector(f"{BRIDGE} .main-svg", state="visible", timeout=TIMEOUT)
        page.click(".mm-step-housing-2")
        expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        other.click(".mm-step-care-3")
        expect(other.locator(".mm-step-care-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        # reopened: both clicks are in the one conversation of today
        page.reload()
        open_workbook(page, "gesprek.ipynb", query=f"client={client}", wait_for=".mm-conv-date input")
        expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        expect(page.locator(".mm-step-care-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    finally:
        other.context.close()
