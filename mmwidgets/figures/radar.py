"""The radar (spider web): one axis per sub-pillar, this assessment and up to three before.

Values are step scores 0..100 (``score.step_score``), so sub-pillars with different
numbers of steps compare. An unanswered sub-pillar is a gap (``None``), never a zero.

Trace layout (always four traces, whatever the assessments):

* ``0, 1, 2``  earlier assessments, oldest first (uids ``earlier-3``, ``earlier-2``,
  ``earlier-1``; ``earlier-1`` is the one just before this one); an unused slot is
  ``visible: False`` with no points.
* ``3``        this assessment (uid ``current``): solid line, filled.
"""

from __future__ import annotations

from typing import Any, Sequence

from mmwidgets.figures.style import (
    CURRENT,
    EARLIER,
    GRID,
    MUTED,
    TEXT,
    base_layout,
    day,
    esc,
    number,
    rgba,
    wrap,
)
from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.definition import BridgeDefinition
from mmwidgets.model.score import step_score

HEIGHT = 460
EARLIER_SLOTS = 3
CURRENT_UID = "current"


def _earlier_uid(slot: int) -> str:
    """slot 1 is the assessment just before this one, 3 the oldest shown."""
    return f"earlier-{slot}"


def radar_values(definition: BridgeDefinition, assessment: Assessment) -> list[float | None]:
    """Step score per sub-pillar in definition order; None where unanswered (or unknown)."""
    values: list[float | None] = []
    for _pillar, sub in definition.subpillars():
        step = assessment.step(sub.id)
        ok = isinstance(step, int) and not isinstance(step, bool) and 1 <= step <= sub.step_count
        values.append(step_score(step, sub.step_count) if ok else None)  # type: ignore[arg-type]
    return values


def _angles(definition: BridgeDefinition) -> list[float]:
    count = len(definition.subpillar_ids())
    return [round(i * 360 / count, 6) for i in range(count)]


def _trace(
    definition: BridgeDefinition,
    assessment: Assessment | None,
    uid: str,
    name: str,
    colour: str,
    current: bool,
    lang: str,
) -> dict[str, Any]:
    trace: dict[str, Any] = {
        "type": "scatterpolar",
        "uid": uid,
        "name": name,
        "mode": "lines+markers",
        "thetaunit": "degrees",
        "showlegend": assessment is not None,
        "visible": assessment is not None,
        "hovertemplate": "%{text}<extra></extra>",
        "line": {"color": colour, "width": 3 if current else 1.5, "dash": "solid" if current else "dot"},
        "marker": {"color": colour, "size": 8 if current else 5},
        "connectgaps": False,
    }
    if current:
        trace["fill"] = "toself"
        trace["fillcolor"] = rgba(colour, 0.18)
    else:
        trace["opacity"] = 0.85
    if assessment is None:
        trace.update({"r": [], "theta": [], "text": []})
        return trace
    values = radar_values(definition, assessment)
    when = day(assessment.date, lang)
    texts = []
    for (_pillar, sub), value in zip(definition.subpillars(), values):
        lines = [f"<b>{esc(sub.name.get(lang))}</b>", esc(when)]
        if value is None:
            lines.append(f"<i>{esc(t('fig.not_answered', lang))}</i>")
        else:
            step = assessment.step(sub.id)
            label = sub.steps[step - 1].label.get(lang)  # type: ignore[operator]
            lines.append(f"{t('fig.step', lang, step=step, count=sub.step_count)} · {esc(label)}")
            lines.append(t("fig.score", lang, score=number(value, lang)))
        texts.append("<br>".join(lines))
    angles = _angles(definition)
    # close the web: back to the first axis
    trace.update({"r": values + values[:1], "theta": angles + [360.0], "text": texts + texts[:1]})
    return trace


def radar_traces(
    definition: BridgeDefinition, assessments: Sequence[Assessment], lang: str = "nl"
) -> list[dict[str, Any]]:
    """The four traces (see the module docstring)."""
    shown = list(assessments)[-(EARLIER_SLOTS + 1):]
    current = shown[-1] if shown else None
    earlier = shown[:-1]
    traces = []
    for slot in range(EARLIER_SLOTS, 0, -1):  # oldest slot first, drawn underneath
        item = earlier[-slot] if slot <= len(earlier) else None
        name = esc(day(item.date, lang)) if item else ""
        traces.append(_trace(definition, item, _earlier_uid(slot), name, EARLIER[slot - 1], False, lang))
    name = esc(t("fig.radar_current", lang, date=day(current.date, lang))) if current else ""
    traces.append(_trace(definition, current, CURRENT_UID, name, CURRENT, True, lang))
    return traces


def radar_layout(
    definition: BridgeDefinition, lang: str = "nl", empty: bool = False
) -> dict[str, Any]:
    ticktext = [
        f"<span style='color:{pillar.colour}'>●</span> {wrap(sub.name.get(lang), 14, 3)}"
        for pillar, sub in definition.subpillars()
    ]
    layout = base_layout(lang, HEIGHT)
    layout.update(
        {
            "margin": {"l": 105, "r": 105, "t": 40, "b": 36},
            "showlegend": True,
            "legend": {
                "orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.04, "yanchor": "top",
                "font": {"size": 13, "color": TEXT}, "itemclick": False, "itemdoubleclick": False,
                "traceorder": "reversed",
            },
            "polar": {
                "bgcolor": "rgba(0,0,0,0)",
                "angularaxis": {
                    "thetaunit": "degrees", "rotation": 90, "direction": "clockwise",
                    "tickmode": "array", "tickvals": _angles(definition), "ticktext": ticktext,
                    "tickfont": {"size": 12, "color": TEXT}, "gridcolor": GRID,
                    "linecolor": GRID, "ticks": "", "showline": True,
                },
                "radialaxis": {
                    "range": [0, 100], "tickvals": [25, 50, 75, 100], "angle": 90 - 180 / max(1, len(definition.subpillar_ids())),
                    "tickangle": 0, "tickfont": {"size": 10, "color": MUTED}, "gridcolor": GRID,
                    "showline": False, "ticks": "",
                },
            },
        }
    )  # fmt: skip
    if empty:
        layout["annotations"] = [
            {
                "text": wrap(t("fig.radar_empty", lang), 44), "showarrow": False,
                "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                "font": {"size": 14, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.85)",
            }
        ]  # fmt: skip
    return layout


def radar_figure(
    definition: BridgeDefinition, assessments: Sequence[Assessment], lang: str = "nl"
) -> dict[str, Any]:
    """The radar as a plotly figure dict; the last assessment is "this one"."""
    empty = not assessments or assessments[-1].answered() == 0
    return {
        "data": radar_traces(definition, assessments, lang),
        "layout": radar_layout(definition, lang, empty),
    }
