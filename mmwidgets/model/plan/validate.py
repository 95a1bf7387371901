"""Checks for every field of a plan edit: ``normalise_*`` clean and check values or raise
:class:`InvalidInput` naming the field. The store uses the same checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mmwidgets.model.dates import check_range, parse_date, parse_meeting
from mmwidgets.model.plan.types import (
    _SUB_ID,
    GOAL_STATUSES,
    MAX_ACTION_TEXT,
    MAX_GOAL_TEXT,
    MAX_NAME,
    MAX_STEP,
    MAX_TEXT,
    MAX_VALUE_CENTS,
    REWARD_FOR,
    REWARD_KINDS,
    WHO,
    Goal,
    _bad,
    check_key,
)
from mmwidgets.model.client import looks_like_bsn
from mmwidgets.model.typed_input import clean_text

# field sets -----------------------------------------------------------------
GOAL_FIELDS = (
    "text", "subpillar_id", "start_step", "target_step", "why", "done_when", "target_date",
    "status", "status_date", "review_date", "barriers", "barrier_plan", "waits_for", "created_on",
)  # fmt: skip
ACTION_FIELDS = ("what", "who", "who_name", "due", "done_on", "created_on")
REWARD_FIELDS = ("what", "kind", "for_what", "interim", "tier", "value_cents", "created_on")
GIVEN_FIELDS = ("date", "for_what", "value_cents", "kind", "goal_key", "reward_key")
PLAN_FIELDS = ("next_meeting", "next_meeting_note", "ignored")


def _text(value: Any, where: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    """Every text a person types passes through :func:`clean_text` (invisible characters removed,
    control and bidi characters refused, length bounded), then the plan's own "empty" messages."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(where, "pyd_string_type")
    text = clean_text(value, where=where, max_length=limit, multiline=multiline)
    if looks_like_bsn(text):  # one BSN guard for names, notes and plan texts (issue 23)
        raise _bad(where, "name_bsn")
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
    if isinstance(value, (dt.date, str)):
        return parse_date(value, where)  # 1900-2100; a refusal names the field
    raise _bad(where, "bad_date", {"input": str(value)[:40]})


def _datetime(value: Any, where: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        check_range(value.date(), where)
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(check_range(value, where), dt.time(0, 0))
    if isinstance(value, str):
        return parse_meeting(value, where=where)
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
            out[name] = _text(value, name, MAX_TEXT, multiline=True)
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
