"""Keyboard only (issue 19): no mouse, no programmatic focus; only Tab, Shift+Tab, Enter,
Space and typing. A coach creates a client, fills in the bridge, makes a goal with two
actions and opens the print view; a trainee joins exercise 1 and scores it."""

from __future__ import annotations

import re
from contextlib import contextmanager

from mmbrowser import open_workbook, screenshot
from playwright.sync_api import expect

TIMEOUT = 30_000
MOST_TABS = 120


def focused_in(page, selector: str) -> bool:
    return page.evaluate(
        "(sel) => { const a = document.activeElement; return !!a && (a.matches(sel) || !!a.closest(sel)); }",
        selector,
    )


def tab_to(page, selector: str, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focus is in ``selector``; fail after MOST_TABS presses."""
    page.wait_for_selector(selector, state="visible", timeout=TIMEOUT)
    for _ in range(MOST_TABS):
        if focused_in(page, selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    where = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{MOST_TABS} tabs did not reach {selector} (focus on {where})")


def focus_ring(page) -> tuple[str, str]:
    """The focused element's outline (style and width) as the browser draws it."""
    return tuple(page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"))


def next_step(page) -> None:
    tab_to(page, ".mm-nav-next")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)


class SlowKernel:
    """Holds back what the kernel says to the page (over its websocket) while ``holding()``:
    as a busy kernel does, so the page's widgets see no 'idle' for what they sent."""

    def __init__(self, page):
        self.held: list = []
        self.on = False
        page.route_web_socket(re.compile(r"/api/kernels/[^/]+/channels"), self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()

        def from_server(message) -> None:
            if self.on:
                self.held.append((ws, message))
            else:
                ws.send(message)

        server.on_message(from_server)

    @contextmanager
    def holding(self):
        self.on = True
        try:
            yield
        finally:
            self.on = False
            held, self.held = self.held, []
            for ws, message in held:
                ws.send(message)


def test_keyboard_only_conversation_client_bridge_goal_and_print_view(page):
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "gesprek.ipynb", wait_for=".mm-client-new input")
    tab_to(page, ".mm-client-new input")
    assert focus_ring(page) == ("solid", "3px")  # focus visible on a text field, not a 1 px border
    page.keyboard.type("Toetsenbord")
    tab_to(page, ".mm-client-create")
    page.keyboard.press("Enter")
    page.wait_for_selector(".mm-steps", state="visible", timeout=TIMEOUT)

    next_step(page)  # to the bridge; focus lands on the step's heading
    page.wait_for_function("() => /^H[1-6]$/.test(document.activeElement.tagName)", timeout=TIMEOUT)
    tab_to(page, ".mm-step-housing-3")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-step-housing-3").first).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    tab_to(page, ".mm-step-care-2")
    page.keyboard.press("Space")
    expect(page.locator(".mm-step-care-2").first).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)

    # on to the plan (Waaraan werken?, Verloop, Plan)
    for _ in range(3):
        next_step(page)
    tab_to(page, ".mm-plan-new-goal input")
    assert focus_ring(page) == ("solid", "3px")
    page.keyboard.type("Ik wil de huur op tijd betalen")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-goal-text textarea").first).to_have_value(re.compile("huur op tijd"), timeout=TIMEOUT)
    tab_to(page, ".mm-plan-quick-what input")
    for what in ("Post openen met mijn zus", "Bellen met de woningcorporatie"):
        page.keyboard.type(what)
        page.keyboard.press("Enter")
        expect(page.locator(".mm-plan-quick-what input").first).to_have_value("", timeout=TIMEOUT)
    expect(page.locator(".mm-plan-action-row:visible")).to_have_count(2, timeout=TIMEOUT)

    next_step(page)  # Meenemen
    tab_to(page, "button.mm-plan-print")
    page.keyboard.press("Enter")
    view = page.locator(".mm-print-view").first
    expect(view).to_be_visible(timeout=TIMEOUT)
    frame = page.frame_locator(".mm-print-frame").first
    expect(frame.locator("body")).to_contain_text("Bellen met de woningcorporatie", timeout=TIMEOUT)
    screenshot(page, "a11y-keyboard-print-view", full_page=False)


def test_keyboard_only_trainee_joins_and_scores_exercise_one(page, browser, browser_context_args):
    open_workbook(page, "trainer.ipynb", wait_for=".mm-train-new-session")
    page.click(".mm-train-new-session")  # the trainer (not under test) opens a session
    code_box = page.locator(".mm-train-code-big")
    expect(code_box).to_have_text(re.compile(r"\w+-\d{4}-\w+"), timeout=TIMEOUT)
    code = code_box.inner_text().strip()
    context = browser.new_context(**browser_context_args)
    try:
        trainee = context.new_page()
        slow = SlowKernel(trainee)
        open_workbook(trainee, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        tab_to(trainee, ".mm-train-code input")
        trainee.keyboard.type(code)
        tab_to(trainee, ".mm-train-nick input")
        # at machine speed, with a kernel that has not yet answered the first letter: ipywidgets
        # holds back the field's next updates ("Kees") until it answers, and a click goes out at
        # once; mm-a11y.js sends the held-back "Kees" first, so the trainee joins as "Kees", not "K"
        with slow.holding():
            trainee.keyboard.type("Kees")
            tab_to(trainee, ".mm-train-join")
            trainee.keyboard.press("Enter")
        expect(trainee.locator(".mm-train-joined")).to_contain_text("Kees", timeout=TIMEOUT)
        assert "Kees" in trainee.locator(".mm-train-joined").inner_text()
        for sub_id, n in (("housing", 4), ("care", 3)):
            tab_to(trainee, f".mm-step-{sub_id}-{n}")
            trainee.keyboard.press("Enter")
            expect(trainee.locator(f".mm-step-{sub_id}-{n}").first).to_have_attribute(
                "aria-pressed", "true", timeout=TIMEOUT)
    finally:
        context.close()
    page.click(".mm-train-refresh")
    # the trainer sees the answer arrive
    expect(page.locator("#rendered_cells")).to_contain_text(re.compile(r"deelnemers: 1\b"), timeout=TIMEOUT)
