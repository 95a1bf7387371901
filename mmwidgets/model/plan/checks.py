"""Stress-aware plan checks: sentences for the coach, never rules.

Chronic stress eats working memory; a plan works better with few, small, concrete
actions, each with a person and a date. These checks point at what could help. The coach
may ignore any of them (the plan keeps a list of ignored check ids); nothing is blocked.
Only goals still being worked on (open or adjusted) and actions not yet done are checked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from mmwidgets.model.dates import format_day
from mmwidgets.i18n import t
from mmwidgets.model.plan import Action, Goal, Plan

#: more open actions than this due in the coming seven days is "een waslijst"
MAX_DUE_IN_WEEK = 3
#: an action of more words than this is probably more than one step
MAX_ACTION_WORDS = 14
#: words that usually mean "a whole project", not one small action (both languages: the
#: text is in the client's words, whatever the screen language). Words such as "alle" or
#: "all the" are not here: "maak een lijst van alle rekeningen" is one small step.
PROJECT_WORDS = (
    "regelen", "regel alles", "oplossen", "op orde", "op de rit", "op een rij krijgen", "aanpakken",
    "afbetalen", "schuldenvrij",
    "sort out", "solve", "get on top of", "fix all", "deal with all", "pay off", "debt free", "debt-free",
)  # fmt: skip
#: a whole goal written as an action: "werk vinden", "een huis zoeken", "find a job"
_GOAL_AS_ACTION = re.compile(
    r"\b(werk|een baan|baan|ander werk|huis|een huis|woning|een woning|diploma|opleiding)\s+"
    r"(vinden|zoeken|krijgen|halen|afmaken)\b"
    r"|\bzoek\s+(een\s+)?(werk|baan|huis|woning)\b"
    r"|\b(find|get|look for)\s+(a\s+|an\s+|some\s+)?(new\s+)?(job|work|house|home|flat|diploma)\b"
)
_SEVERAL_STEPS = re.compile(r"\b(en daarna|en dan|daarna|and then|after that)\b|;")


@dataclass(frozen=True)
class PlanCheck:
    """One remark about the plan. ``id`` is stable, so a coach can ignore it."""

    code: str
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    goal_key: str | None = None

    @property
    def id(self) -> str:
        return f"{self.code}:{self.key}"

    def message(self, lang: str | None = None) -> str:
        return t(f"plan.check.{self.code}", lang, **self.values)


def looks_too_big(what: str) -> bool:
    """Heuristic: long, several steps in one, a whole goal, or words that mean a whole project.

    Small concrete steps ("bel voor een afspraak", "zoek kinderopvang") are not flagged.
    """
    text = " ".join(what.lower().split())
    if len(text.split()) > MAX_ACTION_WORDS:
        return True
    if _SEVERAL_STEPS.search(text) or _GOAL_AS_ACTION.search(text):
        return True
    padded = f" {text} "
    return any(f" {word}" in padded for word in PROJECT_WORDS)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _goal_checks(goal: Goal) -> list[PlanCheck]:
    out = []
    name = _short(goal.text)
    if goal.target_date is None:
        out.append(PlanCheck("goal_no_date", goal.key, {"goal": name}, goal.key))
    if not goal.done_when.strip():
        out.append(PlanCheck("goal_no_sign", goal.key, {"goal": name}, goal.key))
    return out


def _action_checks(goal: Goal, action: Action) -> list[PlanCheck]:
    out = []
    name = _short(action.what)
    if action.who is None or (action.who == "other" and not action.who_name.strip()):
        out.append(PlanCheck("action_no_who", action.key, {"action": name}, goal.key))
    if action.due is None:
        out.append(PlanCheck("action_no_date", action.key, {"action": name}, goal.key))
    if looks_too_big(action.what):
        out.append(PlanCheck("action_too_big", action.key, {"action": name}, goal.key))
    if action.due is not None and goal.target_date is not None and action.due > goal.target_date:
        out.append(PlanCheck("action_after_goal", action.key, {
            "action": name, "goal": _short(goal.text),
            "due": format_day(action.due), "target": format_day(goal.target_date)}, goal.key))
    return out


def check_plan(plan: Plan, today: dt.date, include_ignored: bool = False) -> list[PlanCheck]:
    """Every remark on ``plan`` as of ``today``; ignored ones left out unless asked for."""
    checks: list[PlanCheck] = []
    by_key = {g.key: g for g in plan.goals}
    week_end = today + dt.timedelta(days=6)
    due_soon = 0
    for goal in plan.goals:
        if not goal.active:
            continue
        checks.extend(_goal_checks(goal))
        if goal.waits_for:
            other = by_key.get(goal.waits_for)
            if other is not None and other.status == "stopped":
                checks.append(
                    PlanCheck(
                        "waits_on_stopped",
                        goal.key,
                        {"goal": _short(goal.text), "other": _short(other.text)},
                        goal.key,
                    )
                )
        for action in goal.actions:
            if action.done:
                continue
            checks.extend(_action_checks(goal, action))
            if action.due is not None and today <= action.due <= week_end:
                due_soon += 1
    if due_soon > MAX_DUE_IN_WEEK:
        week = today.isocalendar()
        checks.append(
            PlanCheck(
                "too_many_due",
                f"{week.year}w{week.week}",
                {"count": due_soon, "max": MAX_DUE_IN_WEEK},
            )
        )
    if not include_ignored and plan.ignored:
        ignored = set(plan.ignored)
        checks = [c for c in checks if c.id not in ignored]
    return checks
