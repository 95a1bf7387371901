"""Applying a :class:`PlanEdit` to a :class:`Plan` in memory: validate, change, record history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Callable

from mmwidgets.model.plan.types import (
    MAX_ACTIONS_PER_GOAL,
    MAX_GOALS,
    Action,
    Goal,
    HistoryEntry,
    Plan,
    PlanEdit,
    Reward,
    RewardGiven,
    _bad,
    check_key,
    new_key,
)
from mmwidgets.model.plan.validate import (
    ACTION_FIELDS,
    REWARD_FIELDS,
    check_waits_for,
    diff,
    goal_status_values,
    normalise_action,
    normalise_given,
    normalise_goal,
    normalise_plan,
    normalise_reward,
)

# -- applying edits -----------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _history(
    at: dt.datetime, entity: str, key: str, changes: dict[str, tuple[Any, Any]], goal_key: str | None
) -> list[HistoryEntry]:
    return [
        HistoryEntry(at, entity, key, name, old, new, goal_key) for name, (old, new) in changes.items()
    ]


def _new_key(plan: Plan, edit: PlanEdit) -> str:
    key = check_key(edit.key) if edit.key else new_key()
    taken = {g.key for g in plan.goals}
    taken |= {a.key for _, a in plan.actions()}
    taken |= {r.key for g in plan.goals for r in g.rewards}
    taken |= {x.key for x in plan.ledger}
    if key in taken:
        raise _bad("key", "plan_bad_key")
    return key


def _need_goal(plan: Plan, key: str | None) -> Goal:
    goal = plan.goal(key)
    if goal is None:
        raise _bad("goal", "plan_unknown_goal")
    return goal


@dataclass(frozen=True)
class ChildKind:
    """What differs between the two things a goal holds, actions and rewards."""

    cls: type
    #: its fields (ACTION_FIELDS, REWARD_FIELDS)
    names: tuple[str, ...]
    normalise: Callable[..., dict[str, Any]]
    #: the goal's list of them
    collection: str
    #: ``find(plan, key) -> (goal, child) | None``
    find: Callable[[Plan, str], Any]
    #: the field a refusal points at, and the code when the key is unknown
    where: str
    unknown: str
    #: the most one goal may hold (None: no limit)
    most: int | None = None


CHILD_KINDS: dict[str, ChildKind] = {
    "action": ChildKind(
        Action, ACTION_FIELDS, normalise_action, "actions", Plan.find_action, "what", "plan_unknown_action",
        most=MAX_ACTIONS_PER_GOAL,
    ),
    "reward": ChildKind(
        Reward, REWARD_FIELDS, normalise_reward, "rewards", Plan.find_reward, "reward", "plan_unknown_reward"
    ),
}  # fmt: skip
CHILD_EDITS = tuple(f"{entity}.{verb}" for entity in CHILD_KINDS for verb in ("add", "set", "remove"))


def _edit_child(plan: Plan, edit: PlanEdit, at: dt.datetime, today: dt.date) -> list[HistoryEntry]:
    """``action.add|set|remove`` and ``reward.add|set|remove``."""
    entity, verb = edit.kind.split(".")
    spec = CHILD_KINDS[entity]
    if verb == "add":
        goal = _need_goal(plan, edit.parent)
        children = getattr(goal, spec.collection)
        if spec.most is not None and len(children) >= spec.most:
            raise _bad(spec.where, "plan_too_many", {"max": spec.most})
        values = spec.normalise(edit.values, adding=True)
        values.setdefault("created_on", today)
        key = _new_key(plan, edit)
        child = spec.cls(key=key, **values)
        children.append(child)
        return [HistoryEntry(at, entity, key, "added", None, child.what, goal.key)]
    found = spec.find(plan, edit.key or "")
    if found is None:
        raise _bad(spec.where, spec.unknown)
    goal, child = found
    if verb == "set":
        changes = diff(child, spec.normalise(edit.values))
        for name, (_, new) in changes.items():
            setattr(child, name, new)
        return _history(at, entity, child.key, changes, goal.key)
    getattr(goal, spec.collection).remove(child)
    return [HistoryEntry(at, entity, child.key, "removed", child.what, None, goal.key)]


def apply_edit(
    plan: Plan, edit: PlanEdit, at: dt.datetime | None = None, today: dt.date | None = None
) -> list[HistoryEntry]:
    """Validate ``edit``, apply it to ``plan`` in place, return (and keep) its history.

    Nothing changes when :class:`InvalidInput` is raised. An edit that changes nothing
    returns an empty list.
    """
    at = at or _now()
    today = today or at.date()
    kind = edit.kind
    entries: list[HistoryEntry]
    if kind == "goal.add":
        if len(plan.goals) >= MAX_GOALS:
            raise _bad("goal", "plan_too_many", {"max": MAX_GOALS})
        values = normalise_goal(edit.values, adding=True)
        values.setdefault("created_on", today)
        if values.get("status", "open") != "open":
            values.setdefault("status_date", today)
        key = _new_key(plan, edit)
        waits = {g.key: g.waits_for for g in plan.goals}
        waits[key] = None
        check_waits_for(waits, key, values.get("waits_for"))
        goal = Goal(key=key, **values)
        plan.goals.append(goal)
        entries = [HistoryEntry(at, "goal", key, "added", None, goal.text, key)]
    elif kind == "goal.set":
        goal = _need_goal(plan, edit.key)
        values = goal_status_values(goal, normalise_goal(edit.values), today)
        if "waits_for" in values:
            check_waits_for({g.key: g.waits_for for g in plan.goals}, goal.key, values["waits_for"])
        changes = diff(goal, values)
        for name, (_, new) in changes.items():
            setattr(goal, name, new)
        entries = _history(at, "goal", goal.key, changes, goal.key)
    elif kind == "goal.remove":
        goal = _need_goal(plan, edit.key)
        plan.goals.remove(goal)
        entries = [HistoryEntry(at, "goal", goal.key, "removed", goal.text, None, goal.key)]
        for other in plan.goals:
            if other.waits_for == goal.key:
                other.waits_for = None
                entries.append(HistoryEntry(at, "goal", other.key, "waits_for", goal.key, None, other.key))
    elif kind in CHILD_EDITS:
        entries = _edit_child(plan, edit, at, today)
    elif kind == "given.add":
        values = normalise_given(edit.values)
        if values.get("goal_key") and plan.goal(values["goal_key"]) is None:
            raise _bad("goal", "plan_unknown_goal")
        key = _new_key(plan, edit)
        given = RewardGiven(key=key, **values)
        plan.ledger.append(given)
        entries = [
            HistoryEntry(at, "given", key, "added", None, given.value_cents, given.goal_key)
        ]
    elif kind == "given.remove":
        given = next((x for x in plan.ledger if x.key == edit.key), None)
        if given is None:
            raise _bad("given", "plan_unknown_reward")
        plan.ledger.remove(given)
        entries = [
            HistoryEntry(at, "given", given.key, "removed", given.value_cents, None, given.goal_key)
        ]
    elif kind == "plan.set":
        values = normalise_plan(edit.values)
        changes = diff(plan, values)
        for name, (_, new) in changes.items():
            setattr(plan, name, new)
        key = "plan"
        entries = _history(at, "plan", key, {k: v for k, v in changes.items() if k != "ignored"}, None)
    else:
        raise _bad("edit", "plan_unknown_edit", {"kind": str(kind)[:40]})
    plan.history.extend(entries)
    return entries


def copy_plan(plan: Plan) -> Plan:
    """A deep copy (goals, actions, rewards, ledger, history)."""
    return replace(
        plan,
        goals=[
            replace(
                g,
                actions=[replace(a) for a in g.actions],
                rewards=[replace(r) for r in g.rewards],
            )
            for g in plan.goals
        ],
        ledger=[replace(x) for x in plan.ledger],
        history=list(plan.history),
    )
