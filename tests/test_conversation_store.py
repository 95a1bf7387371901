"""Conversations with a date, shared by many tabs: one per client per date, stale changes refused.

Two "tabs" are two Store objects (two engines, as two kernels would have) on one database;
every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, select

from mmwidgets.model.assessment import InvalidInput, StaleChange
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.dates import local_today
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.tables import AssessmentRow

DAY = dt.date(2026, 11, 30)
MONTH_AGO = dt.date(2026, 10, 30)


def _text(s: str) -> dict[str, str]:
    return {"nl": s, "en": s}


def make_definition() -> BridgeDefinition:
    def sub(name: str, n: int) -> dict:
        steps = [{"label": _text(f"Label {i}"), "text": _text(f"Eigen omschrijving {i}.")} for i in range(1, n + 1)]
        return {"id": name, "name": _text(name.capitalize()), "steps": steps}

    return BridgeDefinition.model_validate(
        {
            "id": "test-brug",
            "version": 1,
            "name": _text("Testbrug"),
            "pillars": [
                {"id": "gezin", "name": _text("Gezin"), "colour": "#336699", "subpillars": [sub("housing", 5), sub("care", 3)]},
                {"id": "geld", "name": _text("Geld"), "colour": "#993366", "subpillars": [sub("debts", 5)]},
            ],
        }
    )  # fmt: skip


@pytest.fixture
def tabs(db_url):
    """Two tabs (two Store objects) on one database, and a client."""
    one, two = Store(db_url), Store(db_url)
    client = ClientRepo(one).create("Sam")
    yield AssessmentRepo(one), AssessmentRepo(two), client.id
    one.dispose()
    two.dispose()


def _rows(repo: AssessmentRepo, client_id: int) -> int:
    with repo.store.transaction() as s:
        return s.execute(select(func.count()).select_from(AssessmentRow).where(AssessmentRow.client_id == client_id)).scalar()


def test_two_tabs_opening_one_client_get_the_same_conversation(tabs):
    a, b, client = tabs
    d = make_definition()
    first = a.open_conversation(client, d, DAY)
    second = b.open_conversation(client, d, DAY)
    assert first.id == second.id
    assert a.open_conversation(client, d, "30-11-2026").id == first.id  # typed as on screen
    assert _rows(a, client) == 1
    later = b.open_conversation(client, d, MONTH_AGO)  # recorded afterwards, a month back
    assert later.id != first.id and later.date == MONTH_AGO
    assert a.open_conversation(client, d).date == local_today()  # default: today


def test_tabs_opening_at_the_same_moment_make_one_conversation(db_url):
    d = make_definition()
    stores = [Store(db_url) for _ in range(4)]
    client = ClientRepo(stores[0]).create("Noor").id
    for day in (DAY, MONTH_AGO, dt.date(2026, 9, 1)):
        start = threading.Barrier(len(stores))
        ids: list[int] = []
        errors: list[BaseException] = []

        def open_(store: Store) -> None:
            try:
                start.wait()
                ids.append(AssessmentRepo(store).open_conversation(client, d, day).id)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=open_, args=(s,)) for s in stores]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == []
        assert len(ids) == len(stores) and len(set(ids)) == 1
    assert _rows(AssessmentRepo(stores[0]), client) == 3
    for s in stores:
        s.dispose()


def test_a_stale_step_is_refused_with_the_current_value_and_can_be_reapplied(tabs):
    a, b, client = tabs
    d = make_definition()
    seen_a = a.open_conversation(client, d, DAY)
    seen_b = b.open_conversation(client, d, DAY)
    assert seen_a.choice("housing").revision == seen_b.choice("housing").revision == 0
    saved = a.set_choice(seen_a.id, "housing", definition=d, step=3, expected=0)
    assert (saved.step("housing"), saved.choice("housing").revision) == (3, 1)
    with pytest.raises(StaleChange) as refused:
        b.set_choice(seen_b.id, "housing", definition=d, step=2, expected=seen_b.choice("housing").revision)
    stale = refused.value
    assert isinstance(stale, InvalidInput)
    assert (stale.current.step, stale.revision) == (3, 1)
    nl, en = stale.message("nl"), stale.message("en")
    assert "ander scherm" in nl and "Housing: stap 3 (Label 3)" in nl
    assert "another screen" in en and "step 3" in en
    assert a.get(seen_a.id).step("housing") == 3  # nothing written over the newer value
    again = b.set_choice(seen_b.id, "housing", definition=d, step=2, expected=stale.revision)  # the coach chose to re-apply
    assert (again.step("housing"), again.choice("housing").revision) == (2, 2)


def test_a_tab_that_saw_the_current_value_simply_writes(tabs):
    a, b, client = tabs
    d = make_definition()
    conv = a.open_conversation(client, d, DAY)
    a.set_choice(conv.id, "debts", definition=d, step=2, expected=0)
    now = b.get(conv.id)  # tab b shows the newest value
    saved = b.set_choice(conv.id, "debts", definition=d, step=4, expected=now.choice("debts").revision)
    assert saved.step("debts") == 4
    # a change to another sub-pillar is not held up by this one
    assert a.set_choice(conv.id, "care", definition=d, step=1, expected=0).step("care") == 1
    # without expected: last writer wins, as before
    assert a.set_choice(conv.id, "debts", definition=d, step=1).step("debts") == 1


def test_a_stale_note_does_not_overwrite_a_newer_note(tabs):
    a, b, client = tabs
    d = make_definition()
    conv = a.open_conversation(client, d, DAY)
    stale_view = b.open_conversation(client, d, DAY)
    a.set_choice(conv.id, "care", definition=d, note="Oma helpt op woensdag", expected=0)
    with pytest.raises(StaleChange) as refused:
        b.set_choice(conv.id, "care", definition=d, note="oud", expected=stale_view.choice("care").revision)
    assert refused.value.current.note == "Oma helpt op woensdag"
    assert "Oma helpt op woensdag" in refused.value.message("nl")
    assert a.get(conv.id).choice("care").note == "Oma helpt op woensdag"


def test_a_stale_check_in_is_refused_and_last_time_is_at_hand(tabs):
    a, b, client = tabs
    d = make_definition()
    before = a.open_conversation(client, d, MONTH_AGO)
    a.set_stress(before.id, 7, "Veel post van de deurwaarder", expected=0)
    today_a = a.open_conversation(client, d, DAY)
    today_b = b.open_conversation(client, d, DAY)
    assert today_a.stress is None  # a new conversation starts empty, not at 0
    saved = a.set_stress(today_a.id, 5, "Beter geslapen", expected=today_a.revision)
    assert (saved.stress, saved.revision) == (5, 1)
    with pytest.raises(StaleChange) as refused:
        b.set_stress(today_b.id, 8, "oud", expected=today_b.revision)
    assert (refused.value.current.stress, refused.value.current.stress_note) == (5, "Beter geslapen")
    assert "stress 5" in refused.value.message("nl") and "Beter geslapen" in refused.value.message("nl")
    assert a.get(today_a.id).stress_note == "Beter geslapen"
    last = b.previous(client, DAY)
    assert last is not None and last.id == before.id
    assert (last.date, last.stress, last.stress_note) == (MONTH_AGO, 7, "Veel post van de deurwaarder")
    assert b.previous(client, MONTH_AGO) is None


def test_conversations_are_listed_by_date_whatever_the_order_they_were_recorded(tabs):
    a, _b, client = tabs
    d = make_definition()
    a.open_conversation(client, d, DAY)
    a.open_conversation(client, d, dt.date(2026, 9, 1))  # recorded afterwards
    a.open_conversation(client, d, MONTH_AGO)
    assert [c.date for c in a.conversations(client)] == [dt.date(2026, 9, 1), MONTH_AGO, DAY]
    assert a.previous(client, DAY).date == MONTH_AGO
    assert a.previous(client, "01-11-2026").date == MONTH_AGO


def test_moving_a_conversation_onto_a_date_that_has_one_says_so(tabs):
    a, _b, client = tabs
    d = make_definition()
    today = a.open_conversation(client, d, DAY)
    a.set_choice(today.id, "housing", definition=d, step=4)
    earlier = a.open_conversation(client, d, MONTH_AGO)
    with pytest.raises(InvalidInput) as refused:
        a.set_date(today.id, MONTH_AGO)
    assert "30-10-2026" in refused.value.message("nl") and "al een gesprek" in refused.value.message("nl")
    assert "already" in refused.value.message("en")
    assert a.get(today.id).date == DAY and a.get(earlier.id).date == MONTH_AGO
    moved = a.set_date(today.id, dt.date(2026, 11, 29))
    assert moved.date == dt.date(2026, 11, 29) and moved.step("housing") == 4


def test_a_refused_change_writes_nothing_at_all(tabs):
    a, b, client = tabs
    d = make_definition()
    conv = a.open_conversation(client, d, DAY)
    a.set_choice(conv.id, "housing", definition=d, step=2, note="eigen huis", expected=0)
    a.set_stress(conv.id, 3, "rustig", expected=0)

    def snapshot():
        with a.store.transaction() as s:
            row = s.get(AssessmentRow, conv.id, populate_existing=True)
            return row.updated_at, row.revision, row.stress, row.stress_note, a.get(conv.id).choices

    before = snapshot()
    with pytest.raises(StaleChange):
        b.set_choice(conv.id, "housing", definition=d, step=5, chosen_by="coach", expected=0)
    with pytest.raises(StaleChange):
        b.set_stress(conv.id, 9, "paniek", expected=0)
    assert snapshot() == before
    assert a.get(conv.id).choice("housing").revision == 1


_OPEN_IN_A_PROCESS = """
import os, sys, time
from mmwidgets.model.bridge.definition import load_definition
from mmwidgets.model.bridge.files import shipped_data_dir
from mmwidgets.store.assessments import AssessmentRepo
from mmwidgets.store.store import Store
url, client, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
repo = AssessmentRepo(Store(url))
d = load_definition(shipped_data_dir() / "bridges" / "default.yaml")
open(go + "." + str(os.getpid()), "w").close()  # ready: everything imported and connected
while not os.path.exists(go):
    time.sleep(0.005)
print(repo.open_conversation(client, d, "30-11-2026").id)
"""


def test_two_kernels_opening_one_client_at_once_share_the_conversation(db_url, tmp_path):
    import subprocess
    import sys

    Store(db_url).dispose()  # the schema exists before the kernels start
    store = Store(db_url)
    client = ClientRepo(store).create("Robin").id
    go = tmp_path / "go"
    kernels = [
        subprocess.Popen([sys.executable, "-c", _OPEN_IN_A_PROCESS, db_url, str(client), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    while len(list(tmp_path.glob("go.*"))) < len(kernels) and all(k.poll() is None for k in kernels):
        time.sleep(0.01)  # both kernels are ready: now let them open the client at the same moment
    go.write_text("go")
    results = [k.communicate(timeout=120) for k in kernels]
    assert [k.returncode for k in kernels] == [0, 0], [err for _out, err in results]
    ids = {int(out.strip()) for out, _err in results}
    assert len(ids) == 1
    assert _rows(AssessmentRepo(store), client) == 1
    store.dispose()


def test_after_midnight_in_amsterdam_the_conversation_is_dated_the_dutch_day(tmp_path, monkeypatch):
    """At 23:30 UTC on 6 December it is already 7 December in Amsterdam: the conversation opened
    without a date, and the one found again after a reload, carry the Dutch day (a server on UTC
    once saved on the 7th and looked for the 6th, so the reload found nothing)."""
    import mmwidgets.model.dates as dates

    utc = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(dates, "local_time", lambda moment=None: utc.astimezone(dates.LOCAL_ZONE).replace(tzinfo=None))
    assert dates.local_today() == dt.date(2026, 12, 7)
    store = Store("sqlite:///" + str(tmp_path / "t.db"))
    client = ClientRepo(store).create("Merel")
    repo, defn = AssessmentRepo(store), make_definition()
    opened = repo.open_conversation(client.id, defn)
    assert opened.date == dt.date(2026, 12, 7)
    assert repo.current(client.id, defn).id == opened.id
    store.dispose()
