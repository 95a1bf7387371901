"""A plan in words: weeks of actions, who does what, history as sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from babel.dates import format_date

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.dates import has_time
from mmwidgets.model.plan.types import WHO, Action, Goal, HistoryEntry, Plan

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


#: the three groups of the take-home page, in order
PERIODS = ("this_week", "next_week", "later")


def first_week_end(today: dt.date) -> dt.date:
    """The last day of "deze week": the coming Sunday; on a Saturday or Sunday the Sunday
    after the coming week (at the weekend, "deze week" is the week ahead)."""
    monday = week_start(today + dt.timedelta(days=2))
    return monday + dt.timedelta(days=6)


def actions_by_period(
    plan: Plan, today: dt.date, goal_keys: "set[str] | None" = None
) -> list[tuple[str, dt.date | None, dt.date | None, list[tuple[Goal, Action]]]]:
    """Every open action of the chosen goals (default: active goals) in three groups:
    ``this_week`` (overdue ones included), ``next_week`` and ``later`` (actions without a
    date last). Each group: ``(period, first_day, last_day, rows)``; ``later`` has no last day."""
    end1 = first_week_end(today)
    end2 = end1 + dt.timedelta(days=7)
    groups: dict[str, list[tuple[Goal, Action]]] = {p: [] for p in PERIODS}
    for goal, action in plan.actions():
        chosen = goal.key in goal_keys if goal_keys is not None else goal.active
        if not chosen or action.done:
            continue
        if action.due is None or action.due > end2:
            groups["later"].append((goal, action))
        elif action.due <= end1:
            groups["this_week"].append((goal, action))
        else:
            groups["next_week"].append((goal, action))
    far = dt.date.max
    for rows in groups.values():
        rows.sort(key=lambda ga: ga[1].due or far)
    return [
        ("this_week", today, end1, groups["this_week"]),
        ("next_week", end1 + dt.timedelta(days=1), end2, groups["next_week"]),
        ("later", end2 + dt.timedelta(days=1), None, groups["later"]),
    ]


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
