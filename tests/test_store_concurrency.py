"""Two processes (two kernels) writing to the same database at once lose nothing (SQLite and PostgreSQL).

The five-minute version is bench/soak_concurrent.py."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest
from sqlalchemy import func, select

from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.migrations import current_version, latest_version
from mmwidgets.store.tables import AssessmentRow, ChoiceRow, ClientRow

ROUNDS = 200
DAY = dt.date(2026, 3, 9)
SUBS = ("housing", "care", "debts")


def _text(s: str) -> dict[str, str]:
    return {"nl": s, "en": s}


def make_definition() -> BridgeDefinition:
    def sub(name: str) -> dict:
        steps = [{"label": _text(f"trede {i}"), "text": _text(f"Eigen omschrijving {i}.")} for i in range(1, 6)]
        return {"id": name, "name": _text(name), "steps": steps}

    return BridgeDefinition.model_validate(
        {"id": "test-brug", "version": 1, "name": _text("Testbrug"),
         "pillars": [{"id": "alles", "name": _text("Alles"), "colour": "#336699",
                      "subpillars": [sub(s) for s in SUBS]}]}
    )


def writer(url: str, who: str, shared_id: int, barrier) -> None:
    """One kernel: new clients with an assessment and choices, and clicks on a shared assessment."""
    store = Store(url)
    defn = make_definition()
    clients, repo = ClientRepo(store), AssessmentRepo(store)
    barrier.wait(timeout=60)
    for i in range(ROUNDS):
        client = clients.create(f"{who}-{i:03d}", note=f"fictief {i}")
        assessment = repo.start(client.id, defn, DAY)
        repo.set_choice(assessment.id, SUBS[i % 3], definition=defn, step=i % 5 + 1, note=f"{who} {i}")
        # both writers click the same shared choice: A sets the step, B the note
        if who == "A":
            repo.set_choice(shared_id, "housing", definition=defn, step=i % 5 + 1)
        else:
            repo.set_choice(shared_id, "housing", definition=defn, note=f"B {i}")
        repo.set_choice(shared_id, SUBS[1 if who == "A" else 2], definition=defn, step=i % 5 + 1)
    store.dispose()


def test_two_processes_writing_at_once_lose_nothing(db_url):
    url = db_url
    store = Store(url)
    defn = make_definition()
    host = ClientRepo(store).create("Gedeeld")
    shared = AssessmentRepo(store).start(host.id, defn, DAY)

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=writer, args=(url, who, shared.id, barrier)) for who in ("A", "B")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0, 0]

    names = {c.pseudonym for c in ClientRepo(store).search()}
    expected = {f"{who}-{i:03d}" for who in "AB" for i in range(ROUNDS)}
    assert names == expected | {"Gedeeld"}
    repo = AssessmentRepo(store)
    with store.transaction() as s:
        assert s.execute(select(func.count()).select_from(ClientRow)).scalar() == 2 * ROUNDS + 1
        assert s.execute(select(func.count()).select_from(AssessmentRow)).scalar() == 2 * ROUNDS + 1
        assert s.execute(select(func.count()).select_from(ChoiceRow)).scalar() == 2 * ROUNDS + 3
        ids = dict(s.execute(select(ClientRow.pseudonym, ClientRow.id)).all())
    a_ids = [ids[f"A-{i:03d}"] for i in range(ROUNDS)]
    b_ids = [ids[f"B-{i:03d}"] for i in range(ROUNDS)]
    assert min(a_ids) < max(b_ids) and min(b_ids) < max(a_ids), "the writers did not overlap"
    for who in "AB":
        for i in (0, 1, 2, ROUNDS // 2, ROUNDS - 1):
            (assessment,) = repo.history(ids[f"{who}-{i:03d}"])
            choice = assessment.choice(SUBS[i % 3])
            assert (choice.step, choice.note) == (i % 5 + 1, f"{who} {i}")
    last = (ROUNDS - 1) % 5 + 1
    final = repo.get(shared.id)
    # each writer's last click on its own field survived the other's clicks on the same row
    assert final.choice("housing").step == last and final.choice("housing").note == f"B {ROUNDS - 1}"
    assert final.step("care") == last and final.step("debts") == last
    store.dispose()


def starter(url: str, who: str, barrier) -> None:
    """A kernel starting on a database that may not exist yet, then writing at once."""
    barrier.wait(timeout=60)
    store = Store(url)
    for i in range(20):
        ClientRepo(store).create(f"{who}{i}")
    store.dispose()


@pytest.mark.empty_database
def test_two_processes_creating_a_new_database_at_once(db_url):
    url = db_url  # SQLite: the file does not exist yet; PostgreSQL: an empty database
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=starter, args=(url, who, barrier)) for who in ("X", "Y")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0, 0]
    store = Store(url)
    assert len(ClientRepo(store).search()) == 40
    with store.engine.connect() as conn:
        assert current_version(conn) == latest_version()
    store.dispose()


def test_two_coaches_clicking_on_the_same_client_lose_no_update(db_url):
    """The short version of bench/soak_concurrent.py (five minutes there): 200 clicks each."""
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from bench.soak_concurrent import run_soak

    summary = run_soak(db_url, seconds=240, clicks=200)
    assert summary["lost"] == [] and summary["error_examples"] == []
    assert summary["clicks"] == {"A": 200, "B": 200}  # every click done, none refused
    # 50 rewards each, 50 date moves (A) and 50 text changes (B) on the same action: all kept
    assert (summary["ledger_lines"], summary["history_lines"]) == (100, 200)
    assert summary["ok"]


def test_switching_a_new_file_to_wal_waits_while_another_process_holds_it():
    """SQLite answers "database is locked" at once (no busy wait) to a journal-mode switch while
    another process creates the same new file: the switch is tried again, other errors are not."""
    import sqlite3

    from mmwidgets.store.db import _write_ahead_log

    class Cursor:
        def __init__(self, locked: int, error: str = "database is locked"):
            self.locked, self.error, self.switched = locked, error, False

        def execute(self, sql):
            if self.locked:
                self.locked -= 1
                raise sqlite3.OperationalError(self.error)
            if sql.endswith("=WAL"):
                self.switched = True
            return self

        def fetchone(self):
            return ("wal" if self.switched else "delete",)

    busy = Cursor(locked=3)
    _write_ahead_log(busy)
    assert busy.switched and busy.locked == 0
    with pytest.raises(sqlite3.OperationalError):
        _write_ahead_log(Cursor(locked=1, error="disk I/O error"))
    with pytest.raises(sqlite3.OperationalError):
        _write_ahead_log(Cursor(locked=10**6), seconds=0.2)  # not for ever
