"""The team and organisation report workbook (``rapportage.ipynb``, issue 10).

Reads through the store with the Store's actor (a coach: their own clients; a team lead: the
team, with the coach-level table); everything shown comes from
:func:`mmwidgets.store.reports.team.team_report`, the files from :mod:`mmwidgets.store.reports.files`
and :mod:`mmwidgets.store.reports.research_export`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mmwidgets.apps.common import default_library
from mmwidgets.figures.report import group_radar_figure
from mmwidgets.i18n import language_from_environment, t
from mmwidgets.model.bridge.crosswalk import CrosswalkSet, load_crosswalks, own_crosswalks_dir, shipped_crosswalks_dir
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.dates import local_today
from mmwidgets.store.store import Store
from mmwidgets.model.reports.rules import MINIMUM_FLOOR
from mmwidgets.store.reports.files import (bridge_name, explanation, file_name, page_tables, report_csv, report_excel,
                                           unmapped_lines)
from mmwidgets.store.reports.team import ReportOptions, TeamReport, team_report
from mmwidgets.store.reports.research_export import research_excel
from mmwidgets.widgets.report.view import ReportView


class ReportApp(ReportView):
    def __init__(self, store: Store, lang: str = "nl", today: dt.date | None = None, library: Any = None):
        today = today or local_today()
        self.store = store
        self.library = library or default_library()
        self.definitions: dict[str, BridgeDefinition] = {e.key: self.library.get(e.key) for e in self.library.valid()}
        bridges = bridge_options(list(self.definitions.values()), lang)
        super().__init__(lang, bridges, today - dt.timedelta(days=365), today)
        self.report: TeamReport | None = None
        self.crosswalks = self._crosswalks()
        self.excel.make = lambda: (file_name(self._need(), "xlsx", self.lang), report_excel(self._need(), self.lang))
        self.csv.make = lambda: (file_name(self._need(), "csv", self.lang), report_csv(self._need(), self.lang))
        self.research.make = lambda: (f"{t('report.research_stem', self.lang)}-{local_today().isoformat()}.xlsx",
                                      research_excel(self.store, self.dates.value, 30, self.lang))
        self.on_change(self.refresh)
        self.guard(self.refresh)()

    def _lookup(self, key: str) -> BridgeDefinition | None:
        return self.definitions.get(key)

    def _crosswalks(self) -> CrosswalkSet:
        folders = [shipped_crosswalks_dir()] + [own_crosswalks_dir(d) for d in self.library.dirs[1:]]
        crosswalks = load_crosswalks(folders).checked(self._lookup)
        for error in crosswalks.errors:
            self.messages.show_lines(error.messages(self.lang), "warning")
        return crosswalks

    def _need(self) -> TeamReport:
        if self.report is None:
            self.refresh()
        assert self.report is not None
        return self.report

    def refresh(self) -> TeamReport | None:
        self.report = None  # a refused period never leaves an old report to download
        definition = self.definitions.get(self.bridge.value)
        if definition is None:
            self.messages.show(t("report.no_bridge", self.lang), "warning")
            return None
        minimum = self.minimum.value
        if isinstance(minimum, int) and not isinstance(minimum, bool) and minimum < MINIMUM_FLOOR:
            # said next to the field, not silently changed
            self.show_minimum_note(t("report.minimum_raised", self.lang, floor=MINIMUM_FLOOR, value=minimum))
            minimum = MINIMUM_FLOOR
        else:
            self.show_minimum_note(None)
        options = ReportOptions(start=self.start.value, end=self.end.value, definition=definition,
                                rule=self.rule.value, minimum=minimum, crosswalks=self.crosswalks,
                                lookup=self._lookup)
        self.report = report = team_report(self.store, options)
        lang = self.lang
        lines = [t("report.clients_in_period", lang, count=report.clients)] + unmapped_lines(report, lang)
        tables = [(name, how, list(frame.columns), frame.values.tolist())
                  for name, how, frame in page_tables(report, lang, percent=True)]
        counts = {row.part: int(row.clients) for row in report.parts.itertuples() if row.level == "subpillar"}
        figure = group_radar_figure(definition, report.means, counts, t(f"report.rule.{options.rule}", lang), lang,
                                    minimum=minimum)
        if report.clients == 0:
            self.show([], [], figure, explanation(report, lang), empty=t("report.empty", lang))
        else:
            self.show(lines, tables, figure, explanation(report, lang))
        return report


def bridge_options(definitions: list[BridgeDefinition], lang: str) -> list[tuple[str, str]]:
    """The bridges by their plain names; a version is said (in words) only when two versions of
    one bridge are there to choose from."""
    ids = [d.id for d in definitions]
    options = []
    for d in definitions:
        label = bridge_name(d, lang)
        if ids.count(d.id) > 1:
            label = t("report.bridge_version", lang, name=label, version=d.version)
        options.append((label, d.key))
    return options


def report_app(store: Store | None = None, lang: str | None = None, today: dt.date | None = None) -> ReportApp:
    """Dutch unless ``?lang=en`` or ``lang``."""
    return ReportApp(store or Store(), lang or language_from_environment(), today)
