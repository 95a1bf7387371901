"""The timeline figure: a valid plotly figure dict, states at a glance, rewards, today."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import pytest

from mmwidgets.figures.timeline import TRACE_UIDS, timeline_figure
from mmwidgets.model.plan import Action, Goal, Plan, Reward, RewardGiven

TODAY = dt.date(2026, 3, 11)
EVIL = '<img src=x onerror="alert(1)">'


def sample_plan(evil: str = "") -> Plan:
    care = Goal(
        text="Eerst kinderopvang" + evil,
        created_on=dt.date(2026, 2, 20),
        target_date=dt.date(2026, 4, 30),
        actions=[
            Action(what="Bel de opvang" + evil, due=dt.date(2026, 3, 2), done_on=dt.date(2026, 3, 3)),
            Action(what="Formulier halen", due=dt.date(2026, 3, 9)),
            Action(what="Toeslag aanvragen", due=dt.date(2026, 3, 13)),
            Action(what="Intake", who="other", who_name="Juf Mira" + evil, due=dt.date(2026, 3, 13)),
            Action(what="Zonder datum"),
        ],
        rewards=[Reward(what="Cadeaubon" + evil, value_cents=2500), Reward(what="Koffie", for_what="interim")],
    )
    work = Goal(text="Dan werk", created_on=dt.date(2026, 3, 1), waits_for=care.key, status="open")
    done = Goal(text="Oud doel", status="reached", created_on=dt.date(2026, 1, 5), target_date=dt.date(2026, 2, 1))
    return Plan(
        goals=[care, work, done],
        ledger=[
            RewardGiven(date=dt.date(2026, 3, 3), for_what="Gebeld" + evil, goal_key=care.key),
            RewardGiven(date=dt.date(2026, 3, 5), for_what="Los", value_cents=500),
        ],
    )


def traces(fig):
    return {trace["uid"]: trace for trace in fig["data"]}


def test_a_valid_plotly_figure_with_a_fixed_trace_list():
    fig = timeline_figure(sample_plan(), "nl", TODAY)
    go.Figure(fig)  # raises on anything plotly does not accept
    json.dumps(fig)  # plain JSON, no plotly objects
    assert tuple(t["uid"] for t in fig["data"]) == TRACE_UIDS
    empty = timeline_figure(Plan(), "nl", TODAY)
    go.Figure(empty)
    assert tuple(t["uid"] for t in empty["data"]) == TRACE_UIDS
    assert "Nog geen doelen" in json.dumps(empty["layout"]["annotations"], ensure_ascii=False)


def test_goals_are_bars_from_start_to_target():
    plan = sample_plan()
    bars = traces(timeline_figure(plan, "nl", TODAY))["goals"]
    assert bars["y"] == [0, 1, 2]
    assert bars["base"][0] == "2026-02-20"
    assert bars["x"][0] == (dt.date(2026, 4, 30) - dt.date(2026, 2, 20)).days * 86_400_000
    assert bars["customdata"][0] == ["goal", plan.goals[0].key]
    assert "Wacht eerst op" in bars["text"][1] and "Eerst kinderopvang" in bars["text"][1]
    assert "acties zonder datum: 1" in bars["text"][0]


def test_done_due_and_overdue_at_a_glance():
    plan = sample_plan()
    data = traces(timeline_figure(plan, "nl", TODAY))
    assert data["actions-done"]["x"] == ["2026-03-03"]
    assert data["actions-overdue"]["x"] == ["2026-03-09"]
    assert sorted(data["actions-due"]["x"]) == ["2026-03-13", "2026-03-13"]
    # two actions on one day do not hide each other
    assert len(set(data["actions-due"]["y"])) == 2
    # shape, not colour alone, tells the state
    symbols = {uid: data[uid]["marker"]["symbol"] for uid in ("actions-done", "actions-due", "actions-overdue")}
    assert len(set(symbols.values())) == 3
    keys = [c[1] for c in data["actions-due"]["customdata"]]
    assert keys == [a.key for a in plan.goals[0].actions[2:4]]
    assert "Juf Mira" in data["actions-due"]["text"][1]


def test_rewards_as_markers():
    plan = sample_plan()
    data = traces(timeline_figure(plan, "nl", TODAY))
    agreed = data["rewards-agreed"]
    assert agreed["x"][0] == "2026-04-30"  # at the goal's target date
    assert agreed["x"][1] == "2026-03-26"  # interim: halfway from 20 February to 30 April
    given = data["rewards-given"]
    assert given["x"] == ["2026-03-03", "2026-03-05"]
    layout = timeline_figure(plan, "nl", TODAY)["layout"]
    assert layout["yaxis"]["ticktext"][-1] == "Andere beloningen"  # a reward without a goal


def test_today_is_marked():
    layout = timeline_figure(sample_plan(), "nl", TODAY)["layout"]
    lines = [s for s in layout["shapes"] if s["type"] == "line"]
    assert lines[0]["x0"] == lines[0]["x1"] == "2026-03-11"
    assert any(a["text"] == "vandaag" for a in layout["annotations"])
    assert any(a["text"] == "today" for a in timeline_figure(sample_plan(), "en", TODAY)["layout"]["annotations"])


def test_dutch_and_english_ticks_and_labels():
    nl = timeline_figure(sample_plan(), "nl", TODAY)
    en = timeline_figure(sample_plan(), "en", TODAY)
    assert nl["layout"]["separators"] == ",."
    assert any("mrt" in tick for tick in nl["layout"]["xaxis"]["ticktext"])
    assert any("Mar" in tick for tick in en["layout"]["xaxis"]["ticktext"])
    assert traces(nl)["actions-done"]["name"] == "gedaan" and traces(en)["actions-done"]["name"] == "done"
    assert nl["layout"]["yaxis"]["ticktext"][2].startswith("✓")


def test_user_text_is_escaped_everywhere():
    fig = timeline_figure(sample_plan(EVIL), "nl", TODAY)
    text = json.dumps(fig, ensure_ascii=False)
    assert "<img" not in text
    assert "&lt;img" in text


def test_goal_filter_and_selection():
    plan = sample_plan()
    fig = timeline_figure(plan, "nl", TODAY, goal_keys=[plan.goals[1].key], selected=plan.goals[1].key)
    bars = traces(fig)["goals"]
    assert bars["customdata"] == [["goal", plan.goals[1].key]]
    assert bars["marker"]["line"]["width"] == [2]
    assert traces(fig)["actions-due"]["x"] == []


@pytest.mark.parametrize("days, unit", [(20, "week"), (300, "month")])
def test_ticks_follow_the_span(days, unit):
    goal = Goal(text="x", created_on=TODAY, target_date=TODAY + dt.timedelta(days=days))
    xaxis = timeline_figure(Plan(goals=[goal]), "nl", TODAY)["layout"]["xaxis"]
    ticks = [dt.date.fromisoformat(v) for v in xaxis["tickvals"]]
    assert len(ticks) >= 2
    if unit == "week":
        assert all(d.weekday() == 0 for d in ticks)
    else:
        assert all(d.day == 1 for d in ticks)
