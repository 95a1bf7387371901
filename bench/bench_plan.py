"""Benchmark: a client with 50 goals and 500 actions opens and renders plan and timeline.

Builds the plan in a throw-away SQLite store through :class:`PlanRepo` (so the history is
realistic too), then measures server-side times with ``time.perf_counter``:

- ``open``: ``PlanPanel.set_client`` on an open panel, switching between two such clients:
  load from the database, show the editor, build the timeline figure, the take-home page and
  the calendar file; plus ``json.dumps`` of the figure, standing in for what the kernel
  serialises to send it (without a kernel the widgets send nothing);
- ``new panel``: a new ``PlanPanel`` plus ``set_client`` (the first open after a page load);
- parts: ``load`` (database to model), ``timeline`` (figure dict), ``take-home`` (HTML + .ics);
- ``change``: typing one action and Enter, saved and everything redrawn.

Run: ``.venv/bin/python bench/bench_plan.py`` (prints and returns the figures);
``bench/run.py`` calls :func:`run`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mmwidgets.model.plan import PlanEdit, new_key  # noqa: E402

TARGET_MS = 200.0
TODAY = dt.date(2026, 3, 11)
WORDS = (
    "Bel", "Mail", "Vraag", "Zoek", "Haal", "Breng", "Lees", "Schrijf", "Plan", "Bespreek",
)  # fmt: skip
THINGS = (
    "de woningcorporatie", "het uitzendbureau", "de opvang", "de bank", "mijn zus", "de huisarts",
    "het loket", "de school", "de schuldhulp", "de buurvrouw",
)  # fmt: skip


def build_plan(store: Any, client_id: int, goals: int = 50, actions: int = 500, seed: int = 1) -> None:
    """Fill a client's plan: goals with actions spread over ±3 months, some done, rewards."""
    from mmwidgets.store.plans.repo import PlanRepo

    rng = random.Random(seed)
    repo = PlanRepo(store)
    at = dt.datetime.combine(TODAY, dt.time(10, 0))
    keys = []
    statuses = ["open"] * 7 + ["reached", "adjusted", "stopped"]
    for g in range(goals):
        key = new_key()
        values: dict[str, Any] = {
            "text": f"Doel {g + 1}: {rng.choice(WORDS).lower()} {rng.choice(THINGS)} en verder",
            "subpillar_id": rng.choice(["housing", "care", "income", "debts", "health"]),
            "start_step": rng.randint(1, 3),
            "target_step": rng.randint(3, 5),
            "why": "Voor mijn kinderen",
            "done_when": "Als het geregeld is" if rng.random() < 0.7 else "",
            "target_date": TODAY + dt.timedelta(days=rng.randint(-20, 120)) if rng.random() < 0.8 else None,
            "created_on": TODAY - dt.timedelta(days=rng.randint(10, 90)),
        }
        if keys and rng.random() < 0.2:
            values["waits_for"] = rng.choice(keys)
        repo.apply(client_id, PlanEdit("goal.add", key=key, values=values), at=at)
        status = rng.choice(statuses)
        if status != "open":
            repo.apply(client_id, PlanEdit("goal.set", key=key, values={"status": status}), at=at)
        if rng.random() < 0.5:
            repo.apply(
                client_id,
                PlanEdit("reward.add", key=new_key(), parent=key, values={"what": "Cadeaubon", "value_cents": 2500}),
                at=at,
            )
        keys.append(key)
    for i in range(actions):
        goal = keys[i % goals]
        due = TODAY + dt.timedelta(days=rng.randint(-60, 90)) if rng.random() < 0.9 else None
        values = {
            "what": f"{rng.choice(WORDS)} {rng.choice(THINGS)}",
            "who": rng.choice(["client", "client", "coach", "other"]),
            "who_name": "Ans",
            "due": due,
        }
        key = new_key()
        repo.apply(client_id, PlanEdit("action.add", key=key, parent=goal, values=values), at=at)
        if due is not None and due < TODAY and rng.random() < 0.6:
            repo.apply(client_id, PlanEdit("action.set", key=key, values={"done_on": due}), at=at)
        elif due is not None and rng.random() < 0.1:  # re-routed
            repo.apply(client_id, PlanEdit("action.set", key=key, values={"due": due + dt.timedelta(days=7)}), at=at)
    for i in range(12):
        repo.apply(
            client_id,
            PlanEdit("given.add", key=new_key(), values={
                "date": TODAY - dt.timedelta(days=7 * i), "for_what": "Tussenstap", "value_cents": 500,
                "goal_key": keys[i],
            }),
            at=at,
        )  # fmt: skip


def _median_ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered), 2),
        "p90": round(ordered[max(0, int(len(ordered) * 0.9) - 1)], 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
    }


def _time(fn: Callable[[], Any], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure(goals: int = 50, actions: int = 500, repeats: int = 21) -> dict[str, Any]:
    """Build the plans in a temp store, measure, and return the numbers (ms)."""
    from mmwidgets.apps.plan import PlanPanel
    from mmwidgets.figures.timeline import timeline_figure
    from mmwidgets.model.plan.ics import plan_to_ics
    from mmwidgets.model.plan.takehome import take_home_html
    from mmwidgets.store.clients import ClientRepo
    from mmwidgets.store.store import Store
    from mmwidgets.store.plans.repo import PlanRepo

    with tempfile.TemporaryDirectory(prefix="mm-bench-plan-") as tmp:
        store = Store("sqlite:///" + str(Path(tmp) / "bench.db"))
        try:
            clients = ClientRepo(store)
            one, two = clients.create("Bench Een").id, clients.create("Bench Twee").id
            started = time.perf_counter()
            build_plan(store, one, goals, actions, seed=1)
            build_plan(store, two, goals, actions, seed=2)
            build_s = time.perf_counter() - started
            repo = PlanRepo(store)
            plan = repo.load(one)

            panel = PlanPanel(store, "nl", today=TODAY)
            panel.set_client(two)  # warm up imports and caches once
            which = [one]

            def open_and_render() -> None:
                which[0] = two if which[0] == one else one
                panel.set_client(which[0])
                json.dumps(panel.timeline.figure)

            def new_panel() -> None:
                fresh = PlanPanel(store, "nl", today=TODAY)
                fresh.set_client(one)
                json.dumps(fresh.timeline.figure)

            def add_action() -> None:
                panel.editor.quick_due.value = "vrijdag"
                panel.editor.quick_what.value = f"Bel de bank {time.perf_counter_ns()}"

            results = {
                "open": _median_ms(_time(open_and_render, repeats)),
                "new_panel": _median_ms(_time(new_panel, max(5, repeats // 3))),
                "load": _median_ms(_time(lambda: repo.load(one), repeats)),
                "timeline": _median_ms(_time(lambda: timeline_figure(plan, "nl", TODAY), repeats)),
                "take_home": _median_ms(
                    _time(lambda: (take_home_html(plan, "nl", TODAY), plan_to_ics(plan, "nl")), repeats)
                ),
                "change": _median_ms(_time(add_action, repeats)),
            }
            figure = panel.timeline.figure
            results["figure_kb"] = round(len(json.dumps(figure)) / 1024, 1)
            results["history_rows"] = len(repo.history(one))
            results["goals"], results["actions"] = len(plan.goals), sum(len(g.actions) for g in plan.goals)
            results["build_seconds"] = round(build_s, 1)
            results["repeats"] = repeats
        finally:
            store.dispose()
    return results


def run() -> dict[str, Any]:
    """For bench/run.py: the measured figures with their targets."""
    numbers = measure()
    ok = numbers["open"]["median"] < TARGET_MS
    out: dict[str, Any] = {
        "plan_open_render_median_ms": {
            "measured": numbers["open"]["median"], "unit": "ms", "target": f"< {TARGET_MS:g} ms", "ok": ok,
        },
        "plan_open_render_p90_ms": {"measured": numbers["open"]["p90"], "unit": "ms", "target": "-", "ok": True},
        "plan_new_panel_open_median_ms": {
            "measured": numbers["new_panel"]["median"], "unit": "ms", "target": "-", "ok": True,
        },
        "plan_change_median_ms": {"measured": numbers["change"]["median"], "unit": "ms", "target": "-", "ok": True},
        "plan_load_median_ms": numbers["load"]["median"],
        "plan_timeline_median_ms": numbers["timeline"]["median"],
        "plan_take_home_median_ms": numbers["take_home"]["median"],
        "plan_figure_kb": numbers["figure_kb"],
        "plan_size": f"{numbers['goals']} goals, {numbers['actions']} actions, {numbers['history_rows']} history rows",
    }  # fmt: skip
    return out


def main() -> dict[str, Any]:
    numbers = measure()
    print(f"plan with {numbers['goals']} goals, {numbers['actions']} actions, "
          f"{numbers['history_rows']} history rows (built in {numbers['build_seconds']} s)")
    for name in ("open", "new_panel", "load", "timeline", "take_home", "change"):
        n = numbers[name]
        print(f"  {name:<10} median {n['median']:8.2f} ms   p90 {n['p90']:8.2f}   min {n['min']:8.2f}   max {n['max']:8.2f}")
    print(f"  figure JSON {numbers['figure_kb']} kB")
    verdict = "OK" if numbers["open"]["median"] < TARGET_MS else "TOO SLOW"
    print(f"open and render: median {numbers['open']['median']} ms (target < {TARGET_MS:g} ms): {verdict}")
    return numbers


if __name__ == "__main__":
    main()
