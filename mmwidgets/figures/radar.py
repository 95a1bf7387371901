"""The radar (spider web): one spoke per sub-pillar, this assessment and up to three before.

Values are step scores 0..100 (``score.step_score``), so sub-pillars with different
numbers of steps compare. An unanswered sub-pillar is a gap (``None``), never a zero.

Drawn with plain ``scatter`` traces on hidden cartesian axes (no ``scatterpolar``): the
pages load plotly.js's small "basic" bundle, which has scatter, bar and pie only. The
first spoke points up and the spokes go round clockwise; a value ``v`` on spoke ``i``
sits at ``(v cos a_i, v sin a_i)`` with ``a_i = 90° - i * 360° / n``.

Trace layout (always exactly five traces, whatever the assessments):

* ``0, 1, 2``  earlier assessments, oldest first (uids ``earlier-3``, ``earlier-2``,
  ``earlier-1``; ``earlier-1`` is the one just before this one, "Vorige keer, 3-11-2026"
  in the legend); an unused slot is ``visible: False`` with no points. Each is a solid
  line in its own clear colour, with markers.
* ``3``        this assessment (uid ``current``): a thicker line, filled when every
  sub-pillar is answered.
* ``4``        ``unanswered``: a grey question mark just OUTSIDE the web (never on the
  100 ring, where it would read as a top score, nor at the centre, a crisis) at every
  spoke this assessment has no answer for, "niet ingevuld" in the legend and the hover.
  The shapes have a gap there (never a zero), and this says why.

The web itself (rings at 25, 50, 75, 100 and the spokes) is made of layout shapes, the
sub-pillar names and ring numbers are layout annotations: they never change on a click,
so the layout is not resent.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Sequence

from mmwidgets.figures.descriptions import radar_description, with_description
from mmwidgets.figures.style import (
    CURRENT,
    EARLIER,
    GRID,
    MUTED,
    TEXT,
    base_layout,
    esc,
    fixed_axis,
    number,
    rgba,
    short_day,
    wrap,
)
from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.score import step_score

HEIGHT = 560
EARLIER_SLOTS = 3
CURRENT_UID = "current"
UNANSWERED_UID = "unanswered"
RINGS = (25, 50, 75, 100)
LABEL_RADIUS = 110  # where the sub-pillar names start, in score units (the web ends at 100)
#: the visible part, in score units: room for names above and below the web, and wider
#: room at the sides where names grow outwards. The range that is short for the plot's
#: shape grows by itself (``scaleanchor`` keeps the web round), so names are never cut.
HALF_RANGE = 136
HALF_WIDTH = 190
EMPTY_NAME = "empty"
#: where an unanswered spoke's question mark stands: outside the web, before the name
UNANSWERED_RADIUS = 105


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


@lru_cache(maxsize=64)
def _directions(count: int) -> tuple[tuple[float, float], ...]:
    """Unit vector (cos, sin) per spoke: the first up, then clockwise."""
    result = []
    for i in range(count):
        angle = math.radians(90 - i * 360 / count)
        result.append((round(math.cos(angle), 9), round(math.sin(angle), 9)))
    return tuple(result)


def _point(direction: tuple[float, float], value: float | None) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    return round(direction[0] * value, 4), round(direction[1] * value, 4)


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
        "type": "scatter",
        "uid": uid,
        "name": name,
        "mode": "lines+markers",
        "showlegend": assessment is not None,
        "visible": assessment is not None,
        "hoveron": "points",
        "hovertemplate": "%{text}<extra></extra>",
        "line": {"color": colour, "width": 4 if current else 2.5, "dash": "solid"},
        "marker": {"color": colour, "size": 10 if current else 7, "symbol": "circle" if current else "diamond"},
        "connectgaps": False,
        "cliponaxis": False,
    }
    if assessment is None:
        trace.update({"x": [], "y": [], "text": []})
        return trace
    values = radar_values(definition, assessment)
    if current and all(v is not None for v in values):
        # filled only as one whole shape: with gaps, plotly would fill each piece apart
        trace["fill"] = "toself"
        trace["fillcolor"] = rgba(colour, 0.15)
    when = short_day(assessment.date, lang)
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
    points = [_point(d, v) for d, v in zip(_directions(len(values)), values)]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    # close the web: back to the first spoke
    trace.update({"x": xs + xs[:1], "y": ys + ys[:1], "text": texts + texts[:1]})
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
        if item is None:
            name = ""
        elif slot == 1:  # the conversation just before this one
            name = esc(t("fig.previous_dated", lang, date=short_day(item.date, lang)))
        else:
            name = esc(short_day(item.date, lang))
        traces.append(_trace(definition, item, _earlier_uid(slot), name, EARLIER[slot - 1], False, lang))
    name = esc(t("fig.radar_current", lang, date=short_day(current.date, lang))) if current else ""
    traces.append(_trace(definition, current, CURRENT_UID, name, CURRENT, True, lang))
    traces.append(_unanswered_trace(definition, current, lang))
    return traces


def _unanswered_trace(
    definition: BridgeDefinition, current: Assessment | None, lang: str
) -> dict[str, Any]:
    """A question mark just outside the web at each spoke the current assessment leaves open."""
    xs: list[float] = []
    ys: list[float] = []
    texts: list[str] = []
    not_answered = esc(t("fig.not_answered", lang))
    if current is not None and current.answered():
        values = radar_values(definition, current)
        directions = _directions(len(values))
        for (_pillar, sub), value, direction in zip(definition.subpillars(), values, directions):
            if value is None:
                x, y = _point(direction, UNANSWERED_RADIUS)
                xs.append(x)  # type: ignore[arg-type]
                ys.append(y)  # type: ignore[arg-type]
                texts.append(f"<b>{esc(sub.name.get(lang))}</b><br><i>{not_answered}</i>")
    return {
        "type": "scatter",
        "uid": UNANSWERED_UID,
        "name": not_answered,
        "mode": "text",
        "x": xs,
        "y": ys,
        "text": ["?"] * len(xs),
        "hovertext": texts,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "textposition": "middle center",
        "textfont": {"size": 20, "color": MUTED},
        "showlegend": bool(xs),
        "visible": True,
        "cliponaxis": False,
    }


def _ring_path(directions: Sequence[tuple[float, float]], radius: float) -> str:
    corners = [f"{dx * radius:.3f},{dy * radius:.3f}" for dx, dy in directions]
    return "M" + "L".join(corners) + "Z"


def _web_shapes(count: int) -> list[dict[str, Any]]:
    """Rings (closed thin grey lines) and spokes, under the data."""
    directions = _directions(count)
    line = {"color": GRID, "width": 1}
    shapes: list[dict[str, Any]] = []
    for radius in RINGS:
        shape: dict[str, Any] = {"xref": "x", "yref": "y", "layer": "below", "line": dict(line)}
        if count >= 3:
            shape.update({"type": "path", "path": _ring_path(directions, radius)})
        else:  # one or two spokes: no polygon to draw, a circle reads the same
            shape.update({"type": "circle", "x0": -radius, "y0": -radius, "x1": radius, "y1": radius})
        shapes.append(shape)
    for dx, dy in directions:
        shapes.append(
            {
                "type": "line", "xref": "x", "yref": "y", "layer": "below", "line": dict(line),
                "x0": 0, "y0": 0, "x1": round(dx * RINGS[-1], 4), "y1": round(dy * RINGS[-1], 4),
            }
        )  # fmt: skip
    return shapes


def _side(value: float) -> int:
    """-1, 0 or 1: which side of the centre a spoke points to (0: about straight)."""
    return 0 if abs(value) < 0.2 else (1 if value > 0 else -1)


def _labels(definition: BridgeDefinition, lang: str) -> list[dict[str, Any]]:
    """Sub-pillar names around the outside, each with a dot in its pillar's colour."""
    count = len(definition.subpillar_ids())
    labels = []
    for (pillar, sub), (dx, dy) in zip(definition.subpillars(), _directions(count)):
        side, up = _side(dx), _side(dy)
        anchor = {1: "left", 0: "center", -1: "right"}[side]
        # names at the sides grow outwards and must stay narrow; above and below there is width
        name = wrap(sub.name.get(lang), 14, 4, False) if side else wrap(sub.name.get(lang), 20, 3, False)
        labels.append(
            {
                "name": f"label-{sub.id}",
                "text": f"<span style='color:{pillar.colour}'>●</span> {name}",
                "xref": "x", "yref": "y", "x": round(dx * LABEL_RADIUS, 4), "y": round(dy * LABEL_RADIUS, 4),
                "xanchor": anchor, "align": anchor,
                "yanchor": {1: "bottom", 0: "middle", -1: "top"}[up],
                "showarrow": False, "font": {"size": 13, "color": TEXT},
            }
        )  # fmt: skip
    return labels


def _ring_ticks(count: int, lang: str) -> list[dict[str, Any]]:
    """Small ring numbers between the first two spokes, where no name stands."""
    angle = math.radians(90 - 180 / max(1, count))
    dx, dy = math.cos(angle), math.sin(angle)
    return [
        {
            "name": f"ring-{radius}", "text": number(radius, lang),
            "xref": "x", "yref": "y", "x": round(dx * radius, 4), "y": round(dy * radius, 4),
            "xanchor": "center", "yanchor": "middle", "showarrow": False,
            "font": {"size": 10, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.7)", "borderpad": 1,
        }
        for radius in RINGS
    ]  # fmt: skip


def radar_layout(
    definition: BridgeDefinition, lang: str = "nl", empty: bool = False
) -> dict[str, Any]:
    count = len(definition.subpillar_ids())
    axis = fixed_axis(visible=False, showticklabels=False, showline=False, ticks="")
    layout = base_layout(lang, HEIGHT)
    layout.update(
        {
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "showlegend": True,
            "legend": {
                "orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top",
                "font": {"size": 14, "color": TEXT}, "itemclick": False, "itemdoubleclick": False,
                "traceorder": "reversed", "itemsizing": "constant",
            },
            "xaxis": dict(axis, range=[-HALF_WIDTH, HALF_WIDTH], constrain="range"),
            "yaxis": dict(axis, range=[-HALF_RANGE, HALF_RANGE], scaleanchor="x", scaleratio=1, constrain="range"),
            "shapes": _web_shapes(count),
            "annotations": _labels(definition, lang) + _ring_ticks(count, lang),
        }
    )  # fmt: skip
    if empty:
        layout["annotations"].append(
            {
                "name": EMPTY_NAME, "text": wrap(t("fig.radar_empty", lang), 44), "showarrow": False,
                "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                "font": {"size": 14, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.85)",
            }
        )  # fmt: skip
    return layout


def radar_figure(
    definition: BridgeDefinition, assessments: Sequence[Assessment], lang: str = "nl"
) -> dict[str, Any]:
    """The radar as a plotly figure dict; the last assessment is "this one"."""
    empty = not assessments or assessments[-1].answered() == 0
    figure = {
        "data": radar_traces(definition, assessments, lang),
        "layout": radar_layout(definition, lang, empty),
    }
    return with_description(figure, radar_description(definition, assessments, lang))  # in words (issue 19)
