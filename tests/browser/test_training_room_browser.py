"""The training room holds (issue 17), in real Voila and Chromium: a trainer and trainees, each in
a browser of their own. One lean walk through what broke on a training day:

- a guessing browser (40 wrong codes) stops neither a latecomer with the right code nor anyone in;
- "Аnne" with a Cyrillic А is refused after "Anne";
- the grid draws every answer it holds (the numbers in the SVG against the answers);
- the trainer's reload shows the same code and the trainees; a trainee's reload keeps her
  joined with her steps, and her next step reaches the trainer;
- exercise 3: a small step with a date ("morgen") reaches the trainer's view.
"""

from __future__ import annotations

import re
import time

from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect

TIMEOUT = 30_000
PAGE_TIMEOUT = 90_000
TRAINER_SIZE = {"width": 1366, "height": 768}
TABLET = {"width": 1024, "height": 768}
HEATMAP = ".mm-train-heatmap .js-plotly-plot"


def new_page(browser, browser_context_args, size=TABLET):
    return browser.new_context(**{**browser_context_args, "viewport": size}).new_page()


def join(page, code: str, nickname: str) -> None:
    page.fill(".mm-train-code input", code)
    page.fill(".mm-train-nick input", nickname)
    page.click(".mm-train-join")


def drawn_cells(page) -> dict[tuple[int, int], str]:
    """What the trainer's grid shows per cell (col, row): the text drawn in the SVG."""
    return page.evaluate(
        """(sel) => { const d = document.querySelector(sel); const tr = d.data[0];
            const texts = [...d.querySelectorAll('.textpoint text')];
            const out = {};
            texts.forEach((el, i) => { out[tr.x[i] + ',' + tr.y[i]] = el.textContent; });
            return {out, n: tr.x.length, drawn: texts.length}; }""",
        HEATMAP,
    )


def test_the_room_holds_through_guesses_look_alikes_reloads_and_dated_steps(page, browser, browser_context_args):
    started = time.perf_counter()
    page.set_viewport_size(TRAINER_SIZE)
    open_workbook(page, "trainer.ipynb", wait_for=".mm-train-new-session")
    expect(page.locator(".mm-train-code-big")).to_have_count(0)  # a visit opens no session
    page.click(".mm-train-new-session")
    expect(page.locator(".mm-train-code-big")).to_be_visible(timeout=TIMEOUT)
    code = page.locator(".mm-train-code-big").inner_text().strip()
    expect(page.locator(".mm-train-code-bar")).to_contain_text(code, timeout=TIMEOUT)

    pages = []
    try:
        anna = new_page(browser, browser_context_args)
        pages.append(anna)
        open_workbook(anna, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        join(anna, code, "Anna")
        expect(anna.locator(".mm-train-joined")).to_contain_text("Anna", timeout=TIMEOUT)
        for sub, step in (("housing", 3), ("care", 2)):
            anna.click(f".mm-step-{sub}-{step}")
            expect(anna.locator(f".mm-step-{sub}-{step}")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)

        # a guesser: 40 wrong codes from one browser
        guesser = new_page(browser, browser_context_args)
        pages.append(guesser)
        open_workbook(guesser, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        message = guesser.locator(".mm-train-join-panel .mm-message")
        for n in range(40):
            join(guesser, f"DIJK-{n:04d}-BCDF", "Gast")
            expect(message).to_contain_text(re.compile("geen open sessie|probeer het over"), timeout=TIMEOUT)
        expect(message).to_contain_text("probeer het over", timeout=TIMEOUT)  # this browser waits
        # ... while a latecomer with the right code comes in at once
        anne = new_page(browser, browser_context_args)
        pages.append(anne)
        open_workbook(anne, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        join(anne, code, "Anne")
        expect(anne.locator(".mm-train-joined")).to_contain_text("Je doet mee als Anne", timeout=TIMEOUT)
        # a look-alike name is refused
        fake = new_page(browser, browser_context_args)
        pages.append(fake)
        open_workbook(fake, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        join(fake, code, "\u0410nne")
        expect(fake.locator(".mm-train-join-panel .mm-message")).to_contain_text("lijkt te veel op 'Anne'", timeout=TIMEOUT)
        expect(fake.locator(".mm-train-joined")).not_to_contain_text("Je doet mee")

        # the grid draws every answer: reveal, then compare the SVG's numbers with the answers
        page.click(".mm-train-reveal")
        expect(page.locator(".mm-train-status")).to_contain_text("deelnemers: 2", timeout=TIMEOUT)
        page.wait_for_timeout(1500)
        cells = drawn_cells(page)
        assert cells["drawn"] == cells["n"], cells  # every cell has its text element
        ids = page.evaluate(f"() => document.querySelector('{HEATMAP}').data[0].meta.subpillars")
        col = {s: i for i, s in enumerate(ids)}
        drawn = cells["out"]
        assert drawn[f"{col['housing']},1"] == "3" and drawn[f"{col['care']},1"] == "2"
        numbers = [text for key, text in drawn.items() if not key.endswith(",0") and text.strip()]
        assert sorted(numbers) == ["2", "3"]  # Anna's two steps, Anne none
        screenshot(page, "training-room-trainer-grid-1366x768", full_page=False)

        # the trainer's reload: the same session, its code and trainees
        page.reload()
        page.wait_for_selector(".mm-train-code-big", state="visible", timeout=PAGE_TIMEOUT)
        expect(page.locator(".mm-train-code-big")).to_have_text(code, timeout=TIMEOUT)
        expect(page.locator(".mm-train-status")).to_contain_text("deelnemers: 2", timeout=TIMEOUT)
        screenshot(page, "training-room-trainer-reloaded-1366x768", full_page=False)

        # a trainee's reload: still joined, her steps shown, her next step reaches the trainer
        anna.reload()
        expect(anna.locator(".mm-train-joined")).to_contain_text("Je doet mee als Anna", timeout=PAGE_TIMEOUT)
        expect(anna.locator(".mm-step-housing-3")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        anna.click(".mm-step-care-4")  # (the first tab of the bridge: housing and care)
        page.wait_for_function(
            """([sel, c]) => { const d = document.querySelector(sel); const tr = d.data[0];
                return tr.x.some((x, i) => x === c && tr.y[i] === 1 && tr.text[i] === '4'); }""",
            arg=[HEATMAP, col["care"]],
            timeout=TIMEOUT,
        )
        screenshot(anna, "training-room-trainee-reloaded-1024x768", full_page=False)

        # exercise 3: a dated small step reaches the trainer
        page.locator(".mm-train-exercise-choice button", has_text="3. ").click()
        anna.wait_for_url(re.compile(r"oefening-3-kleine-stappen\.ipynb"), timeout=PAGE_TIMEOUT)
        expect(anna.locator(".mm-train-joined")).to_contain_text("Je doet mee als Anna", timeout=PAGE_TIMEOUT)
        due = anna.locator(".mm-plan-quick-due input")
        due.fill("morgen")
        due.press("Enter")
        what = anna.locator(".mm-plan-quick-what input")
        what.fill("Bel de woningcorporatie")
        what.press("Enter")
        expect(what).to_have_value("", timeout=TIMEOUT)  # taken
        body = page.locator(".mm-train-answers-body")
        expect(body).to_contain_text("Bel de woningcorporatie", timeout=TIMEOUT)
        expect(page.locator(".mm-train-code-bar")).to_contain_text(code)  # the code on this tab too
        screenshot(page, "training-room-trainer-steps-1366x768", full_page=False)
    finally:
        for p in pages:
            p.context.close()
    print(f"the room held in {time.perf_counter() - started:.1f} s")
