"""20 coaches logged in at once on the team stack (PostgreSQL + JupyterHub + proxy + a Voila per coach).

    .venv/bin/python -m bench.bench_hub [--coaches 20] [--warm] [--light]

For every coach, all at once: the time from posting the log-in form until the conversation
workbook is usable; median, p90, max. Then the memory of each coach's processes (proxy + Voila +
kernels) and of the whole stack: RSS (shared library pages counted in every process) and PSS
(shared pages divided between the processes that share them, so the PSS figures add up).

- ``--warm``: the coaches' servers are started through the hub's API before anyone logs in (as
  ``make hub`` and a municipality's morning job do, :func:`mmwidgets.serving.hub.start_servers`),
  and the benchmark waits until every coach's Voila has its preheated conversation kernel ready
  and the stack is quiet. Without it, every server starts when its coach logs in.
- ``--light`` (needs ``--warm``): one coach in a real Chromium page, the others as light clients
  (bench/light_client.py: what a browser asks of the server, without drawing; in an office each
  coach's own laptop draws their page). A light client logs in like a browser: it posts the hub's
  log-in form with its ``_xsrf``, follows the hub's OAuth to the coach's server, then opens the page
  and its kernel and waits for the widgets' state. Usable = that state arrived (light client) or
  the client picker's name field visible and enabled (Chromium). The script and stylesheet
  addresses are recorded once from a real page of an extra user (``coach-00``, not counted); since
  issue 20 the coach's proxy bundles the page's chunks (mmwidgets/serving/hub_static.py), so the
  recorded list holds ~15 addresses where it held ~102.
  Without ``--light`` every coach is a Chromium page on this machine.

Adds its result to bench/results-hub.json (or --out) under the mode's name and prints a summary;
the stack is stopped at the end. Every wait has a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import secrets
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from mmwidgets.serving import hub
from mmwidgets.serving.hub_pilot import PilotStack
from mmwidgets.serving.paths import CHROMIUM, CHROMIUM_ARGS, ROOT

TIMEOUT_MS = 600_000
USABLE = ".mm-client-new input"
RECORDER = "coach-00"  # records the page's asset addresses in --light mode; not counted


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def wait_until_warm(stack: PilotStack, users: list[str], timeout: float = 900) -> tuple[float, float]:
    """Start the users' servers through the hub; wait until the hub says they run, every user's Voila
    has a kernel (the preheated one) and the stack's processes are quiet (the notebook has run in
    every kernel). Returns (seconds until the hub said ready, seconds until warm)."""
    import psutil

    t0 = time.monotonic()
    stack.start_servers(users)
    headers = {"Authorization": f"token {stack.starter_token}"}
    ready_s = None
    while ready_s is None:
        if time.monotonic() - t0 > timeout:
            raise TimeoutError("servers not ready")
        with urllib.request.urlopen(urllib.request.Request(f"{stack.url}/hub/api/users", headers=headers), timeout=60) as resp:  # noqa: S310
            models = json.loads(resp.read())
        ready = [m for m in models if m["name"] in users and (m.get("servers") or {}).get("", {}).get("ready")]
        if len(ready) == len(users):
            ready_s = time.monotonic() - t0
        else:
            time.sleep(1)
    watched: dict[int, Any] = {}
    quiet = 0
    while time.monotonic() - t0 < timeout:
        kernels: set[str] = set()
        busy = 0.0
        for proc in stack.processes():
            proc = watched.setdefault(proc.pid, proc)
            try:
                busy += proc.cpu_percent(interval=None)
                if "ipykernel" in " ".join(proc.cmdline()):
                    kernels.add(proc.environ().get("JUPYTERHUB_USER", ""))
            except psutil.Error:
                continue
        quiet = quiet + 1 if kernels >= set(users) and busy < 10.0 else 0
        if quiet >= 3:
            return ready_s, time.monotonic() - t0
        time.sleep(1.0)
    raise TimeoutError("the coaches' preheated kernels did not settle")


async def log_in(browser: Any, stack: PilotStack, user: str, password: str) -> tuple[Any, float]:
    """A coach in Chromium: seconds from the log-in click until the conversation page is usable."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(f"{stack.url}/hub/login?next=/user/{user}{hub.DEFAULT_URL}")
    await page.fill("#username_input", user)
    await page.fill("#password_input", password)
    t0 = time.monotonic()
    await page.click("#login_submit", no_wait_after=True, timeout=TIMEOUT_MS)
    await page.wait_for_selector(USABLE, state="visible", timeout=TIMEOUT_MS)
    await page.wait_for_function(f"() => !document.querySelector('{USABLE}').disabled", timeout=TIMEOUT_MS)
    return context, time.monotonic() - t0


async def light_log_in(stack: PilotStack, user: str, password: str, assets: list[str]) -> dict[str, float]:
    """A coach as a light client: log in through the hub's form and OAuth, then open the page."""
    import aiohttp

    from bench.light_client import open_page

    page_url = f"{stack.url}/user/{user}{hub.DEFAULT_URL}"
    own_assets = [a.replace(f"/user/{RECORDER}/", f"/user/{user}/") for a in assets]
    login_url = f"{stack.url}/hub/login?next=/user/{user}/"
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_MS / 1000)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=timeout) as session:
        async with session.get(login_url) as response:
            form = await response.text()
        found = re.search(r'name="_xsrf"[^>]*value="([^"]+)"', form) or re.search(r'value="([^"]+)"[^>]*name="_xsrf"', form)
        if not found:
            raise RuntimeError("no _xsrf in the hub's log-in form")
        t0 = time.perf_counter()
        async with session.post(login_url, data={"username": user, "password": password, "_xsrf": found.group(1)}) as response:
            await response.read()
            if f"/user/{user}/" not in str(response.url):
                raise RuntimeError(f"log-in of {user} ended at {response.url} ({response.status})")
        logged_in_s = time.perf_counter() - t0
        times = await open_page(session, page_url, own_assets, timeout=TIMEOUT_MS / 1000)
        if not times.widgets:
            raise RuntimeError(f"no widgets on {user}'s page")
    return {"logged_in_s": logged_in_s, "usable_s": time.perf_counter() - t0}


async def record_assets(browser: Any, stack: PilotStack, user: str, password: str) -> list[str]:
    from bench import light_client

    context, _ = await log_in(browser, stack, user, password)
    try:
        return await light_client.record_assets(context, f"{stack.url}/user/{user}{hub.DEFAULT_URL}", USABLE,
                                                timeout_ms=TIMEOUT_MS)
    finally:
        await context.close()


def _kind(cmdline: str) -> str:
    for needle, kind in (("ipykernel", "kernels"), ("run_proxy", "coach_proxies"), ("hub_voila", "voilas"),
                         ("configurable-http-proxy", "http_proxy"), ("idle_culler", "culler"), ("jupyterhub", "hub")):
        if needle in cmdline:
            return kind
    return "other"


def cpu_seconds(stack: PilotStack) -> dict[str, float]:
    """CPU seconds used so far by the stack's processes, per kind (hub, proxies, Voilas, kernels)."""
    import psutil

    used: dict[str, float] = {}
    for proc in [psutil.Process(stack.proc.pid), *stack.processes()]:
        try:
            times = proc.cpu_times()
            kind = _kind(" ".join(proc.cmdline()))
        except psutil.Error:
            continue
        used[kind] = used.get(kind, 0.0) + times.user + times.system
    return used


def memory(stack: PilotStack, users: list[str]) -> dict[str, Any]:
    """RSS and PSS (MB) of each coach's processes and of the whole stack (without the recorder's)."""
    import psutil

    rss: dict[str, float] = {u: 0.0 for u in users}
    pss: dict[str, float] = {u: 0.0 for u in users}
    kernels: dict[str, int] = {u: 0 for u in users}
    total_rss = total_pss = 0.0
    for proc in [psutil.Process(stack.proc.pid), *stack.processes()]:
        try:
            info = proc.memory_full_info()
            env_user = proc.environ().get("JUPYTERHUB_USER", "")
            is_kernel = "ipykernel" in " ".join(proc.cmdline())
        except psutil.Error:
            continue
        if env_user == RECORDER:
            continue
        total_rss += info.rss / 2**20
        total_pss += info.pss / 2**20
        if env_user in rss:
            rss[env_user] += info.rss / 2**20
            pss[env_user] += info.pss / 2**20
            kernels[env_user] += int(is_kernel)
    return {"per_coach_rss_median_mb": round(statistics.median(rss.values()), 1),
            "per_coach_rss_max_mb": round(max(rss.values()), 1),
            "per_coach_pss_median_mb": round(statistics.median(pss.values()), 1),
            "kernels_per_coach": sorted(set(kernels.values())),
            "stack_rss_mb": round(total_rss, 1), "stack_pss_mb": round(total_pss, 1)}


def _asset_kinds(assets: list[str]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for url in assets:
        path = url.split(f"/user/{RECORDER}/", 1)[-1]
        key = "/".join(path.split("/")[:3]) if path.startswith("voila/labextensions") else "/".join(path.split("/")[:2])
        kinds[key] = kinds.get(key, 0) + 1
    return kinds


async def run(stack: PilotStack, passwords: dict[str, str], light: bool) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    users = list(passwords)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            assets = await record_assets(browser, stack, RECORDER, passwords[RECORDER]) if light else []
            coaches = [u for u in users if u != RECORDER]
            browsers = coaches[:1] if light else coaches
            lights = coaches[1:] if light else []
            load_before = os.getloadavg()
            cpu_before, wall_before = cpu_seconds(stack), time.monotonic()
            opened, light_times = await asyncio.gather(
                asyncio.gather(*(log_in(browser, stack, u, passwords[u]) for u in browsers)),
                asyncio.gather(*(light_log_in(stack, u, passwords[u], assets) for u in lights)),
            )
            load_after = os.getloadavg()
            wall = time.monotonic() - wall_before
            cpu_after = cpu_seconds(stack)
            mem = memory(stack, coaches)
            for context, _ in opened:
                await context.close()
        finally:
            await browser.close()
    browser_usable = [round(s, 2) for _, s in opened]
    light_usable = [round(t["usable_s"], 2) for t in light_times]
    usable = browser_usable + light_usable
    result: dict[str, Any] = {
        "clients": "one coach in Chromium, the others light clients" if light else "every coach a Chromium page",
        "usable_s": usable,
        "usable_median_s": round(statistics.median(usable), 2),
        "usable_p90_s": round(percentile(usable, 90), 2),
        "usable_max_s": round(max(usable), 2),
        "chromium_usable_s": browser_usable,
        "stack_cpu_s_during_log_ins": {k: round(v - cpu_before.get(k, 0.0), 1) for k, v in cpu_after.items()},
        "log_ins_wall_s": round(wall, 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        **mem,
    }
    if light:
        logged_in = [t["logged_in_s"] for t in light_times]
        result.update(light_usable_median_s=round(statistics.median(light_usable), 2),
                      light_usable_p90_s=round(percentile(light_usable, 90), 2),
                      light_usable_max_s=round(max(light_usable), 2),
                      light_logged_in_median_s=round(statistics.median(logged_in), 2),
                      light_logged_in_max_s=round(max(logged_in), 2),
                      asset_count=len(assets),
                      asset_kinds=_asset_kinds(assets))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_hub")
    parser.add_argument("--coaches", type=int, default=20)
    parser.add_argument("--warm", action="store_true", help="start the servers through the hub's API first")
    parser.add_argument("--light", action="store_true", help="one coach in Chromium, the others light clients")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results-hub.json"))
    args = parser.parse_args(argv)
    if args.light and not args.warm:
        parser.error("--light needs --warm (a light client cannot follow the hub's spawn page)")
    users = ([RECORDER] if args.light else []) + [f"coach-{i:02d}" for i in range(1, args.coaches + 1)]
    passwords = {u: secrets.token_urlsafe(9) for u in users}
    with tempfile.TemporaryDirectory(prefix="mm-bench-hub-") as tmp:
        state = Path(tmp)
        team = hub.write_team_file(state / "team.yaml", {"team-a": users}, passwords)
        stack = PilotStack(state, team)
        stack.start()
        try:
            ready_s = warm_s = None
            if args.warm:
                ready_s, warm_s = wait_until_warm(stack, users)
                print(f"all {len(users)} servers: the hub said ready after {ready_s:.0f} s; Voila and the preheated "
                      f"kernels settled after {warm_s:.0f} s", flush=True)
            result = asyncio.run(run(stack, passwords, args.light))
        finally:
            stack.stop()
    result.update(date=dt.datetime.now().astimezone().isoformat(timespec="seconds"), coaches=args.coaches,
                  warm=args.warm, hub_ready_s=ready_s and round(ready_s, 1), warm_s=warm_s and round(warm_s, 1),
                  cpus=os.cpu_count())
    out = Path(args.out)
    existing: dict[str, Any] = {}
    if out.exists():
        try:
            existing = json.loads(out.read_text())
        except ValueError:
            existing = {}
        if "coaches" in existing:  # the old single-result format
            existing = {}
    existing[("warm" if args.warm else "cold") + ("-light" if args.light else "-chromium")] = result
    out.write_text(json.dumps(existing, indent=2) + "\n", encoding="utf-8")
    print(f"{args.coaches} coaches ({'warm' if args.warm else 'servers start at log-in'}, {result['clients']}): "
          f"usable after median {result['usable_median_s']} s, p90 {result['usable_p90_s']} s, "
          f"max {result['usable_max_s']} s; Chromium page(s) {result['chromium_usable_s'][:3]}; "
          f"per coach RSS {result['per_coach_rss_median_mb']} MB / PSS {result['per_coach_pss_median_mb']} MB; "
          f"stack RSS {result['stack_rss_mb']} MB / PSS {result['stack_pss_mb']} MB; load {result['load_before']}; "
          f"stack CPU during the log-ins {result['stack_cpu_s_during_log_ins']} in {result['log_ins_wall_s']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
