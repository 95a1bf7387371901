"""The plan workbook in real Voila and Chromium: keyboard-only plan, a deadline typed as
"over 2 weken", checks on request, a large "gedaan" toggle, downloads as buttons."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import open_workbook, screenshot
import pytest
from icalendar import Calendar
from playwright.sync_api import expect

PICKER = ".mm-client-new input"
NEW_GOAL = ".mm-plan-new-goal input"
QUICK_DUE = ".mm-plan-quick-due input"
QUICK_WHAT = ".mm-plan-quick-what input"
TIMELINE = ".mm-plan-timeline .js-plotly-plot"
ROWS = ".mm-plan-action-row:visible"
TIMEOUT = 30_000
EVIL = '<img src=x onerror="window.__pwned=1">'


def trace_length(page, uid: str) -> int:
    return page.evaluate(
        f"""() => {{
            const plot = document.querySelector('{TIMELINE}');
            const trace = plot && plot.data ? plot.data.find(t => t.uid === '{uid}') : null;
            return trace ? trace.x.length : -1;
        }}"""
    )


def wait_trace_length(page, uid: str, length: int) -> None:
    page.wait_for_function(
        f"""() => {{
            const plot = document.querySelector('{TIMELINE}');
            const trace = plot && plot.data ? plot.data.find(t => t.uid === '{uid}') : null;
            return trace && trace.x.length === {length};
        }}""",
        timeout=TIMEOUT,
    )


def create_client(page, name: str) -> None:
    page.fill(PICKER, name)
    page.click(".mm-client-create")
    page.wait_for_selector(NEW_GOAL, state="visible", timeout=TIMEOUT)


def download(page, selector: str) -> bytes:
    with page.expect_download(timeout=TIMEOUT) as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def test_keyboard_only_plan_tick_and_take_home(page, network, base_url):
    open_workbook(page, "plan.ipynb", wait_for=PICKER)
    create_client(page, "Vlinder")

    # a goal: type, Enter (the client's words, with a script that must not run)
    page.focus(NEW_GOAL)
    page.keyboard.type("Ik wil werk vinden " + EVIL)
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-goal-text textarea")).to_have_value(re.compile("Ik wil werk vinden"), timeout=TIMEOUT)
    expect(page.locator(".mm-saved-text")).to_contain_text("Bewaard", timeout=TIMEOUT)
    assert page.locator(".mm-plan-check-text:visible").count() == 0  # no checks while typing
    page.click(".mm-plan-check-button")  # "Controleer het plan"
    expect(page.locator(".mm-plan-check-text").first).to_contain_text("nog geen datum", timeout=TIMEOUT)

    # a deadline typed as at the table: accepted, shown back as dd-mm-jjjj
    page.focus(".mm-plan-target-date input")
    page.keyboard.type("over 2 weken")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-target-date input")).to_have_value(re.compile(r"^\d{2}-\d{2}-\d{4}$"), timeout=TIMEOUT)
    expect(page.locator(".mm-plan-date-field:has(.mm-plan-target-date) .mm-plan-date-shown")).to_contain_text(
        "→", timeout=TIMEOUT
    )
    assert page.locator(".mm-plan-date-field:has(.mm-plan-target-date) .mm-plan-field-error [role=alert]").count() == 0
    expect(page.locator(".mm-plan-check-text", has_text="nog geen datum")).to_have_count(0, timeout=TIMEOUT)

    # actions: a date once, then type, Enter, next
    page.focus(QUICK_DUE)
    page.keyboard.type("vrijdag")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-quick-due-shown")).to_contain_text("→", timeout=TIMEOUT)
    page.focus(QUICK_WHAT)
    for what in ("Bel het uitzendbureau", "Vraag mijn zus om op te passen", "Cv printen bij de bieb"):
        page.keyboard.type(what)
        page.keyboard.press("Enter")
        expect(page.locator(QUICK_WHAT)).to_have_value("", timeout=TIMEOUT)
    expect(page.locator(ROWS)).to_have_count(3, timeout=TIMEOUT)
    assert page.evaluate("() => document.activeElement && document.activeElement.closest('.mm-plan-quick-what') !== null")
    wait_trace_length(page, "actions-due", 3)

    # tick one done: the timeline shows it done
    # (a ticked action moves to the end of the list, so check the list, not the first row)
    tick = page.locator(ROWS).first.locator(".mm-plan-action-done")
    box = tick.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44  # a target for a finger
    tick.click()
    expect(page.locator(f"{ROWS} .mm-plan-action-done.mod-active")).to_have_count(1, timeout=TIMEOUT)
    wait_trace_length(page, "actions-done", 1)
    wait_trace_length(page, "actions-due", 2)
    assert page.evaluate("() => window.__pwned === undefined")
    screenshot(page, "plan", selector=".mm-plan-goal")

    # the take-home page and the calendar file
    # "Plan printen" opens the plan in the page (no file to find on a tablet)
    page.locator("button.mm-plan-print").scroll_into_view_if_needed()
    expect(page.locator("button.mm-plan-print")).to_have_text(re.compile("Plan printen"))
    page.click("button.mm-plan-print")
    frame = page.frame_locator("iframe.mm-print-frame")
    expect(frame.locator("h1")).to_have_text("Mijn plan", timeout=TIMEOUT)
    printed = frame.locator("body").inner_text()
    assert "Ik wil werk vinden <img" in printed and "Vraag mijn zus om op te passen" in printed
    assert page.evaluate("() => window.__pwned === undefined")
    expect(page.locator(".mm-print-now")).to_be_visible()
    calendar = Calendar.from_ical(download(page, "button.mm-plan-ics"))
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    assert summaries == {"Vraag mijn zus om op te passen", "Cv printen bij de bieb"}
    assert network.foreign_hosts(base_url) == set()


def test_english_and_a_reload_keeps_the_plan(page, base_url):
    open_workbook(page, "plan.ipynb", query="lang=en", wait_for=PICKER)
    expect(page.locator(".mm-plan-app .mm-title")).to_contain_text("Plan: goals", timeout=TIMEOUT)
    create_client(page, "Libel")
    page.focus(NEW_GOAL)
    page.keyboard.type("Find childcare")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-goal-text textarea")).to_have_value("Find childcare", timeout=TIMEOUT)
    page.focus(QUICK_WHAT)
    page.keyboard.type("Call the nursery")
    page.keyboard.press("Enter")
    expect(page.locator(ROWS)).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator(".mm-plan-editor h2").first).to_contain_text("Goals and actions")

    page.reload()
    page.wait_for_selector(".mm-client-search input", state="visible", timeout=60_000)
    page.fill(".mm-client-search input", "Lib")
    page.wait_for_selector(".mm-client-list select option", timeout=TIMEOUT)
    page.select_option(".mm-client-list select", label="Libel")
    expect(page.locator(ROWS)).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator(ROWS).first).to_contain_text("Call the nursery")
    assert trace_length(page, "actions-done") == 0


@pytest.mark.parametrize("query", ["", "lang=en"])
def test_the_plan_on_a_portrait_tablet(page, base_url, query):
    """768 px wide, Dutch and English: date, appointment and amount fields at a usable width,
    nothing sideways, every plan button at least 44 px, labels not cut off, no monospace goal."""
    page.set_viewport_size({"width": 768, "height": 1024})
    open_workbook(page, "plan.ipynb", query=query, wait_for=PICKER)
    create_client(page, "Tablet " + (query or "nl"))
    page.focus(NEW_GOAL)
    page.keyboard.type("Schulden op een rij")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-goal-text textarea")).to_have_value("Schulden op een rij", timeout=TIMEOUT)
    page.focus(QUICK_WHAT)
    page.keyboard.type("Bel de schuldhulp")
    page.keyboard.press("Enter")
    expect(page.locator(ROWS)).to_have_count(1, timeout=TIMEOUT)
    for selector in (".mm-plan-meeting input", ".mm-plan-target-date input", QUICK_DUE, ".mm-plan-action-due input"):
        width = page.locator(selector).first.bounding_box()["width"]
        assert width >= 120, (selector, width)
    font = page.evaluate("() => getComputedStyle(document.querySelector('.mm-plan-goal-text textarea')).fontFamily")
    assert "mono" not in font.lower(), font
    sideways = page.evaluate(
        "() => { const e = document.querySelector('.mm-plan-editor'); return e.scrollWidth - e.clientWidth; }"
    )
    wide = page.evaluate(
        """() => { const e = document.querySelector('.mm-plan-editor'); const r = e.getBoundingClientRect();
            return [...e.querySelectorAll('*')].filter(c => c.offsetParent !== null
                && c.getBoundingClientRect().right > r.right + 1)
                .slice(0, 5).map(c => c.className + ' ' + Math.round(c.getBoundingClientRect().right - r.right)); }"""
    )
    assert sideways <= 1, wide
    small = page.evaluate(
        """() => [...document.querySelectorAll('.mm-plan-editor button, .mm-plan-panel button')]
            .filter(b => b.offsetParent !== null)
            .map(b => b.getBoundingClientRect())
            .filter(r => r.width > 0 && (r.width < 43.5 || r.height < 43.5)).length"""
    )
    assert small == 0
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.mm-plan-editor .widget-label, .mm-plan-editor button')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent)"""
    )
    assert cut == []
    # the reward: a money amount only after choosing money, labels whole, buttons large
    page.locator(".mm-plan-more").get_by_text("Reward" if query else "Beloning", exact=True).click()
    expect(page.locator(".mm-plan-reward-money")).to_be_visible(timeout=TIMEOUT)
    assert page.locator(".mm-plan-reward-amount:visible").count() == 0
    page.click(".mm-plan-reward-money")
    expect(page.locator(".mm-plan-reward-amount input")).to_be_visible(timeout=TIMEOUT)
    assert page.locator(".mm-plan-reward-amount input").bounding_box()["width"] >= 80
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.mm-plan-rewards .widget-label, .mm-plan-rewards button')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent)"""
    )
    assert cut == []
    screenshot(page, "plan-tablet-" + (query.split("=")[-1] or "nl"), selector=".mm-plan-editor")


def test_dates_as_typed_every_action_on_paper_and_undo(page, base_url):
    """Issue 18: '1-12'-style dates, 'volgende week', 'over een maand', 'eind januari' are read and said
    back in words; actions due in 3, 12 and 40 days are all in the print view and the PDF; a tick keeps
    the row in place; a removed action comes back with 'Ongedaan maken'."""
    import datetime as dt
    import sys

    from babel.dates import format_date

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from plan_pdftext import pdf_text

    from mmwidgets.model.dates import local_today, parse_due

    today = local_today()
    open_workbook(page, "plan.ipynb", wait_for=PICKER)
    create_client(page, "Kwikstaart")
    page.focus(NEW_GOAL)
    page.keyboard.type("Een eigen huis")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-goal-text textarea")).to_have_value("Een eigen huis", timeout=TIMEOUT)

    # dates typed the Dutch way, said back in words (the same reader the model uses)
    day_month = f"{(today + dt.timedelta(days=20)).day}-{(today + dt.timedelta(days=20)).month}"
    for typed in (day_month, "volgende week", "over een maand", "eind januari"):
        page.fill(QUICK_DUE, typed)
        page.keyboard.press("Enter")
        expected = format_date(parse_due(typed, today), "EEEE d MMMM y", locale="nl")
        expect(page.locator(".mm-plan-quick-due-shown")).to_contain_text(expected, timeout=TIMEOUT)

    # three actions: in 3, 12 and 40 days (typed as +3, +12, +40)
    for what, plus in (("Inschrijven bij Woonnet", 3), ("Huurtoeslag uitrekenen", 12), ("Kijken bij de flat", 40)):
        page.fill(QUICK_DUE, f"+{plus}")
        page.keyboard.press("Enter")
        page.focus(QUICK_WHAT)
        page.keyboard.type(what)
        page.keyboard.press("Enter")
        expect(page.locator(QUICK_WHAT)).to_have_value("", timeout=TIMEOUT)
    expect(page.locator(ROWS)).to_have_count(3, timeout=TIMEOUT)

    # all three in the print view (opened in the page) and in the PDF
    page.click("button.mm-plan-print")
    frame = page.frame_locator("iframe.mm-print-frame")
    expect(frame.locator("h1")).to_have_text("Mijn plan", timeout=TIMEOUT)
    printed = frame.locator("body").inner_text()
    for what in ("Inschrijven bij Woonnet", "Huurtoeslag uitrekenen", "Kijken bij de flat"):
        assert what in printed
    assert "Later (vanaf" in printed
    with page.expect_download(timeout=90_000) as info:
        page.click(".mm-plan-pdf-button")
    text = " ".join(pdf_text(Path(info.value.path()).read_bytes()).split())
    for what in ("Inschrijven bij Woonnet", "Huurtoeslag uitrekenen", "Kijken bij de flat"):
        assert what in text
    assert "Pagina 1 van 1" in text

    # a tick keeps the row where it is; a removed action comes back
    page.locator(ROWS).first.locator(".mm-plan-action-done").click()
    expect(page.locator(ROWS).first.locator(".mm-plan-action-text")).to_contain_text("gedaan op", timeout=TIMEOUT)
    expect(page.locator(ROWS).first.locator(".mm-plan-action-text")).to_contain_text("Inschrijven bij Woonnet")
    page.locator(ROWS).nth(1).locator(".mm-plan-action-remove").click()
    expect(page.locator(ROWS)).to_have_count(2, timeout=TIMEOUT)
    expect(page.locator(".mm-plan-undo-text")).to_contain_text("is weggehaald", timeout=TIMEOUT)
    page.click(".mm-plan-undo")
    expect(page.locator(ROWS)).to_have_count(3, timeout=TIMEOUT)
    expect(page.locator(".mm-plan-history-list")).not_to_contain_text("‘’")
