"""Team report and caseload on a large database (issue 10).

    .venv/bin/python -m bench.bench_report [--clients 10000] [--talks 20] [--db sqlite,postgresql]

Generates N clients with M conversations each (every sub-pillar of the default bridge answered),
two goals with two actions each and a reward given per client, one team of 25 coaches, then
times (best and median of 3, after one warm-up):

- the team report for a team lead (all N clients, a one-year period, rule "first");
- the same for one coach (N/25 clients);
- the caseload view of one coach.

PostgreSQL runs in a throw-away cluster (tests/postgres_fixture.py), stopped at the end.
Writes bench/results-report.json and prints a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from mmwidgets.model.actor import Actor
from mmwidgets.model.definition import load_definition
from mmwidgets.model.files import shipped_data_dir
from mmwidgets.store.db import Store
from mmwidgets.store.plan_tables import ActionRow, GoalRow, PlanRow, RewardGivenRow
from mmwidgets.store.reports import ReportOptions, caseload, team_report
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
TEAM = "noord"
COACHES = 25
TODAY = dt.date(2026, 11, 30)


def generate(store: Store, clients: int, talks: int, seed: int = 1) -> float:
    rnd = random.Random(seed)
    subs = DEFN.subpillar_ids()
    began = time.perf_counter()
    chunk = 500
    with store.engine.begin() as conn:
        for first in range(1, clients + 1, chunk):
            ids = range(first, min(first + chunk, clients + 1))
            conn.execute(insert(ClientRow.__table__), [
                {"id": i, "pseudonym": f"deelnemer {i}", "name_key": f"deelnemer {i}", "note": "",
                 "coach": f"coach{i % COACHES}", "team": TEAM} for i in ids])
            a_rows, c_rows, g_rows, act_rows, r_rows, p_rows = [], [], [], [], [], []
            for i in ids:
                day = TODAY - dt.timedelta(days=21 * talks + rnd.randrange(60))
                steps = {s: rnd.randint(1, 5) for s in subs}
                for n in range(talks):
                    aid = i * 100 + n
                    a_rows.append({"id": aid, "client_id": i, "date": day, "definition_id": DEFN.id,
                                   "definition_version": DEFN.version, "stress_note": ""})
                    for s in subs:
                        steps[s] = min(5, max(1, steps[s] + rnd.choice((-1, 0, 0, 1, 1))))
                        c_rows.append({"assessment_id": aid, "subpillar_id": s, "step": steps[s],
                                       "chosen_by": "together", "note": "", "focus": False})
                    day += dt.timedelta(days=21)
                for g in range(2):
                    gid = i * 10 + g
                    g_rows.append({"id": gid, "key": f"g{gid}", "client_id": i, "text": "doel",
                                   "created_on": TODAY - dt.timedelta(days=rnd.randrange(400)),
                                   "status": rnd.choice(("open", "reached")), "status_date": TODAY - dt.timedelta(days=rnd.randrange(300))})
                    for k in range(2):
                        act_rows.append({"key": f"a{gid}-{k}", "goal_id": gid, "client_id": i, "what": "actie",
                                         "due": TODAY - dt.timedelta(days=rnd.randrange(-60, 60))})
                r_rows.append({"key": f"r{i}", "client_id": i, "date": TODAY - dt.timedelta(days=rnd.randrange(365)),
                               "for_what": "bon", "value_cents": 500})
                p_rows.append({"client_id": i, "next_meeting": dt.datetime(2026, 12, 7, 10, 0), "ignored": "[]"})
            for table, rows in ((AssessmentRow, a_rows), (ChoiceRow, c_rows), (GoalRow, g_rows),
                                (ActionRow, act_rows), (RewardGivenRow, r_rows), (PlanRow, p_rows)):
                conn.execute(insert(table.__table__), rows)
    return time.perf_counter() - began


def timed(fn, repeat: int = 3) -> dict[str, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return {"best_s": round(min(times), 3), "median_s": round(statistics.median(times), 3)}


def run(url: str, clients: int, talks: int) -> dict[str, object]:
    lead = Store(url, actor=Actor("lea", TEAM, "team_lead"))
    made = generate(lead, clients, talks)
    coach = Store(url, actor=Actor("coach1", TEAM))
    options = ReportOptions(start=TODAY - dt.timedelta(days=365), end=TODAY, definition=DEFN)
    return {
        "generate_s": round(made, 1),
        "team_report_team_lead": timed(lambda: team_report(lead, options)),
        "team_report_coach": timed(lambda: team_report(coach, options)),
        "caseload_coach": timed(lambda: caseload(coach, TODAY)),
        "caseload_team_lead": timed(lambda: caseload(lead, TODAY)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--talks", type=int, default=20)
    parser.add_argument("--db", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, object] = {"clients": args.clients, "talks": args.talks,
                                  "choices": args.clients * args.talks * len(DEFN.subpillar_ids())}
    for db in args.db.split(","):
        if db == "sqlite":
            folder = tempfile.mkdtemp(prefix="mm-bench-report-")
            results["sqlite"] = run("sqlite:///" + str(Path(folder) / "bench.db"), args.clients, args.talks)
        elif db == "postgresql":
            from tests.postgres_fixture import start_cluster

            cluster = start_cluster()
            try:
                results["postgresql"] = run(cluster.create_database(), args.clients, args.talks)
            finally:
                cluster.stop()
        print(db, json.dumps(results.get(db), indent=1), flush=True)
    Path(__file__).with_name("results-report.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
