"""Plans in the database: same behaviour as in memory, one transaction per change, history."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text

from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.plan import Plan, PlanEdit, apply_edit
from mmwidgets.store.clients import ClientRepo
from mmwidgets.store.store import Store
from mmwidgets.store.export import export_client, export_pseudonymised
from mmwidgets.store.plans.tables import (
    ActionRow,
    GoalRow,
    PlanHistoryRow,
    PlanRow,
    RewardGivenRow,
    RewardRow,
)
from mmwidgets.store.plans.repo import PlanRepo

AT = dt.datetime(2026, 3, 11, 10, 30)
TABLES = (GoalRow, ActionRow, RewardRow, RewardGivenRow, PlanHistoryRow, PlanRow)


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def client_id(store):
    return ClientRepo(store).create("Sam de Vries").id


def count(store, table) -> int:
    with store.transaction() as s:
        return s.execute(select(func.count()).select_from(table)).scalar()


def edits() -> list[PlanEdit]:
    """A plan conversation: two goals, actions, a re-route, a tick, rewards, the ledger."""
    return [
        PlanEdit("goal.add", key="aaaa00000001", values={
            "text": "Eerst kinderopvang", "subpillar_id": "care", "start_step": 2, "target_step": 3,
            "why": "Dan kan ik werken", "done_when": "Er is een plek", "target_date": dt.date(2026, 5, 1),
            "barriers": "Wachtlijst", "barrier_plan": "Ik vraag oma",
        }),
        PlanEdit("goal.add", key="aaaa00000002", values={"text": "Dan werk", "waits_for": "aaaa00000001"}),
        PlanEdit("action.add", key="bbbb00000001", parent="aaaa00000001",
                 values={"what": "Bel de opvang", "who": "client", "due": dt.date(2026, 3, 13)}),
        PlanEdit("action.add", key="bbbb00000002", parent="aaaa00000001",
                 values={"what": "Formulier toeslag", "who": "other", "who_name": "Buurvrouw Ans"}),
        PlanEdit("action.set", key="bbbb00000001", values={"due": dt.date(2026, 3, 20)}),
        PlanEdit("action.set", key="bbbb00000001", values={"done_on": dt.date(2026, 3, 19)}),
        PlanEdit("reward.add", key="cccc00000001", parent="aaaa00000001",
                 values={"what": "Cadeaubon", "value_cents": 2500, "tier": "middel"}),
        PlanEdit("reward.add", key="cccc00000002", parent="aaaa00000001",
                 values={"what": "Samen koffie", "kind": "intangible", "for_what": "interim", "interim": "Gebeld"}),
        PlanEdit("given.add", key="dddd00000001",
                 values={"date": dt.date(2026, 3, 19), "for_what": "Gebeld", "value_cents": 0,
                         "kind": "intangible", "goal_key": "aaaa00000001", "reward_key": "cccc00000002"}),
        PlanEdit("goal.set", key="aaaa00000001", values={"status": "reached"}),
        PlanEdit("plan.set", values={"next_meeting": dt.datetime(2026, 3, 24, 10, 0), "next_meeting_note": "Stadhuis",
                                     "ignored": ["goal_no_date:aaaa00000002"]}),
    ]  # fmt: skip


def test_the_store_keeps_the_same_plan_as_memory(store, client_id):
    repo = PlanRepo(store)
    memory = Plan(client_id=client_id)
    for edit in edits():
        expected = apply_edit(memory, edit, at=AT)
        assert repo.apply(client_id, edit, at=AT) == expected
    loaded = repo.load(client_id)
    assert loaded == memory
    goal = loaded.goal("aaaa00000001")
    assert goal.status == "reached" and goal.status_date == AT.date()
    assert goal.actions[0].due == dt.date(2026, 3, 20) and goal.actions[0].done_on == dt.date(2026, 3, 19)
    assert loaded.goal("aaaa00000002").waits_for == "aaaa00000001"
    assert loaded.next_meeting == dt.datetime(2026, 3, 24, 10, 0)
    assert loaded.ignored == ("goal_no_date:aaaa00000002",)


def test_moving_a_date_keeps_the_old_one_in_the_history(store, client_id):
    repo = PlanRepo(store)
    goal = repo.add_goal(client_id, "Werk vinden")
    action = repo.add_action(client_id, goal, "Bel het uitzendbureau", due=dt.date(2026, 3, 13))
    entries = repo.move_due(client_id, action, dt.date(2026, 3, 27))
    assert [(e.field, e.old, e.new) for e in entries] == [("due", dt.date(2026, 3, 13), dt.date(2026, 3, 27))]
    plan = repo.load(client_id)
    assert plan.find_action(action)[1].due == dt.date(2026, 3, 27)
    history = repo.history(client_id, action)
    assert [(h.field, h.old, h.new) for h in history] == [
        ("added", None, "Bel het uitzendbureau"),
        ("due", dt.date(2026, 3, 13), dt.date(2026, 3, 27)),
    ]
    assert all(isinstance(h.at, dt.datetime) for h in history)
    # the goal's history holds its actions' changes too
    assert len(repo.history(client_id, goal)) == 3


def test_history_row_for_every_changed_field(store, client_id):
    repo = PlanRepo(store)
    goal = repo.add_goal(client_id, "Werk vinden")
    before = count(store, PlanHistoryRow)
    repo.set_goal(client_id, goal, why="Voor mijn dochter", target_date="2026-06-01", review_date=None)
    with store.transaction() as s:
        rows = s.execute(select(PlanHistoryRow).order_by(PlanHistoryRow.id)).scalars().all()[before:]
        assert {(r.field, r.old_value, r.new_value) for r in rows} == {
            ("why", json.dumps(""), json.dumps("Voor mijn dochter")),
            ("target_date", None, json.dumps("2026-06-01")),
        }


def test_a_refused_edit_changes_nothing(store, client_id):
    repo = PlanRepo(store)
    goal = repo.add_goal(client_id, "Werk vinden", why="Geld")
    history = count(store, PlanHistoryRow)
    with pytest.raises(InvalidInput):
        repo.set_goal(client_id, goal, why="Anders", target_step=99)
    with pytest.raises(InvalidInput):
        repo.add_action(client_id, goal, "   ")
    with pytest.raises(InvalidInput):
        repo.apply(client_id, PlanEdit("goal.vanish", key=goal))
    assert repo.load(client_id).goal(goal).why == "Geld"
    assert count(store, PlanHistoryRow) == history and count(store, ActionRow) == 0


def test_a_failure_inside_the_transaction_rolls_back_the_change_and_its_history(store, client_id):
    repo = PlanRepo(store)
    goal = repo.add_goal(client_id, "Werk vinden")
    repo.add_action(client_id, goal, "Bel", key="eeee00000001")
    goals, history = count(store, GoalRow), count(store, PlanHistoryRow)
    with pytest.raises(InvalidInput) as info:  # the key exists: the database refuses the insert
        repo.add_action(client_id, goal, "Nog eens", key="eeee00000001")
    assert info.value.problem.code == "plan_bad_key"
    assert (count(store, GoalRow), count(store, PlanHistoryRow), count(store, ActionRow)) == (goals, history, 1)


def test_waits_for_rules_hold_in_the_store(store, client_id):
    repo = PlanRepo(store)
    care = repo.add_goal(client_id, "Eerst kinderopvang")
    work = repo.add_goal(client_id, "Dan werk", waits_for=care)
    with pytest.raises(InvalidInput) as info:
        repo.set_goal(client_id, care, waits_for=work)
    assert info.value.problem.code == "plan_waits_circle"
    other = ClientRepo(store).create("Iemand anders").id
    stranger = repo.add_goal(other, "Niet van Sam")
    with pytest.raises(InvalidInput):
        repo.set_goal(client_id, work, waits_for=stranger)


def test_removing_a_goal_removes_its_actions_and_rewards_and_frees_the_waiters(store, client_id):
    repo = PlanRepo(store)
    care = repo.add_goal(client_id, "Eerst kinderopvang")
    work = repo.add_goal(client_id, "Dan werk", waits_for=care)
    repo.add_action(client_id, care, "Bel de opvang")
    repo.agree_reward(client_id, care, "Cadeaubon", value_cents=1000)
    repo.give_reward(client_id, date=dt.date(2026, 3, 1), for_what="Gebeld", value_cents=500, goal_key=care)
    repo.apply(client_id, PlanEdit("goal.remove", key=care))
    plan = repo.load(client_id)
    assert [g.key for g in plan.goals] == [work] and plan.goals[0].waits_for is None
    assert count(store, ActionRow) == 0 and count(store, RewardRow) == 0
    assert len(plan.ledger) == 1  # what was given stays given
    fields = [(h.key, h.field) for h in plan.history]
    assert (care, "removed") in fields and (work, "waits_for") in fields


def test_one_client_cannot_touch_another_clients_plan(store, client_id):
    repo = PlanRepo(store)
    goal = repo.add_goal(client_id, "Werk vinden")
    action = repo.add_action(client_id, goal, "Bel")
    other = ClientRepo(store).create("Iemand anders").id
    with pytest.raises(InvalidInput) as info:
        repo.tick(other, action, dt.date(2026, 3, 1))
    assert info.value.problem.code == "plan_unknown_action"
    with pytest.raises(InvalidInput):
        repo.add_action(other, goal, "Ook bellen")
    assert repo.load(other).goals == []


def test_unknown_client(store):
    with pytest.raises(InvalidInput) as info:
        PlanRepo(store).add_goal(999, "Werk")
    assert info.value.problem.code == "client_missing"
    with pytest.raises(InvalidInput):
        PlanRepo(store).load(999)


def test_ledger_totals_per_client_and_period(store, client_id):
    repo = PlanRepo(store)
    other = ClientRepo(store).create("Iemand anders").id
    for day, cents in ((dt.date(2026, 1, 10), 1000), (dt.date(2026, 1, 20), 500), (dt.date(2026, 2, 3), 2500)):
        repo.give_reward(client_id, date=day, for_what="stap", value_cents=cents)
    repo.give_reward(other, date=dt.date(2026, 1, 15), for_what="stap", value_cents=700)
    assert repo.total_given(client_id) == 4000
    assert repo.total_given(client_id, dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == 2500
    assert [(p.start, p.cents, p.count) for p in repo.totals_by_period(client_id, "month")] == [
        (dt.date(2026, 1, 1), 1500, 2),
        (dt.date(2026, 2, 1), 2500, 1),
    ]
    assert repo.totals_by_client() == {client_id: 4000, other: 700}
    assert repo.totals_by_client(end=dt.date(2026, 1, 31)) == {client_id: 1500, other: 700}


def test_erasing_the_client_removes_the_whole_plan(store, client_id):
    repo = PlanRepo(store)
    for edit in edits():
        repo.apply(client_id, edit, at=AT)
    assert all(count(store, t) > 0 for t in TABLES)
    assert ClientRepo(store).erase(client_id)
    assert all(count(store, t) == 0 for t in TABLES)


def test_the_database_cascades_too(store, client_id):
    repo = PlanRepo(store)
    for edit in edits():
        repo.apply(client_id, edit, at=AT)
    with store.transaction() as s:
        s.execute(text("DELETE FROM clients WHERE id = :id"), {"id": client_id})
    assert all(count(store, t) == 0 for t in TABLES)


def test_exports_hold_the_plan_and_research_gets_no_free_text(store, client_id):
    repo = PlanRepo(store)
    for edit in edits():
        repo.apply(client_id, edit, at=AT)
    own = export_client(store, client_id)
    assert own["plan"]["goals"][0]["text"] == "Eerst kinderopvang"
    assert own["plan"]["goals"][0]["actions"][0]["due"] == "2026-03-20"
    assert any(h["field"] == "due" and h["old"] == "2026-03-13" for h in own["plan"]["history"])
    research = json.dumps(export_pseudonymised(store), ensure_ascii=False)
    for secret in ("kinderopvang", "Bel de opvang", "Buurvrouw Ans", "Cadeaubon", "Stadhuis", "aaaa00000001"):
        assert secret not in research
    participant = export_pseudonymised(store)["participants"][0]
    assert participant["plan"]["goals"][0]["actions"] == 2
    assert participant["plan"]["goals"][0]["actions_done"] == 1
