"""Progress over time: the workbook score and each pillar's score per conversation date.

Trace layout (depends only on the definition): ``0 .. P-1`` one line per pillar in
definition order (uid ``pillar-<id>``, the pillar's colour), ``P`` the workbook score
(uid ``total``, black and bold, drawn on top). Only conversations with at least one answer
count; they are sorted by date. With none, the traces are empty and a short text says so.

Like-for-like (the same rule as the change in model/score.py): every point of every line is
computed over the SAME sub-pillars, those answered in every shown conversation (the "common
set"). So a pillar's line never drops from 75 to 50 only because more of it was answered, and
never rises only because a low part was left open. We chose this over chaining changes
(point = previous point + like-for-like change) because each point stays a real score the coach
can check by hand on the bridge; the price is that a part left open once drops out of the lines,
which the figure says in words: an annotation "Elke lijn gaat alleen over de onderdelen die elke
keer zijn ingevuld (3 van 10)", and a pillar with no such part is named "... (niet elke keer
ingevuld)" in the legend and has no points. The hover gives the score and what it rests on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from mmwidgets.figures.descriptions import progress_description, with_description
from mmwidgets.figures.style import (
    GRID,
    MUTED,
    TEXT,
    TOTAL,
    base_layout,
    day,
    esc,
    fixed_axis,
    number,
    wrap,
)
from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.score import answered_both, only, score

HEIGHT = 400
MAX_DATE_TICKS = 8
TOTAL_UID = "total"
PILLAR_UID_PREFIX = "pillar-"


def _line(uid: str, name: str, colour: str, width: float, size: int) -> dict[str, Any]:
    return {
        "type": "scatter",
        "uid": uid,
        "name": name,
        "mode": "lines+markers",
        "x": [],
        "y": [],
        "text": [],
        "hovertemplate": "%{text}<extra></extra>",
        "line": {"color": colour, "width": width},
        "marker": {"color": colour, "size": size},
        "connectgaps": False,
    }


def answered_in_order(assessments: Sequence[Assessment]) -> list[Assessment]:
    """The assessments with at least one answer, oldest first."""
    return sorted((a for a in assessments if a.answered() > 0), key=lambda a: a.date)


def _date_range(dates: list[dt.date]) -> list[str]:
    first, last = dates[0], dates[-1]
    pad = max(dt.timedelta(days=7), (last - first) * 0.06)
    return [(first - pad).isoformat(), (last + pad).isoformat()]


def common_subpillars(definition: BridgeDefinition, assessments: Sequence[Assessment]) -> list[str]:
    """The sub-pillars answered in every one of the conversations (those with any answer)."""
    rows = answered_in_order(assessments)
    return answered_both(definition, *rows) if rows else []


def progress_figure(
    definition: BridgeDefinition, assessments: Sequence[Assessment], lang: str = "nl"
) -> dict[str, Any]:
    """Workbook score and pillar scores over the dates of the conversations, like-for-like
    (only the sub-pillars answered every time; see the module text)."""
    total_name = esc(t("fig.progress_total", lang))
    rows = answered_in_order(assessments)
    common = common_subpillars(definition, rows)
    in_common = set(common)
    pillars = []
    for p in definition.pillars:
        name = p.name.get(lang)
        counted = sum(1 for sub in p.subpillars if sub.id in in_common)
        if rows and not counted:
            name = t("change.not_every_time", lang, name=name)
        pillars.append(_line(f"{PILLAR_UID_PREFIX}{p.id}", esc(name), p.colour, 2, 7))
    total = _line(TOTAL_UID, total_name, TOTAL, 4, 10)
    of = len(definition.subpillar_ids())
    for item in rows:
        result = score(definition, only(item, common))
        when = item.date.isoformat()
        shown = esc(day(item.date, lang))
        for pillar, trace in zip(definition.pillars, pillars):
            value = result.pillars[pillar.id]
            n = sum(1 for sub in pillar.subpillars if sub.id in in_common)
            trace["x"].append(when)
            trace["y"].append(None if value is None else round(value, 1))
            rests = esc(t("change.progress_hover", lang, score=number(value, lang), n=n, total=len(pillar.subpillars)))
            trace["text"].append(f"<b>{trace['name']}</b><br>{shown}<br>{rests}")
        total["x"].append(when)
        total["y"].append(None if result.total is None else round(result.total, 1))
        rests = esc(t("change.progress_hover", lang, score=number(result.total, lang), n=len(common), total=of))
        total["text"].append(f"<b>{total_name}</b><br>{shown}<br>{rests}")

    layout = base_layout(lang, HEIGHT)
    layout.update(
        {
            "margin": {"l": 56, "r": 16, "t": 56 if rows else 16, "b": 40},
            "showlegend": bool(rows),
            "legend": {
                "orientation": "h", "x": 0, "xanchor": "left", "y": -0.14, "yanchor": "top",
                "font": {"size": 13}, "itemclick": False, "itemdoubleclick": False,
            },
            "yaxis": fixed_axis(
                range=[-3, 103], tickvals=[0, 25, 50, 75, 100], showgrid=True, gridcolor=GRID,
                title={"text": esc(t("fig.progress_yaxis", lang)), "font": {"size": 13, "color": MUTED}},
                tickfont={"size": 12, "color": MUTED}, visible=bool(rows),
            ),
        }
    )  # fmt: skip
    if rows:
        dates = sorted({item.date for item in rows})
        step = -(-len(dates) // MAX_DATE_TICKS)  # ceil: at most MAX_DATE_TICKS labels
        ticks = dates[::step]
        layout["xaxis"] = fixed_axis(
            type="date",
            range=_date_range(dates),
            tickmode="array",
            tickvals=[d.isoformat() for d in ticks],
            ticktext=[esc(day(d, lang)) for d in ticks],
            tickfont={"size": 12, "color": TEXT},
            showline=True,
            linecolor=GRID,
        )
        note = (
            t("change.progress_note", lang, n=len(common), total=of)
            if common
            else t("change.progress_none", lang)
        )
        layout["annotations"] = [
            {
                "text": wrap(note, 90), "showarrow": False, "name": "like-for-like",
                "xref": "paper", "yref": "paper", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
                "align": "left", "font": {"size": 12, "color": MUTED},
            }
        ]  # fmt: skip
    else:
        layout["xaxis"] = fixed_axis(visible=False)
        layout["annotations"] = [
            {
                "text": wrap(t("fig.progress_empty", lang), 48), "showarrow": False,
                "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                "font": {"size": 14, "color": MUTED},
            }
        ]  # fmt: skip
    figure = {"data": [*pillars, total], "layout": layout}
    return with_description(figure, progress_description(definition, rows, common, lang))  # in words (issue 19)
