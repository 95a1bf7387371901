"""The coach's caseload as a sortable table (issue 10): last conversation, next appointment,
overdue actions, goals reached, rewards given, and who has not been seen for a chosen number
of weeks. A client's name links to the conversation workbook (``gesprek.ipynb?client=<id>``).

A click on a column's header (a row of buttons above the table, in the same column widths)
sorts by that column, a second click turns the order around; the dropdown and the checkbox
do the same and follow the header.

CSS hooks: ``mm-caseload`` (the box), ``mm-caseload-weeks``, ``mm-caseload-sort``,
``mm-caseload-reverse``, ``mm-caseload-header`` (the header row), ``mm-caseload-head`` and
``mm-caseload-head-<column>`` (each header button; the sorted one also ``mm-caseload-head-sorted``),
``mm-caseload-table``, ``mm-caseload-open`` (each client link)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.widgets.feedback import MessageArea, guarded

COLUMNS = ("pseudonym", "last_conversation", "next_appointment", "overdue_actions", "goals_reached",
           "rewards_given", "not_seen")
CONVERSATION_LINK = "gesprek.ipynb?client={id}"
#: a team lead's link: the team workbook with the client chosen in the logged opening step
TEAM_OPEN_LINK = "team.ipynb?client={id}"
# the columns' widths, shared by the clickable header (a grid of buttons) and the table below it
WIDTHS = ("16%", "16%", "16%", "11%", "11%", "15%", "15%")  # whole words at 768 px, nl and en


def _sort_key(column: str):
    def key(row: dict[str, Any]) -> tuple:
        value = row.get(column)
        if value is None:
            return (1, "")
        if isinstance(value, str):
            return (0, value.casefold())
        if isinstance(value, (dt.date, dt.datetime)):
            return (0, value.isoformat())
        return (0, value)

    return key


def _value(column: str, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if column == "not_seen":
        return t("report.caseload.yes", lang) if value else ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def caseload_table_html(rows: list[dict[str, Any]], lang: str, head_shown: bool = True,
                        link: str = CONVERSATION_LINK, columns: tuple[str, ...] = COLUMNS,
                        widths: tuple[str, ...] = WIDTHS) -> str:
    """The table; ``head_shown=False``: its header row is there for screen readers only (the
    view shows clickable header buttons above it, in the same column widths)."""
    if not rows:
        return f"<p class='mm-caseload-empty'>{html.escape(t('report.caseload.none', lang))}</p>"
    head = "".join(f"<th>{html.escape(t(f'report.caseload.col.{c}', lang))}</th>" for c in columns)
    hidden = "" if head_shown else (" style='position:absolute;width:1px;height:1px;overflow:hidden;"
                                    "clip:rect(0 0 0 0)'")
    cols = "".join(f"<col style='width:{w}'>" for w in widths)
    body = []
    for row in rows:
        cells = []
        for column in columns:
            text = html.escape(_value(column, row.get(column), lang))
            if column == "pseudonym":
                href = link.format(id=int(row["client_id"])) + ("&lang=en" if lang == "en" else "")
                href = html.escape(href, quote=True)
                text = f"<a class='mm-caseload-open' href='{href}' target='_blank'>{text}</a>"
            cells.append(f"<td>{text}</td>")
        flag = " class='mm-caseload-not-seen'" if row.get("not_seen") else ""
        body.append(f"<tr{flag}>{''.join(cells)}</tr>")
    return (f"<table style='table-layout:fixed;width:100%'><colgroup>{cols}</colgroup>"
            f"<thead{hidden}><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


class CaseloadView(W.VBox):
    """``show(rows)`` with dicts keyed like :data:`COLUMNS` plus ``client_id``; ``on_weeks(cb)``."""

    def __init__(self, lang: str = "nl", weeks: int = 6, team: str | None = None):
        super().__init__()
        self.add_class("mm-caseload")
        self.lang = lang
        #: a team lead's caseload: its own title, and links through the logged opening step
        self.team = team
        self.link = CONVERSATION_LINK if team is None else TEAM_OPEN_LINK
        # the same columns for a team lead: an eighth (coach) broke headers mid-word at 768 px;
        # team.ipynb lists each client's coach
        self.columns, self.widths = COLUMNS, WIDTHS
        self.rows: list[dict[str, Any]] = []
        self.messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        self.title = W.HTML()
        self.weeks = W.BoundedIntText(value=weeks, min=1, max=104).add_class("mm-caseload-weeks")
        self.sort = W.Dropdown().add_class("mm-caseload-sort")
        self.reverse = W.Checkbox(value=False, indent=False).add_class("mm-caseload-reverse")
        self.table = W.HTML().add_class("mm-caseload-table")
        self.table.layout.width = "100%"
        self.table.layout.margin = "2px 0"  # 100% plus the widgets' 2 px side margins stuck out 2 px
        # a click on a column's header sorts by it; a second click turns the order around
        self.heads = {c: W.Button(layout=W.Layout(width="auto", padding="0 4px")).add_class("mm-caseload-head")
                      .add_class(f"mm-caseload-head-{c}") for c in self.columns}
        for column, button in self.heads.items():
            button.on_click(self.guard(lambda _b, column=column: self.sort_by(column)))
        self.header = W.GridBox(list(self.heads.values()), layout=W.Layout(
            grid_template_columns=" ".join(self.widths), width="100%")).add_class("mm-caseload-header")
        self._weeks_callbacks: list[Callable[[int], None]] = []
        self.weeks.observe(self.guard(lambda _c: [cb(self.weeks.value) for cb in self._weeks_callbacks]), "value")
        self.sort.observe(self.guard(lambda _c: self._draw()), "value")
        self.reverse.observe(self.guard(lambda _c: self._draw()), "value")
        controls = W.HBox([self.weeks, self.sort, self.reverse])
        controls.layout.flex_flow = "row wrap"
        self.children = [self.title, controls, self.header, self.table, self.messages]
        self._texts()

    def _texts(self) -> None:
        lang = self.lang
        title = (t("report.caseload.title", lang) if self.team is None
                 else t("report.caseload.title_team", lang, team=self.team))
        explain = "" if self.team is None else f"<p>{html.escape(t('report.caseload.explain_team', lang))}</p>"
        self.title.value = f"<h1>{html.escape(title)}</h1>{explain}"
        self.weeks.description = t("report.caseload.weeks", lang)
        self.sort.description = t("report.caseload.sort", lang)
        self.reverse.description = t("report.caseload.reverse", lang)
        for field in (self.weeks, self.sort):
            field.style = {"description_width": "initial"}
        chosen = self.sort.value
        self.sort.options = [(t(f"report.caseload.col.{c}", lang), c) for c in self.columns]
        self.sort.value = chosen if chosen in self.columns else "pseudonym"

    def sort_by(self, column: str) -> None:
        """What a click on a column's header does: sort by it, or turn the order around when
        it is already the sorted column."""
        if self.sort.value == column:
            self.reverse.value = not self.reverse.value
            return
        self.reverse.value = False
        self.sort.value = column

    def _heads(self) -> None:
        for column, button in self.heads.items():
            label = t(f"report.caseload.col.{column}", self.lang)
            if column == (self.sort.value or "pseudonym"):
                label += " ▼" if self.reverse.value else " ▲"
                button.add_class("mm-caseload-head-sorted")
            else:
                button.remove_class("mm-caseload-head-sorted")
            button.description = label
            button.tooltip = f"{t('report.caseload.sort', self.lang)}: {t(f'report.caseload.col.{column}', self.lang)}"

    def on_weeks(self, callback: Callable[[int], None]) -> None:
        self._weeks_callbacks.append(callback)

    def show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = list(rows)
        self._draw()

    def sorted_rows(self) -> list[dict[str, Any]]:
        return sorted(self.rows, key=_sort_key(self.sort.value or "pseudonym"), reverse=self.reverse.value)

    def _draw(self) -> None:
        self._heads()
        self.table.value = caseload_table_html(self.sorted_rows(), self.lang, head_shown=False, link=self.link,
                                               columns=self.columns, widths=self.widths)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._texts()
        self._draw()
