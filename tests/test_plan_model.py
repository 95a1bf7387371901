"""The goal-action plan model: edits, validation, history, dates typed at the table."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.i18n import catalogue, placeholders
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.plan import (
    Plan,
    PlanEdit,
    actions_in_weeks,
    apply_edit,
    copy_plan,
    history_sentence,
    parse_due,
    parse_meeting,
)

TODAY = dt.date(2026, 3, 11)  # a Wednesday
AT = dt.datetime(2026, 3, 11, 10, 30)


def add_goal(plan: Plan, **values) -> str:
    values.setdefault("text", "Ik wil werk vinden")
    apply_edit(plan, PlanEdit("goal.add", values=values), at=AT)
    return plan.goals[-1].key


def add_action(plan: Plan, goal_key: str, **values) -> str:
    values.setdefault("what", "Bel het uitzendbureau")
    apply_edit(plan, PlanEdit("action.add", parent=goal_key, values=values), at=AT)
    return plan.goal(goal_key).actions[-1].key


def test_add_goal_keeps_the_clients_words_and_all_fields():
    plan = Plan(client_id=7)
    key = add_goal(
        plan,
        text="  Ik wil een baan van 20 uur  ",
        subpillar_id="income",
        start_step=2,
        target_step=3,
        why="Dan kan ik de huur betalen",
        done_when="Ik heb een contract",
        target_date=dt.date(2026, 6, 1),
        review_date=dt.date(2026, 4, 1),
        barriers="Geen opvang voor de kinderen",
        barrier_plan="Ik vraag mijn zus",
    )
    goal = plan.goal(key)
    assert goal.text == "Ik wil een baan van 20 uur"
    assert (goal.subpillar_id, goal.start_step, goal.target_step) == ("income", 2, 3)
    assert goal.status == "open" and goal.created_on == TODAY
    assert goal.barrier_plan == "Ik vraag mijn zus"
    assert plan.history[-1].field == "added" and plan.history[-1].new == "Ik wil een baan van 20 uur"


@pytest.mark.parametrize(
    "values, code",
    [
        ({"text": "   "}, "plan_goal_empty"),
        ({"text": "x" * 501}, "text_too_long"),
        ({"text": "Werk", "status": "klaar"}, "pyd_literal_error"),
        ({"text": "Werk", "target_step": 0}, "step_out_of_range"),
        ({"text": "Werk", "target_step": True}, "step_out_of_range"),
        ({"text": "Werk", "subpillar_id": "Huis met spaties"}, "unknown_subpillar"),
        ({"text": "Werk", "target_date": "31-2-2026"}, "bad_date"),
        ({"text": "Werk", "colour": "red"}, "pyd_extra_forbidden"),
        ({"text": "Werk", "waits_for": "abcdef123456"}, "plan_unknown_goal"),
    ],
)
def test_bad_goal_input_is_refused_with_a_translated_message(values, code):
    plan = Plan()
    with pytest.raises(InvalidInput) as info:
        apply_edit(plan, PlanEdit("goal.add", values=values), at=AT)
    assert info.value.problem.code == code
    assert plan.goals == [] and plan.history == []
    for lang in ("nl", "en"):
        message = info.value.message(lang)
        assert message and not message.startswith("val.")


def test_status_change_records_its_date_and_the_history():
    plan = Plan()
    key = add_goal(plan)
    later = dt.datetime(2026, 4, 2, 9, 0)
    entries = apply_edit(plan, PlanEdit("goal.set", key=key, values={"status": "reached"}), at=later)
    goal = plan.goal(key)
    assert goal.status == "reached" and goal.status_date == dt.date(2026, 4, 2)
    fields = {(e.field, e.old, e.new) for e in entries}
    assert ("status", "open", "reached") in fields
    assert ("status_date", None, dt.date(2026, 4, 2)) in fields
    assert all(e.at == later and e.goal_key == key for e in entries)


def test_an_edit_that_changes_nothing_leaves_no_history():
    plan = Plan()
    key = add_goal(plan, why="Voor mijn kinderen")
    before = len(plan.history)
    assert apply_edit(plan, PlanEdit("goal.set", key=key, values={"why": "Voor mijn kinderen "})) == []
    assert len(plan.history) == before


def test_moving_a_deadline_keeps_the_old_date_in_the_history_only():
    plan = Plan()
    goal = add_goal(plan)
    action = add_action(plan, goal, due=dt.date(2026, 3, 13))
    apply_edit(plan, PlanEdit("action.set", key=action, values={"due": dt.date(2026, 3, 20)}), at=AT)
    _, act = plan.find_action(action)
    assert act.due == dt.date(2026, 3, 20)
    moved = [h for h in plan.history_of(action) if h.field == "due"]
    assert [(h.old, h.new) for h in moved] == [(dt.date(2026, 3, 13), dt.date(2026, 3, 20))]
    names = {action: act.what}
    nl = history_sentence(moved[0], "nl", names)
    en = history_sentence(moved[0], "en", names)
    assert "13 mrt 2026" in nl and "20 mrt 2026" in nl and act.what in nl
    assert "Mar 13, 2026" in en and "Mar 20, 2026" in en


def test_tick_done_and_untick():
    plan = Plan()
    goal = add_goal(plan)
    action = add_action(plan, goal, due=TODAY)
    apply_edit(plan, PlanEdit("action.set", key=action, values={"done_on": TODAY}), at=AT)
    _, act = plan.find_action(action)
    assert act.done and act.state(TODAY) == "done"
    apply_edit(plan, PlanEdit("action.set", key=action, values={"done_on": None}), at=AT)
    assert act.state(TODAY) == "due" and act.state(TODAY + dt.timedelta(days=1)) == "overdue"
    sentences = [history_sentence(h, "nl", {action: act.what}) for h in plan.history_of(action)]
    assert any("gedaan op" in s for s in sentences) and any("weer open" in s for s in sentences)


def test_action_validation():
    plan = Plan()
    goal = add_goal(plan)
    with pytest.raises(InvalidInput) as info:
        add_action(plan, goal, what="")
    assert info.value.problem.code == "plan_what_empty"
    with pytest.raises(InvalidInput) as info:
        add_action(plan, goal, who="buurman")
    assert info.value.problem.code == "pyd_literal_error"
    with pytest.raises(InvalidInput):
        apply_edit(plan, PlanEdit("action.add", parent="000000000000", values={"what": "x"}))
    assert plan.goal(goal).actions == []
    key = add_action(plan, goal, who="other", who_name="  mijn   zus ")
    assert plan.find_action(key)[1].who_name == "mijn zus"


def test_waits_for_another_goal_and_no_circles():
    plan = Plan()
    care = add_goal(plan, text="Eerst kinderopvang")
    work = add_goal(plan, text="Dan werk", waits_for=care)
    assert plan.goal(work).waits_for == care
    with pytest.raises(InvalidInput) as info:
        apply_edit(plan, PlanEdit("goal.set", key=care, values={"waits_for": work}))
    assert info.value.problem.code == "plan_waits_circle"
    with pytest.raises(InvalidInput):
        apply_edit(plan, PlanEdit("goal.set", key=care, values={"waits_for": care}))
    # removing the goal waited for frees the other goal, and says so in the history
    apply_edit(plan, PlanEdit("goal.remove", key=care), at=AT)
    assert plan.goal(work).waits_for is None
    assert any(h.key == work and h.field == "waits_for" for h in plan.history)


def test_rewards_agreed_and_given():
    plan = Plan()
    goal = add_goal(plan)
    apply_edit(
        plan,
        PlanEdit(
            "reward.add",
            parent=goal,
            values={"what": "Cadeaubon", "kind": "tangible", "value_cents": 2500, "tier": "middel"},
        ),
    )
    reward = plan.goal(goal).rewards[0]
    assert (reward.what, reward.value_cents, reward.for_what) == ("Cadeaubon", 2500, "goal")
    with pytest.raises(InvalidInput) as info:
        apply_edit(plan, PlanEdit("reward.set", key=reward.key, values={"value_cents": -5}))
    assert info.value.problem.code == "plan_bad_value"
    apply_edit(
        plan,
        PlanEdit(
            "given.add",
            values={"date": TODAY, "for_what": "Eerste gesprek", "value_cents": 500, "goal_key": goal},
        ),
    )
    assert plan.ledger[0].value_cents == 500 and plan.ledger[0].goal_key == goal
    with pytest.raises(InvalidInput):
        apply_edit(plan, PlanEdit("given.add", values={"date": TODAY, "for_what": " "}))


def test_plan_meeting_and_unknown_edit():
    plan = Plan()
    apply_edit(plan, PlanEdit("plan.set", values={"next_meeting": "17-3-2026 14:30", "next_meeting_note": "Stadhuis"}))
    assert plan.next_meeting == dt.datetime(2026, 3, 17, 14, 30)
    assert plan.history[-1].entity == "plan"
    with pytest.raises(InvalidInput) as info:
        apply_edit(plan, PlanEdit("goal.explode"))
    assert info.value.problem.code == "plan_unknown_edit"


def test_copy_is_deep():
    plan = Plan()
    goal = add_goal(plan)
    add_action(plan, goal)
    other = copy_plan(plan)
    other.goals[0].actions[0].what = "Anders"
    assert plan.goals[0].actions[0].what == "Bel het uitzendbureau"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", None),
        ("vandaag", TODAY),
        ("Morgen", dt.date(2026, 3, 12)),
        ("tomorrow", dt.date(2026, 3, 12)),
        ("vrijdag", dt.date(2026, 3, 13)),
        ("wo", TODAY),
        ("monday", dt.date(2026, 3, 16)),
        ("+3", dt.date(2026, 3, 14)),
        ("+2w", dt.date(2026, 3, 25)),
        ("20-3", dt.date(2026, 3, 20)),
        ("1-2", dt.date(2027, 2, 1)),
        ("9-3-2026", dt.date(2026, 3, 9)),
        ("2026-04-01", dt.date(2026, 4, 1)),
    ],
)
def test_parse_due_is_tolerant(text, expected):
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize("text", ["volgende keer", "32-1", "31-2-2026", "+", "vrijdagmiddag"])
def test_parse_due_says_clearly_what_went_wrong(text):
    with pytest.raises(InvalidInput) as info:
        parse_due(text, TODAY)
    assert info.value.problem.code == "plan_bad_due"
    assert "vrijdag" in info.value.message("nl") and "friday" in info.value.message("en")


def test_parse_meeting():
    assert parse_meeting("17-3-2026 14:30") == dt.datetime(2026, 3, 17, 14, 30)
    assert parse_meeting("vrijdag om 9.15", TODAY) == dt.datetime(2026, 3, 13, 9, 15)
    assert parse_meeting("17-3-2026") == dt.datetime(2026, 3, 17, 0, 0)
    assert parse_meeting("") is None
    with pytest.raises(InvalidInput):
        parse_meeting("17-3-2026 25:00")


def test_actions_in_weeks_splits_this_and_next_week():
    plan = Plan()
    goal = add_goal(plan)
    late = add_action(plan, goal, what="Te laat", due=dt.date(2026, 3, 2))
    now = add_action(plan, goal, what="Deze week", due=dt.date(2026, 3, 15))
    nxt = add_action(plan, goal, what="Volgende week", due=dt.date(2026, 3, 16))
    add_action(plan, goal, what="Later", due=dt.date(2026, 3, 23))
    add_action(plan, goal, what="Zonder datum")
    done = add_action(plan, goal, what="Klaar", due=dt.date(2026, 3, 12))
    apply_edit(plan, PlanEdit("action.set", key=done, values={"done_on": TODAY}))
    this_week, next_week = actions_in_weeks(plan, TODAY)
    assert [a.key for _, a in this_week] == [late, now]
    assert [a.key for _, a in next_week] == [nxt]


def test_catalogue_plan_keys_exist_in_both_languages_with_the_same_placeholders():
    texts = {k: v for k, v in catalogue().items() if k.startswith(("plan.", "val.plan_"))}
    assert len(texts) > 100
    for key, langs in texts.items():
        assert set(langs) == {"nl", "en"}, key
        assert placeholders(langs["nl"]) == placeholders(langs["en"]), key
