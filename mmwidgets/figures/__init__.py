"""Figures as pure functions of model objects, returning plain plotly figure dicts.

``{"data": [...], "layout": {...}}``: JSON-able, valid for ``plotly.graph_objects.Figure``,
and cheap to build (no ``go.Figure`` on a click). Trace lists depend only on the
definition, so an update changes trace data, never the list of traces.
"""

from mmwidgets.figures.bridge import (
    bridge_click_target,
    bridge_figure,
    bridge_layout,
    bridge_traces,
    focus_trace_index,
    previous_trace_index,
    rung_trace_index,
)
from mmwidgets.figures.progress import progress_figure
from mmwidgets.figures.radar import radar_figure, radar_values

__all__ = [
    "bridge_click_target",
    "bridge_figure",
    "bridge_layout",
    "bridge_traces",
    "focus_trace_index",
    "previous_trace_index",
    "progress_figure",
    "radar_figure",
    "radar_values",
    "rung_trace_index",
]
