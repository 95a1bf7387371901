"""Keyboard only (issue 19): no mouse, no programmatic focus; only Tab, Shift+Tab, Enter,
Space, arrows and typing. A coach creates a client, fills in the bridge, makes a goal with two
actions and opens the print view; a trainee joins exercise 1 and scores it.

Tab walks (every control reached by Tab, its focus visible, chosen states exposed): exercises
2-4, the designer (every tab), the team workbook as coach and as team lead, caseload, report,
access log and the trainer (before and with a session); a trainee joins with Enter in the
nickname field."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from mmbrowser import make_notebook, open_workbook, screenshot
from playwright.sync_api import expect

from mmwidgets.model.actor import local_actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.model.dates import local_today
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.plans.repo import PlanRepo
from mmwidgets.store.store import Store

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


# --------------------------------------------------------------------------- Tab walks
#: every control a person can use on the page: visible, enabled, not taken out of the Tab order
CONTROLS_JS = """() => {
  const all = document.querySelectorAll('#rendered_cells button, #rendered_cells input, #rendered_cells select,'
    + ' #rendered_cells textarea, #rendered_cells a[href], #rendered_cells summary, #rendered_cells [tabindex]');
  let n = 0;
  const out = [];
  for (const el of all) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (el.disabled || el.type === 'hidden' || el.tabIndex < 0 || el.closest('[inert], [aria-hidden=true]')) continue;
    if (!r.width || !r.height || style.visibility === 'hidden' || el.closest('.modebar-container')) continue;
    if (el.type === 'radio' && !el.checked && el.form === null &&
        Array.from(document.getElementsByName(el.name)).some((o) => o.checked && o !== el)) continue;
    if (!el.dataset.mmWalk) { n += 1; el.dataset.mmWalk = 'c' + n + '-' + Math.random().toString(36).slice(2, 6); }
    out.push([el.dataset.mmWalk, el.outerHTML.slice(0, 100)]);
  }
  return out;
}"""

#: records every focus move (the control and whether its focus can be seen: a ring of 2 px or
#: more, or a shadow) while Tab is pressed, so a walk needs no round trip per key
RECORD_JS = """() => {
  window.__mmWalk = [];
  if (window.__mmWalkOn) return;
  window.__mmWalkOn = true;
  document.addEventListener('focusin', (event) => {
    const a = event.target;
    if (!a || !a.closest || !a.closest('#rendered_cells')) return;
    const s = getComputedStyle(a);
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = !!s.boxShadow && s.boxShadow !== 'none';
    window.__mmWalk.push([a.dataset.mmWalk || '', ring || shadow, a.outerHTML.slice(0, 100)]);
  }, true);
}"""


def tab_walk(page) -> list[str]:
    """Tab through the whole page (round once); what no Tab reached, or reached without a
    visible focus, as readable lines."""
    controls = dict(page.evaluate(CONTROLS_JS))
    page.evaluate(RECORD_JS)
    for _ in range(len(controls) + len(controls) // 8 + 10):  # each control once, and some stops outside
        page.keyboard.press("Tab")
    reached: dict[str, bool] = {}
    for key, visible, where in page.evaluate("() => window.__mmWalk"):
        reached[key] = reached.get(key, True) and visible
        if not visible:
            controls.setdefault(key, where)
    problems = [] if len(controls) >= 3 else [f"only {len(controls)} controls found: the page did not draw"]
    problems += [f"not reached by Tab: {html}" for key, html in controls.items() if key not in reached]
    problems += [f"focus not visible: {controls.get(key, key)}" for key, seen in reached.items() if not seen]
    return problems


def states_exposed(page) -> list[str]:
    """Chosen states a screen reader hears: every toggle and bridge step says pressed or not,
    the chosen one 'true'."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '#rendered_cells button.widget-toggle-button, #rendered_cells button.mm-step, #rendered_cells button.mm-choice'))
      .filter((b) => b.offsetParent !== null)
      .filter((b) => b.getAttribute('aria-pressed') !== String(b.classList.contains('mod-active')
                                                               || b.classList.contains('mm-step-selected')
                                                               || b.classList.contains('mm-chosen')))
      .map((b) => 'state not exposed: ' + b.outerHTML.slice(0, 120))""")


def test_keyboard_only_exercises_two_to_four(page):
    """A trainee alone (no session) works through exercises 2-4 with the keyboard: every control
    is reached by Tab with its focus visible, and a chosen reply, mode or answer says so."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "oefening-2-coachen.ipynb", wait_for=".mm-train-reply-1")
    problems = tab_walk(page)
    tab_to(page, ".mm-train-reply-1")
    page.keyboard.press("Enter")  # choose a reply: it says it is chosen, the feedback shows
    expect(page.locator(".mm-train-reply-1").first).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    expect(page.locator(".mm-train-feedback .mm-train-chosen")).to_have_count(1, timeout=TIMEOUT)
    problems += states_exposed(page)
    tab_to(page, ".mm-train-coach-mode button:not(.mod-active)", backwards=True)  # the other way of working
    page.keyboard.press("Enter")
    expect(page.locator(".mm-train-coach-mode button.mod-active")).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    expect(page.locator(".mm-train-open textarea")).to_be_visible(timeout=TIMEOUT)
    problems += states_exposed(page)

    open_workbook(page, "oefening-3-kleine-stappen.ipynb", wait_for=".mm-plan-quick-what input")
    problems += tab_walk(page)
    tab_to(page, ".mm-plan-quick-what input")
    page.keyboard.type("Een afspraak maken met de schuldhulp")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-plan-action-row:visible")).to_have_count(1, timeout=TIMEOUT)

    open_workbook(page, "oefening-4-stress.ipynb", wait_for=".mm-train-quiz-options")
    problems += tab_walk(page)
    tab_to(page, ".mm-train-quiz-options input")
    page.keyboard.press("Space")  # the first answer, by keyboard
    expect(page.locator(".mm-train-quiz-options input:checked")).to_have_count(1, timeout=TIMEOUT)
    page.keyboard.press("ArrowDown")  # another answer: still exactly one chosen, and it is the focused one
    expect(page.locator(".mm-train-quiz-options input:checked")).to_have_count(1, timeout=TIMEOUT)
    assert page.evaluate("() => document.activeElement.checked === true")
    problems += states_exposed(page)
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------- more Tab walks
# (issue 19: every workbook, with a client present; each test loads its pages once)
KEYBOARD_CLIENT = "Toets Tabber"


@pytest.fixture(scope="module")
def a_client(voila_server):
    """A client with a conversation (three steps) and a plan (a goal with two actions)."""
    store = Store(f"sqlite:///{voila_server.data_dir / DATABASE_FILE}", actor=local_actor())
    try:
        clients = ClientRepo(store)
        found = [c for c in clients.search(KEYBOARD_CLIENT) if c.pseudonym == KEYBOARD_CLIENT]
        client = found[0] if found else clients.create(KEYBOARD_CLIENT)
        defn = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
        today = local_today()
        assessments = AssessmentRepo(store)
        a = assessments.open_conversation(client.id, defn, today)
        for sub_id, step in (("housing", 3), ("debts", 2), ("income", 4)):
            assessments.set_choice(a.id, sub_id, definition=defn, step=step)
        plans = PlanRepo(store)
        if not plans.load(client.id).goals:
            goal = plans.add_goal(client.id, "Ik wil mijn post bijhouden")
            plans.add_action(client.id, goal, "Post openen met mijn zus", due=today + dt.timedelta(days=3))
            plans.add_action(client.id, goal, "Bellen met de schuldhulp", due=today + dt.timedelta(days=7))
        return client
    finally:
        store.dispose()


def walk(page, where: str) -> list[str]:
    return [f"{where}: {p}" for p in tab_walk(page) + states_exposed(page)]


def test_keyboard_only_caseload_and_report(page, a_client):
    """The coach's caseload and the report: every control reached by Tab with a visible focus (a
    client with a conversation and a plan is on the pages); a choice of the report works from
    the keyboard."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "caseload.ipynb", wait_for=".mm-caseload")
    expect(page.locator(".mm-caseload")).to_contain_text(KEYBOARD_CLIENT, timeout=TIMEOUT)
    problems = walk(page, "caseload")

    open_workbook(page, "rapportage.ipynb", wait_for=".mm-report-tables")
    page.wait_for_timeout(800)
    problems += walk(page, "rapportage")
    # a choice of the report, by keyboard: the first list, one option down, the tables follow
    first = page.locator(".mm-report select:visible").first
    before = page.locator(".mm-report-tables").inner_text()
    first.evaluate("e => { e.dataset.mmFirst = '1'; }")
    tab_to(page, "select[data-mm-first]", backwards=True)
    options = first.locator("option").count()
    if options > 1:
        page.keyboard.press("ArrowDown")
        expect(page.locator(".mm-report-tables")).not_to_have_text(before, timeout=TIMEOUT)
    assert problems == [], "\n".join(problems)


def test_keyboard_only_every_tab_of_the_designer(page):
    """aanpassen: its first tab walked with Tab, then each other top tab opened with the arrow
    keys and Enter (Lumino's tab bar) and walked: every control reached with a visible focus,
    chosen states exposed."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "aanpassen.ipynb", wait_for=".mm-adapt-open")
    page.wait_for_timeout(800)
    bar = page.locator(".lm-TabBar:visible").first
    titles = [s.strip() for s in bar.locator(".lm-TabBar-tab").all_inner_texts()]
    assert len(titles) >= 3, titles
    problems = walk(page, f"aanpassen tab '{titles[0]}'")
    for title in titles[1:]:
        page.locator(".lm-TabBar-tab.lm-mod-current").first.evaluate("e => { e.dataset.mmTop = '1'; }")
        tab_to(page, ".lm-TabBar-tab[data-mm-top]", backwards=True)
        page.keyboard.press("ArrowRight")  # Lumino's tab bar: arrows move between tabs
        page.keyboard.press("Enter")
        expect(bar.locator(".lm-TabBar-tab.lm-mod-current")).to_have_text(title, timeout=TIMEOUT)
        page.evaluate("() => document.querySelectorAll('[data-mm-top]').forEach(e => delete e.dataset.mmTop)")
        problems += walk(page, f"aanpassen tab '{title}'")
    assert problems == [], "\n".join(problems)


def as_role(voila_server, name: str, app: str, role: str) -> str:
    """A notebook (in the served folder) that opens ``app`` as a person with ``role`` in the
    local team; its path for open_workbook."""
    module, function = app.rsplit(".", 1)
    make_notebook(Path(voila_server.args[3]) / "_a11y" / f"{name}.ipynb", [
        f"from {module} import {function}\nfrom mmwidgets.model.actor import Actor\n"
        "from mmwidgets.store.store import Store\n"
        f"{function}(Store(actor=Actor({name!r}, 'lokaal', {role!r})))"])
    return f"_a11y/{name}.ipynb"


def test_keyboard_only_team_as_coach_and_lead_and_access_log(page, voila_server, a_client):
    """The team workbook as a coach and as a team lead (the lead's logged opening of a file and
    the team's list) and the access log as its keeper: every control reached with a visible
    focus, chosen states exposed; choosing a reason and filtering the log by keyboard."""
    lead = as_role(voila_server, "lena", "mmwidgets.apps.team_view.team_view_app", "team_lead")
    keeper = as_role(voila_server, "lotte", "mmwidgets.apps.log_view.log_view_app", "log_keeper")
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "team.ipynb", wait_for=".mm-team-list")
    expect(page.locator(".mm-team-list")).to_contain_text(KEYBOARD_CLIENT, timeout=TIMEOUT)
    problems = walk(page, "team (coach)")

    open_workbook(page, lead, query=f"client={a_client.id}", wait_for=".mm-lead-open-reason select")
    page.wait_for_timeout(600)
    problems += walk(page, "team (teamleider)")
    tab_to(page, ".mm-lead-open-reason select")
    page.keyboard.press("ArrowDown")
    # from "Kies een reden" to the first reason, by keyboard alone
    expect(page.locator(".mm-lead-open-reason select")).to_have_js_property("selectedIndex", 1, timeout=TIMEOUT)

    open_workbook(page, keeper, wait_for=".mm-log-show")
    expect(page.locator(".mm-log-count")).not_to_be_empty(timeout=TIMEOUT)
    problems += walk(page, "logboek")
    tab_to(page, ".mm-log-since input", backwards=True)
    page.keyboard.type("1-1-2099")  # a filter with no lines, shown with Enter on the button
    tab_to(page, ".mm-log-show")
    page.keyboard.press("Enter")
    expect(page.locator(".mm-log-count")).to_contain_text(re.compile(r"\b0\b"), timeout=TIMEOUT)
    assert problems == [], "\n".join(problems)


def test_keyboard_only_trainer_and_enter_joins(page, browser, browser_context_args):
    """The trainer's page, before and with a session (opened by keyboard), walked with Tab; a
    trainee joins by pressing Enter in the nickname field (as with the button)."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "trainer.ipynb", wait_for=".mm-train-new-session")
    problems = walk(page, "trainer")
    tab_to(page, ".mm-train-new-session")
    page.keyboard.press("Enter")
    code_box = page.locator(".mm-train-code-big")
    expect(code_box).to_have_text(re.compile(r"\w+-\d{4}-\w+"), timeout=TIMEOUT)
    code = code_box.inner_text().strip()
    context = browser.new_context(**browser_context_args)
    try:
        trainee = context.new_page()
        open_workbook(trainee, "oefening-1-brug.ipynb", wait_for=".mm-train-join")
        tab_to(trainee, ".mm-train-code input")
        trainee.keyboard.type(code)
        tab_to(trainee, ".mm-train-nick input")
        trainee.keyboard.type("Enter-Eva")
        trainee.keyboard.press("Enter")  # no Tab to the button: Enter in the field joins
        expect(trainee.locator(".mm-train-joined")).to_contain_text("Enter-Eva", timeout=TIMEOUT)
        tab_to(trainee, ".mm-step-housing-2")
        trainee.keyboard.press("Enter")
        expect(trainee.locator(".mm-step-housing-2").first).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    finally:
        context.close()
    tab_to(page, ".mm-train-refresh")
    page.keyboard.press("Enter")
    expect(page.locator("#rendered_cells")).to_contain_text(re.compile(r"deelnemers: 1\b"), timeout=TIMEOUT)
    page.wait_for_timeout(600)
    problems += walk(page, "trainer met een sessie")
    assert problems == [], "\n".join(problems)
