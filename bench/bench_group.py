"""A training day on this machine: a trainer and N trainees (browser contexts) on one Voila.

    .venv/bin/python -m bench.bench_group [--trainees 20] [--no-group]

Measures, with the kernels prepared for the group (``mmwidgets serve --group N``) or, with
``--no-group``, the way a plain server meets them:

- for every trainee, the time from opening exercise 1 until it is usable (the join form
  and a bridge step visible and clickable): median, p90, max; all pages are opened at once;
- the time from a trainee's click on a step until the trainer's view shows it (the trainer's
  view refreshes by itself every few seconds);
- memory: the Voila server and all kernels (RSS).

With ``--moves`` (issue 17) it measures the trainer's moves instead: the group (one trainee
in Chromium, the others light clients; see bench/light_client.py) joins on exercise 1, then
the trainer moves it 1 -> 4 -> 1, twice: once alone, and once while a stranger's browser loads
ten other pages during each move. Per move: the seconds from the trainer's click until the
slowest trainee page is usable (light clients: the widgets' state arrived; the Chromium page:
joined again and its first control visible), and whether any page was blank (no widgets, an
error, or the Chromium page reloading itself). Light trainees follow the move after a random
part of the trainee page's follow interval, as real pages do, and are seated in the room the
way a joined trainee's kernel seats itself (a file named after its kernel in ``MM_ROOM_DIR``,
see mmwidgets/model/training/room.py): the server then treats them as the group, the
stranger not. Between moves the bench waits until the room is prepared again and quiet (a
group works on an exercise for minutes).

    .venv/bin/python -m bench.bench_group --moves [--trainees 20]

Writes bench/results-group.json and prints a summary. Bounded: every wait has a timeout and
the server and all kernels are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from mmwidgets.serving.group import GROUP_FILL_DELAY, GROUP_SETTLE, GROUP_STAGGER, GROUP_SIZE_ENV, ROOM_DIR_ENV, exercise_order
from mmwidgets.serving.paths import CHROMIUM, CHROMIUM_ARGS, ROOT
from mmwidgets.serving.server import VoilaServer, build_site

EXERCISE = "oefening-1-brug.ipynb"
NEXT_EXERCISE = "oefening-2-coachen.ipynb"
NEXT_USABLE = ".mm-train-reply-0"
TRAINER = "trainer.ipynb"
TIMEOUT_MS = 240_000
HEATMAP = ".mm-train-heatmap .js-plotly-plot"
STEP = ".mm-step-housing-3"


def wait_until_settled(server: VoilaServer, expected: int, timeout: float = 900.0) -> float:
    """Wait until ``expected`` kernels run and all of them are idle (the exercise has run in each);
    returns the seconds waited. The pool reports "filled" when kernels have started, not when the
    notebooks have run in them, so the group would otherwise meet kernels still busy."""
    import psutil

    start = time.monotonic()
    quiet = 0
    watched: dict[int, Any] = {}  # cpu_percent compares with the previous call on the same object
    while time.monotonic() - start < timeout:
        kernels = [watched.setdefault(k.pid, k) for k in server.kernel_processes()]
        busy = 0.0
        for kernel in kernels:
            try:
                busy += kernel.cpu_percent(interval=None)
            except psutil.Error:
                continue
        quiet = quiet + 1 if len(kernels) >= expected and busy < 5.0 else 0
        if quiet >= 3:
            break
        time.sleep(1.0)
    return time.monotonic() - start


def _cpu_seconds(processes: list[Any]) -> float:
    import psutil

    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def cpu_split(server: VoilaServer) -> dict[str, float]:
    """CPU-seconds used so far by the browser (Chromium, children of this process), the Voila server and its kernels."""
    import psutil

    me = psutil.Process()
    chromium = [p for p in me.children(recursive=True) if "chrom" in p.name()]
    own = [psutil.Process(server.proc.pid)] if server.proc else []
    return {
        "chromium": _cpu_seconds(chromium),
        "server": _cpu_seconds(own),
        "kernels": _cpu_seconds(server.kernel_processes()),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _rss_mb(server: VoilaServer) -> tuple[float, float, int]:
    import psutil

    kernels = server.kernel_rss_bytes()
    try:
        own = psutil.Process(server.proc.pid).memory_info().rss if server.proc else 0
    except psutil.Error:
        own = 0
    return own / 1e6, sum(kernels) / 1e6, len(kernels)


async def _open_trainee(context: Any, url: str) -> tuple[Any, float]:
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    await page.wait_for_selector(".mm-train-join", state="visible", timeout=TIMEOUT_MS)
    await page.wait_for_selector(STEP, state="visible", timeout=TIMEOUT_MS)
    await page.locator(STEP).click(trial=True, timeout=TIMEOUT_MS)
    return page, time.perf_counter() - start


async def _join(page: Any, code: str, nickname: str) -> None:
    await page.fill(".mm-train-code input", code)
    await page.fill(".mm-train-nick input", nickname)
    await page.click(".mm-train-join")
    await page.wait_for_selector(f".mm-train-joined:has-text('{nickname}')", timeout=TIMEOUT_MS)


async def _light_trainee(url: str, assets: list[str]) -> float:
    import aiohttp

    from bench.light_client import open_page

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        return (await open_page(session, url, assets, timeout=TIMEOUT_MS / 1000)).usable_s


async def _move_group(server: VoilaServer, page: Any, trainees: int, assets: list[str]) -> list[float]:
    """The trainer moves the group to exercise 2: every trainee's browser opens it at once
    (the real page and trainees - 1 light clients), once its prepared kernels are idle."""
    filled = f"Kernel pool of {NEXT_EXERCISE} is filled with {trainees} kernel(s)"
    deadline = time.monotonic() + 600
    while filled not in server.log_text() and time.monotonic() < deadline:
        await asyncio.sleep(1)
    await asyncio.to_thread(wait_until_settled, server, 2 * trainees)

    async def real() -> float:
        start = time.perf_counter()
        await page.goto(server.render_url(NEXT_EXERCISE), wait_until="commit", timeout=TIMEOUT_MS)
        await page.wait_for_selector(NEXT_USABLE, state="visible", timeout=TIMEOUT_MS)
        return time.perf_counter() - start

    url = server.render_url(NEXT_EXERCISE)
    first, others = await asyncio.gather(real(), asyncio.gather(*(_light_trainee(url, assets) for _ in range(trainees - 1))))
    return [first, *others]


async def run_day(server: VoilaServer, trainees: int, light: bool = False, move: bool = False) -> dict[str, Any]:
    """``light``: one trainee in a real Chromium page, the others as light clients (their own
    tablets draw their pages; see bench/light_client.py), all opening at the same moment."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            trainer_context = await browser.new_context(viewport={"width": 1366, "height": 768})
            trainer = await trainer_context.new_page()
            origin = server.url
            assets: list[str] = []
            trainer.on("request", lambda r: assets.append(r.url) if r.url.startswith(origin) and r.resource_type not in ("document", "websocket") and "/api/" not in r.url else None)
            await trainer.goto(server.render_url(TRAINER), wait_until="commit", timeout=TIMEOUT_MS)
            await trainer.wait_for_selector(".mm-train-new-session", state="visible", timeout=TIMEOUT_MS)
            await trainer.click(".mm-train-new-session")  # a visit opens no session by itself
            await trainer.wait_for_selector(".mm-train-code-big", state="visible", timeout=TIMEOUT_MS)
            code = (await trainer.locator(".mm-train-code-big").inner_text()).strip()
            await trainer.wait_for_selector(f"{HEATMAP} .main-svg", state="visible", timeout=TIMEOUT_MS)
            assets = list(dict.fromkeys(assets))

            browsers = 1 if light else trainees
            contexts = [await browser.new_context(viewport={"width": 1024, "height": 768}) for _ in range(browsers)]
            url = server.render_url(EXERCISE)
            light_tasks = [_light_trainee(url, assets) for _ in range(trainees - browsers)]
            cpu_before = cpu_split(server)
            opened, light_usable = await asyncio.gather(
                asyncio.gather(*(_open_trainee(c, url) for c in contexts)), asyncio.gather(*light_tasks)
            )
            cpu_after = cpu_split(server)
            opening_cpu = {k: round(cpu_after[k] - cpu_before.get(k, 0.0), 1) for k in cpu_after}
            pages = [page for page, _ in opened]
            browser_usable = [seconds for _, seconds in opened]
            usable = browser_usable + list(light_usable)
            await asyncio.gather(*(_join(p, code, f"Deelnemer{i + 1}") for i, p in enumerate(pages)))

            # a trainee clicks; how long until the trainer's view shows it (auto-refresh)
            delays = []
            for i, sub in enumerate(("care", "housing")[: min(2, trainees)]):  # the first pillar is open
                page = pages[i % len(pages)]
                step = f".mm-step-{sub}-2"
                start = time.perf_counter()
                await page.click(step)
                await trainer.wait_for_function(
                    """(answered) => {
                        const d = document.querySelector('.mm-train-heatmap .js-plotly-plot').data[0];
                        return Array.from(d.y).filter((y, k) => y > 0 && d.text[k] !== '').length >= answered;
                    }""",
                    arg=i + 1,
                    timeout=60_000,
                )
                delays.append(time.perf_counter() - start)
            moved = await _move_group(server, pages[0], trainees, assets) if move else []
            server_mb, kernels_mb, kernel_count = _rss_mb(server)
            for context in contexts:
                await context.close()
            await trainer_context.close()
        finally:
            await browser.close()
    return {
        "clients": "one Chromium page, the others light clients" if light else "every trainee a Chromium page",
        "browser_usable_s": browser_usable,
        "usable_s": usable,
        "opening_cpu_s": opening_cpu,
        "usable_median_s": statistics.median(usable),
        "usable_p90_s": percentile(usable, 90),
        "usable_max_s": max(usable),
        "click_to_trainer_s": delays,
        "click_to_trainer_median_s": statistics.median(delays),
        **({
            "move_usable_s": moved,
            "move_usable_median_s": statistics.median(moved),
            "move_usable_max_s": max(moved),
        } if moved else {}),
        "server_rss_mb": round(server_mb, 1),
        "kernels_rss_mb": round(kernels_mb, 1),
        "kernels": kernel_count,
    }


MOVE_USABLE = {1: ".mm-step-housing-3", 2: NEXT_USABLE, 4: ".mm-train-quiz-options"}
MOVE_WORKBOOK = {1: EXERCISE, 2: NEXT_EXERCISE, 4: "oefening-4-stress.ipynb"}
STRANGER_PAGES = ("oefening-4-stress.ipynb", "gesprek.ipynb", EXERCISE, "plan.ipynb", "oefening-2-coachen.ipynb",
                  "trainer.ipynb", "oefening-3-kleine-stappen.ipynb", "oefening-4-stress.ipynb", EXERCISE, "caseload.ipynb")  # fmt: skip
FOLLOW_S = 4.0  # apps/training.py FOLLOW_INTERVAL_MS: a trainee page sees a move within this


def wait_quiet(server: VoilaServer, at_least: float, timeout: float = 600.0) -> float:
    """Wait ``at_least`` seconds (the room refills after a move once the group has arrived),
    then until no kernel is busy for three seconds running; returns the seconds waited."""
    import psutil

    start = time.monotonic()
    time.sleep(at_least)
    quiet = 0
    watched: dict[int, Any] = {}
    while time.monotonic() - start < timeout and quiet < 3:
        busy = 0.0
        for kernel in [watched.setdefault(k.pid, k) for k in server.kernel_processes()]:
            try:
                busy += kernel.cpu_percent(interval=None)
            except psutil.Error:
                continue
        quiet = quiet + 1 if busy < 25.0 else 0  # the trainer's view refreshes itself every 2 s
        time.sleep(1.0)
    return time.monotonic() - start


async def run_moves(server: VoilaServer, trainees: int, room_dir: Path, seed: int = 17, far: int = 4) -> dict[str, Any]:
    """The trainer moves the group 1 -> ``far`` -> 1 twice, the second time with a stranger loading pages."""
    import random

    import aiohttp
    from playwright.async_api import async_playwright

    from bench.light_client import open_page

    rng = random.Random(seed)
    seat = lambda kernel_id: (room_dir / kernel_id).touch() if kernel_id else None  # noqa: E731
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        jars = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in range(trainees - 1)]
        try:
            trainer = await (await browser.new_context(viewport={"width": 1366, "height": 768})).new_page()
            await trainer.goto(server.render_url(TRAINER), wait_until="commit", timeout=TIMEOUT_MS)
            await trainer.click(".mm-train-new-session", timeout=TIMEOUT_MS)
            await trainer.wait_for_selector(".mm-train-code-big", state="visible", timeout=TIMEOUT_MS)
            code = (await trainer.locator(".mm-train-code-big").inner_text()).strip()

            real = await (await browser.new_context(viewport={"width": 1024, "height": 768})).new_page()
            navigations = [0]
            real.on("framenavigated", lambda f: navigations.__setitem__(0, navigations[0] + 1) if f.parent_frame is None else None)
            assets: list[str] = []
            origin = server.url
            real.on("request", lambda r: assets.append(r.url) if r.url.startswith(origin) and r.resource_type not in ("document", "websocket") and "/api/" not in r.url else None)
            await real.goto(server.render_url(EXERCISE), wait_until="commit", timeout=TIMEOUT_MS)
            await real.wait_for_selector(STEP, state="visible", timeout=TIMEOUT_MS)
            await _join(real, code, "Deelnemer1")
            assets = list(dict.fromkeys(assets))
            arrivals = await asyncio.gather(*(open_page(jar, server.render_url(EXERCISE), assets, TIMEOUT_MS / 1000) for jar in jars))
            for arrival in arrivals:
                seat(arrival.kernel_id)  # as the trainee's kernel does when the trainee joins
            await asyncio.to_thread(wait_quiet, server, 5.0)

            async def move(exercise: int, stranger: Any | None) -> dict[str, Any]:
                workbook = MOVE_WORKBOOK[exercise]
                url = server.render_url(workbook)
                before = navigations[0]
                button = trainer.locator(".mm-train-exercise-choice button", has_text=f"{exercise}. ")
                await button.click()
                clicked = time.perf_counter()

                problems: list[str] = []

                async def light(jar: Any, wait: float) -> tuple[float, bool]:
                    await asyncio.sleep(wait)  # the page's next follow tick
                    try:
                        times = await open_page(jar, url, assets, TIMEOUT_MS / 1000)
                    except Exception as exc:  # noqa: BLE001 - no page, no widgets: a blank page for this trainee
                        problems.append(repr(exc)[:200])
                        return time.perf_counter() - clicked, True
                    seat(times.kernel_id)  # the page joins again with its kept key
                    return time.perf_counter() - clicked, times.widgets == 0

                async def chromium() -> tuple[float, bool]:
                    await real.wait_for_url(f"**/{workbook}*", timeout=TIMEOUT_MS)
                    await real.wait_for_selector(".mm-train-joined:has-text('Deelnemer1')", timeout=TIMEOUT_MS)
                    await real.wait_for_selector(MOVE_USABLE[exercise], state="visible", timeout=TIMEOUT_MS)
                    blank = navigations[0] != before + 1 or await real.locator(".mm-blank-page").count() > 0
                    return time.perf_counter() - clicked, blank

                async def stranger_loads() -> list[float]:
                    if stranger is None:
                        return []
                    done = []
                    async def one(name: str) -> None:
                        start = time.perf_counter()
                        try:
                            await open_page(stranger, server.render_url(name), assets, TIMEOUT_MS / 1000)
                        except Exception:  # noqa: BLE001 - a page without widgets (plan/caseload): the page itself counts
                            pass
                        done.append(time.perf_counter() - start)
                    await asyncio.gather(*(one(name) for name in STRANGER_PAGES))
                    return done

                cpu_before = cpu_split(server)
                results, stranger_s = await asyncio.gather(
                    asyncio.gather(chromium(), *(light(jar, rng.uniform(0, FOLLOW_S)) for jar in jars)), stranger_loads())
                cpu_after = cpu_split(server)
                usable = [seconds for seconds, _blank in results]
                return {
                    "to": exercise,
                    "strangers": len(stranger_s),
                    "usable_s": [round(x, 2) for x in usable],
                    "slowest_s": round(max(usable), 2),
                    "median_s": round(statistics.median(usable), 2),
                    "chromium_s": round(usable[0], 2),
                    "blank": sum(1 for _s, blank in results if blank),
                    "problems": problems,
                    "stranger_pages_s": [round(x, 2) for x in stranger_s],
                    "cpu_s": {k: round(cpu_after[k] - cpu_before.get(k, 0.0), 1) for k in cpu_after},
                    "load_1min": round(__import__("os").getloadavg()[0], 1),
                }

            moves = []
            stranger_jar = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
            jars_to_close = [stranger_jar]
            try:
                for with_stranger in (False, True):
                    for exercise in (far, 1):
                        moves.append(await move(exercise, stranger_jar if with_stranger else None))
                        print(f"move to {exercise}{' with a stranger' if with_stranger else ''}: "
                              f"slowest {moves[-1]['slowest_s']} s, blank {moves[-1]['blank']}", flush=True)
                        await asyncio.to_thread(wait_quiet, server, GROUP_SETTLE + 7.0)
            finally:
                for jar in jars_to_close:
                    await jar.close()
        finally:
            for jar in jars:
                await jar.close()
            await browser.close()
    alone = [m for m in moves if not m["strangers"]]
    busy = [m for m in moves if m["strangers"]]
    return {
        "clients": "one Chromium trainee, the others light clients; the stranger a light client (one browser)",
        "moves": moves,
        "slowest_alone_s": max(m["slowest_s"] for m in alone),
        "slowest_with_strangers_s": max(m["slowest_s"] for m in busy),
        "blank_pages": sum(m["blank"] for m in moves),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--no-group", action="store_true", help="a plain server: no kernels prepared")
    parser.add_argument("--light", action="store_true", help="one trainee in Chromium, the others light clients")
    parser.add_argument("--move", action="store_true", help="then the trainer moves the group to exercise 2 (needs --light)")
    parser.add_argument("--moves", action="store_true", help="the trainer moves the group 1 -> 4 -> 1, alone and with a stranger")
    parser.add_argument("--to", type=int, choices=(2, 4), default=4, help="with --moves: the exercise the group goes to and back from")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results-group.json")
    parser.add_argument("--keep-log", type=Path, default=None, help="copy the server's log here at the end")
    args = parser.parse_args(argv)
    if args.moves:
        return main_moves(args)
    env = {} if args.no_group else {GROUP_SIZE_ENV: str(args.trainees)}
    with tempfile.TemporaryDirectory(prefix="mm-bench-group-") as tmp:
        work = Path(tmp)
        site = build_site(work / "site")
        import os

        server = VoilaServer(work / "server", notebook_dir=site, env={**os.environ, **env}, ready_timeout=180)
        server.start()
        try:
            prepared_at = time.perf_counter()
            if not args.no_group:  # the trainer starts the server before the group arrives
                filled = f"Kernel pool of {EXERCISE} is filled with {args.trainees} kernel(s)"
                deadline = time.monotonic() + 900
                while filled not in server.log_text() and time.monotonic() < deadline:
                    time.sleep(1)
                wait_until_settled(server, args.trainees)
            prepare_s = time.perf_counter() - prepared_at
            result = asyncio.run(run_day(server, args.trainees, light=args.light, move=args.move and args.light))
        finally:
            server.stop()
    result.update(
        date=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        trainees=args.trainees,
        group_prepared=not args.no_group,
        prepare_s=round(prepare_s, 1),
        fill_delay_s=GROUP_FILL_DELAY,
    )
    existing: dict[str, Any] = {}
    if args.out.exists():
        try:
            existing = json.loads(args.out.read_text())
        except ValueError:
            existing = {}
    existing[("plain" if args.no_group else "group") + ("-light" if args.light else "")] = result
    args.out.write_text(json.dumps(existing, indent=2) + "\n")
    print(
        f"{'plain server' if args.no_group else 'kernels prepared'}: {args.trainees} trainees usable after "
        f"median {result['usable_median_s']:.1f} s, p90 {result['usable_p90_s']:.1f} s, max {result['usable_max_s']:.1f} s; "
        f"click to trainer's view {result['click_to_trainer_median_s']:.1f} s; "
        f"server {result['server_rss_mb']:.0f} MB + {result['kernels']} kernels {result['kernels_rss_mb']:.0f} MB"
        + (f"; prepared in {prepare_s:.0f} s" if not args.no_group else "")
        + (f"; group moved to exercise 2: usable after median {result['move_usable_median_s']:.1f} s, max {result['move_usable_max_s']:.1f} s"
           if "move_usable_s" in result else "")
    )
    return 0




def main_moves(args: argparse.Namespace) -> int:
    import os

    with tempfile.TemporaryDirectory(prefix="mm-bench-moves-") as tmp:
        work = Path(tmp)
        room_dir = work / "room"
        room_dir.mkdir()
        site = build_site(work / "site")
        env = {**os.environ, GROUP_SIZE_ENV: str(args.trainees), ROOM_DIR_ENV: str(room_dir)}
        server = VoilaServer(work / "server", notebook_dir=site, env=env, ready_timeout=180)
        started = time.perf_counter()
        server.start()
        try:
            # the room is prepared before the group comes, as far as the machine's memory reaches
            # (group.room_plan): an exercise far from the first may get fewer than the group, or
            # none (then Voila never logs it "filled"): wait for the first, then for the staggered
            # fills of the others (GROUP_STAGGER apart) and until the kernels are quiet
            first = f"Kernel pool of {exercise_order()[0]} is filled with "
            deadline = time.monotonic() + 900
            while first not in server.log_text() and time.monotonic() < deadline:
                time.sleep(1)
            wait_quiet(server, GROUP_STAGGER * len(exercise_order()))
            prepared = {w: max((int(line.split("filled with ")[1].split()[0]) for line in server.log_text().splitlines()
                                if f"Kernel pool of {w} is filled with " in line), default=0) for w in exercise_order()}
            print("prepared per exercise:", prepared, flush=True)
            wait_quiet(server, 0.0)
            prepare_s = time.perf_counter() - started
            result = asyncio.run(run_moves(server, args.trainees, room_dir, far=args.to))
            server_mb, kernels_mb, kernel_count = _rss_mb(server)
        finally:
            server.stop()
            if args.keep_log:
                args.keep_log.write_text(server.log_text())
    result.update(
        date=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        trainees=args.trainees,
        prepare_s=round(prepare_s, 1),
        prepared=prepared,
        load_1min=round(os.getloadavg()[0], 1),
        server_rss_mb=round(server_mb, 1),
        kernels_rss_mb=round(kernels_mb, 1),
        kernels=kernel_count,
        cpus=os.cpu_count(),
    )
    existing: dict[str, Any] = {}
    if args.out.exists():
        try:
            existing = json.loads(args.out.read_text())
        except ValueError:
            existing = {}
    existing["moves"] = result
    args.out.write_text(json.dumps(existing, indent=2) + "\n")
    print(
        f"{args.trainees} trainees, room prepared in {prepare_s:.0f} s; slowest trainee usable after a move: "
        f"{result['slowest_alone_s']:.1f} s alone, {result['slowest_with_strangers_s']:.1f} s with a stranger's "
        f"ten page loads; blank pages: {result['blank_pages']}; {kernel_count} kernels {kernels_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    import sys

    if __package__ in (None, ""):  # run as a file (bench/bench_group.py): bench.light_client must import
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
