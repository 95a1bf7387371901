"""Marks on a bridge picture for the compare view: what was added, removed or changed.

Takes the figure dict of :func:`mmwidgets.figures.bridge.bridge_figure` and returns a copy
with a coloured frame around each marked sub-pillar's column (or pillar's columns) and a
symbol before its name: ``+`` added, ``−`` removed, ``✎`` changed. A pure function of
plain data; the bridge picture itself is not changed.
"""

from __future__ import annotations

import copy
import html
from typing import Any

from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition

COLOURS = {"added": "#2e7050", "removed": "#a63a4c", "changed": "#a4511c"}
SYMBOLS = {"added": "+", "removed": "−", "changed": "✎"}


def mark_bridge(
    figure: dict[str, Any], definition: BridgeDefinition, subs: dict[str, str], pillars: dict[str, str], lang: str
) -> dict[str, Any]:
    """``subs``/``pillars``: id -> added | removed | changed (see ``DefinitionDiff.marks``)."""
    out = copy.deepcopy(figure)
    layout = out.setdefault("layout", {})
    axis = layout.get("xaxis") or {}
    xs = list(axis.get("tickvals") or [])
    texts = list(axis.get("ticktext") or [])
    ids = [s.id for _, s in definition.subpillars()]
    if len(xs) != len(ids):
        return out
    gaps = [b - a for a, b in zip(xs, xs[1:]) if b > a]
    half = (min(gaps) if gaps else 1.0) * 0.44  # neighbouring frames do not touch
    shapes = list(layout.get("shapes") or [])
    annotations = list(layout.get("annotations") or [])

    def frame(x0: float, x1: float, kind: str, name: str, label: bool) -> None:
        shapes.append({
            # the ladders only (steps 0..1 and a little room): never through the pillar titles above
            "type": "rect", "layer": "above", "xref": "x", "yref": "y", "x0": x0, "x1": x1, "y0": -0.05, "y1": 1.05,
            "line": {"color": COLOURS[kind], "width": 3, "dash": "solid" if kind != "removed" else "dot"},
            "fillcolor": "rgba(0,0,0,0)", "name": f"mark-{kind}-{name}",
        })  # fmt: skip
        if not label:  # a sub-pillar: the symbol before its name says it (columns may be narrow)
            return
        annotations.append({
            "x": (x0 + x1) / 2, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "showarrow": False,
            "text": f"<b>{SYMBOLS[kind]} {html.escape(t(f'adapt.diff.mark.{kind}', lang))}</b>",
            "font": {"color": COLOURS[kind], "size": 12}, "name": f"mark-{kind}-{name}",
        })  # fmt: skip

    for index, sub_id in enumerate(ids):
        kind = subs.get(sub_id)
        if kind in COLOURS:
            frame(xs[index] - half, xs[index] + half, kind, sub_id, False)
            texts[index] = f'<span style="color:{COLOURS[kind]}">{SYMBOLS[kind]}</span> {texts[index]}'
    for pillar in definition.pillars:
        kind = pillars.get(pillar.id)
        if kind not in COLOURS:
            continue
        columns = [xs[ids.index(s.id)] for s in pillar.subpillars]
        frame(min(columns) - half * 1.04, max(columns) + half * 1.04, kind, pillar.id, True)
    axis = {**axis, "ticktext": texts}
    layout.update({"xaxis": axis, "shapes": shapes, "annotations": annotations})
    return out
