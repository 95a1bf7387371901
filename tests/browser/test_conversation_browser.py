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
