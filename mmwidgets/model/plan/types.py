"""Plan data: goals, actions, rewards, the ledger, history entries and edits (pure Python).

Goals, actions and rewards are identified by a ``key`` (a short random text made when
they are created), not by a database id, so the editor can work without a store.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem


GoalStatus = Literal["open", "reached", "partly", "adjusted", "stopped"]
GOAL_STATUSES: tuple[str, ...] = get_args(GoalStatus)
#: goals still being worked on (checked, shown on the take-home page)
ACTIVE_STATUSES = ("open", "adjusted")
Who = Literal["client", "coach", "other"]
WHO: tuple[str, ...] = get_args(Who)
RewardKind = Literal["tangible", "intangible"]
REWARD_KINDS: tuple[str, ...] = get_args(RewardKind)
RewardFor = Literal["goal", "interim"]
REWARD_FOR: tuple[str, ...] = get_args(RewardFor)

MAX_GOAL_TEXT = 500
MAX_ACTION_TEXT = 300
MAX_TEXT = 2000
MAX_NAME = 60
MAX_STEP = 10
MAX_VALUE_CENTS = 1_000_000  # 10.000 euro: far above any reward; a typo guard
MAX_GOALS = 200
MAX_ACTIONS_PER_GOAL = 100
_KEY = re.compile(r"^[a-z0-9]{4,32}$")
_SUB_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def _bad(where: str, code: str, values: dict[str, Any] | None = None) -> InvalidInput:
    """Refused input: a translated message without field names; ``field`` kept for callers."""
    return InvalidInput(Problem("", code, {**(values or {}), "field": where}))


def new_key() -> str:
    """A short random key for a new goal, action or reward."""
    return secrets.token_hex(6)


def check_key(value: Any, where: str = "key") -> str:
    if not isinstance(value, str) or not _KEY.match(value):
        raise _bad(where, "plan_bad_key")
    return value


# -- the plan -----------------------------------------------------------------
@dataclass
class Action:
    """A small step: what, who does it, by when, and when it was done."""

    what: str
    who: Who | None = "client"
    who_name: str = ""
    due: dt.date | None = None
    done_on: dt.date | None = None
    key: str = field(default_factory=new_key)
    created_on: dt.date | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def state(self, today: dt.date) -> str:
        """``done``, ``overdue``, ``due`` (has a date) or ``open`` (no date)."""
        if self.done_on is not None:
            return "done"
        if self.due is None:
            return "open"
        return "overdue" if self.due < today else "due"


@dataclass
class Reward:
    """A reward agreed up front, for reaching the goal or an interim step."""

    what: str
    kind: RewardKind = "tangible"
    for_what: RewardFor = "goal"
    interim: str = ""
    tier: str | None = None
    value_cents: int | None = None
    key: str = field(default_factory=new_key)
    created_on: dt.date | None = None


@dataclass
class Goal:
    """A goal in the client's own words, linked to a sub-pillar and the step it aims for."""

    text: str
    subpillar_id: str | None = None
    start_step: int | None = None
    target_step: int | None = None
    why: str = ""
    done_when: str = ""
    target_date: dt.date | None = None
    status: GoalStatus = "open"
    status_date: dt.date | None = None
    review_date: dt.date | None = None
    barriers: str = ""
    barrier_plan: str = ""
    waits_for: str | None = None
    actions: list[Action] = field(default_factory=list)
    rewards: list[Reward] = field(default_factory=list)
    key: str = field(default_factory=new_key)
    created_on: dt.date | None = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.key == key), None)

    def reward(self, key: str) -> Reward | None:
        return next((r for r in self.rewards if r.key == key), None)


@dataclass
class RewardGiven:
    """One line of the ledger: a reward handed over on a date, for something, worth a value."""

    date: dt.date
    for_what: str
    value_cents: int = 0
    kind: RewardKind = "tangible"
    goal_key: str | None = None
    reward_key: str | None = None
    key: str = field(default_factory=new_key)


@dataclass(frozen=True)
class HistoryEntry:
    """One field of one goal, action, reward or the plan changed: old value, new value, when."""

    at: dt.datetime
    entity: str  # goal | action | reward | given | plan
    key: str
    field: str  # a field name, or "added" / "removed"
    old: Any = None
    new: Any = None
    goal_key: str | None = None


@dataclass
class Plan:
    """A client's whole plan. ``client_id`` is None for an exercise kept in memory."""

    client_id: int | None = None
    goals: list[Goal] = field(default_factory=list)
    ledger: list[RewardGiven] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    next_meeting: dt.datetime | None = None
    next_meeting_note: str = ""
    ignored: tuple[str, ...] = ()

    # -- look-ups -----------------------------------------------------------
    def goal(self, key: str | None) -> Goal | None:
        return next((g for g in self.goals if g.key == key), None)

    def find_action(self, key: str) -> tuple[Goal, Action] | None:
        for goal in self.goals:
            for action in goal.actions:
                if action.key == key:
                    return goal, action
        return None

    def find_reward(self, key: str) -> tuple[Goal, Reward] | None:
        for goal in self.goals:
            for reward in goal.rewards:
                if reward.key == key:
                    return goal, reward
        return None

    def actions(self) -> list[tuple[Goal, Action]]:
        return [(g, a) for g in self.goals for a in g.actions]

    def history_of(self, key: str) -> list[HistoryEntry]:
        """Changes of one goal (including its actions and rewards) or one action, oldest first."""
        return [h for h in self.history if h.key == key or h.goal_key == key]


# -- edits --------------------------------------------------------------------
EDIT_KINDS = (
    "goal.add", "goal.set", "goal.remove",
    "action.add", "action.set", "action.remove",
    "reward.add", "reward.set", "reward.remove",
    "given.add", "given.remove",
    "plan.set",
)  # fmt: skip


@dataclass(frozen=True)
class PlanEdit:
    """One change a user made. ``key`` names the goal/action/reward/ledger line;
    ``parent`` the goal an action or reward is added to; ``values`` the fields."""

    kind: str
    key: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None
