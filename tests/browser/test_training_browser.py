"""Training in real Voila and Chromium: a trainer and two trainees, each in their own browser.

The trainer opens trainer.ipynb and reads the session code; two trainees (two browser
contexts, like two laptops) open oefening-1-brug.ipynb, join with the code and a nickname,
and score the same vignette differently. The trainer's view shows both, the reference hidden
until the trainer reveals it, then the agreement figures the model computes for exactly these
answers. A stranger with the code cannot take over a nickname or open the trainer's view, and
when the trainer moves the group to the next vignette the trainees follow without reloading.
"""

from __future__ import annotations

import re

from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect

from mmwidgets.model.training.agreement import group_summary
from mmwidgets.model.training.content import load_training
from mmwidgets.widgets.training.common import decimal, percent

TIMEOUT = 30_000
HEATMAP = ".mm-train-heatmap .js-plotly-plot"
CONTENT = load_training()

# both in the first tab of the bridge editor (family: housing, care)
ANSWERS = {
    "Anna": {"housing": 4, "care": 3},
    "Bo": {"housing": 3, "care": 5},
}


def join_and_score(page, code: str, nickname: str, steps: dict[str, int]) -> None:
    open_workbook(page, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
    page.fill(".mm-train-code input", code.lower())
    page.fill(".mm-train-nick input", nickname)
    page.click(".mm-train-join")
    expect(page.locator(".mm-train-joined")).to_contain_text(nickname, timeout=TIMEOUT)
    for sub_id, n in steps.items():
        page.click(f".mm-step-{sub_id}-{n}")
        # the editor marks a step only after the save callback returned
        expect(page.locator(f".mm-step-{sub_id}-{n}")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)


def heatmap_rows(page) -> list[list]:
    """The numbers in the group grid's cells, as rows (reference first) of columns (sub-pillars)."""
    cells = page.evaluate(
        f"() => {{ const d = document.querySelector('{HEATMAP}').data[0];"
        " return {x: Array.from(d.x), y: Array.from(d.y), text: Array.from(d.text)}; }"
    )
    rows = [[None] * (max(cells["x"]) + 1) for _ in range(max(cells["y"]) + 1)]
    for x, y, text in zip(cells["x"], cells["y"], cells["text"]):
        rows[y][x] = text
    return rows


def test_two_trainees_join_and_the_trainer_sees_both(page, browser, browser_context_args):
    open_workbook(page, "trainer.ipynb", wait_for=".mm-train-new-session")
    page.click(".mm-train-new-session")  # a visit opens no session by itself
    page.wait_for_selector(".mm-train-code-big", state="visible", timeout=TIMEOUT)
    code = page.locator(".mm-train-code-big").inner_text().strip()
    assert re.fullmatch(r"[A-Z]{3,8}-\d{4}-[A-Z]{4}", code)
    page.wait_for_selector(f"{HEATMAP} .main-svg", state="visible", timeout=TIMEOUT)

    contexts = []
    try:
        for nickname, steps in ANSWERS.items():
            context = browser.new_context(**browser_context_args)
            contexts.append(context)
            join_and_score(context.new_page(), code, nickname, steps)

        # a trainee typing a full name is refused with a message, not a traceback
        # (another browser: a new tab of Anna's browser would join again as Anna by itself)
        refused_context = browser.new_context(**browser_context_args)
        contexts.append(refused_context)
        refused = refused_context.new_page()
        open_workbook(refused, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        refused.fill(".mm-train-code input", code)
        refused.fill(".mm-train-nick input", "Jan de Vries")
        refused.click(".mm-train-join")
        expect(refused.locator(".mm-train-join-panel .mm-message")).to_contain_text("achternaam", timeout=TIMEOUT)
        assert "Traceback" not in refused.content()

        # a stranger (another browser, the code read off the wall) cannot take over Anna
        stranger_context = browser.new_context(**browser_context_args)
        contexts.append(stranger_context)
        stranger = stranger_context.new_page()
        open_workbook(stranger, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        stranger.fill(".mm-train-code input", code)
        stranger.fill(".mm-train-nick input", "anna")
        stranger.click(".mm-train-join")
        expect(stranger.locator(".mm-train-join-panel .mm-message")).to_contain_text("al in gebruik", timeout=TIMEOUT)
        expect(stranger.locator(".mm-train-joined")).not_to_contain_text("anna")
        # ... nor open the trainer's view with the code alone
        open_workbook(stranger, "trainer.ipynb", wait_for=".mm-train-open-code")
        stranger.fill(".mm-train-open-code input", code)
        stranger.click(".mm-train-open-session")
        expect(stranger.locator(".mm-message")).to_contain_text("sleutel van de trainer klopt niet", timeout=TIMEOUT)
        expect(stranger.locator(".mm-train-code-big")).to_have_count(0)  # nor did the visit open one

        page.click(".mm-train-refresh")
        # nothing given away on the projected screen until the trainer reveals the reference
        expect(page.locator(".mm-train-words")).to_contain_text("verschilt de groep het meest", timeout=TIMEOUT)
        assert set(heatmap_rows(page)[0]) == {"?"}
        expect(page.locator(".mm-train-divisive")).not_to_contain_text("de referentie is")
        page.click(".mm-train-reveal")
        page.wait_for_function(
            f"() => document.querySelector('{HEATMAP}').data[0].text[0] !== '?'", timeout=TIMEOUT
        )
        page.locator(".mm-train-figures .lm-AccordionPanel-title, .mm-train-figures .p-Collapse-header, .mm-train-figures .jupyter-widget-Collapse-header").first.click()
        stats = page.locator(".mm-train-stats")
        expect(stats).to_contain_text("Anna", timeout=TIMEOUT)
        expect(stats).to_contain_text("Bo", timeout=TIMEOUT)

        # the figures are those of the model for exactly these answers
        vignette = CONTENT.vignettes["sanne"]
        ids = CONTENT.definitions[vignette.bridge.key].subpillar_ids()
        summary = group_summary(vignette.reference_steps(), ANSWERS, ids)
        rows = page.locator(".mm-train-stats tr.mm-train-trainee")
        expect(rows).to_have_count(2, timeout=TIMEOUT)
        for i, stats_of in enumerate(summary.trainees):
            cells = rows.nth(i).locator("td")
            expect(cells.nth(0)).to_have_text(stats_of.name)
            expect(cells.nth(1)).to_have_text(f"{stats_of.agreement.compared}/{len(ids)}")
            expect(cells.nth(2)).to_have_text(percent(stats_of.agreement.exact, "nl"))
            expect(cells.nth(3)).to_have_text(percent(stats_of.agreement.within_one, "nl"))
            expect(cells.nth(4)).to_have_text(decimal(stats_of.kappa, "nl"))
        assert summary.alpha is not None
        expect(page.locator(".mm-train-alpha")).to_contain_text(f"ordinaal): {decimal(summary.alpha, 'nl')}; deelnemers: 2", timeout=TIMEOUT)
        assert summary.most_divisive == "care"
        expect(page.locator(".mm-train-divisive")).to_contain_text("Begin het gesprek bij Gezin en zorg voor anderen")

        # the heat map: reference row plus one row per trainee, the steps as chosen
        text = heatmap_rows(page)
        assert len(text) == 3
        assert [text[1][ids.index(s)] for s in ("housing", "care")] == ["4", "3"]
        assert [text[2][ids.index(s)] for s in ("housing", "care")] == ["3", "5"]
        screenshot(page, "training-trainer", full_page=False)

        # automatic refresh: the browser-side timer, switched on by itself once the heat map
        # was drawn, picks up a new answer without a click
        expect(page.locator(".mm-train-autorefresh")).to_have_class(re.compile("mod-active"), timeout=TIMEOUT)
        bo = contexts[1].pages[0]
        bo.click(".mm-step-care-3")
        expect(bo.locator(".mm-step-care-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        page.wait_for_function(
            f"""(col) => {{
                const d = document.querySelector('{HEATMAP}').data[0];
                const i = d.x.findIndex((x, k) => x === col && d.y[k] === 2);
                return new Set(d.y).size === 3 && i >= 0 && d.text[i] === '3';
            }}""",
            arg=ids.index("care"),
            timeout=TIMEOUT,
        )
        expect(page.locator(".mm-train-divisive")).to_contain_text("Wonen", timeout=TIMEOUT)

        # a trainee asks for feedback: per part against the reference, and the trainer sees it
        anna = contexts[0].pages[0]
        anna.click(".mm-train-check")
        feedback = anna.locator(".mm-train-feedback")
        expect(feedback).to_contain_text("Precies goed: 2 van 2", timeout=TIMEOUT)
        expect(anna.locator(".mm-train-feedback tr.mm-train-row-missing")).to_have_count(len(ids) - 2)
        screenshot(anna, "training-oefening-1", full_page=False, selector=".mm-train-feedback")
        expect(page.locator(".mm-train-stats")).to_contain_text("ja (poging 1)", timeout=TIMEOUT)

        # the trainer moves the group on: both trainees follow without reloading
        page.locator(".mm-train-group-vignette select").select_option(index=list(CONTENT.vignettes).index("henk"))
        henk = CONTENT.vignettes["henk"].title.get("nl")
        for trainee in (contexts[0].pages[0], contexts[1].pages[0]):
            expect(trainee.locator(".mm-train-vignette-card")).to_contain_text(henk, timeout=TIMEOUT)
            expect(trainee.locator(".mm-message", has_text="De trainer is verder gegaan")).to_have_count(1, timeout=TIMEOUT)
    finally:
        for context in contexts:
            context.close()


def test_exercises_two_to_four_work_in_the_browser(page):
    """One trainee alone: a reply chosen, a plan made with the real plan editor, a quiz answer."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    open_workbook(page, "oefening-2-coachen.ipynb", wait_for=".mm-train-reply-1")
    page.click(".mm-train-reply-1")
    expect(page.locator(".mm-train-coach .mm-train-feedback")).to_contain_text("Goed gekozen", timeout=TIMEOUT)
    page.locator(".mm-train-coach-mode button", has_text="Schrijf zelf").click()
    page.click(".mm-train-coach-next")
    page.fill(".mm-train-open textarea", 'Je moet <img src=x onerror="alert(1)"> bellen')
    page.click(".mm-train-compare")
    feedback = page.locator(".mm-train-coach .mm-train-feedback")
    expect(feedback).to_contain_text("Voorbeeldantwoorden", timeout=TIMEOUT)
    expect(feedback).to_contain_text('<img src=x onerror="alert(1)">')
    assert page.locator(".mm-train-coach .mm-train-feedback img").count() == 0
    # a long reply wraps inside its button instead of being cut off
    reply = page.locator(".mm-train-reply-0")
    assert reply.evaluate("b => b.scrollWidth <= b.clientWidth + 1")
    screenshot(page, "training-oefening-2", full_page=False)

    open_workbook(page, "oefening-3-kleine-stappen.ipynb", wait_for=".mm-plan-quick-what input")
    page.fill(".mm-plan-quick-due input", "morgen")
    page.fill(".mm-plan-quick-what input", "BSO bellen over de woensdag")
    page.press(".mm-plan-quick-what input", "Enter")
    expect(page.locator(".mm-plan-actions")).to_contain_text("BSO bellen over de woensdag", timeout=TIMEOUT)
    page.click(".mm-train-steps-check")
    expect(page.locator(".mm-train-steps .mm-train-feedback")).to_contain_text("Eén actie is een goed begin", timeout=TIMEOUT)
    page.click(".mm-train-steps-model")
    expect(page.locator(".mm-train-model-answer")).to_contain_text("buitenschoolse opvang", timeout=TIMEOUT)

    open_workbook(page, "oefening-4-stress.ipynb", query="lang=en", wait_for=".mm-train-quiz-options")
    page.locator(".mm-train-quiz-options input[type=radio]").nth(1).check()
    page.click(".mm-train-quiz-check")
    expect(page.locator(".mm-train-quiz-explanation")).to_contain_text("Right.", timeout=TIMEOUT)
    expect(page.locator(".mm-train-score")).to_contain_text("Working memory: 1 / 1")
    screenshot(page, "training-oefening-4", full_page=False)
    assert dialogs == []
