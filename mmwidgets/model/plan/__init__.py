"""Goal-action plans: goals in the client's own words, small actions, agreed rewards.

Pure Python. A :class:`Plan` holds a client's goals (each with its actions and agreed
rewards), the ledger of rewards given, the next appointment and the history of every
change. Everything that changes a plan is a :class:`PlanEdit`; :func:`apply_edit`
validates it, applies it and returns the :class:`HistoryEntry` rows it produced. The
store (``mmwidgets.store.plans.repo.repo``) uses the same checks (``normalise_*``, ``diff``), so
that a plan edited in memory (the training exercise) and one saved in the database
behave alike. Moving a date is re-routing: the old value stays in the history, never in the plan.

This module gathers the plan's public names; they live in
``plan_types`` (data), ``plan_validate`` (field checks), ``plan_edits`` (applying edits),
``plan_text`` (weeks, history as sentences) and ``dates`` (dates as typed).
"""

from __future__ import annotations

from mmwidgets.model.dates import format_day, has_time, parse_date, parse_due, parse_meeting, parse_user_date, typed_form
from mmwidgets.model.plan.edits import (
    CHILD_EDITS,
    CHILD_KINDS,
    ChildKind,
    apply_edit,
    copy_plan,
)
from mmwidgets.model.plan.text import (
    actions_in_weeks,
    field_names,
    history_sentence,
    meeting_text,
    value_text,
    week_start,
    who_label,
)
from mmwidgets.model.plan.types import (
    ACTIVE_STATUSES,
    EDIT_KINDS,
    GOAL_STATUSES,
    MAX_ACTION_TEXT,
    MAX_ACTIONS_PER_GOAL,
    MAX_GOAL_TEXT,
    MAX_GOALS,
    MAX_NAME,
    MAX_STEP,
    MAX_TEXT,
    MAX_VALUE_CENTS,
    REWARD_FOR,
    REWARD_KINDS,
    WHO,
    Action,
    Goal,
    GoalStatus,
    HistoryEntry,
    Plan,
    PlanEdit,
    Reward,
    RewardFor,
    RewardGiven,
    RewardKind,
    Who,
    _bad,
    check_key,
    new_key,
)
from mmwidgets.model.plan.validate import (
    ACTION_FIELDS,
    GIVEN_FIELDS,
    GOAL_FIELDS,
    PLAN_FIELDS,
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

__all__ = [
    "ACTION_FIELDS", "ACTIVE_STATUSES", "CHILD_EDITS", "CHILD_KINDS", "EDIT_KINDS", "GIVEN_FIELDS",
    "GOAL_FIELDS", "GOAL_STATUSES", "MAX_ACTIONS_PER_GOAL", "MAX_ACTION_TEXT", "MAX_GOALS",
    "MAX_GOAL_TEXT", "MAX_NAME", "MAX_STEP", "MAX_TEXT", "MAX_VALUE_CENTS", "PLAN_FIELDS",
    "REWARD_FIELDS", "REWARD_FOR", "REWARD_KINDS", "WHO", "Action", "ChildKind", "Goal", "GoalStatus",
    "HistoryEntry", "Plan", "PlanEdit", "Reward", "RewardFor", "RewardGiven", "RewardKind", "Who",
    "_bad", "actions_in_weeks", "apply_edit", "check_key", "check_waits_for", "copy_plan", "diff",
    "field_names", "goal_status_values", "has_time", "history_sentence", "meeting_text", "new_key",
    "normalise_action", "normalise_given", "normalise_goal", "normalise_plan", "normalise_reward",
    "parse_due", "parse_meeting", "value_text", "week_start", "who_label",
    "format_day", "parse_date", "parse_user_date", "typed_form",
]  # fmt: skip
