"""The group's mean bridge at baseline and latest as two shapes on the radar (issue 10).

Pure: a plotly figure dict from the definition and the report's per-sub-pillar means and
counts. The web, names and rings are :func:`mmwidgets.figures.radar.radar_layout`; points
use the radar's spoke directions. A sub-pillar whose group is too small has no point (a
gap, never a zero); the hover and the caption say how many clients each point rests on.
"""

from __future__ import annotations

from typing import Any, Mapping

from mmwidgets.figures.descriptions import group_radar_description, with_description
from mmwidgets.figures.radar import _directions, _point, radar_layout
from mmwidgets.figures.style import CURRENT, EARLIER, esc, number, rgba, wrap
from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition

BASELINE_UID = "group-baseline"
LATEST_UID = "group-latest"


def _trace(definition: BridgeDefinition, values: list[float | None], counts: Mapping[str, int],
           uid: str, name: str, colour: str, filled: bool, lang: str) -> dict[str, Any]:
    points = [_point(d, v) for d, v in zip(_directions(len(values)), values)]
    texts = [
        "<br>".join([f"<b>{esc(sub.name.get(lang))}</b>", esc(name),
                     t("report.fig.hover", lang, score=number(v, lang, 1), count=counts.get(sub.id, 0))])
        if v is not None else f"<b>{esc(sub.name.get(lang))}</b><br>{esc(t('report.fig.hidden', lang))}"
        for (_p, sub), v in zip(definition.subpillars(), values)
    ]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    trace: dict[str, Any] = {
        "type": "scatter", "uid": uid, "name": esc(name), "mode": "lines+markers",
        "x": xs + xs[:1], "y": ys + ys[:1], "text": texts + texts[:1],
        "hovertemplate": "%{text}<extra></extra>", "connectgaps": False, "cliponaxis": False,
        "line": {"color": colour, "width": 4 if filled else 2.5, "dash": "solid" if filled else "dash"},
        "marker": {"color": colour, "size": 9},
        "showlegend": True, "visible": True,
    }
    if filled and values and all(v is not None for v in values):
        trace["fill"] = "toself"
        trace["fillcolor"] = rgba(colour, 0.15)
    return trace


def group_radar_figure(definition: BridgeDefinition, means: Mapping[str, tuple[float, float]],
                       counts: Mapping[str, int], rule_name: str, lang: str = "nl",
                       minimum: int = 10) -> dict[str, Any]:
    """Two shapes: the group's mean at baseline (dashed) and at the latest conversation (filled).

    ``means``: sub-pillar id -> (mean baseline, mean latest), only cells that may be shown;
    ``counts``: sub-pillar id -> clients the cell rests on."""
    ids = definition.subpillar_ids()
    base = [means[s][0] if s in means else None for s in ids]
    latest = [means[s][1] if s in means else None for s in ids]
    layout = radar_layout(definition, lang, empty=not means)
    shown_counts = [counts.get(s, 0) for s in ids if s in means]
    if shown_counts and min(shown_counts) == max(shown_counts):
        caption = t("report.fig.caption_same", lang, rule=rule_name, count=shown_counts[0])
    elif shown_counts:
        caption = t("report.fig.caption", lang, rule=rule_name, low=min(shown_counts), high=max(shown_counts))
    else:  # nothing to show yet: say why, never "rests on 0 to 0 clients"
        caption = t("report.fig.caption_empty", lang, minimum=minimum)
    layout["annotations"] = list(layout["annotations"]) + [{
        "name": "how", "text": wrap(caption, 70), "showarrow": False, "xref": "paper", "yref": "paper",
        "x": 0.5, "y": 1.0, "yanchor": "bottom", "font": {"size": 12},
    }]
    layout["margin"] = dict(layout.get("margin", {}), t=60)
    figure = {
        "data": [
            _trace(definition, base, counts, BASELINE_UID, t("report.fig.baseline", lang, rule=rule_name),
                   EARLIER[0], False, lang),
            _trace(definition, latest, counts, LATEST_UID, t("report.fig.latest", lang), CURRENT, True, lang),
        ],
        "layout": layout,
    }
    return with_description(figure, group_radar_description(definition, means, lang))  # in words (issue 19)
