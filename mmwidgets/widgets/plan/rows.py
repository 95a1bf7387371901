"""The rows of the plan editor: one action (tick done, what and who, date, remove) and one check."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.dates import parse_due, typed_form
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.plan import Action, value_text, who_label
from mmwidgets.model.plan.checks import PlanCheck

from mmwidgets.widgets.plan.host import RowHost

_e = html.escape


class ActionRowView(W.HBox):
    """One action: tick done, what and who, its date (moving it is re-routing), remove."""

    def __init__(self, editor: RowHost):
        self.editor = editor
        self.key: str | None = None
        self._loading = False
        shared = editor.row_parts  # layouts and styles shared by all rows: fewer widget models
        # "gedaan": a 44 px toggle button with a tick, not a 13 px checkbox
        self.done = W.ToggleButton(value=False, icon="check", layout=shared["done"], style=shared["done_style"])
        self.done.add_class("mm-plan-action-done")
        self.text = W.HTML(layout=shared["text_inner"], style=shared["text_style"]).add_class("mm-plan-action-text")
        # the date as text (dd-mm-jjjj, vrijdag, over 2 weken): DatePicker shows mm/dd/yyyy
        self.due = W.Text(continuous_update=False, layout=shared["due"], style=shared["due_style"])
        self.due.add_class("mm-plan-action-due")
        self.error = W.HTML().add_class("mm-plan-field-error")
        self.remove = W.Button(icon="trash", layout=shared["remove"], style=shared["remove_style"])
        self.remove.add_class("mm-plan-action-remove")
        guard = editor.guard
        self.done.observe(guard(self._on_done), "value")
        self.due.observe(guard(self._on_due), "value")
        self.remove.on_click(guard(self._on_remove))
        super().__init__([self.done, W.VBox([self.text, self.error], layout=shared["text"]), self.due, self.remove])
        self.add_class("mm-plan-action-row")

    def show(self, action: Action | None, lang: str, today: dt.date) -> None:
        self._loading = True
        try:
            if action is None:
                self.key = None
                self.layout.display = "none"
                return
            self.key = action.key
            self.layout.display = ""
            self.done.value = action.done
            self.done.button_style = "success" if action.done else ""
            self.due.value = typed_form(action.due)
            self.due.placeholder = t("plan.ui.date_short", lang)
            self.error.value = ""
            state = action.state(today)
            who = who_label(action.who, action.who_name, lang)
            what = _e(action.what)
            if state == "done":
                when = t("plan.ui.done_on", lang, date=value_text("done_on", action.done_on, lang))
                what = f'<span class="mm-done">{what}</span>'
            elif state == "overdue":
                when = t("plan.ui.overdue", lang)
            elif state == "open":
                when = t("plan.ui.no_date", lang)
            else:
                when = ""
            extra = f" · <i>{_e(when)}</i>" if when else ""
            self.text.value = f"<div>{what}<br><small>{_e(who)}{extra}</small></div>"
            self.remove.tooltip = t("plan.ui.remove_action", lang)
            self.done.tooltip = t("plan.ui.tick_done", lang)
            self.done.description = ""
        finally:
            self._loading = False

    def _on_done(self, change: dict[str, Any]) -> None:
        if not self._loading and self.key:
            self.editor.tick(self.key, bool(change["new"]))

    def _on_due(self, change: dict[str, Any]) -> None:
        if self._loading or not self.key:
            return
        try:
            due = parse_due(change["new"], self.editor.today)
        except InvalidInput as exc:
            self.error.value = f"<span role='alert'>{_e(exc.message(self.editor.lang))}</span>"
            return
        self.editor.move_due(self.key, due)

    def _on_remove(self, *_args: Any) -> None:
        if self.key:
            self.editor.remove_action(self.key)


class CheckRowView(W.HBox):
    """A check's sentence and a button to ignore it."""

    def __init__(self, editor: RowHost):
        self.editor = editor
        self.check_id: str | None = None
        self.text = W.HTML(layout=W.Layout(flex="1 1 auto")).add_class("mm-plan-check-text")
        self.ignore = W.Button(layout=W.Layout(width="auto", min_width="100px", flex="0 0 auto"))
        self.ignore.add_class("mm-plan-check-ignore")
        self.ignore.on_click(editor.guard(self._on_ignore))
        super().__init__([self.text, self.ignore])
        self.add_class("mm-plan-check-row")

    def show(self, check: PlanCheck | None, lang: str) -> None:
        if check is None:
            self.check_id = None
            self.layout.display = "none"
            return
        self.check_id = check.id
        self.layout.display = ""
        self.text.value = f"<span>{_e(check.message(lang))}</span>"
        self.ignore.description = t("plan.ui.ignore", lang)

    def _on_ignore(self, *_args: Any) -> None:
        if self.check_id:
            self.editor.ignore(self.check_id)
