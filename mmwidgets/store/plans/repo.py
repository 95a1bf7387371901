"""Goal-action plans in the database: load a client's plan, apply edits, keep the history.

:meth:`PlanRepo.apply` takes the same :class:`~mmwidgets.model.plan.PlanEdit` as the
in-memory :func:`~mmwidgets.model.plan.apply_edit`, checks it with the same model
functions, and writes the change and a history row per changed field in ONE transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import partialmethod
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mmwidgets.model.plan import (
    ACTION_FIELDS,
    CHILD_KINDS,
    GOAL_FIELDS,
    MAX_GOALS,
    REWARD_FIELDS,
    Action,
    Goal,
    HistoryEntry,
    Plan,
    PlanEdit,
    Reward,
    RewardGiven,
    _bad,
    check_key,
    check_waits_for,
    diff,
    goal_status_values,
    new_key,
    normalise_given,
    normalise_goal,
    normalise_plan,
)
from mmwidgets.model.plan.rewards import PeriodTotal, ledger_by_period, ledger_total
from mmwidgets.store.clients import client_missing
from mmwidgets.store.db import Database
from mmwidgets.store.plans.tables import (
    ActionRow,
    GoalRow,
    PlanHistoryRow,
    PlanRow,
    RewardGivenRow,
    RewardRow,
    utcnow,
)
from mmwidgets.store.tables import ClientRow

_DATE_FIELDS = {"due", "done_on", "target_date", "status_date", "review_date", "created_on", "date"}
_DATETIME_FIELDS = {"next_meeting"}


# -- values in the history ---------------------------------------------------------
def _encode(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return json.dumps(value.isoformat())
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


def _decode(field: str, text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    if value is None:
        return None
    if field in _DATE_FIELDS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if field in _DATETIME_FIELDS and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value


def _to_utc(local: dt.datetime) -> dt.datetime:
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _from_utc(utc: dt.datetime) -> dt.datetime:
    return utc.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


# -- rows to model -----------------------------------------------------------------
def _goal(row: Any) -> Goal:
    return Goal(key=row.key, **{name: getattr(row, name) for name in GOAL_FIELDS})


def _action(row: Any) -> Action:
    return Action(key=row.key, **{name: getattr(row, name) for name in ACTION_FIELDS})


def _reward(row: Any) -> Reward:
    return Reward(key=row.key, **{name: getattr(row, name) for name in REWARD_FIELDS})


_CHILD_ROWS: dict[str, Any] = {"action": ActionRow, "reward": RewardRow}
_ROW_TO_MODEL = {"action": _action, "reward": _reward}


def _given(row: Any) -> RewardGiven:
    return RewardGiven(
        key=row.key,
        date=row.date,
        for_what=row.for_what,
        value_cents=row.value_cents,
        kind=row.kind,
        goal_key=row.goal_key,
        reward_key=row.reward_key,
    )


def _history_entry(row: Any) -> HistoryEntry:
    return HistoryEntry(
        at=_from_utc(row.at),
        entity=row.entity,
        key=row.key,
        field=row.field,
        old=_decode(row.field, row.old_value),
        new=_decode(row.field, row.new_value),
        goal_key=row.goal_key,
    )


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class PlanRepo:
    """The plans of the clients in one :class:`Store`. Every method is one transaction."""

    def __init__(self, store: Database):
        self.store = store

    # -- reading ------------------------------------------------------------------
    def load(self, client_id: int, with_history: bool = True) -> Plan:
        """The client's whole plan: goals with actions and rewards, ledger, history."""
        goals_t, actions_t = GoalRow.__table__, ActionRow.__table__
        rewards_t, given_t = RewardRow.__table__, RewardGivenRow.__table__
        with self.store.transaction() as s:
            self._need_client(s, client_id)
            goal_rows = s.execute(
                select(goals_t).where(goals_t.c.client_id == client_id).order_by(goals_t.c.id)
            ).all()
            by_id: dict[int, Goal] = {}
            goals = []
            for row in goal_rows:
                goal = _goal(row)
                by_id[row.id] = goal
                goals.append(goal)
            for row in s.execute(
                select(actions_t).where(actions_t.c.client_id == client_id).order_by(actions_t.c.id)
            ):
                by_id[row.goal_id].actions.append(_action(row))
            for row in s.execute(
                select(rewards_t).where(rewards_t.c.client_id == client_id).order_by(rewards_t.c.id)
            ):
                by_id[row.goal_id].rewards.append(_reward(row))
            ledger = [
                _given(row)
                for row in s.execute(
                    select(given_t)
                    .where(given_t.c.client_id == client_id)
                    .order_by(given_t.c.date, given_t.c.id)
                )
            ]
            plan = Plan(client_id=client_id, goals=goals, ledger=ledger)
            meta = s.get(PlanRow, client_id)
            if meta is not None:
                plan.next_meeting = meta.next_meeting
                plan.next_meeting_note = meta.next_meeting_note or ""
                plan.ignored = tuple(json.loads(meta.ignored or "[]"))
            if with_history:
                plan.history = self._history(s, client_id, None)
        return plan

    def history(self, client_id: int, key: str | None = None) -> list[HistoryEntry]:
        """Every change of the client's plan (or of one goal with its parts), oldest first."""
        with self.store.transaction() as s:
            return self._history(s, client_id, key)

    def ledger(self, client_id: int) -> list[RewardGiven]:
        with self.store.transaction() as s:
            t = RewardGivenRow.__table__
            return [
                _given(row)
                for row in s.execute(
                    select(t).where(t.c.client_id == client_id).order_by(t.c.date, t.c.id)
                )
            ]

    def total_given(self, client_id: int, start: dt.date | None = None, end: dt.date | None = None) -> int:
        """Value (cents) of rewards given to the client from ``start`` to ``end`` (included)."""
        return ledger_total(self.ledger(client_id), start, end)

    def totals_by_period(self, client_id: int, period: str = "month") -> list[PeriodTotal]:
        return ledger_by_period(self.ledger(client_id), period)

    def totals_by_client(self, start: dt.date | None = None, end: dt.date | None = None) -> dict[int, int]:
        """For a team: cents given per client in the period (clients without rewards left out)."""
        t = RewardGivenRow.__table__
        query = select(t.c.client_id, func.sum(t.c.value_cents)).group_by(t.c.client_id)
        if start is not None:
            query = query.where(t.c.date >= start)
        if end is not None:
            query = query.where(t.c.date <= end)
        with self.store.transaction() as s:
            return {cid: int(total or 0) for cid, total in s.execute(query)}

    # -- writing ------------------------------------------------------------------
    def apply(
        self,
        client_id: int,
        edit: PlanEdit,
        at: dt.datetime | None = None,
        today: dt.date | None = None,
    ) -> list[HistoryEntry]:
        """Check and save one edit with its history, in one transaction; returns the history."""
        at = (at or _now()).replace(microsecond=0)
        today = today or at.date()
        handler = getattr(self, "_" + edit.kind.replace(".", "_"), None) if isinstance(edit.kind, str) else None
        if handler is None or edit.kind.count(".") != 1:
            raise _bad("edit", "plan_unknown_edit", {"kind": str(edit.kind)[:40]})
        try:
            with self.store.transaction() as s:
                self._need_client(s, client_id)
                entries: list[HistoryEntry] = handler(s, client_id, edit, at, today)
                stamp = _to_utc(at)
                for e in entries:
                    s.add(
                        PlanHistoryRow(
                            client_id=client_id,
                            at=stamp,
                            entity=e.entity,
                            key=e.key,
                            goal_key=e.goal_key,
                            field=e.field,
                            old_value=_encode(e.old),
                            new_value=_encode(e.new),
                        )
                    )
        except IntegrityError:  # a key already taken (or the client erased meanwhile)
            raise _bad("key", "plan_bad_key") from None
        return entries

    # conveniences for code and tests: each is one :meth:`apply`
    def add_goal(self, client_id: int, text: str, **values: Any) -> str:
        key = values.pop("key", None) or new_key()
        self.apply(client_id, PlanEdit("goal.add", key=key, values={"text": text, **values}))
        return key

    def add_action(self, client_id: int, goal_key: str, what: str, **values: Any) -> str:
        key = values.pop("key", None) or new_key()
        self.apply(client_id, PlanEdit("action.add", key=key, parent=goal_key, values={"what": what, **values}))
        return key

    def set_goal(self, client_id: int, key: str, **values: Any) -> list[HistoryEntry]:
        return self.apply(client_id, PlanEdit("goal.set", key=key, values=values))

    def set_action(self, client_id: int, key: str, **values: Any) -> list[HistoryEntry]:
        return self.apply(client_id, PlanEdit("action.set", key=key, values=values))

    def tick(self, client_id: int, key: str, done_on: dt.date | None) -> list[HistoryEntry]:
        """Mark an action done on ``done_on`` (None: not done)."""
        return self.set_action(client_id, key, done_on=done_on)

    def move_due(self, client_id: int, key: str, due: dt.date | None) -> list[HistoryEntry]:
        """Re-route: a new date for an action; the old one stays in the history."""
        return self.set_action(client_id, key, due=due)

    def agree_reward(self, client_id: int, goal_key: str, what: str, **values: Any) -> str:
        key = values.pop("key", None) or new_key()
        self.apply(client_id, PlanEdit("reward.add", key=key, parent=goal_key, values={"what": what, **values}))
        return key

    def give_reward(self, client_id: int, **values: Any) -> str:
        key = values.pop("key", None) or new_key()
        self.apply(client_id, PlanEdit("given.add", key=key, values=values))
        return key

    # -- internals ------------------------------------------------------------------
    @staticmethod
    def _need_client(s: Session, client_id: int) -> None:
        if s.get(ClientRow, client_id) is None:
            raise client_missing(client_id)

    @staticmethod
    def _history(s: Session, client_id: int, key: str | None) -> list[HistoryEntry]:
        t = PlanHistoryRow.__table__
        query = select(t).where(t.c.client_id == client_id)
        if key is not None:
            query = query.where((t.c.key == key) | (t.c.goal_key == key))
        return [_history_entry(row) for row in s.execute(query.order_by(t.c.at, t.c.id))]

    @staticmethod
    def _goal_row(s: Session, client_id: int, key: str | None) -> GoalRow:
        row = s.execute(
            select(GoalRow).where(GoalRow.client_id == client_id, GoalRow.key == (key or ""))
        ).scalar_one_or_none()
        if row is None:
            raise _bad("goal", "plan_unknown_goal")
        return row

    @staticmethod
    def _waits(s: Session, client_id: int) -> dict[str, str | None]:
        return dict(
            s.execute(select(GoalRow.key, GoalRow.waits_for).where(GoalRow.client_id == client_id)).all()
        )

    @staticmethod
    def _key(edit: PlanEdit) -> str:
        return check_key(edit.key) if edit.key else new_key()

    @staticmethod
    def _set(row: Any, changes: dict[str, tuple[Any, Any]]) -> None:
        for name, (_, new) in changes.items():
            setattr(row, name, new)
        if changes and hasattr(row, "updated_at"):
            row.updated_at = utcnow()

    # goals
    def _goal_add(self, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        values = normalise_goal(edit.values, adding=True)
        values.setdefault("created_on", today)
        if values.get("status", "open") != "open":
            values.setdefault("status_date", today)
        key = self._key(edit)
        waits = self._waits(s, client_id)
        if len(waits) >= MAX_GOALS:
            raise _bad("goal", "plan_too_many", {"max": MAX_GOALS})
        if key in waits:
            raise _bad("key", "plan_bad_key")
        waits[key] = None
        check_waits_for(waits, key, values.get("waits_for"))
        goal = Goal(key=key, **values)  # the model's defaults, as in memory
        s.add(GoalRow(key=key, client_id=client_id, **{n: getattr(goal, n) for n in GOAL_FIELDS}))
        s.flush()
        return [HistoryEntry(at, "goal", key, "added", None, values["text"], key)]

    def _goal_set(self, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        row = self._goal_row(s, client_id, edit.key)
        goal = _goal(row)
        values = goal_status_values(goal, normalise_goal(edit.values), today)
        if "waits_for" in values:
            check_waits_for(self._waits(s, client_id), goal.key, values["waits_for"])
        changes = diff(goal, values)
        self._set(row, changes)
        return [HistoryEntry(at, "goal", goal.key, n, o, v, goal.key) for n, (o, v) in changes.items()]

    def _goal_remove(self, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        row = self._goal_row(s, client_id, edit.key)
        entries = [HistoryEntry(at, "goal", row.key, "removed", row.text, None, row.key)]
        s.execute(delete(ActionRow).where(ActionRow.goal_id == row.id))
        s.execute(delete(RewardRow).where(RewardRow.goal_id == row.id))
        waiting = s.execute(
            select(GoalRow).where(GoalRow.client_id == client_id, GoalRow.waits_for == row.key)
        ).scalars()
        for other in waiting:
            other.waits_for = None
            other.updated_at = utcnow()
            entries.append(HistoryEntry(at, "goal", other.key, "waits_for", row.key, None, other.key))
        s.delete(row)
        return entries

    # actions and agreed rewards: the same steps, told apart by CHILD_KINDS and _CHILD_ROWS
    def _child_row(self, s: Session, client_id: int, entity: str, key: str | None) -> tuple[Any, str]:
        spec, row_class = CHILD_KINDS[entity], _CHILD_ROWS[entity]
        found = s.execute(
            select(row_class, GoalRow.key)
            .join(GoalRow, GoalRow.id == row_class.goal_id)
            .where(row_class.client_id == client_id, row_class.key == (key or ""))
        ).one_or_none()
        if found is None:
            raise _bad(spec.where, spec.unknown)
        return found[0], found[1]

    def _child_add(self, entity: str, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        spec, row_class = CHILD_KINDS[entity], _CHILD_ROWS[entity]
        goal = self._goal_row(s, client_id, edit.parent)
        if spec.most is not None:
            count = s.execute(select(func.count()).where(row_class.goal_id == goal.id)).scalar() or 0
            if count >= spec.most:
                raise _bad(spec.where, "plan_too_many", {"max": spec.most})
        values = spec.normalise(edit.values, adding=True)
        values.setdefault("created_on", today)
        key = self._key(edit)
        child = spec.cls(key=key, **values)
        s.add(row_class(key=key, goal_id=goal.id, client_id=client_id, **{n: getattr(child, n) for n in spec.names}))
        s.flush()
        return [HistoryEntry(at, entity, key, "added", None, values["what"], goal.key)]

    def _child_set(self, entity: str, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        spec = CHILD_KINDS[entity]
        row, goal_key = self._child_row(s, client_id, entity, edit.key)
        changes = diff(_ROW_TO_MODEL[entity](row), spec.normalise(edit.values))
        self._set(row, changes)
        return [HistoryEntry(at, entity, row.key, n, o, v, goal_key) for n, (o, v) in changes.items()]

    def _child_remove(self, entity: str, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        row, goal_key = self._child_row(s, client_id, entity, edit.key)
        entry = HistoryEntry(at, entity, row.key, "removed", row.what, None, goal_key)
        s.delete(row)
        return [entry]

    # apply() finds a handler by the edit's kind: "action.add" -> _action_add
    _action_add = partialmethod(_child_add, "action")
    _action_set = partialmethod(_child_set, "action")
    _action_remove = partialmethod(_child_remove, "action")
    _reward_add = partialmethod(_child_add, "reward")
    _reward_set = partialmethod(_child_set, "reward")
    _reward_remove = partialmethod(_child_remove, "reward")

    # the ledger
    def _given_add(self, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        values = normalise_given(edit.values)
        if values.get("goal_key"):
            self._goal_row(s, client_id, values["goal_key"])
        key = self._key(edit)
        given = RewardGiven(key=key, **values)
        s.add(
            RewardGivenRow(
                key=key, client_id=client_id, date=given.date, for_what=given.for_what,
                value_cents=given.value_cents, kind=given.kind, goal_key=given.goal_key,
                reward_key=given.reward_key,
            )
        )  # fmt: skip
        s.flush()
        return [HistoryEntry(at, "given", key, "added", None, given.value_cents, given.goal_key)]

    def _given_remove(self, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        row = s.execute(
            select(RewardGivenRow).where(
                RewardGivenRow.client_id == client_id, RewardGivenRow.key == (edit.key or "")
            )
        ).scalar_one_or_none()
        if row is None:
            raise _bad("given", "plan_unknown_reward")
        entry = HistoryEntry(at, "given", row.key, "removed", row.value_cents, None, row.goal_key)
        s.delete(row)
        return [entry]

    # the plan itself
    def _plan_set(self, s: Session, client_id: int, edit: PlanEdit, at: dt.datetime, today: dt.date):
        values = normalise_plan(edit.values)
        row = s.get(PlanRow, client_id)
        if row is None:
            row = PlanRow(client_id=client_id, next_meeting=None, next_meeting_note="", ignored="[]")
            s.add(row)
        current = Plan(
            client_id=client_id,
            next_meeting=row.next_meeting,
            next_meeting_note=row.next_meeting_note or "",
            ignored=tuple(json.loads(row.ignored or "[]")),
        )
        changes = diff(current, values)
        for name, (_, new) in changes.items():
            setattr(row, name, json.dumps(list(new)) if name == "ignored" else new)
        if changes:
            row.updated_at = utcnow()
        return [
            HistoryEntry(at, "plan", "plan", n, o, v, None) for n, (o, v) in changes.items() if n != "ignored"
        ]


# -- exports: the client's own data, and research data without free text -----------------
def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def plan_export(s: Session, client_id: int) -> tuple[str, Any]:
    """Everything of the client's plan, for the client's own export."""
    goals = []
    goal_rows = s.execute(select(GoalRow).where(GoalRow.client_id == client_id).order_by(GoalRow.id)).scalars()
    for row in goal_rows:
        goal = {name: _iso(getattr(row, name)) for name in GOAL_FIELDS}
        goal["key"] = row.key
        goal["actions"] = [
            {"key": a.key, **{n: _iso(getattr(a, n)) for n in ACTION_FIELDS}}
            for a in s.execute(select(ActionRow).where(ActionRow.goal_id == row.id).order_by(ActionRow.id)).scalars()
        ]
        goal["rewards"] = [
            {"key": r.key, **{n: _iso(getattr(r, n)) for n in REWARD_FIELDS}}
            for r in s.execute(select(RewardRow).where(RewardRow.goal_id == row.id).order_by(RewardRow.id)).scalars()
        ]
        goals.append(goal)
    ledger = [
        {
            "date": _iso(g.date), "for_what": g.for_what, "value_cents": g.value_cents,
            "kind": g.kind, "goal_key": g.goal_key,
        }
        for g in s.execute(
            select(RewardGivenRow).where(RewardGivenRow.client_id == client_id).order_by(RewardGivenRow.date)
        ).scalars()
    ]  # fmt: skip
    history = [
        {
            "at": _iso(h.at), "entity": h.entity, "key": h.key, "field": h.field,
            "old": _decode(h.field, h.old_value), "new": _decode(h.field, h.new_value),
        }
        for h in s.execute(
            select(PlanHistoryRow).where(PlanHistoryRow.client_id == client_id).order_by(PlanHistoryRow.id)
        ).scalars()
    ]  # fmt: skip
    history = [{k: _iso(v) for k, v in h.items()} for h in history]
    meta = s.get(PlanRow, client_id)
    return "plan", {
        "goals": goals,
        "rewards_given": ledger,
        "next_meeting": _iso(meta.next_meeting) if meta else None,
        "next_meeting_note": meta.next_meeting_note if meta else "",
        "history": history,
    }


def plan_research_export(s: Session, client_id: int) -> tuple[str, Any]:
    """Goals, action counts and rewards given, without any free text or keys."""
    goals = []
    for row in s.execute(select(GoalRow).where(GoalRow.client_id == client_id).order_by(GoalRow.id)).scalars():
        actions = list(s.execute(select(ActionRow.due, ActionRow.done_on).where(ActionRow.goal_id == row.id)))
        goals.append(
            {
                "subpillar_id": row.subpillar_id,
                "start_step": row.start_step,
                "target_step": row.target_step,
                "status": row.status,
                "created_on": _iso(row.created_on),
                "status_date": _iso(row.status_date),
                "target_date": _iso(row.target_date),
                "actions": len(actions),
                "actions_done": sum(1 for _, done in actions if done is not None),
            }
        )
    given = [
        {"date": _iso(d), "value_cents": v, "kind": k}
        for d, v, k in s.execute(
            select(RewardGivenRow.date, RewardGivenRow.value_cents, RewardGivenRow.kind)
            .where(RewardGivenRow.client_id == client_id)
            .order_by(RewardGivenRow.date)
        )
    ]
    return "plan", {"goals": goals, "rewards_given": given}


# -- the plan in the client's export and the research export ------------------------------
def _register_exports() -> None:
    from mmwidgets.store import export

    if plan_export not in export.EXPORTERS:
        export.EXPORTERS.append(plan_export)
    if plan_research_export not in export.RESEARCH_EXPORTERS:
        export.RESEARCH_EXPORTERS.append(plan_research_export)


_register_exports()  # the Store (composition root) imports this module, so every Store has them
