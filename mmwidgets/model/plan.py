"""Goal-action plans: goals in the client's own words, small actions, agreed rewards.

Pure Python. A :class:`Plan` holds a client's goals (each with its actions and agreed
rewards), the ledger of rewards given, the next appointment and the history of every
change. Everything that changes a plan is a :class:`PlanEdit`; :func:`apply_edit`
validates it, applies it and returns the :class:`HistoryEntry` rows it produced. The
store (``mmwidgets.store.plans``) uses the same checks (``normalise_*``, ``diff``), so
that a plan edited in memory (the training exercise) and one saved in the database
behave alike.

Goals, actions and rewards are identified by a ``key`` (a short random text made when
they are created), not by a database id, so the editor can work without a store.
Moving a date is re-routing: the old value stays in the history, never in the plan.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Literal, get_args

from babel.dates import format_date

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.assessment import InvalidInput, parse_date
from mmwidgets.model.files import Problem

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


# field sets -----------------------------------------------------------------
GOAL_FIELDS = (
    "text", "subpillar_id", "start_step", "target_step", "why", "done_when", "target_date",
    "status", "status_date", "review_date", "barriers", "barrier_plan", "waits_for", "created_on",
)  # fmt: skip
ACTION_FIELDS = ("what", "who", "who_name", "due", "done_on", "created_on")
REWARD_FIELDS = ("what", "kind", "for_what", "interim", "tier", "value_cents", "created_on")
GIVEN_FIELDS = ("date", "for_what", "value_cents", "kind", "goal_key", "reward_key")
PLAN_FIELDS = ("next_meeting", "next_meeting_note", "ignored")


def _text(value: Any, where: str, limit: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(where, "pyd_string_type")
    text = value.strip()
    if required and not text:
        raise _bad(where, f"plan_{where}_empty")
    if len(text) > limit:
        raise _bad(where, "text_too_long", {"max": limit})
    return text


def _choice(value: Any, where: str, options: tuple[str, ...], optional: bool = False) -> Any:
    if optional and value in (None, ""):
        return None
    if value not in options:
        raise _bad(where, "pyd_literal_error", {"expected": ", ".join(options)})
    return value


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except InvalidInput:
            raise _bad(where, "bad_date", {"input": value.strip()[:40]}) from None
    raise _bad(where, "bad_date", {"input": str(value)[:40]})


def _datetime(value: Any, where: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0))
    if isinstance(value, str):
        return parse_meeting(value)
    raise _bad(where, "bad_date", {"input": str(value)[:40]})


def _step(value: Any, where: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_STEP:
        raise _bad(where, "step_out_of_range", {"step": value, "max": MAX_STEP})
    return value


def _cents(value: Any, where: str, optional: bool = True) -> int | None:
    if value in (None, ""):
        if optional:
            return None
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VALUE_CENTS:
        raise _bad(where, "plan_bad_value", {"max": MAX_VALUE_CENTS // 100})
    return value


def _optional_key(value: Any, where: str) -> str | None:
    if value in (None, ""):
        return None
    return check_key(value, where)


def _unknown(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name in values:
        if name not in allowed:
            raise _bad(str(name), "pyd_extra_forbidden")


def normalise_goal(values: dict[str, Any], adding: bool = False) -> dict[str, Any]:
    """Checked and cleaned goal fields, or :class:`InvalidInput` naming the field."""
    _unknown(values, GOAL_FIELDS)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "text":
            out[name] = _text(value, "goal", MAX_GOAL_TEXT, required=True)
        elif name == "subpillar_id":
            if value in (None, ""):
                out[name] = None
            elif not isinstance(value, str) or not _SUB_ID.match(value):
                raise _bad("subpillar_id", "unknown_subpillar", {"id": str(value)[:40]})
            else:
                out[name] = value
        elif name in ("start_step", "target_step"):
            out[name] = _step(value, name)
        elif name in ("why", "done_when", "barriers", "barrier_plan"):
            out[name] = _text(value, name, MAX_TEXT)
        elif name in ("target_date", "status_date", "review_date", "created_on"):
            out[name] = _date(value, name)
        elif name == "status":
            out[name] = _choice(value, "status", GOAL_STATUSES)
        elif name == "waits_for":
            out[name] = _optional_key(value, "waits_for")
    if adding and "text" not in out:
        raise _bad("goal", "plan_goal_empty")
    return out


def normalise_action(values: dict[str, Any], adding: bool = False) -> dict[str, Any]:
    _unknown(values, ACTION_FIELDS)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "what":
            out[name] = _text(value, "what", MAX_ACTION_TEXT, required=True)
        elif name == "who":
            out[name] = _choice(value, "who", WHO, optional=True)
        elif name == "who_name":
            out[name] = " ".join(_text(value, "who_name", MAX_NAME).split())
        elif name in ("due", "done_on", "created_on"):
            out[name] = _date(value, name)
    if adding and "what" not in out:
        raise _bad("what", "plan_what_empty")
    return out


def normalise_reward(values: dict[str, Any], adding: bool = False) -> dict[str, Any]:
    _unknown(values, REWARD_FIELDS)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "what":
            out[name] = _text(value, "reward", MAX_ACTION_TEXT, required=True)
        elif name == "kind":
            out[name] = _choice(value, "kind", REWARD_KINDS)
        elif name == "for_what":
            out[name] = _choice(value, "for_what", REWARD_FOR)
        elif name == "interim":
            out[name] = _text(value, "interim", MAX_ACTION_TEXT)
        elif name == "tier":
            out[name] = None if value in (None, "") else _text(value, "tier", 40)
        elif name == "value_cents":
            out[name] = _cents(value, "value")
        elif name == "created_on":
            out[name] = _date(value, name)
    if adding and "what" not in out:
        raise _bad("reward", "plan_reward_empty")
    return out


def normalise_given(values: dict[str, Any]) -> dict[str, Any]:
    _unknown(values, GIVEN_FIELDS)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "date":
            out[name] = _date(value, "date")
        elif name == "for_what":
            out[name] = _text(value, "for_what", MAX_ACTION_TEXT, required=True)
        elif name == "value_cents":
            out[name] = _cents(value, "value", optional=False)
        elif name == "kind":
            out[name] = _choice(value, "kind", REWARD_KINDS)
        elif name in ("goal_key", "reward_key"):
            out[name] = _optional_key(value, name)
    if out.get("date") is None:
        raise _bad("date", "bad_date", {"input": ""})
    if "for_what" not in out:
        raise _bad("for_what", "plan_for_what_empty")
    return out


def normalise_plan(values: dict[str, Any]) -> dict[str, Any]:
    _unknown(values, PLAN_FIELDS)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "next_meeting":
            out[name] = _datetime(value, "next_meeting")
        elif name == "next_meeting_note":
            out[name] = _text(value, "next_meeting_note", MAX_ACTION_TEXT)
        elif name == "ignored":
            if not isinstance(value, (list, tuple, set, frozenset)):
                raise _bad("ignored", "pyd_list_type")
            items = sorted({str(v)[:80] for v in value})
            out[name] = tuple(items[:500])
    return out


def diff(obj: Any, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value would really change: ``{field: (old, new)}``."""
    return {name: (getattr(obj, name), new) for name, new in values.items() if getattr(obj, name) != new}


def goal_status_values(goal: Goal, values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A status change also records the date it changed (today unless given)."""
    if "status" in values and values["status"] != goal.status and "status_date" not in values:
        return {**values, "status_date": today}
    return values


def check_waits_for(waits: dict[str, str | None], key: str, target: str | None) -> None:
    """``target`` must be another goal of the plan, without a circle back to ``key``.

    ``waits`` maps each goal key of the plan to the goal it waits for.
    """
    if target is None:
        return
    if target not in waits:
        raise _bad("waits_for", "plan_unknown_goal")
    seen = {key}
    current: str | None = target
    while current is not None:
        if current in seen:
            raise _bad("waits_for", "plan_waits_circle")
        seen.add(current)
        current = waits.get(current)


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


# -- dates typed at the table ---------------------------------------------------
_WEEKDAYS = {
    "maandag": 0, "ma": 0, "monday": 0, "mon": 0,
    "dinsdag": 1, "di": 1, "tuesday": 1, "tue": 1,
    "woensdag": 2, "wo": 2, "wednesday": 2, "wed": 2,
    "donderdag": 3, "do": 3, "thursday": 3, "thu": 3,
    "vrijdag": 4, "vr": 4, "friday": 4, "fri": 4,
    "zaterdag": 5, "za": 5, "saturday": 5, "sat": 5,
    "zondag": 6, "zo": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
_TODAY = {"vandaag", "today", "nu", "now"}
_TOMORROW = {"morgen", "tomorrow"}
_DAY_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
_PLUS = re.compile(r"^\+\s*(\d{1,3})\s*(d|dag|dagen|day|days|w|wk|week|weken|weeks)?$")


def parse_due(text: str | dt.date | None, today: dt.date) -> dt.date | None:
    """A due date as typed at the table, or None for an empty field.

    Accepts what :func:`parse_date` accepts (9-3-2026, 2026-03-09, 09/03/2026) and:
    ``vandaag``/``today``, ``morgen``/``tomorrow``, a weekday (``vrijdag``, ``fri``: the
    next one, today counts), ``9-3`` (the next 9 March), ``+3`` (days) or ``+2w`` (weeks).
    """
    if text is None or isinstance(text, dt.date):
        return text
    raw = " ".join(text.strip().lower().split())
    if not raw:
        return None
    if raw in _TODAY:
        return today
    if raw in _TOMORROW:
        return today + dt.timedelta(days=1)
    if raw in _WEEKDAYS:
        return today + dt.timedelta(days=(_WEEKDAYS[raw] - today.weekday()) % 7)
    plus = _PLUS.match(raw)
    if plus:
        count = int(plus.group(1))
        unit = plus.group(2) or "d"
        days = count * 7 if unit.startswith("w") else count
        return today + dt.timedelta(days=days)
    day_month = _DAY_MONTH.match(raw)
    if day_month:
        day, month = int(day_month.group(1)), int(day_month.group(2))
        for year in (today.year, today.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                break
            if candidate >= today:
                return candidate
        raise _bad("date", "plan_bad_due", {"input": text.strip()[:40]})
    try:
        return parse_date(raw)
    except InvalidInput:
        raise _bad("date", "plan_bad_due", {"input": text.strip()[:40]}) from None


_TIME = re.compile(r"^(.*?)[\sT]+(?:om\s+|at\s+)?(\d{1,2})[:.](\d{2})(?:\s*(?:uur|u|h))?$")


def parse_meeting(text: str, today: dt.date | None = None) -> dt.datetime | None:
    """An appointment typed as ``12-3-2026 14:30`` (or a date alone: then no time)."""
    raw = " ".join((text or "").strip().split())
    if not raw:
        return None
    today = today or dt.date.today()
    match = _TIME.match(raw)
    if match:
        hour, minute = int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise _bad("next_meeting", "bad_date", {"input": raw[:40]})
        day = parse_due(match.group(1), today)
        if day is None:
            raise _bad("next_meeting", "bad_date", {"input": raw[:40]})
        return dt.datetime.combine(day, dt.time(hour, minute))
    day = parse_due(raw, today)
    return dt.datetime.combine(day, dt.time(0, 0)) if day else None


def has_time(moment: dt.datetime | None) -> bool:
    """An appointment stored at midnight means 'no time given'."""
    return moment is not None and (moment.hour, moment.minute) != (0, 0)


# -- weeks ----------------------------------------------------------------------
def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def actions_in_weeks(plan: Plan, today: dt.date) -> tuple[list[tuple[Goal, Action]], list[tuple[Goal, Action]]]:
    """Open actions of active goals for this week (overdue ones included) and next week."""
    monday = week_start(today)
    next_monday = monday + dt.timedelta(days=7)
    after = next_monday + dt.timedelta(days=7)
    this_week, next_week = [], []
    for goal, action in plan.actions():
        if not goal.active or action.done or action.due is None:
            continue
        if action.due < next_monday:
            this_week.append((goal, action))
        elif action.due < after:
            next_week.append((goal, action))
    this_week.sort(key=lambda ga: ga[1].due)  # type: ignore[arg-type,return-value]
    next_week.sort(key=lambda ga: ga[1].due)  # type: ignore[arg-type,return-value]
    return this_week, next_week


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def who_label(who: str | None, name: str, lang: str | None) -> str:
    """Who does an action, as the coach's screen says it (the take-home page says "ik")."""
    if who == "other":
        return name.strip() or t("plan.who.other", lang)
    if who in WHO:
        return t(f"plan.who.{who}", lang)
    return t("plan.who.none", lang)


# -- history as sentences ---------------------------------------------------------
def value_text(name: str, value: Any, lang: str | None) -> str:
    """A stored value as a person reads it."""
    lang = normalise_language(lang)
    if value is None or value == "":
        return t("plan.hist.empty", lang)
    if isinstance(value, dt.datetime):
        text = format_date(value.date(), "medium", locale=lang)
        return text + (value.strftime(" %H:%M") if has_time(value) else "")
    if isinstance(value, dt.date):
        return format_date(value, "medium", locale=lang)
    if name == "status":
        return t(f"plan.status.{value}", lang)
    if name == "who":
        return t(f"plan.who.{value}", lang)
    if name == "kind":
        return t(f"plan.reward.kind.{value}", lang)
    if name == "for_what":
        return t(f"plan.reward.for.{value}", lang)
    if name == "value_cents" and isinstance(value, int):
        return f"{value / 100:.2f}".replace(".", "," if lang == "nl" else ".")
    return str(value)


def meeting_text(moment: dt.datetime, lang: str | None) -> str:
    """An appointment in full: ``dinsdag 17 maart 2026 om 14:30 uur``."""
    lang = normalise_language(lang)
    day = format_date(moment.date(), "EEEE d MMMM y", locale=lang)
    if has_time(moment):
        return t("plan.home.at_time", lang, date=day, time=f"{moment.hour:02d}:{moment.minute:02d}")
    return day


def history_sentence(entry: HistoryEntry, lang: str | None, names: dict[str, str] | None = None) -> str:
    """``entry`` as one plain sentence (without the date). ``names`` maps keys to texts."""
    names = names or {}
    item = names.get(entry.key, "")
    if entry.field == "added":
        return t(f"plan.hist.added.{entry.entity}", lang, item=item or entry.new or "")
    if entry.field == "removed":
        return t(f"plan.hist.removed.{entry.entity}", lang, item=entry.old or item)
    old = value_text(entry.field, entry.old, lang)
    new = value_text(entry.field, entry.new, lang)
    if entry.field == "due":
        return t("plan.hist.moved", lang, item=item, old=old, new=new)
    if entry.field == "done_on":
        if entry.new is None:
            return t("plan.hist.undone", lang, item=item)
        return t("plan.hist.done", lang, item=item, new=new)
    if entry.field == "waits_for":
        old = names.get(entry.old, old) if entry.old else old
        new = names.get(entry.new, new) if entry.new else new
    label = t(f"plan.field.{entry.field}", lang)
    return t("plan.hist.changed", lang, field=label, item=item, old=old, new=new)
