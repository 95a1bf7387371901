"""Stress-aware plan checks: each remark appears when it should, and not otherwise."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.model.plan import Action, Goal, Plan
from mmwidgets.model.plan.checks import MAX_DUE_IN_WEEK, check_plan, looks_too_big

TODAY = dt.date(2026, 3, 11)


def good_goal(**changes) -> Goal:
    """A goal that passes every check."""
    values = dict(
        text="Ik wil werk vinden",
        target_date=dt.date(2026, 6, 1),
        done_when="Ik heb een contract getekend",
        actions=[Action(what="Bel het uitzendbureau", who="client", due=dt.date(2026, 3, 13))],
    )
    values.update(changes)
    return Goal(**values)


def codes(plan: Plan) -> list[str]:
    return [c.code for c in check_plan(plan, TODAY)]


def test_a_good_plan_has_no_remarks():
    assert check_plan(Plan(goals=[good_goal()]), TODAY) == []


def test_goal_without_date():
    plan = Plan(goals=[good_goal(target_date=None)])
    checks = check_plan(plan, TODAY)
    assert [c.code for c in checks] == ["goal_no_date"]
    assert "Ik wil werk vinden" in checks[0].message("nl")
    assert "has no date" in checks[0].message("en")


def test_goal_without_a_sign_it_is_reached():
    assert codes(Plan(goals=[good_goal(done_when="  ")])) == ["goal_no_sign"]


@pytest.mark.parametrize(
    "action",
    [Action(what="Bel de opvang", who=None, due=TODAY), Action(what="Bel de opvang", who="other", who_name="", due=TODAY)],
)
def test_action_without_a_person(action):
    plan = Plan(goals=[good_goal(actions=[action])])
    checks = check_plan(plan, TODAY)
    assert [c.code for c in checks] == ["action_no_who"]
    assert "Bel de opvang" in checks[0].message("nl") and "who does it" in checks[0].message("en")


def test_a_named_other_person_is_enough():
    action = Action(what="Bel de opvang", who="other", who_name="mijn zus", due=TODAY)
    assert codes(Plan(goals=[good_goal(actions=[action])])) == []


def test_action_without_date():
    action = Action(what="Bel de opvang", who="coach")
    assert codes(Plan(goals=[good_goal(actions=[action])])) == ["action_no_date"]


@pytest.mark.parametrize(
    "what",
    [
        "Alle schulden regelen",
        "Mijn administratie op orde brengen",
        "Sort out my debts",
        "Formulier ophalen en daarna invullen en opsturen",
        "Bel de bank; vraag om uitstel",
        "Ik ga naar het gemeentehuis om te vragen welke papieren ik nodig heb voor de aanvraag van de toeslag",
    ],
)
def test_an_action_too_big_to_start_this_week(what):
    assert looks_too_big(what)
    action = Action(what=what, who="client", due=TODAY)
    plan = Plan(goals=[good_goal(actions=[action])])
    checks = check_plan(plan, TODAY)
    assert [c.code for c in checks] == ["action_too_big"]
    assert "kleiner" in checks[0].message("nl") and "smaller" in checks[0].message("en")


@pytest.mark.parametrize(
    "what",
    ["Bel je moeder of je haar computer mag gebruiken", "Zoek kinderopvang", "Bel voor een afspraak", "Call the school"],
)
def test_small_actions_are_not_too_big(what):
    assert not looks_too_big(what)


def test_more_than_three_actions_in_the_coming_week_is_a_waslijst():
    actions = [
        Action(what=f"Stap {i}", who="client", due=TODAY + dt.timedelta(days=i)) for i in range(MAX_DUE_IN_WEEK + 1)
    ]
    plan = Plan(goals=[good_goal(actions=actions)])
    checks = check_plan(plan, TODAY)
    assert [c.code for c in checks] == ["too_many_due"]
    assert checks[0].values["count"] == 4
    assert "waslijst" in checks[0].message("nl") and "to-do list" in checks[0].message("en")


def test_three_in_the_week_or_the_rest_later_or_done_is_fine():
    actions = [Action(what=f"Stap {i}", who="client", due=TODAY + dt.timedelta(days=i)) for i in range(3)]
    actions.append(Action(what="Later", who="client", due=TODAY + dt.timedelta(days=7)))
    actions.append(Action(what="Gedaan", who="client", due=TODAY, done_on=TODAY))
    actions.append(Action(what="Te laat", who="client", due=TODAY - dt.timedelta(days=1)))
    assert codes(Plan(goals=[good_goal(actions=actions)])) == []


def test_the_waslijst_counts_across_goals():
    one = good_goal(actions=[Action(what=f"A{i}", who="client", due=TODAY) for i in range(2)])
    two = good_goal(text="Schulden", actions=[Action(what=f"B{i}", who="client", due=TODAY) for i in range(2)])
    assert codes(Plan(goals=[one, two])) == ["too_many_due"]


def test_a_goal_waiting_on_a_stopped_goal():
    care = good_goal(text="Eerst kinderopvang", status="stopped")
    work = good_goal(text="Dan werk", waits_for=care.key)
    checks = check_plan(Plan(goals=[care, work]), TODAY)
    assert [c.code for c in checks] == ["waits_on_stopped"]
    assert "Eerst kinderopvang" in checks[0].message("nl") and "Dan werk" in checks[0].message("nl")
    assert "was stopped" in checks[0].message("en")


def test_waiting_on_an_open_goal_is_fine():
    care = good_goal(text="Eerst kinderopvang")
    work = good_goal(text="Dan werk", waits_for=care.key)
    assert codes(Plan(goals=[care, work])) == []


def test_done_actions_and_finished_goals_are_not_checked():
    bare = Action(what="Alles regelen", who=None)
    finished = good_goal(target_date=None, done_when="", status="reached", actions=[bare])
    done = Action(what="Alles regelen", who=None, done_on=TODAY)
    assert codes(Plan(goals=[finished, good_goal(actions=[done])])) == []


def test_the_coach_can_ignore_a_remark():
    plan = Plan(goals=[good_goal(target_date=None, done_when="")])
    checks = check_plan(plan, TODAY)
    assert {c.code for c in checks} == {"goal_no_date", "goal_no_sign"}
    plan.ignored = (checks[0].id,)
    remaining = check_plan(plan, TODAY)
    assert [c.id for c in remaining] == [checks[1].id]
    assert len(check_plan(plan, TODAY, include_ignored=True)) == 2
