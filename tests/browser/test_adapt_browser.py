"""The adaptation workbook in real Voila and Chromium, as a programme designer lives it:
rename a step, add a sub-pillar and see what is still to fill in (guidance, not an error),
fill in its texts, save, compare (the changes marked in both pictures), check the layout at
the three tablet sizes, then assess a client with the new bridge in the conversation workbook.

Runs on its own Voila (voila_factory) so the saved definition stays in this test's data folder.
"""

from __future__ import annotations

import re

import yaml
from playwright.sync_api import expect

from layout import layout_problems as shared_layout_problems  # helper F2's checks
from mmbrowser import build_site, open_workbook, screenshot

BRIDGE = ".mm-adapt-bridge .js-plotly-plot"
TIMEOUT = 30_000
SIZES = ((1366, 768), (1024, 768), (768, 1024))


def plot_data(page, selector):
    return page.evaluate(f"() => JSON.parse(JSON.stringify(document.querySelector('{selector}').data))")


def rung_names(page) -> list[str]:
    return [t["name"] for t in plot_data(page, BRIDGE) if str(t.get("uid", "")).startswith("rung-")]


def wait_for_bridge(page, condition_js: str) -> None:
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{BRIDGE}'); if (!el || !el.data) return false;"
        f" const d = el.data; return ({condition_js}); }}",
        timeout=TIMEOUT,
    )


def mark_names(page, side: str) -> list[str]:
    return page.evaluate(
        f"() => {{ const el = document.querySelector('.mm-adapt-compare-bridge-{side} .js-plotly-plot');"
        " if (!el || !el.layout) return []; return (el.layout.shapes || []).map(s => s.name || '')"
        ".filter(n => n.startsWith('mark-')); }"
    )


def layout_problems(page) -> list[str]:
    """What a tablet user would see broken: sideways scrolling, cut-off texts, small targets
    (layout.py), plus fields and lists of the editor that reach outside the window or are
    lower than 44 px."""
    return shared_layout_problems(page, within=".mm-adapt") + page.evaluate(
        """() => {
        const out = [];
        for (const el of document.querySelectorAll('.mm-adapt select:not([multiple]), .mm-adapt input[type=text]')) {
            if (el.offsetParent === null) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0) continue;
            if (r.height < 44 - 0.5) out.push(`field ${Math.round(r.height)} px high: ${el.className}`);
            if (r.right > window.innerWidth + 1) out.push(`field outside the window: ${el.className}`);
        }
        return out;
    }"""
    )


def compare_boxes(page):
    return page.evaluate(
        """() => ['a', 'b'].map(side => {
            const r = document.querySelector(`.mm-adapt-compare-bridge-${side} .main-svg`).getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};
        })"""
    )


def test_designer_adds_a_part_fills_it_in_saves_compares_and_uses_it(page, voila_factory, tmp_path):
    server = voila_factory(build_site(tmp_path / "site"))
    open_workbook(page, server.render_url("aanpassen.ipynb"), wait_for=BRIDGE + " .main-svg")
    expect(page.locator(".mm-adapt-status")).to_contain_text("In orde", timeout=TIMEOUT)
    assert len(rung_names(page)) == 10
    # no ids, colour codes, file names or server paths on screen (until "Geavanceerd" is opened)
    shown = page.locator(".mm-adapt").inner_text()
    assert ".yaml" not in shown and "#" not in shown and str(server.data_dir) not in shown
    assert not page.locator(".mm-adapt-def-id input").is_visible()

    # the bridge's own name, so it can be found in the conversation workbook
    page.fill(".mm-adapt-def-name-nl input", "Brug Alphen (proef)")

    # 1. rename step 3 of Wonen: the picture follows as one types
    page.select_option(".mm-adapt-step-list select", index=2)
    expect(page.locator(".mm-adapt-step-label-nl input")).to_have_value("Een dak, maar wankel", timeout=TIMEOUT)
    page.fill(".mm-adapt-step-label-nl input", "Dak boven je hoofd")
    wait_for_bridge(page, "JSON.stringify(d).includes('Dak boven je hoofd')")

    # 2. add a sub-pillar: what is still to fill in, calmly (no red error)
    page.click(".mm-adapt-subpillar-add")
    status = page.locator(".mm-adapt-status")
    expect(status).to_contain_text("Nog in te vullen", timeout=TIMEOUT)
    expect(status).not_to_contain_text("te verbeteren")
    assert page.locator(".mm-adapt-status .mm-msg-error").count() == 0
    expect(page.locator(".mm-adapt-todo-here")).to_contain_text("de tekst van trede 1, 2, 3, 4 en 5", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-goto")).to_contain_text("Ga naar", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-step-list select option").first).to_contain_text("nog geen tekst", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-sub-name-nl")).to_have_class(re.compile("mm-adapt-todo"), timeout=TIMEOUT)
    screenshot(page, "aanpassen-nieuw-onderdeel")
    # not saved while something is still to fill in
    page.fill(".mm-adapt-file input", "half-af")
    page.click(".mm-adapt-save")
    expect(page.locator(".mm-adapt-save-status")).to_contain_text("Nog niet bewaard", timeout=TIMEOUT)

    # 3. fill it in: names and every step's texts; the id follows the name by itself
    page.fill(".mm-adapt-sub-name-nl input", "Kinderopvang")
    page.fill(".mm-adapt-sub-name-en input", "Childcare")
    page.locator(".mm-adapt-forms").get_by_role("tab", name="Trede").click()
    for n in range(5):
        page.select_option(".mm-adapt-step-list select", index=n)
        expect(page.locator(".mm-adapt-step-label-nl input")).to_have_value(f"Trede {n + 1}", timeout=TIMEOUT)
        page.fill(".mm-adapt-step-text-nl textarea", f"Opvang voor de kinderen, stap {n + 1}.")
        page.fill(".mm-adapt-step-text-en textarea", f"Care for the children, step {n + 1}.")
    expect(page.locator(".mm-adapt-step-list select option").first).not_to_contain_text("nog geen tekst", timeout=TIMEOUT)
    expect(status).to_contain_text("Onderdelen gelijk wegen", timeout=TIMEOUT)
    page.click(".mm-adapt-goto")  # goes to the sub-pillar form, where that button is
    page.click(".mm-adapt-sub-spread")
    expect(status).to_contain_text("In orde", timeout=TIMEOUT)
    wait_for_bridge(page, "d.filter(t => String(t.uid || '').startsWith('rung-')).length === 11")
    assert "kinderopvang" in rung_names(page)
    screenshot(page, "aanpassen-bewerken")

    # 4. save in the team's own folder
    page.fill(".mm-adapt-file input", "brug-alphen-proef")
    page.click(".mm-adapt-save")
    expect(page.locator(".mm-adapt-save-status")).to_contain_text("Bewaard", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-save-status")).not_to_contain_text(".yaml")
    saved = server.data_dir / "definitions" / "brug-alphen-proef.yaml"
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["id"] == "mm-standaard-eigen" and data["name"]["nl"] == "Brug Alphen (proef)"
    assert [s["id"] for s in data["pillars"][0]["subpillars"]] == ["housing", "kinderopvang", "care"]
    assert not (server.data_dir / "definitions" / "half-af.yaml").exists()

    # 5. compare with the shipped bridge: the changes marked in both pictures and in the table
    page.get_by_role("tab", name="Vergelijken").click()
    page.wait_for_selector(".mm-adapt-compare-bridge-b .main-svg", state="visible", timeout=TIMEOUT)
    page.wait_for_function(
        "() => { const el = document.querySelector('.mm-adapt-compare-bridge-b .js-plotly-plot');"
        " return el && el.layout && (el.layout.shapes || []).some(s => s.name === 'mark-added-kinderopvang'); }",
        timeout=TIMEOUT,
    )
    assert "mark-added-kinderopvang" in mark_names(page, "b") and "mark-changed-housing" in mark_names(page, "b")
    assert "mark-changed-housing" in mark_names(page, "a")  # the re-worded step, in the old picture too
    expect(page.locator(".mm-diff-added")).to_contain_text("Kinderopvang", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-compare-legend")).to_contain_text("groen = toegevoegd")

    # 6. the three tablet sizes: pictures never overlap (stacked where narrow), nothing cut off
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(600)  # PlotlyView redraws on resize
        a, b = compare_boxes(page)
        side_by_side = b["left"] >= a["right"] - 1
        stacked = b["top"] >= a["bottom"] - 1
        assert side_by_side or stacked, (width, a, b)
        if width == 768:
            assert stacked, (width, a, b)
        assert a["right"] <= width + 1 and b["right"] <= width + 1
        assert layout_problems(page) == [], (width, "compare")
        screenshot(page, f"aanpassen-vergelijken-{width}", full_page=False)
    page.get_by_role("tab", name="Bewerken").click()
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(600)
        assert layout_problems(page) == [], (width, "edit")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 7. the conversation workbook: choose the new bridge, create a client, click a step of the new part
    open_workbook(page, server.render_url("gesprek.ipynb"), wait_for=".mm-client-new input")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.mm-definition select option'))"
        ".some(o => o.textContent.includes('Alphen'))",
        timeout=TIMEOUT,
    )
    label = page.evaluate(
        "() => Array.from(document.querySelectorAll('.mm-definition select option'))"
        ".find(o => o.textContent.includes('Alphen')).textContent"
    )
    page.select_option(".mm-definition select", label=label)
    page.fill(".mm-client-new input", "Klaproos")
    page.click(".mm-client-create")
    page.click(".mm-nav-next", timeout=TIMEOUT)  # the conversation opens at the check-in; next: the bridge
    page.wait_for_selector(".mm-workspace .mm-bridge-figure .main-svg", state="visible", timeout=TIMEOUT)
    expect(page.locator(".mm-step-kinderopvang-3")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".mm-step-housing-3")).to_contain_text("Dak boven je hoofd", timeout=TIMEOUT)
    page.click(".mm-step-kinderopvang-3")
    expect(page.locator(".mm-step-kinderopvang-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    page.wait_for_function(
        "() => { const el = document.querySelector('.mm-bridge-figure .js-plotly-plot');"
        " return el && el.data && el.data.some(t => t.name === 'kinderopvang'); }",
        timeout=TIMEOUT,
    )
