"""The team and organisation report screen (issue 10): period, bridge, baseline rule and the
smallest group shown; the sentence that these figures do not measure a coach; the tables
(each with how it is computed and on how many clients it rests), the group radar, and the
download buttons. The app computes; this widget only shows and reports changes.

CSS hooks: ``mm-report``, ``mm-report-start``, ``mm-report-end``, ``mm-report-bridge``,
``mm-report-rule``, ``mm-report-minimum``, ``mm-report-not-performance``, ``mm-report-notes``,
``mm-report-tables``, ``mm-report-radar``, ``mm-report-excel``, ``mm-report-csv``,
``mm-report-dates``, ``mm-report-research``."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable, Sequence

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.widgets.download_button import DownloadButton
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.plotly_view import PlotlyView
from mmwidgets.widgets.report.period_field import PeriodField
from mmwidgets.widgets.report.tables import table_html

RULES = ("first", "first_in_period", "lower_of_first_two")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportView(W.VBox):
    def __init__(self, lang: str, bridges: Sequence[tuple[str, str]], start: dt.date, end: dt.date,
                 minimum: int = 10):
        super().__init__()
        self.add_class("mm-report")
        self.lang = lang
        self.messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        self.title = W.HTML()
        # typed dates shown as dd-mm-jjjj (the browser's own picker showed mm/dd/yyyy on a Dutch screen)
        self.start = PeriodField("mm-report-start", start, lang, today=end)
        self.end = PeriodField("mm-report-end", end, lang, today=end)
        self.bridge = W.Dropdown(options=list(bridges)).add_class("mm-report-bridge")
        self.rule = W.Dropdown().add_class("mm-report-rule")
        # any whole number may be typed: below the floor the app says so next to the field
        self.minimum = W.BoundedIntText(value=minimum, min=0, max=1000).add_class("mm-report-minimum")
        self.minimum_note = W.HTML().add_class("mm-report-minimum-note")
        self.not_performance = W.HTML().add_class("mm-report-not-performance")
        self.notes = W.HTML().add_class("mm-report-notes")
        self.tables = W.HTML().add_class("mm-report-tables")
        self.radar = PlotlyView({"data": [], "layout": {}})
        self.radar.add_class("mm-report-radar")
        self.excel = DownloadButton(mime=XLSX, css_class="mm-report-excel", on_error=self.guard)
        self.csv = DownloadButton(mime="text/csv", css_class="mm-report-csv", on_error=self.guard)
        self.dates = W.Dropdown().add_class("mm-report-dates")
        self.research = DownloadButton(mime=XLSX, css_class="mm-report-research", on_error=self.guard)
        self._callbacks: list[Callable[[], None]] = []
        for field in (self.start, self.end, self.bridge, self.rule, self.minimum):
            field.observe(self.guard(self._changed), "value")
        controls = W.HBox([self.start, self.end, self.bridge, self.rule, self.minimum])
        controls.layout.flex_flow = "row wrap"
        downloads = W.HBox([self.excel, self.csv, self.dates, self.research])
        downloads.layout.flex_flow = "row wrap"
        self.explanation = W.HTML().add_class("mm-report-explanation")
        self.radar_box = W.VBox([self.radar]).add_class("mm-report-radar-box")
        self.children = [self.title, controls, self.minimum_note, self.messages, self.explanation,
                         self.not_performance, self.notes, self.radar_box, self.tables, downloads]
        self._texts()

    def _texts(self) -> None:
        lang = self.lang
        self.title.value = f"<h1>{html.escape(t('report.title', lang))}</h1>"
        self.start.set_lang(lang, t("report.start", lang))
        self.end.set_lang(lang, t("report.end", lang))
        self.bridge.description = t("report.bridge_choice", lang)
        self.rule.description = t("report.rule_choice", lang)
        self.minimum.description = t("report.minimum", lang)
        for field in (self.bridge, self.rule, self.minimum, self.dates):
            field.style = {"description_width": "initial"}
        rule = self.rule.value
        self.rule.options = [(t(f"report.rule.{r}", lang), r) for r in RULES]
        self.rule.value = rule if rule in RULES else "first"
        mode = self.dates.value
        self.dates.description = t("report.dates", lang)
        self.dates.options = [(t("report.dates.month", lang), "month"), (t("report.dates.shift", lang), "shift")]
        self.dates.value = mode if mode in ("month", "shift") else "month"
        self.not_performance.value = f"<p><strong>{html.escape(t('report.not_performance', lang))}</strong></p>"
        self.excel.description = t("report.download_excel", lang)
        self.csv.description = t("report.download_csv", lang)
        self.research.description = t("report.download_research", lang)

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def _changed(self, _change: Any = None) -> None:
        for callback in self._callbacks:
            callback()

    def show_minimum_note(self, text: str | None) -> None:
        """A sentence next to the smallest-group field (e.g. that it was raised), or none."""
        self.minimum_note.value = (f"<p class='mm-report-minimum-raised' role='status'>{html.escape(text)}</p>"
                                   if text else "")

    def show(self, lines: Sequence[str], tables: Sequence[tuple[str, Sequence[str], Sequence[str], list[list[Any]]]],
             figure: dict[str, Any], explanation: Sequence[str] = (), empty: str | None = None) -> None:
        """``explanation``: said once, above everything; ``tables``: (title, how it is computed,
        column names, rows); ``empty``: a sentence instead of tables and radar (no conversations)."""
        self.explanation.value = "".join(f"<p class='mm-report-explain'>{html.escape(line)}</p>"
                                         for line in explanation)
        # the "not a measure of a coach" sentence is part of the explanation when one is given
        self.not_performance.layout.display = "none" if explanation else ""
        self.notes.value = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        if empty:
            self.notes.value += f"<p class='mm-report-empty'>{html.escape(empty)}</p>"
            self.tables.value = ""
            self.radar_box.layout.display = "none"
            return
        self.radar_box.layout.display = ""
        decimal = "," if self.lang == "nl" else "."
        self.tables.value = "".join(table_html(title, how, columns, rows, decimal=decimal)
                                    for title, how, columns, rows in tables)
        self.radar.figure = figure
