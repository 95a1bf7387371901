"""The report's period dates as text fields (issue 20): the browser's own date picker showed its
own format (12/06/2025 in an English browser, also on a Dutch screen), so the dates are typed
and shown as ``dd-mm-jjjj`` (placeholder in the page's language), read by
:mod:`mmwidgets.model.dates` (``1-3-2026``, ``2026-03-01``, ``1 maart``, ``gisteren`` ...), said
back in words in the page's language under the field (``→ zondag 1 maart 2026``), and refused
with a sentence under the field, never a traceback. A refused date leaves the last good one in
use (nothing else changes until it is right).

Trait ``value`` (a date) changes only with a good date, typed or set; observe it as before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.dates import BACK, EARLIEST, LATEST, local_today, parse_user_date
from mmwidgets.model.errors import InvalidInput
from mmwidgets.widgets.plan.date_field import DateField


class PeriodField(DateField):
    value = traitlets.Any(None)

    def __init__(self, css: str, value: dt.date, lang: str, today: dt.date | None = None):
        super().__init__(css, width="11em")
        self.add_class("mm-report-date-field")
        self.layout.margin = "0 1.5em 0.25em 0"  # "→ zaterdag 6 december 2025" never runs into the next field's line
        self.lang = lang
        self.today = today or local_today()
        self._quiet = False
        self.text.observe(self._typed, "value")
        self.observe(self._shown, "value")
        self.value = value

    def set_lang(self, lang: str, label: str) -> None:
        self.lang = lang
        self.set_texts(label, t("report.date_placeholder", lang))
        self._show(self.value)

    def _show(self, day: Any) -> None:
        self._quiet = True
        try:
            self.show_value(day, self.lang)
        finally:
            self._quiet = False

    def _shown(self, change: dict[str, Any]) -> None:
        self._show(change["new"])

    def _typed(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        typed = str(change["new"] or "")
        try:
            day = parse_user_date(typed, self.today, where="", earliest=EARLIEST, latest=LATEST, direction=BACK)
        except InvalidInput as exc:
            if exc.problem.code != "date_range":
                exc = InvalidInput(Problem("", "report_bad_date", {"input": typed.strip()[:40]}))
            self.fail(exc, self.lang)
            return
        if day is None:
            self.fail(InvalidInput(Problem("", "report_date_empty", {})), self.lang)
            return
        if day == self.value:
            self._show(day)  # the same date typed another way: shown as dd-mm-jjjj again
        else:
            self.value = day
