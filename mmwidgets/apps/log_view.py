"""The team's access log for its log keeper (workbook ``logboek.ipynb``): filter per client
code, per staff member and per period. The log names clients only by code; every cell is
escaped. Whether the log may be read is decided in the store (role ``log_keeper`` only)."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W

from mmwidgets.i18n import language_from_environment, t
from mmwidgets.model.access.log_filter import LogFilter, parse_log_filter
from mmwidgets.store.access.guard import TEAM_LEAD_REASONS, AccessRefused, AccessRepo, LogLine
from mmwidgets.store.access.export import when_text
from mmwidgets.store.store import Store
from mmwidgets.widgets.feedback import MessageArea, guarded

MAX_LINES = 1000
_COLUMNS = ("at", "actor", "behalf", "action", "object", "result", "origin")


def _what(line: LogLine, lang: str) -> str:
    text = t(f"teams.action.{line.action}", lang)
    if line.action == "hand_over" and line.detail:
        text = t("teams.action.hand_over_to", lang, name=line.detail.split("@", 1)[0])
    elif line.action == "undo_hand_over" and line.detail:
        text = t("teams.action.undo_hand_over_to", lang, name=line.detail.split("@", 1)[0])
    elif line.action == "search" and line.detail.isdigit():
        text = t("teams.action.search_found", lang, n=int(line.detail))
    elif line.action in ("open", "take_over") and line.detail in TEAM_LEAD_REASONS:
        reason = t(f"teams.reason.{line.detail}", lang)
        text = f"{text} ({reason})"
    return text


def log_table_html(lines: list[LogLine], lang: str) -> str:
    """The lines as an HTML table; every value escaped."""
    if not lines:
        return f"<p class='mm-log-empty'>{html.escape(t('teams.log.none', lang))}</p>"
    head = "".join(f"<th>{html.escape(t(f'teams.log.col.{c}', lang))}</th>" for c in _COLUMNS)
    rows = []
    for line in lines:
        role = t(f"teams.role.{line.role}", lang)
        cells = (
            when_text(line.at, lang),
            f"{line.actor} ({role})",
            line.on_behalf_of,
            _what(line, lang),
            line.object_code,
            t(f"teams.log.result.{line.result}", lang),
            line.origin,
        )
        css = " class='mm-log-refused'" if line.result == "refused" else ""
        rows.append(f"<tr{css}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return f"<table class='mm-log-table'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class LogView(W.VBox):
    """Filters (code, staff member, from, up to and including), a button, the table."""

    def __init__(self, store: Store, lang: str = "nl"):
        super().__init__()
        self.add_class("mm-log-view")
        self.store, self.lang = store, lang
        self.repo = AccessRepo(store)
        self.messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        self.title = W.HTML()
        self.code = W.Text().add_class("mm-log-code")
        self.actor = W.Text().add_class("mm-log-actor")
        self.since = W.Text(placeholder="1-11-2026").add_class("mm-log-since")
        self.until = W.Text(placeholder="30-11-2026").add_class("mm-log-until")
        self.show_button = W.Button().add_class("mm-log-show")
        self.count = W.HTML().add_class("mm-log-count")
        self.table = W.HTML().add_class("mm-log-lines")
        self.show_button.on_click(self.guard(lambda _b: self.show()))
        self._texts()
        allowed = self.store.actor.role == "log_keeper"
        filters = W.HBox([self.code, self.actor, self.since, self.until, self.show_button])
        filters.layout.flex_flow = "row wrap"
        self.children = [self.title, filters, self.messages, self.count, self.table] if allowed else [
            self.title, self.messages
        ]
        if allowed:
            self.guard(self.show)()
        else:
            self.messages.show(t("teams.log.not_allowed", lang), "warning")

    def _texts(self) -> None:
        lang = self.lang
        self.title.value = f"<h1>{html.escape(t('teams.log.title', lang, team=self.store.actor.team))}</h1>"
        self.code.description = t("teams.log.code", lang)
        self.actor.description = t("teams.log.actor", lang)
        self.since.description = t("teams.log.since", lang)
        self.until.description = t("teams.log.until", lang)
        self.show_button.description = t("teams.log.show", lang)
        for field in (self.code, self.actor, self.since, self.until):
            field.style = {"description_width": "initial"}

    def current_filter(self) -> LogFilter:
        return parse_log_filter(self.code.value, self.actor.value, self.since.value, self.until.value)

    def show(self) -> list[LogLine]:
        """Read the log with the typed filter and show it (newest last)."""
        chosen = self.current_filter()
        try:
            lines = self.repo.search_log(chosen.code, chosen.actor, chosen.since, chosen.until, MAX_LINES)
        except AccessRefused:
            self.table.value = ""
            raise
        self.messages.clear()
        self.count.value = html.escape(t("teams.log.count", self.lang, count=len(lines)))
        self.table.value = log_table_html(lines, self.lang)
        return lines


def log_view_app(store: Store | None = None, lang: str | None = None) -> LogView:
    """The log keeper's workbook: Dutch unless ``?lang=en`` or ``lang``."""
    return LogView(store or Store(), lang or language_from_environment())


__all__: list[Any] = ["LogView", "log_view_app", "log_table_html"]
