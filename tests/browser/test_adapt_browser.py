"""The adaptation workbook in real Voila and Chromium: rename a step, add a sub-pillar, see the
picture change, save, then assess a client with the new bridge in the conversation workbook.

Runs on its own Voila (voila_factory) so the saved definition stays in this test's data folder.
"""

from __future__ import annotations

import re

import yaml
from playwright.sync_api import expect

from mmbrowser import build_site, open_workbook, screenshot

BRIDGE = ".mm-adapt-bridge .js-plotly-plot"
TIMEOUT = 30_000


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


def test_adapt_save_and_assess_with_the_new_bridge(page, voila_factory, tmp_path):
    server = voila_factory(build_site(tmp_path / "site"))
    open_workbook(page, server.render_url("aanpassen.ipynb"), wait_for=BRIDGE + " .main-svg")
    expect(page.locator(".mm-adapt-status")).to_contain_text("In orde", timeout=TIMEOUT)
    assert len(rung_names(page)) == 10

    # the bridge's own name, so it can be found in the conversation workbook
    page.fill(".mm-adapt-def-name-nl input", "Brug Alphen (proef)")

    # 1. rename step 3 of Wonen: the picture follows as one types
    page.select_option(".mm-adapt-step-list select", index=2)
    expect(page.locator(".mm-adapt-step-label-nl input")).to_have_value("Een dak, maar wankel", timeout=TIMEOUT)
    page.fill(".mm-adapt-step-label-nl input", "Dak boven je hoofd")
    wait_for_bridge(page, "JSON.stringify(d).includes('Dak boven je hoofd')")
    assert "Een dak, maar wankel" not in str(plot_data(page, BRIDGE))

    # 2. add a sub-pillar to the first pillar: weights do not add up yet -> a message, stale picture
    page.click(".mm-adapt-subpillar-add")
    expect(page.locator(".mm-adapt-sub-name-nl input")).to_have_value("Nieuw onderdeel", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-status")).to_contain_text("te verbeteren", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-sub-weight")).to_have_class(re.compile("mm-adapt-invalid"), timeout=TIMEOUT)
    page.fill(".mm-adapt-sub-name-nl input", "Kinderopvang")
    page.fill(".mm-adapt-sub-name-en input", "Childcare")
    page.click(".mm-adapt-sub-spread")
    expect(page.locator(".mm-adapt-status")).to_contain_text("In orde", timeout=TIMEOUT)
    wait_for_bridge(page, "d.filter(t => String(t.uid || '').startsWith('rung-')).length === 11")
    assert "onderdeel" in rung_names(page)
    assert "Kinderopvang" in str(plot_data(page, BRIDGE))
    screenshot(page, "aanpassen-bewerken")
    page.locator(".mm-adapt-bridge").scroll_into_view_if_needed()
    screenshot(page, "aanpassen-voorbeeld", full_page=False)

    # 3. save in the team's own folder
    page.fill(".mm-adapt-file input", "brug-alphen-proef")
    page.click(".mm-adapt-save")
    expect(page.locator(".mm-adapt-save-status")).to_contain_text("Bewaard als brug-alphen-proef.yaml", timeout=TIMEOUT)
    saved = server.data_dir / "definitions" / "brug-alphen-proef.yaml"
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["id"] == "mm-standaard-eigen" and data["name"]["nl"] == "Brug Alphen (proef)"
    assert [s["id"] for s in data["pillars"][0]["subpillars"]] == ["housing", "onderdeel", "care"]

    # 4. the conversation workbook: choose the new bridge, create a client, click a step of the new part
    open_workbook(page, server.render_url("gesprek.ipynb"), wait_for=".mm-client-new input")
    page.select_option(".mm-definition select", label="Brug Alphen (proef) (v1)")
    page.fill(".mm-client-new input", "Klaproos")
    page.click(".mm-client-create")
    page.wait_for_selector(".mm-workspace .mm-bridge-figure .main-svg", state="visible", timeout=TIMEOUT)
    expect(page.locator(".mm-step-onderdeel-3")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".mm-step-housing-3")).to_contain_text("Dak boven je hoofd", timeout=TIMEOUT)
    page.click(".mm-step-onderdeel-3")
    expect(page.locator(".mm-step-onderdeel-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
    page.wait_for_function(
        "() => { const el = document.querySelector('.mm-bridge-figure .js-plotly-plot');"
        " return el && el.data && el.data.some(t => t.name === 'onderdeel'); }",
        timeout=TIMEOUT,
    )
