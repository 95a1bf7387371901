"""PlotlyView: a plotly figure as a small anywidget, with clicks sent back to Python.

Why not ``go.FigureWidget``: every FigureWidget ships the 5 MB plotly.js bundle over the
websocket on every page load. Here plotly.js is a static file Voila serves from our
template (cached by the browser), and only the figure's JSON crosses the websocket.
``data`` and ``layout`` are separate traits so a click that changes the data does not
resend the layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets

from mmwidgets.i18n import t
from mmwidgets.widgets.figure_table import figure_description, figure_lang, table_html

_HERE = Path(__file__).parent


class PlotlyView(anywidget.AnyWidget):
    _esm = _HERE / "plotly_view.js"
    _css = _HERE / "plotly_view.css"

    data = traitlets.List().tag(sync=True)
    layout = traitlets.Dict().tag(sync=True)
    config = traitlets.Dict(
        {
            "displayModeBar": False,  # no camera button or any other tool at the table
            "displaylogo": False,
            "showSendToCloud": False,
            "showLink": False,
            "showEditInChartStudio": False,
            "responsive": True,
        }
    ).tag(sync=True)
    #: set by the browser once the figure is drawn (used by tests and the benchmark)
    rendered = traitlets.Int(0).tag(sync=True)
    #: the width in px of the box the figure is drawn in, reported by the browser when it
    #: changes by more than a few px (0 until known, and while the box is hidden). A figure
    #: whose labels depend on the width can be remade for it, e.g.
    #: ``bridge_figure(..., width=view.box_width or None)`` in an observer of this trait.
    box_width = traitlets.Int(0).tag(sync=True)
    #: "Als tabel" (issue 19): the figure's numbers as an HTML table, its short description
    #: and the words of the button, made from the figure's own data (widgets/figure_table.py)
    table_html = traitlets.Unicode("").tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    table_label = traitlets.Unicode("").tag(sync=True)
    #: a name for the figure in its description and table caption (optional)
    figure_name = traitlets.Unicode("")

    def __init__(self, figure: dict[str, Any] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._click_handlers: list[Callable[[dict[str, Any]], Any]] = []
        self.on_msg(self._on_custom_msg)
        self.observe(lambda _c: self._describe(), ["data", "layout", "figure_name", "_dom_classes"])
        if figure is not None:
            self.figure = figure
        else:
            self._describe()

    def _describe(self) -> None:
        figure = self.figure
        lang = figure_lang(figure)
        name = self.figure_name or self._name_from_class(lang)
        self.table_html = table_html(figure, name)
        self.description = figure_description(figure, name)
        self.table_label = t("a11y.table_show", lang)

    @property
    def figure(self) -> dict[str, Any]:
        return {"data": self.data, "layout": self.layout}

    @figure.setter
    def figure(self, figure: dict[str, Any]) -> None:
        with self.hold_sync():
            self.data = list(figure.get("data", []))
            self.layout = dict(figure.get("layout", {}))

    def _name_from_class(self, lang: str) -> str:
        """A figure's name from its hook class (``mm-radar-figure`` -> ``a11y.fig.mm_radar_figure``)."""
        for css in self._dom_classes:
            key = "a11y.fig." + css.replace("-", "_")
            text = t(key, lang)
            if text != key:
                return text
        return ""

    def on_click(self, handler: Callable[[dict[str, Any]], Any]) -> None:
        """``handler(point)`` with point = {curve, index, customdata} of the clicked point."""
        self._click_handlers.append(handler)

    def click(self, point: dict[str, Any]) -> None:
        """Simulate a click from Python (tests) exactly as the browser reports it."""
        for handler in self._click_handlers:
            handler(point)

    def _on_custom_msg(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "click":
            self.click({k: content.get(k) for k in ("curve", "index", "customdata")})
