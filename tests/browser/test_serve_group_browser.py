"""`mmwidgets serve --group 6`: a trainer and six trainees, the room's kernels planned for them.

One server and one test (it is long enough): the group's kernels are prepared on every exercise
before the group comes; six trainees arrive on exercise 1 on prepared kernels; the trainer moves
the group 1 -> 4 -> 1 while a stranger's browser loads ten other pages; every trainee page follows
each move once, joined and usable, and none is blank. How fast is the bench's question
(`bench/bench_group.py --moves`, docs/training-day.md), not this test's: on two test workers the
machine is shared, and a time limit here measured the other worker as much as the room.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from layout import layout_problems
from mmbrowser import SERVERS, kernel_id, screenshot
from playwright.sync_api import expect

from mmwidgets.serving.server import VoilaServer, build_site

GROUP = 6
EXERCISE_1, EXERCISE_4 = "oefening-1-brug.ipynb", "oefening-4-stress.ipynb"
EXERCISES = (EXERCISE_1, "oefening-2-coachen.ipynb", "oefening-3-kleine-stappen.ipynb", EXERCISE_4)
USABLE = {EXERCISE_1: ".mm-step-housing-3", EXERCISE_4: ".mm-train-quiz-options"}
URLS: dict[str, list[str]] = {}  # per trainee, the documents loaded (for a failure's message)
ROOM: list[Path] = []  # the room folder of the running test
CONSOLE: dict[str, list[str]] = {}  # per trainee, the browser's console errors (for a failure's message)
TIMEOUT = 60_000
TABLET = {"width": 1024, "height": 768}
#: what a stranger's browser loads: one page before the moves, then during each move the
#: exercise the group goes to, the one it leaves, and others
STRANGER_PAGES = ("gesprek.ipynb",
                  EXERCISE_4, EXERCISE_1, "plan.ipynb", "oefening-2-coachen.ipynb", EXERCISE_4,
                  EXERCISE_1, EXERCISE_4, "trainer.ipynb", "oefening-3-kleine-stappen.ipynb")  # fmt: skip


class Stranger:
    """A second browser as the server sees it: page loads with its own cookie (one visitor),
    each read to the end in a thread of its own, so the test goes on while they load."""

    def __init__(self, server: VoilaServer):
        import http.cookiejar
        import urllib.request
        from concurrent.futures import ThreadPoolExecutor

        self.server = server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.pool = ThreadPoolExecutor(max_workers=5)
        self.loads: list = []

    def _load(self, name: str) -> tuple[int, bytes]:
        with self.opener.open(self.server.render_url(name), timeout=240) as response:
            return response.status, response.read()

    def load(self, name: str) -> None:
        self.loads.append((name, self.pool.submit(self._load, name)))

    def results(self) -> list[tuple[str, int, bytes]]:
        return [(name, *future.result(timeout=240)) for name, future in self.loads]


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def _settled(server: VoilaServer, seconds: float = 120.0) -> float:
    """Wait until the server's kernels are quiet (a prepared kernel has run its workbook up to
    the visitor, not only started: Voila logs "filled" at the start); returns the seconds waited."""
    import psutil

    began = time.monotonic()
    while time.monotonic() - began < seconds:
        kernels = server.kernel_processes()
        try:
            before = sum(k.cpu_times().user + k.cpu_times().system for k in kernels)
            time.sleep(2.0)
            used = sum(k.cpu_times().user + k.cpu_times().system for k in kernels) - before
        except psutil.Error:
            continue
        if used < 0.4:  # CPU-seconds of all kernels together in 2 s
            break
    return time.monotonic() - began


def _move(trainer, exercise: int) -> float:
    button = trainer.locator(".mm-train-exercise-choice button", has_text=f"{exercise}. ")
    button.click()
    clicked = time.monotonic()
    expect(button).to_have_class(re.compile("mod-active"), timeout=TIMEOUT)
    return clicked


def _follow(pages: dict, navigations: dict, before: dict, workbook: str, clicked: float) -> dict[str, float]:
    """Seconds from the trainer's click until each trainee page shows ``workbook`` joined and usable
    (after exactly one navigation: a blank page would have reloaded itself)."""
    usable = {}
    for name, page in pages.items():
        try:
            page.wait_for_url(re.compile(rf"/voila/render/{re.escape(workbook)}"), wait_until="commit", timeout=TIMEOUT)
        except Exception as exc:
            text = page.evaluate("() => document.body ? document.body.innerText.slice(0, 400) : ''")
            raise AssertionError(f"{name}'s page did not go to {workbook}: on {page.url}: {text!r}; loads {URLS.get(name)}; "
                                 f"console {CONSOLE.get(name, [])[-8:]}; kernel {kernel_id(page)}; seats {sorted(p.name for p in ROOM[-1].iterdir())}") from exc
        try:
            expect(page.locator(".mm-train-joined")).to_contain_text(name, timeout=TIMEOUT)
            page.locator(USABLE[workbook]).first.wait_for(state="visible", timeout=TIMEOUT)
        except AssertionError as exc:
            text = page.evaluate("() => document.body ? document.body.innerText.slice(0, 600) : ''")
            raise AssertionError(f"{name}'s page on {workbook} not usable: {text!r}; loads {URLS.get(name)}; "
                                 f"console {CONSOLE.get(name, [])[-8:]}") from exc
        assert "model not found" not in page.inner_text("body"), f"{name}: {CONSOLE.get(name, [])[-8:]}"
        usable[name] = time.monotonic() - clicked
        assert navigations[name] == before[name] + 1, f"{name}'s page loaded more than once (blank?): {URLS.get(name)}; console {CONSOLE.get(name, [])[-8:]}"
        assert page.locator(".mm-blank-page").count() == 0
        assert page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('mm-blank-retries:'))") == []
    return usable


def test_six_trainees_follow_the_trainer_1_4_1_while_a_stranger_loads_ten_pages(browser, tmp_path: Path) -> None:
    site = build_site(tmp_path / "site")
    room = tmp_path / "room"  # the room folder (seats of joined trainees), here for a failure's message
    room.mkdir()
    ROOM.append(room)
    server = VoilaServer(tmp_path / "server", notebook_dir=site, env={**os.environ, "MM_GROUP_SIZE": str(GROUP), "MM_ROOM_DIR": str(room)})
    SERVERS.append(server)
    started = time.monotonic()
    server.start()
    contexts = []
    try:
        # the room is planned before the group comes: six kernels for every exercise
        for workbook in EXERCISES:
            _wait(lambda: f"Kernel pool of {workbook} is filled with {GROUP} kernel(s)" in server.log_text(), 240,
                  f"the group's kernels of {workbook} were not prepared")
        assert len(server.kernel_processes()) >= 4 * GROUP
        print(f"room prepared after {time.monotonic() - started:.0f} s")

        def context(viewport=TABLET, **options):
            made = browser.new_context(base_url=server.url, viewport=viewport, **options)
            contexts.append(made)
            return made

        trainer = context({"width": 1366, "height": 768}).new_page()
        trainer.goto(server.render_url("trainer.ipynb"), wait_until="commit")
        trainer.click(".mm-train-new-session", timeout=TIMEOUT)
        expect(trainer.locator(".mm-train-code-big")).to_be_visible(timeout=TIMEOUT)
        code = trainer.locator(".mm-train-code-big").inner_text().strip()

        pages, navigations, urls = {}, {}, URLS
        names = ["Anna", "Bram", "Cem", "Dewi", "Eva", "Fleur"]
        for name in names:  # each trainee their own tablet; all open the exercise at once
            page = context().new_page()
            navigations[name] = 0
            # documents loaded (a page address rewritten in place is no load; a blank page reloading itself is)
            page.on("load", lambda loaded, name=name: (navigations.__setitem__(name, navigations[name] + 1),
                                                       urls.setdefault(name, []).append(f"{time.monotonic() - started:.1f} s {loaded.url}")))  # fmt: skip
            page.on("console", lambda message, name=name: CONSOLE.setdefault(name, []).append(
                f"{time.monotonic() - started:.1f} {message.type}: {message.text[:300]}") if message.type in ("error", "warning") else None)  # fmt: skip
            page.goto(server.render_url(EXERCISE_1), wait_until="commit")
            pages[name] = page
        for name, page in pages.items():
            page.locator(".mm-train-code input").fill(code, timeout=TIMEOUT)
            page.locator(".mm-train-nick input").fill(name)
            page.click(".mm-train-join")
            expect(page.locator(".mm-train-joined")).to_contain_text(name, timeout=TIMEOUT)
        handed = [line for line in server.log_text().splitlines() if "Using pre-heated kernel" in line and EXERCISE_1 in line]
        assert len(handed) == GROUP, "every trainee got a prepared kernel"
        expect(trainer.locator(".mm-train-where")).to_contain_text(f"{GROUP} van {GROUP}", timeout=TIMEOUT)

        print(f"group joined after {time.monotonic() - started:.0f} s")
        stranger = Stranger(server)
        stranger.load(STRANGER_PAGES[0])
        stranger.results()  # its first page before the moves (and the browser's visitor cookie)
        timings = {}
        filled_1 = f"Kernel pool of {EXERCISE_1} is filled with {GROUP} kernel(s)"
        for exercise, workbook, loads in ((4, EXERCISE_4, STRANGER_PAGES[1:5]), (1, EXERCISE_1, STRANGER_PAGES[5:])):
            if exercise == 1:  # the group works on 4 a while: exercise 1 is prepared again meanwhile
                _wait(lambda: server.log_text().count(filled_1) >= 2, 120, "exercise 1 was not prepared again")
                print(f"exercise 1 prepared again after {time.monotonic() - started:.0f} s")
            print(f"kernels quiet after {_settled(server):.0f} s more")
            before = dict(navigations)
            clicked = _move(trainer, exercise)
            for name in loads:  # the stranger's browser opens pages during each move
                stranger.load(name)
            if exercise == 4:  # the trainer's view during the move: who is still loading
                expect(trainer.locator(".mm-train-where")).to_contain_text("bij oefening 4", timeout=TIMEOUT)
                screenshot(trainer, "training-group-move-trainer-1366x768", full_page=False)
            timings[exercise] = _follow(pages, navigations, before, workbook, clicked)
            print(f"move to {exercise}: usable after", {k: round(v, 1) for k, v in timings[exercise].items()}, f"load {os.getloadavg()[0]:.0f}; clicked at {clicked - started:.1f} s, pages loaded at",
                  {k: v[-1].split(" s ")[0] for k, v in URLS.items()})
            expect(trainer.locator(".mm-train-where")).to_contain_text(f"{GROUP} van {GROUP}", timeout=TIMEOUT)
        # the stranger's ten pages came too (later: the group first)
        loaded = stranger.results()
        assert len(loaded) == 10 and all(status == 200 and b"jupyter-config-data" in body for _n, status, body in loaded)
        # the stranger never took a seat the group needed: every trainee page came from a prepared kernel
        for workbook in (EXERCISE_4, EXERCISE_1):
            fresh = [line for line in server.log_text().splitlines() if "Using pre-heated kernel" in line and workbook in line]
            assert len(fresh) >= GROUP + (GROUP if workbook == EXERCISE_1 else 0)
        # the trainer's laptop reloads: the same session, its code and all six on screen, at every size
        trainer.reload(wait_until="commit")
        expect(trainer.locator(".mm-train-code-big")).to_have_text(code, timeout=TIMEOUT)
        expect(trainer.locator(".mm-train-where")).to_contain_text(f"{GROUP} van {GROUP} bij oefening 1", timeout=TIMEOUT)
        for size in ({"width": 1366, "height": 768}, {"width": 1024, "height": 768}, {"width": 768, "height": 1024}):
            trainer.set_viewport_size(size)
            _wait(lambda: layout_problems(trainer) == [], 10, f"{size}: {layout_problems(trainer)}")  # after the reflow
            screenshot(trainer, f"training-group-trainer-reloaded-{size['width']}x{size['height']}", full_page=False)
        print("usable after the move (s):", {k: round(max(v.values()), 1) for k, v in timings.items()})
    finally:
        for made in contexts:
            made.close()
        server.stop()
        SERVERS.remove(server)


BLANK_JS = Path(__file__).resolve().parents[2] / "share/jupyter/voila/templates/mm/mm-blank-page.js"


def _watch(browser, output_html: str):
    """A rendered page holding ``output_html`` as its one cell output, watched by mm-blank-page.js."""
    page = browser.new_page()
    page.set_content(f"<div id='rendered_cells'><div class='jp-OutputArea-output jupyter-widgets'>{output_html}</div></div>")
    page.evaluate("""() => { window.mm_blank_grace_ms = 300; window.mm_blank_reload_ms = 600000;
                             window.mm_loading = { text: (key) => key }; }""")
    page.add_script_tag(content=BLANK_JS.read_text(encoding="utf-8"))
    return page


def test_a_page_whose_widget_could_not_be_drawn_says_so_and_reloads_itself(browser) -> None:
    # after a move the page came back with "Error displaying widget: model not found" and stayed so
    page = _watch(browser, "Error displaying widget: model not found")
    # the retry text: it reloads by itself (a new kernel; the kept notes join the trainee again)
    expect(page.locator(".mm-blank-page[role=alert]")).to_have_text("blank_retry", timeout=10_000)
    page.close()
    drawn = _watch(browser, "<div class='lm-Widget widget-vbox'>Oefening 4</div>")
    drawn.wait_for_timeout(2000)
    assert drawn.locator(".mm-blank-page").count() == 0
    drawn.close()
