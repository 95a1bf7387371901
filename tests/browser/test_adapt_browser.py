"""The adaptation workbook in real Voila and Chromium, as a programme designer lives it
(issue 21): rename a step, add a sub-pillar with Dutch texts only and see what is still to fill
in (guidance, not an error), make a pillar white ("te licht", a darker colour one click away),
compare while a field is still empty (the new part and the colour marked), fill it in, save,
switch bridge with unsaved edits (asked first), make the crosswalk from the shipped bridge,
check the layout at three sizes, then open a client with conversations on the shipped bridge
in the conversation workbook on the variant and see the earlier conversation carried over.

Runs on its own Voila (voila_factory) so the saved definition stays in this test's data folder.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml
from playwright.sync_api import expect

from layout import layout_problems as shared_layout_problems  # helper F2's checks
from mmbrowser import build_site, open_workbook, screenshot

from mmwidgets.model.actor import local_actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.dates import local_today
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.store import Store

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
    (layout.py), plus fields, dropdowns and list rows of the editor that reach outside the
    window, are lower than 44 px, or cut off the chosen text of a dropdown."""
    return shared_layout_problems(page, within=".mm-adapt") + page.evaluate(
        """() => {
        const out = [];
        const canvas = document.createElement('canvas').getContext('2d');
        for (const el of document.querySelectorAll('.mm-adapt select:not([multiple]), .mm-adapt input[type=text], .mm-adapt .mm-adapt-row')) {
            if (el.offsetParent === null) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0) continue;
            if (r.height < 44 - 0.5) out.push(`${el.tagName} ${Math.round(r.height)} px high: ${el.className}`);
            if (r.right > window.innerWidth + 1) out.push(`outside the window: ${el.className}`);
            if (el.tagName === 'SELECT' && el.selectedIndex >= 0) {
                const style = getComputedStyle(el);
                canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const text = el.options[el.selectedIndex].text;
                if (canvas.measureText(text).width > el.clientWidth - 28) out.push(`dropdown cut off: "${text.slice(0, 40)}"`);
            }
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


CLIENT = "Reiger Brug"
SHIPPED = load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def seed_client(data_dir) -> None:
    """A client with two conversations on the shipped bridge, before the variant exists."""
    store = Store(f"sqlite:///{data_dir / DATABASE_FILE}", actor=local_actor())
    clients, talks = ClientRepo(store), AssessmentRepo(store)
    client = clients.create(CLIENT)
    today = local_today()
    for days, step in ((60, 1), (30, 2)):
        talk = talks.open_conversation(client.id, SHIPPED, today - dt.timedelta(days=days))
        for sub_id in ("housing", "debts", "savings"):
            talks.set_choice(talk.id, sub_id, definition=SHIPPED, step=step)
    store.dispose()


def rows(page, level: str):
    return page.locator(f".mm-adapt-{level}-list .mm-adapt-row")


def test_designer_makes_a_dutch_variant_compares_saves_crosswalks_and_uses_it(page, voila_factory, tmp_path):
    server = voila_factory(build_site(tmp_path / "site"))
    seed_client(server.data_dir)
    open_workbook(page, server.render_url("aanpassen.ipynb"), wait_for=BRIDGE + " .main-svg")
    status = page.locator(".mm-adapt-status")
    expect(status).to_contain_text("In orde", timeout=TIMEOUT)
    assert len(rung_names(page)) == 10
    # no ids, versions, colour codes, file names or server paths on screen (until "Geavanceerd")
    shown = page.locator(".mm-adapt").inner_text()
    assert ".yaml" not in shown and "#" not in shown and str(server.data_dir) not in shown and "(v1)" not in shown
    assert not page.locator(".mm-adapt-def-id input").is_visible() and not page.locator(".mm-adapt-file input").is_visible()
    page.fill(".mm-adapt-def-name-nl input", "Brug Alphen (proef)")

    # 1. rename step 3 of Wonen: the picture follows as one types; rows are 44 px targets
    rows(page, "step").nth(2).click()
    expect(page.locator(".mm-adapt-step-label-nl input")).to_have_value("Een dak, maar wankel", timeout=TIMEOUT)
    page.fill(".mm-adapt-step-label-nl input", "Dak boven je hoofd")
    wait_for_bridge(page, "JSON.stringify(d).includes('Dak boven je hoofd')")
    page.locator(".mm-adapt-forms .lm-TabBar-tab", has_text="Pijler").click()
    rows(page, "step").nth(2).click()  # the highlighted step again: its form opens
    expect(page.locator(".mm-adapt-step-label-nl input")).to_be_visible(timeout=TIMEOUT)

    # 2. a white pillar: "te licht", and a darker colour one click away
    page.locator(".mm-adapt-forms .lm-TabBar-tab", has_text="Pijler").click()
    page.locator(".mm-adapt-pillar-form").get_by_text("Geavanceerd", exact=True).click()  # an own colour is set there
    colour = page.locator(".mm-adapt-pillar-colour input[type=text]")
    colour.fill("#ffffff")
    colour.press("Enter")
    note = page.locator(".mm-adapt-colour-note")
    expect(note).to_contain_text("Te licht: de treden vallen weg tegen de witte achtergrond", timeout=TIMEOUT)
    screenshot(page, "aanpassen-te-licht", full_page=False)
    page.click(".mm-adapt-colour-fix")
    expect(note).not_to_contain_text("Te licht", timeout=TIMEOUT)

    # 3. a new sub-pillar, Dutch only: what is still to fill in, calmly (no red error)
    page.click(".mm-adapt-subpillar-add")
    expect(status).to_contain_text("Nog in te vullen", timeout=TIMEOUT)
    expect(status).not_to_contain_text("te verbeteren")
    expect(page.locator(".mm-adapt-todo-here")).to_contain_text("de tekst van trede 1, 2, 3, 4 en 5 in het Nederlands", timeout=TIMEOUT)
    expect(rows(page, "step").first).to_contain_text("nog geen tekst", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-sub-name-nl")).to_have_class(re.compile("mm-adapt-todo"), timeout=TIMEOUT)
    page.fill(".mm-adapt-sub-name-nl input", "Digitale vaardigheden")
    expect(rows(page, "subpillar").nth(1)).to_contain_text("Digitale vaardigheden", timeout=TIMEOUT)
    page.click(".mm-adapt-save")  # not saved while something is still to fill in
    expect(page.locator(".mm-adapt-save-status")).to_contain_text("Nog niet bewaard", timeout=TIMEOUT)

    # 4. compare now, while the step texts are still empty: the new part and the colour marked
    page.locator(".mm-adapt-tabs > .lm-TabBar .lm-TabBar-tab", has_text="Vergelijken").click()
    page.wait_for_function(
        "() => { const el = document.querySelector('.mm-adapt-compare-bridge-b .js-plotly-plot');"
        " return el && el.layout && (el.layout.shapes || []).some(s => s.name === 'mark-added-digitale-vaardigheden'); }",
        timeout=TIMEOUT,
    )
    assert "mark-changed-family" in mark_names(page, "b")  # the colour
    expect(page.locator(".mm-diff-added")).to_contain_text("nog in te vullen", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-compare-note")).to_contain_text("nog iets ingevuld", timeout=TIMEOUT)
    table = page.locator(".mm-adapt-diff").inner_text()
    assert "#" not in table and "mm-standaard" not in table
    for width, height in SIZES:  # the pictures never overlap (stacked where narrow), nothing cut off
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(600)
        a, b = compare_boxes(page)
        assert b["left"] >= a["right"] - 1 or b["top"] >= a["bottom"] - 1, (width, a, b)
        assert a["right"] <= width + 1 and b["right"] <= width + 1
        assert layout_problems(page) == [], (width, "compare")
        page.locator(".mm-adapt-compare-pair").scroll_into_view_if_needed()
        screenshot(page, f"aanpassen-vergelijken-{width}", full_page=False)
    page.set_viewport_size({"width": 1366, "height": 768})

    # 5. fill in the Dutch step texts only: in orde, English listed as still to translate
    page.locator(".mm-adapt-tabs > .lm-TabBar .lm-TabBar-tab", has_text="Bewerken").click()
    for n in range(5):
        rows(page, "step").nth(n).click()
        expect(page.locator(".mm-adapt-step-label-nl input")).to_have_value(f"Trede {n + 1}", timeout=TIMEOUT)
        page.fill(".mm-adapt-step-text-nl textarea", f"Met de computer, stap {n + 1}.")
    expect(status).to_contain_text("In orde", timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-save-status")).not_to_contain_text("Nog niet bewaard", timeout=TIMEOUT)
    expect(status).to_contain_text("Nog te vertalen", timeout=TIMEOUT)
    wait_for_bridge(page, "d.filter(t => String(t.uid || '').startsWith('rung-')).length === 11")
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(600)
        assert layout_problems(page) == [], (width, "edit")
        page.locator(".mm-adapt-levels").scroll_into_view_if_needed()
        screenshot(page, f"aanpassen-bewerken-{width}", full_page=False)
    page.set_viewport_size({"width": 1366, "height": 768})

    # 6. save: a Dutch-only file in the team's own folder, named after the bridge
    page.click(".mm-adapt-save")
    expect(page.locator(".mm-adapt-save-status")).to_contain_text("Bewaard als brug in het Nederlands", timeout=TIMEOUT)
    saved = server.data_dir / "definitions" / "brug-alphen-proef.yaml"
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["id"] == "mm-standaard-eigen" and data["languages"] == ["nl"]
    assert [s["id"] for s in data["pillars"][0]["subpillars"]] == ["housing", "digitale-vaardigheden", "care"]

    # 7. unsaved edits and another bridge in "Open": asked first, nothing lost
    page.fill(".mm-adapt-def-name-nl input", "Brug Alphen (proef 2)")
    page.select_option(".mm-adapt-open select", index=1)
    expect(page.locator(".mm-adapt-leave")).to_contain_text("nog niet bewaard", timeout=TIMEOUT)
    page.click(".mm-adapt-leave-no")
    expect(page.locator(".mm-adapt-leave")).to_be_hidden(timeout=TIMEOUT)
    expect(page.locator(".mm-adapt-def-name-nl input")).to_have_value("Brug Alphen (proef 2)", timeout=TIMEOUT)
    # closing or reloading asks first: the page's guard is in place and the app says it has unsaved
    # edits (a synthetic beforeunload is not sent: Voila's own handler would close the kernel)
    assert page.evaluate("() => window.mmUnloadGuard === true")
    expect(page.locator(".mm-adapt.mm-unsaved")).to_have_count(1, timeout=TIMEOUT)
    page.fill(".mm-adapt-def-name-nl input", "Brug Alphen (proef)")
    expect(page.locator(".mm-adapt.mm-unsaved")).to_have_count(0, timeout=TIMEOUT)  # as saved again

    # 8. the crosswalk from the shipped bridge, beside the variant
    page.click(".mm-adapt-crosswalk-make")
    maker = page.locator(".mm-cw-maker")
    expect(maker).to_contain_text("In orde: deze koppeling kan bewaard worden", timeout=TIMEOUT)
    expect(page.locator(".mm-cw-no-place")).to_contain_text("Digitale vaardigheden", timeout=TIMEOUT)
    for width, height in SIZES[:2]:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        assert layout_problems(page) == [], (width, "crosswalk")
        screenshot(page, f"aanpassen-koppeling-{width}", full_page=False)
    page.click(".mm-cw-save")
    expect(page.locator(".mm-cw-status")).to_contain_text("lopen nu door", timeout=TIMEOUT)
    [crosswalk] = list((server.data_dir / "definitions" / "crosswalks").glob("*.yaml"))
    assert yaml.safe_load(crosswalk.read_text(encoding="utf-8"))["to"] == "mm-standaard-eigen@1"
    page.set_viewport_size({"width": 1280, "height": 900})

    # 9. the conversation workbook on the variant: the earlier conversation carried over
    open_workbook(page, server.render_url("gesprek.ipynb"), wait_for=".mm-client-search input")
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
    page.fill(".mm-client-search input", "Reiger")
    page.wait_for_selector(".mm-client-list select option", timeout=TIMEOUT)
    page.select_option(".mm-client-list select", label=CLIENT)
    page.click(".mm-nav-next", timeout=TIMEOUT)
    page.wait_for_selector(".mm-workspace .mm-bridge-figure .main-svg", state="visible", timeout=TIMEOUT)
    expect(page.locator(".mm-step-digitale-vaardigheden-3")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".mm-step-housing-3")).to_contain_text("Dak boven je hoofd", timeout=TIMEOUT)
    # last time (on the shipped bridge): step 2 of housing, shown on the variant
    previous = page.locator(".mm-step-row", has=page.locator(".mm-step-housing-2")).locator(".mm-step-previous")
    expect(previous).to_contain_text("Vorige keer", timeout=TIMEOUT)
    assert "geen koppeling" not in page.locator(".mm-conversation, .mm-app").first.inner_text()
    screenshot(page, "gesprek-variant-met-geschiedenis", full_page=False)
