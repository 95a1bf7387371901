"""The plan on a time axis: goals as bars, actions as marks, rewards as stars, today a line.

One row per goal (top to bottom in plan order). A goal's bar runs from the day it was
made (or its first action, if earlier) to its target date (or its last action). Actions
sit on their goal's row at their date: done (filled circle), due (open circle) and
overdue (filled triangle): shape tells the state, colour only helps. Agreed rewards are
open stars at the end of the bar (interim ones halfway), rewards given filled stars at the
date they were given. Trace list is fixed (uids below), so an update changes data only.
Every click point carries ``customdata = [kind, key]`` (kind: goal, action, reward, given).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Iterable

from babel.dates import format_date

from mmwidgets.figures.descriptions import timeline_description, with_description
from mmwidgets.figures.style import GRID, MUTED, TEXT, base_layout, esc, fixed_axis, wrap
from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.plan import Goal, Plan, who_label

TRACE_UIDS = (
    "goals", "actions-done", "actions-due", "actions-overdue", "rewards-agreed", "rewards-given",
)  # fmt: skip
ROW_HEIGHT = 38
MIN_HEIGHT = 240
MARGIN_TOP = 48
MARGIN_BOTTOM = 40
DAY_MS = 86_400_000
LABEL_WIDTH = 26
GIVEN_OFFSET = 0.3  # rewards given sit just under their goal's bar, never over an action

BAR_ACTIVE = "#d5dde5"
BAR_DONE = "#e9edf1"
DONE = "#2f6b4f"  # dark green, and a filled circle
DUE = "#2b6a9e"  # blue, an open circle
OVERDUE = "#b5473a"  # brick, a filled triangle
REWARD = "#b07d00"  # dark gold, a star
TODAY = "#2f3640"


@lru_cache(maxsize=4096)
def _day(day: dt.date, lang: str) -> str:
    return format_date(day, "EEE d MMM y", locale=lang)


@lru_cache(maxsize=1024)
def _tick(day: dt.date, lang: str, pattern: str) -> str:
    return format_date(day, pattern, locale=lang)


def _span(goal: Goal, today: dt.date) -> tuple[dt.date, dt.date]:
    dates = [a.due for a in goal.actions if a.due] + [a.done_on for a in goal.actions if a.done_on]
    start = goal.created_on or today
    if dates:
        start = min(start, min(dates))
    if goal.target_date is not None:
        end = goal.target_date
    elif dates:
        end = max(dates)
    else:
        end = start + dt.timedelta(days=14)
    if end <= start:
        end = start + dt.timedelta(days=1)
    return start, end


def _ticks(first: dt.date, last: dt.date, lang: str) -> tuple[list[str], list[str]]:
    """Tick dates and Dutch/English labels (plotly.js itself only speaks English)."""
    days = (last - first).days
    ticks: list[dt.date] = []
    if days <= 70:
        step = 7 if days <= 35 else 14
        day = first + dt.timedelta(days=(7 - first.weekday()) % 7)  # Mondays
        while day <= last:
            ticks.append(day)
            day += dt.timedelta(days=step)
        pattern = "d MMM"
    else:
        months = 1 if days <= 200 else 2 if days <= 400 else 3 if days <= 800 else 6
        month = dt.date(first.year, first.month, 1)
        while month <= last:
            if month >= first:
                ticks.append(month)
            index = month.month - 1 + months
            month = dt.date(month.year + index // 12, index % 12 + 1, 1)
        pattern = "MMM y"
    return [d.isoformat() for d in ticks], [esc(_tick(d, lang, pattern)) for d in ticks]


def _marker_trace(uid: str, name: str, symbol: str, colour: str, size: int, line: str | None = None) -> dict:
    return {
        "type": "scatter",
        "uid": uid,
        "name": name,
        "mode": "markers",
        "x": [],
        "y": [],
        "text": [],
        "customdata": [],
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {
            "symbol": symbol,
            "size": size,
            "color": colour,
            "line": {"color": line or colour, "width": 2},
        },
        "cliponaxis": False,
    }


def _label(goal: Goal, lang: str) -> str:
    mark = {"reached": "✓ ", "partly": "½ ", "stopped": "✗ "}.get(goal.status, "")
    return (esc(mark) if mark else "") + wrap(goal.text, LABEL_WIDTH, max_lines=2)


def timeline_figure(
    plan: Plan,
    lang: str | None,
    today: dt.date,
    goal_keys: Iterable[str] | None = None,
    selected: str | None = None,
) -> dict[str, Any]:
    """The plan's timeline as a plotly figure dict. ``goal_keys`` limits the goals shown;
    ``selected`` (a goal key) is drawn with a dark outline."""
    lang = normalise_language(lang)
    if goal_keys is None:
        goals = list(plan.goals)
    else:
        wanted = set(goal_keys)
        goals = [g for g in plan.goals if g.key in wanted]
    row_of = {g.key: i for i, g in enumerate(goals)}

    bars: dict[str, Any] = {
        "type": "bar",
        "uid": TRACE_UIDS[0],
        "name": esc(t("plan.fig.goal", lang)),
        "orientation": "h",
        "y": [],
        "x": [],
        "base": [],
        "text": [],
        "customdata": [],
        "hovertemplate": "%{text}<extra></extra>",
        "textposition": "none",
        "width": 0.5,
        "marker": {"color": [], "line": {"color": [], "width": []}},
        "showlegend": False,
    }
    done = _marker_trace(TRACE_UIDS[1], esc(t("plan.fig.done", lang)), "circle", DONE, 12)
    due = _marker_trace(TRACE_UIDS[2], esc(t("plan.fig.due", lang)), "circle-open", DUE, 12)
    overdue = _marker_trace(TRACE_UIDS[3], esc(t("plan.fig.overdue", lang)), "triangle-up", OVERDUE, 13)
    agreed = _marker_trace(TRACE_UIDS[4], esc(t("plan.fig.reward_agreed", lang)), "star-open", REWARD, 16)
    given = _marker_trace(TRACE_UIDS[5], esc(t("plan.fig.reward_given", lang)), "star", REWARD, 16)
    by_state = {"done": done, "due": due, "overdue": overdue}
    state_text = {s: t(f"plan.fig.state.{s}", lang) for s in ("done", "due", "overdue")}
    who_title = t("plan.field.who", lang)

    first, last = today - dt.timedelta(days=7), today + dt.timedelta(days=21)
    tickvals, ticktext = [], []
    for row, goal in enumerate(goals):
        start, end = _span(goal, today)
        first, last = min(first, start), max(last, end)
        open_count = sum(1 for a in goal.actions if not a.done)
        undated = sum(1 for a in goal.actions if a.due is None and not a.done)
        lines = [
            f"<b>{wrap(goal.text, 48, 3)}</b>",
            esc(t("plan.fig.goal_hover", lang, status=t(f"plan.status.{goal.status}", lang),
                  open=open_count, total=len(goal.actions))),
        ]  # fmt: skip
        if goal.target_date:
            lines.append(esc(t("plan.fig.target", lang, date=_day(goal.target_date, lang))))
        if undated:
            lines.append(esc(t("plan.fig.undated", lang, count=undated)))
        waits = plan.goal(goal.waits_for) if goal.waits_for else None
        if waits is not None:
            lines.append(esc(t("plan.fig.waits", lang)) + " " + wrap(waits.text, 40, 2))
        bars["y"].append(row)
        bars["base"].append(start.isoformat())
        bars["x"].append((end - start).days * DAY_MS)
        bars["text"].append("<br>".join(lines))
        bars["customdata"].append(["goal", goal.key])
        bars["marker"]["color"].append(BAR_ACTIVE if goal.active else BAR_DONE)
        is_selected = goal.key == selected
        bars["marker"]["line"]["color"].append(TEXT if is_selected else GRID)
        bars["marker"]["line"]["width"].append(2 if is_selected else 1)
        tickvals.append(row)
        ticktext.append(_label(goal, lang))

        # actions: several on one day sit side by side vertically
        per_day: dict[dt.date, int] = {}
        dated = [(a, a.done_on or a.due) for a in goal.actions]
        for action, when in dated:
            if when is not None:
                per_day[when] = per_day.get(when, 0) + 1
        seen: dict[dt.date, int] = {}
        for action, when in dated:
            if when is None:
                continue
            n, i = per_day[when], seen.get(when, 0)
            seen[when] = i + 1
            offset = 0.0 if n == 1 else (i / (n - 1) - 0.5) * min(0.5, 0.12 * n)
            state = action.state(today)
            trace = by_state[state]
            first, last = min(first, when), max(last, when)
            trace["x"].append(when.isoformat())
            trace["y"].append(round(row + offset, 3))
            trace["customdata"].append(["action", action.key])
            who = who_label(action.who, action.who_name, lang)
            trace["text"].append(
                f"<b>{wrap(action.what, 48, 3)}</b><br>"
                f"{esc(state_text[state])}: {esc(_day(when, lang))}<br>{esc(who_title)}: {esc(who)}"
            )
        # rewards agreed: at the end of the bar (interim: halfway)
        for reward in goal.rewards:
            at = end if reward.for_what == "goal" else start + (end - start) / 2
            agreed["x"].append(at.isoformat())
            agreed["y"].append(row)
            agreed["customdata"].append(["reward", reward.key])
            agreed["text"].append(
                f"<b>{wrap(reward.what, 48, 2)}</b><br>{esc(t(f'plan.reward.for.{reward.for_what}', lang))}"
            )

    other_row = None
    for entry in plan.ledger:
        row = row_of.get(entry.goal_key or "")
        if row is None:
            if goal_keys is not None and entry.goal_key:
                continue  # a goal not shown
            if other_row is None:
                other_row = len(goals)
                tickvals.append(other_row)
                ticktext.append(esc(t("plan.fig.other_rewards", lang)))
            row = other_row
        first, last = min(first, entry.date), max(last, entry.date)
        given["x"].append(entry.date.isoformat())
        given["y"].append(row if row == other_row else row + GIVEN_OFFSET)
        given["customdata"].append(["given", entry.key])
        given["text"].append(
            f"<b>{wrap(entry.for_what, 48, 2)}</b><br>"
            f"{esc(t('plan.fig.given_on', lang, date=_day(entry.date, lang)))}"
        )

    rows = len(tickvals)
    height = max(MIN_HEIGHT, MARGIN_TOP + MARGIN_BOTTOM + ROW_HEIGHT * max(rows, 3))
    pad = max(dt.timedelta(days=3), (last - first) * 0.03)
    first, last = first - pad, last + pad
    xvals, xtext = _ticks(first, last, lang)
    layout = base_layout(lang, height)
    layout.update(
        {
            "margin": {"l": 200, "r": 24, "t": MARGIN_TOP, "b": MARGIN_BOTTOM},
            "barmode": "overlay",
            "showlegend": True,
            "legend": {
                "orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                "font": {"size": 13}, "itemclick": False, "itemdoubleclick": False,
            },
            "xaxis": fixed_axis(
                type="date", range=[first.isoformat(), last.isoformat()], tickmode="array",
                tickvals=xvals, ticktext=xtext, showgrid=True, gridcolor=GRID,
                tickfont={"size": 12, "color": TEXT}, showline=True, linecolor=GRID,
            ),
            "yaxis": fixed_axis(
                range=[max(rows, 1) - 0.5, -0.6], tickmode="array", tickvals=tickvals,
                ticktext=ticktext, tickfont={"size": 12, "color": TEXT}, automargin=True,
            ),
            "shapes": [
                {
                    "type": "line", "xref": "x", "yref": "paper", "x0": today.isoformat(),
                    "x1": today.isoformat(), "y0": 0, "y1": 1,
                    "line": {"color": TODAY, "width": 2, "dash": "dot"},
                }
            ],
            "annotations": [
                {
                    "text": esc(t("plan.fig.today", lang)), "x": today.isoformat(), "xref": "x",
                    "y": 1, "yref": "paper", "yanchor": "top", "xanchor": "left", "xshift": 4,
                    "showarrow": False,
                    "font": {"size": 12, "color": TODAY}, "bgcolor": "white",
                }
            ],
        }
    )  # fmt: skip
    if not goals and not plan.ledger:
        layout["annotations"].append(
            {
                "text": wrap(t("plan.fig.empty", lang), 48), "showarrow": False,
                "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                "font": {"size": 14, "color": MUTED},
            }
        )  # fmt: skip
    figure = {"data": [bars, done, due, overdue, agreed, given], "layout": layout}
    return with_description(figure, timeline_description(plan, lang, today, goals))  # in words (issue 19)
