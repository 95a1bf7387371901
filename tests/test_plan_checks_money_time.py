"""Plan checks catch an action after its goal's date; rewards that are not money never count in
euros; times on screen are Dutch time (issue 18)."""

from __future__ import annotations

import datetime as dt

from mmwidgets.model.dates import local_time
from mmwidgets.model.plan import Action, Goal, Plan, RewardGiven
from mmwidgets.model.plan.checks import check_plan
from mmwidgets.model.plan.rewards import ledger_total
from mmwidgets.widgets.plan.editor import PlanEditor
from mmwidgets.widgets.saved_badge import SavedBadge

TODAY = dt.date(2026, 12, 6)


def test_an_action_after_its_goals_date_is_caught():
    goal = Goal(text="Werk", done_when="contract", target_date=dt.date(2026, 12, 20),
                actions=[Action(what="Bel het uitzendbureau", due=dt.date(2027, 1, 5)),
                         Action(what="Cv maken", due=dt.date(2026, 12, 10))])
    checks = check_plan(Plan(goals=[goal]), TODAY)
    late = [c for c in checks if c.code == "action_after_goal"]
    assert len(late) == 1 and late[0].key == goal.actions[0].key
    text = late[0].message("nl")
    assert "Bel het uitzendbureau" in text and "05-01-2027" in text and "20-12-2026" in text
    assert "after the date of the goal" in late[0].message("en")


def test_rewards_without_money_never_count_in_euros():
    ledger = [
        RewardGiven(date=TODAY, for_what="Samen koffie", value_cents=0, kind="intangible"),
        RewardGiven(date=TODAY, for_what="Compliment", value_cents=300, kind="intangible"),  # a value typed by mistake
    ]
    assert ledger_total(ledger) == 0
    editor = PlanEditor("nl", today=TODAY)
    editor.new_goal.value = "Werk"
    editor.give_reward("Samen koffie", 0, kind="intangible")
    text = editor.rewards.ledger.value
    assert "€" not in text and "Gegeven: 1 keer, zonder geld" in text
    editor.give_reward("Cadeaubon", 1500)
    text = editor.rewards.ledger.value.replace("\xa0", " ")
    assert "In geld gegeven: € 15" in text and "(1 keer)" in text and "Zonder geld gegeven: 1 keer" in text


def test_times_are_dutch_time_whatever_the_server_clock():
    winter = dt.datetime(2026, 12, 6, 15, 28, tzinfo=dt.timezone.utc)
    summer = dt.datetime(2026, 7, 6, 15, 28, tzinfo=dt.timezone.utc)
    assert local_time(winter) == dt.datetime(2026, 12, 6, 16, 28)
    assert local_time(summer) == dt.datetime(2026, 7, 6, 17, 28)
    badge = SavedBadge()
    badge.show("nl", winter)
    assert "16:28" in badge.value
