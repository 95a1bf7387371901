"""Every workbook passes axe-core's WCAG 2.0/2.1 A and AA rules (issue 19), in the states a
person reaches: a client with two conversations and a plan (conversation, plan, caseload,
report, team, log), an adaptation being edited, a training session with a trainee's answers,
the client's own page (zelf) at tablet sizes (the phone sizes: test_self_browser.py) and its
refusal of a bad link.

Run time is kept modest for CI (2 cores): each page is loaded once per language and checked at
768x1024, 1024x768 and 1366x768 by resizing the window (every workbook in Dutch; in English
at 1024x768, but the conversation's bridge and last step at three sizes in both; the
editor's other tabs at 1024x768; the training session in Dutch, the training workbooks in
English without a session).
A failure names the page, the rule, the impact and the element (tests/browser/a11y.py).
Critical and serious findings fail, and so does any heading finding: at every check the
headings a screen reader finds are walked too (one H1, the workbook's title, first; then H2
and H3 without a level skipped: ``heading_problems``).

The same page loads also carry the layout checks of issue 18 (tests/browser/layout.py: no
sideways scrolling, no cut-off text, 44 px targets, figures as wide as their box) for every
workbook but the conversation (its bridge has checks of its own:
test_layout_workbooks_browser.py): plan, caseload, report, team and log in Dutch and English at
all three sizes, the designer, the client's own page and the training workbooks. One page load
for both checks (they were two test files loading the same pages: CI time, issue 16).
Screenshots: test-results/screenshots/layout-<workbook>-<lang>-<w>x<h>.png.
"""

from __future__ import annotations

import re

import pytest
from a11y import heading_problems, run_axe, serious
from layout import layout_problems
from mmbrowser import open_workbook, remember_kernel, screenshot
from playwright.sync_api import expect
from seeds import DEFN, seed_participant

from mmwidgets.model.actor import local_actor
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.config import DATABASE_FILE
from mmwidgets.store.store import Store
from mmwidgets.store.training.repo import TrainingRepo

TIMEOUT = 30_000
SIZES = [(768, 1024), (1024, 768), (1366, 768)]
CLIENT = "Merel Axe"


@pytest.fixture(scope="module")
def seeded(voila_server):
    """A client with two conversations a month apart and a plan with two goals (tests/browser/seeds.py)."""
    return seed_participant(voila_server.data_dir, CLIENT)["client"]


def check(page, where: str, found: list[str], axe: bool = True, layout: bool = False, shot: str = "") -> None:
    """axe and the headings (``axe``), the layout checks (``layout``) and a screenshot (``shot``)
    of the page as it is now; ``where`` names page, language and size in a finding."""
    page.wait_for_timeout(300)  # let plotly and the widgets settle
    for attempt in (1, 2):
        try:
            violations = run_axe(page) if axe else []
            headings = heading_problems(page, where) if axe else []
            layout_found = layout_problems(page) if layout else []
            break
        except Exception as exc:  # noqa: BLE001 - a page that reloads itself (a trainee rejoining)
            if "context was destroyed" not in str(exc) or attempt == 2:
                raise
            page.wait_for_selector("#rendered_cells", state="visible", timeout=TIMEOUT)
            page.wait_for_timeout(1500)
    found.extend(serious(violations, where, headings=True))
    found.extend(headings)
    found.extend(f"{where}: {p}" for p in layout_found)
    if shot:
        size = page.viewport_size
        screenshot(page, f"layout-{shot}-{size['width']}x{size['height']}")


def check_sizes(page, where: str, found: list[str], lang: str = "nl", shot: str = "",
                sizes: list[tuple[int, int]] = SIZES) -> None:
    """At 768x1024, 1024x768 and 1366x768 on the page as it is (no reload), back to 1024x768:
    the layout at every size, axe at every size in Dutch and at 1024x768 in English (CI time:
    the sizes change the layout, not the words' names)."""
    for width, height in sizes:
        page.set_viewport_size({"width": width, "height": height})
        check(page, f"{where} {width}x{height}", found, axe=lang == "nl" or (width, height) == (1024, 768),
              layout=True, shot=f"{shot}-{lang}" if shot else "")
    page.set_viewport_size({"width": 1024, "height": 768})


def pick_client(page) -> None:
    page.fill(".mm-client-search input", CLIENT.split()[0])
    page.wait_for_function(
        "() => { const s = document.querySelector('.mm-client-list select'); return s && s.options.length > 0; }",
        timeout=TIMEOUT,
    )
    page.select_option(".mm-client-list select", index=0)


def visible_steps(page) -> int:
    return page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab").count()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_conversation_with_a_client_at_three_sizes(page, seeded, lang):
    found: list[str] = []
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "gesprek.ipynb", query=f"lang={lang}", wait_for=".mm-client-new input")
    check(page, f"gesprek ({lang}) client picker", found)
    pick_client(page)
    page.wait_for_selector(".mm-steps", state="visible", timeout=TIMEOUT)
    tabs = page.locator(".mm-steps > .lm-TabBar .lm-TabBar-tab")
    for i in range(visible_steps(page)):
        tabs.nth(i).click()
        expect(tabs.nth(i)).to_have_class(re.compile("lm-mod-current"), timeout=TIMEOUT)
        page.wait_for_timeout(600)
        title = tabs.nth(i).inner_text().strip()
        if i == 1:  # the bridge: a step chosen, so a chosen state is on the page
            page.locator(".mm-step-housing-3").first.wait_for(state="visible", timeout=TIMEOUT)
        for width, height in SIZES if i in (1, visible_steps(page) - 1) else [(1024, 768)]:
            page.set_viewport_size({"width": width, "height": height})
            check(page, f"gesprek ({lang}) {width}x{height} step '{title}'", found)
        page.set_viewport_size({"width": 1024, "height": 768})
    assert found == [], "\n".join(found)


WORKBOOKS = {
    "plan": ".mm-client-new input",
    "caseload": ".jupyter-widgets",
    "rapportage": ".mm-report-tables",
    "team": ".jupyter-widgets",
    "logboek": ".jupyter-widgets",
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_the_team_workbooks_with_a_client(page, seeded, name, lang):
    found: list[str] = []
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, f"{name}.ipynb", query=f"lang={lang}", wait_for=WORKBOOKS[name])
    page.wait_for_timeout(1500)
    if name == "plan":
        pick_client(page)
        page.wait_for_selector(".mm-plan-new-goal input", state="visible", timeout=TIMEOUT)
        page.wait_for_timeout(800)
    check_sizes(page, f"{name} ({lang})", found, lang, shot=name)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_adaptation_being_edited(page, lang):
    found: list[str] = []
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "aanpassen.ipynb", query=f"lang={lang}", wait_for=".mm-adapt-open")
    page.wait_for_timeout(1500)
    check_sizes(page, f"aanpassen ({lang}) opened", found, lang, shot="aanpassen")
    titles = [t.strip() for t in page.locator(".lm-TabBar-tab:visible").all_inner_texts()]
    for title in dict.fromkeys(titles):
        tab = page.locator(".lm-TabBar-tab:visible", has_text=title)
        if tab.count() == 0:  # a tab inside another tab that is not shown now
            continue
        tab.first.click()
        page.wait_for_timeout(800)
        check(page, f"aanpassen ({lang}) 1024x768 tab '{title}'", found)
    assert found == [], "\n".join(found)


def test_the_training_workbooks_in_english(page):
    """The trainer's page and exercises 1-4 in English: one load each, no session; axe at 1024x768,
    the layout at three sizes (the Dutch test below runs the whole session at three sizes)."""
    found: list[str] = []
    page.set_viewport_size({"width": 1024, "height": 768})
    for name, ready in (("trainer", ".mm-train-new-session"), ("oefening-1-brug", ".mm-step-housing-1"),
                        ("oefening-2-coachen", ".mm-train-reply-1"),
                        ("oefening-3-kleine-stappen", ".mm-plan-quick-what input"),
                        ("oefening-4-stress", ".mm-train-quiz-options")):
        open_workbook(page, f"{name}.ipynb", query="lang=en", wait_for=ready)
        page.wait_for_timeout(500)
        check_sizes(page, f"{name} (en)", found, "en", shot=name)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("lang", ["nl"])
def test_a_training_session_with_answers(page, browser, browser_context_args, voila_server, lang):
    found: list[str] = []
    page.set_viewport_size({"width": 1024, "height": 768})
    open_workbook(page, "trainer.ipynb", query=f"lang={lang}", wait_for=".mm-train-new-session")
    check_sizes(page, f"trainer ({lang}) before a session", found, lang, shot="trainer")
    page.click(".mm-train-new-session")
    page.wait_for_selector(".mm-train-code-big", state="visible", timeout=TIMEOUT)
    expect(page.locator(".mm-train-code-big")).to_have_text(re.compile(r"\w+-\d{4}-\w+"), timeout=TIMEOUT)
    code = page.locator(".mm-train-code-big").inner_text().strip()
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 1024, "height": 768}})
    try:
        trainee = context.new_page()
        open_workbook(trainee, "oefening-1-brug.ipynb", query=f"lang={lang}", wait_for=".mm-train-join")
        check_sizes(trainee, f"oefening-1-brug ({lang}) before joining", found, lang, shot="oefening-1-brug")
        trainee.fill(".mm-train-code input", code)
        trainee.fill(".mm-train-nick input", "Axel")
        trainee.click(".mm-train-join")
        expect(trainee.locator(".mm-train-joined")).to_contain_text("Axel", timeout=TIMEOUT)
        trainee.click(".mm-step-housing-4")
        expect(trainee.locator(".mm-step-housing-4")).to_have_class(re.compile("mm-step-selected"), timeout=TIMEOUT)
        check_sizes(trainee, f"oefening-1-brug ({lang}) scored", found, lang)
        # the trainer moves the group on (as the trainer's page does): the joined trainee's page
        # follows by itself (a joined trainee who opened another exercise would be moved back)
        store = Store(f"sqlite:///{voila_server.data_dir / DATABASE_FILE}", actor=local_actor())
        try:
            session_id = TrainingRepo(store).session(code).id
            for number, (name, ready) in enumerate((("oefening-2-coachen", ".mm-train-reply-1"),
                                                    ("oefening-3-kleine-stappen", ".mm-plan-quick-what input"),
                                                    ("oefening-4-stress", ".mm-train-quiz-options")), start=2):
                TrainingRepo(store).set_exercise(session_id, number)
                trainee.wait_for_url(re.compile(re.escape(name)), timeout=TIMEOUT)
                trainee.wait_for_selector(ready, state="visible", timeout=TIMEOUT)
                remember_kernel(trainee)
                trainee.wait_for_timeout(800)
                check_sizes(trainee, f"{name} ({lang}) in the session", found, lang, shot=name)
        finally:
            store.dispose()
    finally:
        context.close()
    page.click(".mm-train-refresh")
    page.wait_for_timeout(1500)
    check_sizes(page, f"trainer ({lang}) with an answer", found, lang)
    assert found == [], "\n".join(found)


def test_the_clients_own_page_and_its_refusal_at_tablet_sizes(browser, base_url, voila_server):
    """zelf (the client's own link, issue 22) beyond the phone: the page in Dutch at 768x1024 and
    1024x768 (before and after a tap, so a chosen step is on the page), in English at 768x1024;
    a link that does not work shows one sentence that is the page's H1."""
    from urllib.parse import urlsplit

    from mmwidgets.store.self_view.repo import InvitationRepo
    from mmwidgets.widgets.self_view.coach import self_link

    store = Store(f"sqlite:///{voila_server.data_dir / DATABASE_FILE}", actor=local_actor())
    try:
        client = ClientRepo(store).create("Zelf Axe")
        invitation, token = InvitationRepo(store).invite(client.id, DEFN)
    finally:
        store.dispose()
    host = urlsplit(base_url)
    env = {"SERVER_NAME": host.hostname, "SERVER_PORT": str(host.port), "SCRIPT_NAME": "/voila/render/gesprek.ipynb"}
    address, query = self_link(client.id, token, env).split("?", 1)
    found: list[str] = []
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    try:
        tablet = context.new_page()
        for lang in ("nl", "en"):
            open_workbook(tablet, address, query=query + ("&lang=en" if lang == "en" else ""), wait_for=".mm-self-page")
            check(tablet, f"zelf ({lang}) 768x1024", found, layout=True, shot=f"zelf-{lang}")
            if lang == "nl":
                tablet.click(".mm-self-step-housing-3")
                expect(tablet.locator(".mm-self-step-housing-3")).to_have_class(re.compile("mm-step-selected"),
                                                                               timeout=TIMEOUT)
                for width, height in ((768, 1024), (1024, 768), (1366, 768)):
                    tablet.set_viewport_size({"width": width, "height": height})
                    check(tablet, f"zelf ({lang}) {width}x{height} with a step chosen", found, layout=True,
                          shot=f"zelf-{lang}" if width > 768 else "")
                tablet.set_viewport_size({"width": 768, "height": 1024})
            else:  # English: the layout on its side and on a laptop too
                for width, height in ((1024, 768), (1366, 768)):
                    tablet.set_viewport_size({"width": width, "height": height})
                    check(tablet, f"zelf ({lang}) {width}x{height}", found, axe=False, layout=True, shot=f"zelf-{lang}")
                tablet.set_viewport_size({"width": 768, "height": 1024})
        # the coach ends the link (an ended link, not a guess: no other test is slowed down)
        store = Store(f"sqlite:///{voila_server.data_dir / DATABASE_FILE}", actor=local_actor())
        try:
            InvitationRepo(store).end(invitation.id)
        finally:
            store.dispose()
        open_workbook(tablet, address, query=query, wait_for=".mm-self-refused")
        check(tablet, "zelf (nl) 768x1024 link refused", found)
        heading = tablet.locator(".mm-self-refused h1")
        expect(heading).to_have_text("Deze link werkt niet (meer). Vraag je coach om een nieuwe link.")
    finally:
        context.close()
    assert found == [], "\n".join(found)
