"""20 coaches logged in at once on the team stack (PostgreSQL + JupyterHub + proxy + a Voila per coach).

    .venv/bin/python -m bench.bench_hub [--coaches 20] [--warm]

For every coach (one Chromium context each, all at once): the time from posting the log-in form
until the conversation workbook is usable (the client picker's name field visible and enabled);
median, p90, max. Then the memory (RSS) of each coach's processes (proxy + Voila + kernels) and of
the whole stack.

``--warm``: the coaches' servers are started through the hub's API before anyone logs in (as a
morning start-up job would, `mm-starter` service in deploy/jupyterhub_config.py), so each coach
meets a Voila with a preheated kernel. Without it, every server starts when its coach logs in.

Writes bench/results-hub.json (or --out) and prints a summary; the stack is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def start_servers(stack: PilotStack, token: str, users: list[str], timeout: float = 900) -> float:
    """Ask the hub to start every user's server; return the seconds until all are ready."""
    t0 = time.monotonic()
    headers = {"Authorization": f"token {token}"}
    for user in users:
        request = urllib.request.Request(f"{stack.url}/hub/api/users/{user}/server", method="POST", headers=headers)
        try:
            urllib.request.urlopen(request, timeout=60).read()  # noqa: S310 - local hub
        except urllib.error.HTTPError as err:
            if err.code not in (201, 202, 400):
                raise
    while time.monotonic() - t0 < timeout:
        request = urllib.request.Request(f"{stack.url}/hub/api/users", headers=headers)
        with urllib.request.urlopen(request, timeout=60) as resp:  # noqa: S310
            models = json.loads(resp.read())
        ready = [m for m in models if m["name"] in users and (m.get("servers") or {}).get("", {}).get("ready")]
        if len(ready) == len(users):
            return time.monotonic() - t0
        time.sleep(1)
    raise TimeoutError("servers not ready")


async def log_in(browser: Any, stack: PilotStack, user: str, password: str) -> float:
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
    return time.monotonic() - t0


def memory(stack: PilotStack, users: list[str]) -> dict[str, Any]:
    import psutil

    per_user: dict[str, float] = {u: 0.0 for u in users}
    total = 0.0
    for proc in [psutil.Process(stack.proc.pid), *stack.processes()]:
        try:
            rss = proc.memory_info().rss / 2**20
            env_user = proc.environ().get("JUPYTERHUB_USER", "")
        except psutil.Error:
            continue
        total += rss
        if env_user in per_user:
            per_user[env_user] += rss
    values = list(per_user.values())
    return {"per_coach_mb": {u: round(v, 1) for u, v in per_user.items()},
            "per_coach_median_mb": round(statistics.median(values), 1),
            "per_coach_max_mb": round(max(values), 1),
            "hub_total_mb": round(total, 1)}


async def run(stack: PilotStack, passwords: dict[str, str]) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return list(await asyncio.gather(*(log_in(browser, stack, u, p) for u, p in passwords.items())))
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_hub")
    parser.add_argument("--coaches", type=int, default=20)
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results-hub.json"))
    args = parser.parse_args(argv)
    users = [f"coach-{i:02d}" for i in range(1, args.coaches + 1)]
    passwords = {u: secrets.token_urlsafe(9) for u in users}
    token = secrets.token_hex(24)
    with tempfile.TemporaryDirectory(prefix="mm-bench-hub-") as tmp:
        state = Path(tmp)
        team = hub.write_team_file(state / "team.yaml", {"team-a": users}, passwords)
        stack = PilotStack(state, team, extra_env={"MM_HUB_STARTER_TOKEN": token})
        stack.start()
        try:
            warm_s = start_servers(stack, token, users) if args.warm else None
            if warm_s is not None:
                print(f"all {args.coaches} servers started through the hub's API in {warm_s:.0f} s", flush=True)
            usable = asyncio.run(run(stack, passwords))
            mem = memory(stack, users)
        finally:
            stack.stop()
    result = {
        "coaches": args.coaches, "warm": args.warm, "servers_started_before_s": warm_s,
        "usable_s": [round(s, 2) for s in usable],
        "usable_median_s": round(statistics.median(usable), 2),
        "usable_p90_s": round(percentile(usable, 90), 2),
        "usable_max_s": round(max(usable), 2),
        **mem,
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{args.coaches} coaches ({'servers started before' if args.warm else 'servers start at log-in'}): "
          f"usable after median {result['usable_median_s']} s, p90 {result['usable_p90_s']} s, "
          f"max {result['usable_max_s']} s; memory per coach median {result['per_coach_median_mb']} MB "
          f"(max {result['per_coach_max_mb']}), whole stack {result['hub_total_mb']} MB"
          + (f"; starting all servers took {warm_s:.0f} s" if warm_s else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
