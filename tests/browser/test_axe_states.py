"""What axe cannot see (issue 19), in real Voila and Chromium: the page title and main
landmark, a chosen step's aria-pressed, the polite live region for "Bewaard" and a refused
note, focus on the new step's heading after "Volgende", every figure's "Als tabel" with the
figure's own numbers and a description of what this client's figure shows, and "Voorlezen"
(a spy in place of the browser's speechSynthesis), also for the plan's goal and small steps."""

from __future__ import annotations

import re

from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect

TIMEOUT = 30_000

#: a stand-in for window.speechSynthesis that records what it is asked to say
SPY = """
(() => {
  const voices = %s;
  window.__spoken = [];
  const fake = {
    speaking: false,
    getVoices() { return voices; },
    speak(u) { window.__spoken.push({ text: u.text, lang: u.lang, rate: u.rate }); },
    cancel() { window.__cancelled = (window.__cancelled || 0) + 1; },
    addEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
})();
"""
DUTCH_VOICE = "[{ lang: 'nl-NL', name: 'Test NL', localService: true, default: true }]"


def start_conversation(page, name: str) -> None:
    open_workbook(page, "gesprek.ipynb", wait_for=".mm-client-new input")
    page.fill(".mm-client-new input", name)
    page.click(".mm-client-create")
    page.wait_for_selector(".mm-steps", state="visible", timeout=TIMEOUT)


def test_title_landmark_pressed_live_focus_and_read_aloud(page):
    page.add_init_script(SPY % DUTCH_VOICE)
    page.set_viewport_size({"width": 1024, "height": 768})
    start_conversation(page, "Luister")
    # a meaningful page title and a main landmark
    expect(page).to_have_title("Gesprek: de Brug", timeout=TIMEOUT)
    assert page.locator("main, [role=main]").count() == 1

    # "Volgende": focus goes to the new step's heading
    page.locator(".mm-nav-next").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { const a = document.activeElement; return a && /^H[1-6]$/.test(a.tagName)"
        " && a.closest('.mm-steps') !== null && a.offsetParent !== null; }",
        timeout=TIMEOUT,
    )
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused

    # a chosen step says so to assistive technology; "Bewaard" is announced politely
    step = page.locator(".mm-step-housing-3").first
    step.click()
    expect(step).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    expect(page.locator(".mm-step-housing-2").first).to_have_attribute("aria-pressed", "false")
    saved = page.locator(".mm-saved").first
    expect(saved).to_contain_text("Bewaard", timeout=TIMEOUT)
    assert saved.get_attribute("aria-live") == "polite" and saved.get_attribute("role") == "status"

    # a refused note is said in a live region
    note = page.locator(".mm-note-housing textarea").first
    note.fill("Huur betaald. " * 160)  # 2,240 characters: too long to keep
    error = page.locator(".mm-field-error", has_text="te lang").first
    expect(error).to_be_visible(timeout=TIMEOUT)
    assert error.evaluate("e => e.closest('[aria-live], [role=alert], [role=status]') !== null")

    # Voorlezen: the step's own text in Dutch, then slower, then stop
    speaker = page.locator('.mm-speak-compact[data-mm-speak-text^="Trede 3: "] .mm-speak').first
    text = speaker.evaluate("b => b.closest('.mm-speak-controls').dataset.mmSpeakText")
    speaker.click()
    page.wait_for_function("() => window.__spoken.length === 1", timeout=TIMEOUT)
    said = page.evaluate("() => window.__spoken[0]")
    assert said == {"text": text, "lang": "nl-NL", "rate": 1}
    assert "Trede 3: " in text and len(text) > 20
    page.locator(".mm-speak-slow:visible").first.click()
    page.locator(".mm-speak-controls:not(.mm-speak-compact) .mm-speak:visible").first.click()
    page.wait_for_function("() => window.__spoken.length === 2", timeout=TIMEOUT)
    assert abs(page.evaluate("() => window.__spoken[1].rate") - 0.7) < 1e-3  # a float32 in Chromium
    stop = page.locator(".mm-speak-stop:visible").first
    stop.click()
    assert page.evaluate("() => window.__cancelled") >= 1
    screenshot(page, "a11y-voorlezen", full_page=False)

    # Voorlezen in the plan: the selected goal and its small steps, with who and when
    page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab").nth(4).click()
    page.fill(".mm-plan-new-goal input", "Ik wil de huur op tijd betalen")
    page.press(".mm-plan-new-goal input", "Enter")
    expect(page.locator(".mm-plan-goal-text textarea").first).to_have_value(re.compile("huur op tijd"), timeout=TIMEOUT)
    page.fill(".mm-plan-quick-what input", "Bellen met de woningcorporatie")
    page.press(".mm-plan-quick-what input", "Enter")
    expect(page.locator(".mm-plan-action-row:visible")).to_have_count(1, timeout=TIMEOUT)
    plan_speaker = page.locator(".mm-plan-goal .mm-speak-controls .mm-speak:visible").first
    expect(plan_speaker).to_have_attribute("aria-label", "Voorlezen: Ik wil de huur op tijd betalen", timeout=TIMEOUT)
    spoken_before = page.evaluate("() => window.__spoken.length")
    plan_speaker.click()
    page.wait_for_function("(n) => window.__spoken.length === n + 1", arg=spoken_before, timeout=TIMEOUT)
    said = page.evaluate("() => window.__spoken[window.__spoken.length - 1]")
    assert said["lang"] == "nl-NL"
    assert said["text"].startswith("Doel: Ik wil de huur op tijd betalen. Kleine stappen: Bellen met de woningcorporatie."), said
    screenshot(page, "a11y-voorlezen-plan", full_page=False)


def test_without_a_voice_the_button_says_so_in_english_too(page):
    page.add_init_script(SPY % "[]")
    open_workbook(page, "gesprek.ipynb", query="lang=en", wait_for=".mm-client-new input")
    page.fill(".mm-client-new input", "Quiet")
    page.click(".mm-client-create")
    page.wait_for_selector(".mm-stress", state="visible", timeout=TIMEOUT)
    box = page.locator(".mm-stress .mm-speak-controls").first
    box.locator(".mm-speak").click()
    expect(box.locator(".mm-speak-status")).to_contain_text("cannot read aloud", timeout=TIMEOUT)
    assert page.evaluate("() => window.__spoken.length") == 0


def test_every_figure_has_a_table_of_its_own_numbers(page):
    start_conversation(page, "Tabel")
    page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab").nth(1).click()
    page.locator(".mm-step-housing-2").first.click()
    expect(page.locator(".mm-step-housing-2").first).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    checked = 0
    described: set[str] = set()
    for i in range(page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab").count()):
        page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab").nth(i).click()
        page.wait_for_timeout(800)
        figures = page.locator(".mm-steps .js-plotly-plot:visible")
        for j in range(figures.count()):
            plot = figures.nth(j)
            box = plot.locator("xpath=..").first  # the PlotlyView: the figure, then its table
            details = box.locator("details.mm-figure-table").first
            expect(details.locator("summary")).to_have_text("Als tabel")
            details.locator("summary").focus()
            page.keyboard.press("Enter")  # by keyboard
            expect(details).to_have_attribute("open", "", timeout=TIMEOUT)
            given = plot.evaluate("p => ((p.layout.meta || {}).mm_table || {}).rows || null")
            if given is not None:  # the bridge: one row per sub-pillar, with the chosen step
                rows = details.locator("tbody tr")
                expect(rows).to_have_count(len(given), timeout=TIMEOUT)
                cells = rows.evaluate_all("rs => rs.map(r => Array.from(r.cells).map(c => c.textContent))")
                assert [c[:3] for c in cells] == [[str(x) for x in row[:3]] for row in given]
                assert any(c[1] == "Wonen" and c[2] == "2 van 5" for c in cells), cells
                assert "Bij 1 van de 10 onderdelen" in plot.evaluate("p => p.getAttribute('aria-label')")
                checked += 1
                continue
            # the figure's own points (as plotly holds them), in order, against the table's rows
            shown = plot.evaluate(
                """(p) => p.data.filter(t => t.hoverinfo !== 'skip' && t.visible !== false).flatMap(t => {
                     const vals = t.r || t.y || [];
                     const texts = t.hovertext || t.text || [];
                     return Array.from(vals).map((v, i) => [v, Array.isArray(texts) ? texts[i] : texts])
                       .filter(([v]) => v !== null && v !== undefined)
                       .map(([v, s]) => s ? s.replace(/<br\\s*\\/?>/gi, ' · ').replace(/<[^>]+>/g, '')
                                           : String(v).replace('.', ','));
                   })"""
            )
            rows = details.locator("tbody tr")
            expect(rows).to_have_count(len(shown), timeout=TIMEOUT)
            cells = rows.evaluate_all("rs => rs.map(r => Array.from(r.cells).map(c => c.textContent).join(' | '))")
            for want, got in zip(shown, cells):
                want_plain = " ".join(re.sub(r"&[a-z]+;|&#\d+;", "", want).split()).strip(" ·")
                assert want_plain.split(" · ")[0][:20] in got, (want_plain, got)
            assert plot.evaluate("p => p.getAttribute('role')") == "img"
            label = plot.evaluate("p => p.getAttribute('aria-label')")
            assert label
            # what this client's figure shows, in words (figures/descriptions.py)
            if plot.evaluate("p => !!p.closest('.mm-radar-figure')"):
                assert "1 van de 10 onderdelen ingevuld" in label and "25 van 100 (Wonen)" in label, label
                described.add("radar")
            if plot.evaluate("p => !!p.closest('.mm-progress-figure')"):
                assert "Eén gesprek, op " in label and "werkboekscore" in label, label
                described.add("progress")
            checked += 1
    assert checked >= 3  # the bridge, the radar and the progress at least
    assert described == {"radar", "progress"}
