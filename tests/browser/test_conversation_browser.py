"""The conversation workbook in real Voila and Chromium, as a coach uses it."""

from __future__ import annotations

import json
import re

from conftest import open_workbook, screenshot
from playwright.sync_api import expect

BRIDGE = ".mm-bridge-figure .js-plotly-plot"
RADAR = ".mm-radar-figure .js-plotly-plot"
PICKER = ".mm-client-new input"
TIMEOUT = 30_000


def plot_data(page, selector):
    return page.evaluate(f"() => JSON.parse(JSON.stringify(document.querySelector('{selector}').data))")


def create_client(page, name):
    page.fill(PICKER, name)
    page.click(".mm-client-create")
    page.click(".mm-nav-next", timeout=TIMEOUT)  # from the check-in to the bridge
    page.wait_for_selector(".mm-workspace .mm-bridge-figure .main-svg", state="visible", timeout=TIMEOUT)


def wait_for_rung_colour_change(page, trace, before):
    page.wait_for_function(
        f"""(before) => {{
            const d = document.querySelector('{BRIDGE}').data[{trace}];
            return JSON.stringify(d.marker) !== before;
        }}""",
        arg=before,
        timeout=TIMEOUT,
    )


def test_create_click_reload_and_find_it_again(page, network, base_url):
    open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
    create_client(page, "Zonnebloem")
    sub_ids = [t["name"] for t in plot_data(page, BRIDGE)]
    housing = sub_ids.index("housing")

    # 1. a click in the editor: both figures change
    bridge_before = plot_data(page, BRIDGE)
    radar_before = plot_data(page, RADAR)
    page.click(".mm-step-housing-2")
    expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    wait_for_rung_colour_change(page, housing, json.dumps(bridge_before[housing]["marker"], separators=(",", ":")))
    page.wait_for_function(
        f"() => JSON.stringify(document.querySelector('{RADAR}').data[3].y) !== {json.dumps(json.dumps(radar_before[3].get('y'), separators=(',', ':')))}",
        timeout=TIMEOUT,
    )
    assert plot_data(page, BRIDGE)[housing]["marker"] != bridge_before[housing]["marker"]
    radar_after = plot_data(page, RADAR)[3]
    assert any(v is not None for v in radar_after["y"]), "the radar shows the chosen step"
    assert all(v is None for v in (radar_before[3].get("y") or [None])), "the radar was empty before"

    # 2. a click on a rung of the bridge picture: debts, step 4
    debts = sub_ids.index("debts")
    rung = page.locator(f"{BRIDGE} .scatterlayer .trace").nth(debts).locator(".points path").nth(3)
    page.locator(BRIDGE).scroll_into_view_if_needed()
    box = rung.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly finds the point on hover, then reports the click
    page.wait_for_timeout(200)
    page.mouse.click(x, y)
    expect(page.locator(".mm-step-debts-4")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    screenshot(page, "gesprek-brug", full_page=False)

    # 3. reload (a closed tab): the assessment is still there
    page.reload()
    page.wait_for_selector(".mm-client-search input", state="visible", timeout=60_000)
    page.fill(".mm-client-search input", "Zonne")
    page.wait_for_selector(".mm-client-list select option", timeout=TIMEOUT)
    page.select_option(".mm-client-list select", label="Zonnebloem")
    page.click(".mm-nav-next", timeout=TIMEOUT)
    expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    page.locator(".mm-bridge-editor .lm-TabBar-tab", has_text="Financieel beheer").click()
    expect(page.locator(".mm-step-debts-4")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    # the picture shows the saved steps too: the chosen rung is the widest
    saved = plot_data(page, BRIDGE)
    widths = saved[debts]["marker"]["line"]["width"]
    assert widths.index(max(widths)) == 3, "step 4 of debts is drawn as the current step"
    widths = saved[housing]["marker"]["line"]["width"]
    assert widths.index(max(widths)) == 1, "step 2 of housing is drawn as the current step"

    # 4. switch to English
    page.locator(".mm-lang button", has_text="EN").click()
    expect(page.locator(".mm-bridge-editor .lm-TabBar-tab").first).to_contain_text("Family stability", timeout=TIMEOUT)
    expect(page.locator(".mm-score")).to_contain_text("Workbook score", timeout=TIMEOUT)
    screenshot(page, "gesprek-english", full_page=False)

    # nothing left the machine, and no figure offers plotly's cloud upload
    assert network.foreign_hosts(base_url) == set()
    titles = page.eval_on_selector_all(".modebar-btn", "els => els.map(e => e.getAttribute('data-title') || '')")
    assert not any("cloud" in t.lower() or "share" in t.lower() or "edit in chart studio" in t.lower() for t in titles)


def test_a_name_with_html_is_shown_as_text_and_runs_nothing(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
    evil = "<img src=x onerror=alert(1)>"
    create_client(page, evil)
    expect(page.locator(".mm-client-current")).to_contain_text(evil, timeout=TIMEOUT)
    assert page.locator(".mm-client-current img").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []


def test_bad_input_gets_a_translated_message_not_a_traceback(page):
    open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=PICKER)
    page.fill(PICKER, "123456782")
    page.click(".mm-client-create")
    message = page.locator(".mm-conversation > .mm-message")
    expect(message).to_contain_text("pseudonym", timeout=TIMEOUT)
    assert "Traceback" not in page.content()


def test_note_refused_at_the_field_yesterday_radar_switch_and_one_goal(page, base_url):
    """Issue 18: a too-long note is refused under the note (no 'Bewaard'); 'gisteren' as the date;
    no unanswered radar point inside the web; switching bridge asks first; three taps on
    'Maak een doel voor Wonen' leave one goal."""
    import datetime as dt
    import math

    from babel.dates import format_date

    from mmwidgets.model.dates import local_today

    open_workbook(page, "gesprek.ipynb", wait_for=PICKER)
    page.fill(PICKER, "Roodborst")
    page.click(".mm-client-create")
    # the date typed as 'gisteren', said back in words
    yesterday = local_today() - dt.timedelta(days=1)
    page.fill(".mm-conv-date input", "gisteren")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-conv-date-shown")).to_contain_text(
        format_date(yesterday, "EEEE d MMMM y", locale="nl"), timeout=TIMEOUT)
    page.click(".mm-nav-next", timeout=TIMEOUT)
    page.wait_for_selector(".mm-workspace .mm-bridge-figure .main-svg", state="visible", timeout=TIMEOUT)

    page.click(".mm-step-housing-2")
    expect(page.locator(".mm-saved-text")).to_contain_text("Bewaard", timeout=TIMEOUT)
    # the radar: one answer, every unanswered mark outside the web
    page.wait_for_function(f"() => document.querySelector('{RADAR}').data[4].x.length > 0", timeout=TIMEOUT)
    marks = plot_data(page, RADAR)[4]
    assert all(math.hypot(x, y) > 100 for x, y in zip(marks["x"], marks["y"]))

    # a too-long note: refused under the note, field marked, no "Bewaard", no field id
    note = page.locator(".mm-note-housing textarea")
    note.fill("x" * 5220)
    error = page.locator(".mm-sub-housing .mm-field-error")
    expect(error).to_contain_text("te lang", timeout=TIMEOUT)
    assert "note" not in error.inner_text().lower()
    expect(page.locator(".mm-saved-text")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator(".mm-note-housing")).to_have_class(re.compile("mm-field-invalid"))
    note_box = note.bounding_box()
    error_box = error.bounding_box()
    assert note_box and error_box and 0 <= error_box["y"] - (note_box["y"] + note_box["height"]) < 60
    note.fill("Huur te hoog")
    expect(error).to_have_text("", timeout=TIMEOUT)
    expect(page.locator(".mm-saved-text")).to_contain_text("Bewaard", timeout=TIMEOUT)

    # three taps on "Maak een doel voor Wonen": one goal
    page.locator(".mm-focus-housing input").check()
    expect(page.locator(".mm-saved-text")).to_contain_text("Bewaard", timeout=TIMEOUT)
    for _ in range(3):
        page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab", has_text="Waaraan werken?").click()
        page.click(".mm-focus-goal-housing", timeout=TIMEOUT)
        page.wait_for_selector(".mm-plan-editor", state="visible", timeout=60_000)
    expect(page.locator(".mm-plan-goal-select select option")).to_have_count(1, timeout=TIMEOUT)

    # switching bridge asks first; 'Nee' keeps everything
    choice = page.locator(".mm-definition select")
    if choice.is_visible():
        page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab", has_text="Brug").first.click()
        current = choice.input_value()
        other = [o for o in choice.locator("option").evaluate_all("os => os.map(o => o.value)") if o != current][0]
        choice.select_option(other)
        expect(page.locator(".mm-switch-prompt")).to_be_visible(timeout=TIMEOUT)
        expect(page.locator(".mm-switch-text")).to_contain_text("blijven bewaard")
        page.click(".mm-switch-no")
        expect(page.locator(".mm-switch-prompt")).to_be_hidden(timeout=TIMEOUT)
        expect(choice).to_have_value(current)
        expect(page.locator(".mm-step-housing-2")).to_have_class(re.compile("mm-step-selected"))
    else:
        raise AssertionError("the shipped bridges should offer a choice of bridge")
