"""Progress over time: the workbook score and each pillar's score per assessment date.

Trace layout (depends only on the definition): ``0 .. P-1`` one line per pillar in
definition order (uid ``pillar-<id>``, the pillar's colour), ``P`` the workbook score
(uid ``total``, black and bold, drawn on top). Only assessments with at least one answer
count; they are sorted by date. With none, the traces are empty and a short text says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

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
from mmwidgets.model.definition import BridgeDefinition
from mmwidgets.model.score import score

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


def progress_figure(
    definition: BridgeDefinition, assessments: Sequence[Assessment], lang: str = "nl"
) -> dict[str, Any]:
    """Workbook score and pillar scores over the dates of the assessments."""
    total_name = esc(t("fig.progress_total", lang))
    pillars = [
        _line(f"{PILLAR_UID_PREFIX}{p.id}", esc(p.name.get(lang)), p.colour, 2, 7)
        for p in definition.pillars
    ]
    total = _line(TOTAL_UID, total_name, TOTAL, 4, 10)
    rows = answered_in_order(assessments)
    for item in rows:
        result = score(definition, item)
        when = item.date.isoformat()
        shown = esc(day(item.date, lang))
        for pillar, trace in zip(definition.pillars, pillars):
            value = result.pillars[pillar.id]
            trace["x"].append(when)
            trace["y"].append(None if value is None else round(value, 1))
            trace["text"].append(
                f"<b>{trace['name']}</b><br>{shown}<br>{t('fig.score', lang, score=number(value, lang))}"
            )
        total["x"].append(when)
        total["y"].append(None if result.total is None else round(result.total, 1))
        total["text"].append(
            f"<b>{total_name}</b><br>{shown}<br>{t('fig.score', lang, score=number(result.total, lang))}"
        )

    layout = base_layout(lang, HEIGHT)
    layout.update(
        {
            "margin": {"l": 56, "r": 16, "t": 16, "b": 40},
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
    else:
        layout["xaxis"] = fixed_axis(visible=False)
        layout["annotations"] = [
            {
                "text": wrap(t("fig.progress_empty", lang), 48), "showarrow": False,
                "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                "font": {"size": 14, "color": MUTED},
            }
        ]  # fmt: skip
    return {"data": [*pillars, total], "layout": layout}
