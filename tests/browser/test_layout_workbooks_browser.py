"""The conversation fits the coach's screens (issue 18): tablet upright 768x1024, tablet on its
side 1024x768 and laptop 1366x768, with a fictional participant who has two conversations a
month apart and a plan with two goals and actions (tests/browser/seeds.py).

Two page loads: Dutch at two sizes and English at the third (the window is resized between two
sizes, as a tablet is turned). On every page (tests/browser/layout.py): no sideways scrolling, no
cut-off label, no text or control cut off by 2-4 px (a box that hides or scrolls what it holds),
every button, tab and checkbox at least 44 x 44 px, every figure as wide as its box.
The conversation is checked on its bridge step (picture and editor) and on its last step; on the
bridge step a tap on a rung leaves no label over the neighbouring columns, and the names under the
ladders (one in bold: a part to work on) never run into each other as drawn, no short name is
broken ("Wo-nen"), and the editor's pillar tabs take one row.
The other twelve workbooks get the same layout checks on the page loads of the accessibility test
(test_axe_workbooks.py), so that each page is loaded once for both (CI time, issue 16).
Screenshots: test-results/screenshots/layout-<workbook>-<lang>-<w>x<h>.png.
"""

from __future__ import annotations

import re

import pytest
from layout import layout_problems
from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect
from seeds import seed_participant

TIMEOUT = 30_000
SIZES = [(768, 1024), (1024, 768), (1366, 768)]
CLIENT = "Noor Indeling"

#: one page load per language: Dutch at two sizes and English at the third
CASES = [("gesprek", "nl", [SIZES[0], SIZES[2]]), ("gesprek", "en", [SIZES[1]])]


@pytest.fixture(scope="module")
def seeded(voila_server) -> dict:
    """Noor: conversations 30 days ago and today, two goals with three actions, a personal link."""
    return seed_participant(voila_server.data_dir, CLIENT)


def pick_client(page) -> None:
    page.fill(".mm-client-search input", CLIENT.split()[0])
    page.wait_for_function(
        "() => { const s = document.querySelector('.mm-client-list select'); return s && s.options.length > 0; }",
        timeout=TIMEOUT,
    )
    page.select_option(".mm-client-list select", index=0)


#: the names under the bridge's ladders as drawn: per tick its box (upright names only)
NAME_BOXES = """(figure) => {
    const plot = document.querySelector(figure);
    if (!plot) return null;
    return Array.from(plot.querySelectorAll('.xaxislayer-above .xtick text')).map((text) => {
        const r = text.getBoundingClientRect();
        return {text: text.textContent, left: r.left, right: r.right,
                tilted: (text.getAttribute('transform') || '').includes('rotate')};
    });
}"""


def bridge_name_problems(page, figure: str = ".mm-bridge-figure .js-plotly-plot") -> list[str]:
    """Two neighbouring names under the bridge that run into each other, as drawn."""
    boxes = page.evaluate(NAME_BOXES, figure)
    assert boxes, "no names under the bridge"
    if any(box["tilted"] for box in boxes):
        return []
    return [
        f"bridge names touch: '{a['text']}' and '{b['text']}' ({a['right'] - b['left']:.1f} px)"
        for a, b in zip(boxes, boxes[1:])
        if a["right"] > b["left"] - 1
    ]


#: the bridge editor's pillar tabs: how many rows they take, and whether each is 44 px high
PILLAR_TABS = """() => {
    const bar = Array.from(document.querySelectorAll('.mm-bridge-editor .lm-TabBar')).find((b) => b.offsetParent);
    if (!bar) return null;
    const tabs = Array.from(bar.querySelectorAll('.lm-TabBar-tab')).map((t) => t.getBoundingClientRect());
    const rows = [];
    for (const r of tabs) if (!rows.some((top) => Math.abs(top - r.top) < r.height / 2)) rows.push(r.top);
    return {rows: rows.length, low: tabs.filter((r) => r.height < 43.5).length,
            wider: bar.scrollWidth - bar.clientWidth};
}"""


def pillar_tab_problems(page) -> list[str]:
    """The editor's pillar tabs on one row (they took two at 768 and 1024 px), each 44 px high."""
    tabs = page.evaluate(PILLAR_TABS)
    assert tabs, "no pillar tabs on the bridge step"
    problems = [f"the pillar tabs take {tabs['rows']} rows"] if tabs["rows"] != 1 else []
    return problems + ([f"{tabs['low']} pillar tabs under 44 px high"] if tabs["low"] else [])


def short_words_broken(page, figure: str = ".mm-bridge-figure .js-plotly-plot") -> list[str]:
    """A short name cut in two under the bridge ("Wo-nen" beside the editor at 1024 px)."""
    lines = page.evaluate(
        f"() => Array.from(document.querySelectorAll('{figure} .xtick text')).map((t) => "
        "Array.from(t.querySelectorAll('tspan.line')).map((l) => l.textContent))"
    )
    found = []
    for name in lines:
        for line, following in zip(name, name[1:]):
            word = line.rsplit(" ", 1)[-1]
            if word.endswith("-") and len(word[:-1] + following.split(" ", 1)[0]) <= 5:
                found.append(f"a short word broken under the bridge: '{word}{following.split(' ', 1)[0]}'")
    return found


def tap_rung(page, sub_id: str, step: int, figure: str = ".mm-bridge-figure .js-plotly-plot") -> None:
    names = page.evaluate(f"() => document.querySelector('{figure}').data.map((t) => t.name)")
    rung = page.locator(f"{figure} .scatterlayer .trace").nth(names.index(sub_id)).locator(".points path").nth(step - 1)
    rung.scroll_into_view_if_needed()
    box = rung.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly finds the point on hover, then reports the click
    page.wait_for_timeout(150)
    page.mouse.click(x, y)


@pytest.mark.parametrize(
    "name, lang, sizes", CASES, ids=[f"{n}-{lang}-" + "-".join(f"{w}x{h}" for w, h in sizes) for n, lang, sizes in CASES]
)
def test_the_conversation_fits_the_screen(page, seeded, name, lang, sizes):
    width, height = sizes[0]
    page.set_viewport_size({"width": width, "height": height})
    open_workbook(page, f"{name}.ipynb", query=f"lang={lang}", wait_for=".mm-client-new input")
    found: list[str] = []

    def check_sizes(state: str, shot: str, full_page: bool = True, bridge: bool = False) -> None:
        for width, height in sizes:
            page.set_viewport_size({"width": width, "height": height})
            where = f"{name}{state} {lang} {width}x{height}"
            page.wait_for_timeout(200)  # plotly's redraw for the new width
            found.extend(f"{where}: {p}" for p in layout_problems(page))
            if bridge:
                found.extend(f"{where}: {p}" for p in bridge_name_problems(page))
                found.extend(f"{where}: {p}" for p in pillar_tab_problems(page))
                found.extend(f"{where}: {p}" for p in short_words_broken(page))
                page.locator(".mm-bridge-figure").first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
            screenshot(page, f"layout-{shot}-{lang}-{width}x{height}", full_page=full_page)

    pick_client(page)
    page.click(".mm-nav-next", timeout=TIMEOUT)  # to the bridge step: picture and editor
    page.locator(".mm-bridge-figure .main-svg").first.wait_for(state="visible", timeout=TIMEOUT)
    expect(page.locator(".mm-step-housing-2").first).to_be_visible(timeout=TIMEOUT)
    # a tap on a rung chooses the step and leaves no label over the neighbouring columns
    tap_rung(page, "debts", 2)
    expect(page.locator(".mm-step-debts-2").first).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    expect(page.locator(".mm-bridge-figure .hoverlayer .hovertext")).to_have_count(0, timeout=TIMEOUT)
    page.locator(".mm-focus-debts input").first.check()  # a part to work on: its name in bold
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.mm-bridge-figure .xtick text'))"
        ".some((t) => t.style.fontWeight === 'bold' || t.innerHTML.includes('font-weight:bold'))",
        timeout=TIMEOUT,
    )
    check_sizes(" (bridge step)", "gesprek-brug", full_page=False, bridge=True)
    page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab").last.click()  # the last step: take home
    page.wait_for_timeout(300)
    check_sizes(" (last step)", "gesprek-laatste")
    assert found == [], "\n".join(found)
