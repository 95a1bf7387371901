"""Team report and caseload on a large database (issue 10).

    .venv/bin/python -m bench.bench_report [--clients 10000] [--talks 20] [--db sqlite,postgresql] [--no-exact]
    (or .venv/bin/python bench/bench_report.py ...)

Generates N clients with M conversations each (every sub-pillar of the default bridge answered),
two goals with two actions each and a reward given per client, one team of 25 coaches, then
times (best and median of 3, after one warm-up):

- the team report for a team lead (all N clients, a one-year period, rule "first");
- the same for one coach (N/25 clients);
- the caseload view of one coach and of the team lead;
- the team lead's report by the other rules and for a historical year (best of 3 too: since
  issue 20 they read the packed readings, no longer the period's answers);
- the exact path (every answer read) once, and whether the summary path gives the same report;
- a coach's step saves on a client of the big database (each keeps the summary up to date).

The answers are written with plain SQL, so the report's summary and packed readings are built
afterwards (``report_summary.rebuild``, as migration 5 and revision mm0007 do); its time is ``summary_build_s``.
The load average (``os.getloadavg``) is recorded at the start and the end of each database.

PostgreSQL runs in a throw-away cluster (tests/postgres_fixture.py), stopped at the end.
Writes bench/results-report.json and prints a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# run as a script too (``python bench/bench_report.py``): the repository's root for ``tests.postgres_fixture``
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd
from sqlalchemy import insert

from mmwidgets.model.actor import Actor
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.store import Store
from mmwidgets.store.plans.tables import ActionRow, GoalRow, PlanRow, RewardGivenRow
from mmwidgets.store.reports.summary import rebuild
from mmwidgets.store.reports.team import ReportOptions, caseload, team_report
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

DEFN = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
TEAM = "noord"
COACHES = 25
TODAY = dt.date(2026, 11, 30)


def generate(store: Store, clients: int, talks: int, seed: int = 1) -> tuple[float, float]:
    """Fill the database; returns (seconds for the rows, seconds for building the report's summary)."""
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
    loaded = time.perf_counter() - began
    began = time.perf_counter()
    with store.engine.begin() as conn:
        # answers written with plain SQL: the report's summary is built once afterwards (as migration 5 does)
        rebuild(conn)
    return loaded, time.perf_counter() - began


def timed(fn, repeat: int = 3) -> dict[str, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return {"best_s": round(min(times), 3), "median_s": round(statistics.median(times), 3)}


def same_report(a: Any, b: Any) -> bool:
    try:
        pd.testing.assert_frame_equal(a.parts, b.parts, check_exact=True)
    except AssertionError:
        return False
    return a.means == b.means and a.clients == b.clients and a.unmapped == b.unmapped


def save_times(store: Store, client_id: int, clicks: int = 40) -> dict[str, float]:
    """A coach's step clicks on a client of the big database (each saves and keeps the summary)."""
    repo = AssessmentRepo(store)
    talk = repo.open_conversation(client_id, DEFN, TODAY)
    subs = DEFN.subpillar_ids()
    times = []
    for n in range(clicks):
        began = time.perf_counter()
        repo.set_choice(talk.id, subs[n % len(subs)], definition=DEFN, step=1 + n % 5)
        times.append(time.perf_counter() - began)
    times.sort()
    return {"median_ms": round(statistics.median(times) * 1000, 1), "p90_ms": round(times[int(0.9 * len(times))] * 1000, 1)}


def run(url: str, clients: int, talks: int, exact: bool) -> dict[str, object]:
    lead = Store(url, actor=Actor("lea", TEAM, "team_lead"))
    made, summary = generate(lead, clients, talks)
    coach = Store(url, actor=Actor("coach1", TEAM))
    year = dict(start=TODAY - dt.timedelta(days=365), end=TODAY, definition=DEFN)
    options = ReportOptions(**year)
    historical = ReportOptions(start=TODAY - dt.timedelta(days=365 + 182), end=TODAY - dt.timedelta(days=182),
                               definition=DEFN)
    in_period = ReportOptions(**year, rule="first_in_period")
    result: dict[str, object] = {
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        "generate_s": round(made, 1),
        "summary_build_s": round(summary, 1),
        "team_report_team_lead": timed(lambda: team_report(lead, options)),
        "team_report_coach": timed(lambda: team_report(coach, options)),
        "caseload_coach": timed(lambda: caseload(coach, TODAY)),
        "caseload_team_lead": timed(lambda: caseload(lead, TODAY)),
        "team_report_team_lead_lower_of_first_two": timed(
            lambda: team_report(lead, ReportOptions(**year, rule="lower_of_first_two"))),
        "team_report_team_lead_first_in_period": timed(
            lambda: team_report(lead, in_period)),
        "team_report_team_lead_historical_year": timed(lambda: team_report(lead, historical)),
    }
    if exact:  # the exact path (every answer read) once, and whether it gives the same report
        began = time.perf_counter()
        reference = team_report(lead, options, exact=True)
        result["team_report_team_lead_exact_path_s"] = round(time.perf_counter() - began, 3)
        result["fast_equals_exact"] = {
            "first": same_report(team_report(lead, options), reference),
            "historical_year": same_report(team_report(lead, historical), team_report(lead, historical, exact=True)),
            "first_in_period": same_report(team_report(lead, in_period), team_report(lead, in_period, exact=True)),
        }
    result["save_step_coach"] = save_times(coach, 1)
    result["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--talks", type=int, default=20)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact path's timing and comparison")
    args = parser.parse_args()
    results: dict[str, object] = {"clients": args.clients, "talks": args.talks,
                                  "choices": args.clients * args.talks * len(DEFN.subpillar_ids())}
    for db in args.db.split(","):
        if db == "sqlite":
            folder = tempfile.mkdtemp(prefix="mm-bench-report-")
            results["sqlite"] = run("sqlite:///" + str(Path(folder) / "bench.db"), args.clients, args.talks, not args.no_exact)
        elif db == "postgresql":
            from tests.postgres_fixture import start_cluster

            cluster = start_cluster()
            try:
                results["postgresql"] = run(cluster.create_database(), args.clients, args.talks, not args.no_exact)
            finally:
                cluster.stop()
        print(db, json.dumps(results.get(db), indent=1), flush=True)
    Path(__file__).with_name("results-report.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
