"""Soak: two coaches clicking at the same time on the same client lose no update.

Two processes (two kernels, as two Voila pages) share one client, with one assessment and
one plan, and click as fast as they can for ``--seconds`` (default 300) or ``--clicks`` each,
whichever ends first. Click ``i`` of coach A or B is, by ``i % 4``:

0. a step and a note on the coach's own sub-pillar of the shared assessment (A: housing, B: debts);
1. the SAME choice (health) for both: A sets its step, B its note;
2. the SAME plan action for both: A moves its date, B rewrites its text (one history line each);
3. a reward handed over (a new ledger line and a history line).

Every click that the store accepted is counted by the coach who made it. Afterwards the
database must hold them all: every ledger line and every history line of both coaches,
and as the final values each coach's LAST click on each field (A's step and B's note of
the same choice; A's date and B's text of the same action). Any click that raised counts
as an error. Exit code 0 only when nothing was lost and nothing failed.

    .venv/bin/python -m bench.soak_concurrent --database postgresql      # throw-away cluster
    .venv/bin/python -m bench.soak_concurrent --database sqlite --seconds 60
    .venv/bin/python -m bench.soak_concurrent --database postgresql+psycopg://...  # your own (empty) database

``--database postgresql`` starts a throw-away PostgreSQL 15 (tests/postgres_fixture.py) and
removes it afterwards. The short version (200 clicks each) runs in tests/test_store_concurrency.py
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select

REPO = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 3, 9)
OWN_SUB = {"A": "housing", "B": "debts"}
SHARED_SUB = "health"


def _definition():
    from mmwidgets.model.bridge.definition import load_definition
    from mmwidgets.model.bridge.files import shipped_data_dir

    return load_definition(shipped_data_dir() / "bridges" / "default.yaml")


def prepare(url: str) -> dict:
    """The shared client with an assessment, a goal and one action; returns their ids."""
    from mmwidgets.store.assessments import AssessmentRepo
    from mmwidgets.store.clients import ClientRepo
    from mmwidgets.store.store import Store
    from mmwidgets.store.plans.repo import PlanRepo

    store = Store(url)
    try:
        client = ClientRepo(store).create("Gedeeld")
        assessment = AssessmentRepo(store).start(client.id, _definition(), DAY)
        plans = PlanRepo(store)
        goal = plans.add_goal(client.id, "Rust in de geldzaken")
        action = plans.add_action(client.id, goal, "Bellen met de schuldhulp", due=DAY)
        return {"client": client.id, "assessment": assessment.id, "action": action}
    finally:
        store.dispose()


def _due(i: int) -> dt.date:
    return DAY + dt.timedelta(days=i % 365 + 1)  # always differs from the previous click's


def coach(url: str, who: str, ids: dict, seconds: float, clicks: int, barrier, results) -> None:
    """One coach's kernel: click until the time or the number of clicks is up; report counts."""
    from mmwidgets.store.assessments import AssessmentRepo
    from mmwidgets.store.store import Store
    from mmwidgets.store.plans.repo import PlanRepo

    store = Store(url)
    defn = _definition()
    assessments, plans = AssessmentRepo(store), PlanRepo(store)
    client, assessment, action = ids["client"], ids["assessment"], ids["action"]
    done: Counter = Counter()
    last: dict = {}
    errors: list[str] = []
    barrier.wait(timeout=120)
    end = time.monotonic() + seconds
    i = 0
    while i < clicks and time.monotonic() < end:
        kind = i % 4
        try:
            if kind == 0:
                step = i % 5 + 1
                assessments.set_choice(assessment, OWN_SUB[who], definition=defn, step=step, note=f"{who} {i}")
                last["own"] = (step, f"{who} {i}")
            elif kind == 1:
                if who == "A":
                    assessments.set_choice(assessment, SHARED_SUB, definition=defn, step=i % 5 + 1)
                    last["shared_step"] = i % 5 + 1
                else:
                    assessments.set_choice(assessment, SHARED_SUB, definition=defn, note=f"B {i}")
                    last["shared_note"] = f"B {i}"
            elif kind == 2:
                if who == "A":
                    entries = plans.move_due(client, action, _due(i))
                    last["due"] = _due(i).isoformat()
                else:
                    entries = plans.set_action(client, action, what=f"Bellen met de schuldhulp ({i})")
                    last["what"] = f"Bellen met de schuldhulp ({i})"
                done["history"] += len(entries)
            else:
                plans.give_reward(client, date=DAY, for_what=f"{who} {i}", value_cents=100 + i)
                done["ledger"] += 1
                done["history"] += 1
            done["clicks"] += 1
        except Exception as exc:  # noqa: BLE001 - every failed click is counted and reported
            errors.append(f"click {i} ({kind}): {type(exc).__name__}: {str(exc)[:200]}")
        i += 1
    store.dispose()
    results.put({"who": who, "done": dict(done), "last": last, "errors": errors[:20], "error_count": len(errors)})


def check(url: str, ids: dict, reports: dict) -> list[str]:
    """What the database holds against what the coaches counted; returns what is missing."""
    from mmwidgets.store.assessments import AssessmentRepo
    from mmwidgets.store.store import Store
    from mmwidgets.store.plans.tables import ActionRow, PlanHistoryRow, RewardGivenRow

    store = Store(url)
    lost: list[str] = []
    try:
        final = AssessmentRepo(store).get(ids["assessment"])
        with store.transaction() as s:
            ledger = s.scalars(select(RewardGivenRow.for_what)).all()
            history = s.execute(select(PlanHistoryRow.entity, PlanHistoryRow.field, PlanHistoryRow.key)).all()
            row = s.scalar(select(ActionRow).where(ActionRow.key == ids["action"]))
            due, what = row.due.isoformat(), row.what
        for who, report in reports.items():
            mine = [text for text in ledger if text.startswith(f"{who} ")]
            if len(mine) != report["done"].get("ledger", 0):
                lost.append(f"{who}: {report['done'].get('ledger', 0)} rewards handed over, {len(mine)} in the ledger")
            own = final.choice(OWN_SUB[who])
            if "own" in report["last"] and (own.step, own.note) != tuple(report["last"]["own"]):
                lost.append(f"{who}: last click on {OWN_SUB[who]} was {report['last']['own']}, "
                            f"saved {(own.step, own.note)}")
        expected_history = sum(r["done"].get("history", 0) for r in reports.values()) + 2  # goal + action added
        if len(history) != expected_history:
            lost.append(f"{expected_history} history lines expected, {len(history)} saved")
        shared = final.choice(SHARED_SUB)
        a, b = reports.get("A", {}).get("last", {}), reports.get("B", {}).get("last", {})
        if "shared_step" in a and shared.step != a["shared_step"]:
            lost.append(f"A's last step on {SHARED_SUB} was {a['shared_step']}, saved {shared.step}")
        if "shared_note" in b and shared.note != b["shared_note"]:
            lost.append(f"B's last note on {SHARED_SUB} was {b['shared_note']!r}, saved {shared.note!r}")
        if "due" in a and due != a["due"]:
            lost.append(f"A's last date for the action was {a['due']}, saved {due}")
        if "what" in b and what != b["what"]:
            lost.append(f"B's last text for the action was {b['what']!r}, saved {what!r}")
    finally:
        store.dispose()
    return lost


def run_soak(url: str, seconds: float = 300, clicks: int = 10**9) -> dict:
    """Two coach processes on ``url`` (an empty database); returns the summary (``ok``: nothing lost)."""
    ids = prepare(url)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=coach, args=(url, who, ids, seconds, clicks, barrier, results)) for who in "AB"]
    started = time.monotonic()
    for p in procs:
        p.start()
    reports = {}
    for _ in procs:
        report = results.get(timeout=seconds + 300)
        reports[report["who"]] = report
    for p in procs:
        p.join(timeout=60)
    elapsed = time.monotonic() - started
    lost = check(url, ids, reports)
    total = sum(r["done"].get("clicks", 0) for r in reports.values())
    errors = sum(r["error_count"] for r in reports.values())
    return {
        "database": url.split(":", 1)[0],
        "seconds": round(elapsed, 1),
        "clicks": {who: r["done"].get("clicks", 0) for who, r in sorted(reports.items())},
        "clicks_per_second": round(total / elapsed, 1) if elapsed else None,
        "history_lines": sum(r["done"].get("history", 0) for r in reports.values()),
        "ledger_lines": sum(r["done"].get("ledger", 0) for r in reports.values()),
        "errors": errors,
        "error_examples": [e for r in reports.values() for e in r["errors"]][:5],
        "lost": lost,
        "exit_codes": [p.exitcode for p in procs],
        "ok": not lost and errors == 0 and total > 0 and all(p.exitcode == 0 for p in procs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="postgresql",
                        help="sqlite, postgresql (a throw-away cluster) or a SQLAlchemy URL of an empty database")
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--clicks", type=int, default=10**9, help="at most this many clicks per coach")
    parser.add_argument("--json-out", type=Path, help="also write the summary here")
    args = parser.parse_args(argv)
    cluster = None
    folder = None
    try:
        if args.database == "postgresql":
            sys.path.insert(0, str(REPO / "tests"))
            from postgres_fixture import start_cluster

            cluster = start_cluster()
            url = cluster.create_database()
        elif args.database == "sqlite":
            folder = tempfile.TemporaryDirectory(prefix="mm-soak-")
            url = "sqlite:///" + str(Path(folder.name) / "soak.db")
        else:
            url = args.database
        summary = run_soak(url, args.seconds, args.clicks)
    finally:
        if cluster is not None:
            cluster.stop()
        if folder is not None:
            folder.cleanup()
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
