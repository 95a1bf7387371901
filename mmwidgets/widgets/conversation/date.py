"""The date of a conversation: today by default, another date (dd-mm-jjjj) when one is
recorded afterwards. Emits the parsed date; a wrong date gets a message next to the field."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.assessment import parse_date
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

TODAY_WORDS = {"vandaag", "today", "nu", "now"}


def dutch_date(day: dt.date) -> str:
    """3-11-2026: the way a date is written on a Dutch screen (and typed back)."""
    return f"{day.day}-{day.month}-{day.year}"


class ConversationDate(W.VBox):
    def __init__(self, lang: str = "nl", today: Callable[[], dt.date] = dt.date.today):
        self._today = today
        self._handlers: list[Callable[[dt.date], Any]] = []
        self.day = today()
        self.label = W.HTML().add_class("mm-conv-date-label")
        self.field = W.Text(value=dutch_date(self.day), continuous_update=False,
                            layout=W.Layout(width="11em")).add_class("mm-conv-date")
        self.today_button = W.Button().add_class("mm-conv-date-today")
        self.problem = W.HTML().add_class("mm-conv-date-problem")
        self.field.observe(self._typed, "value")
        self.today_button.on_click(lambda _b: self.set_day(self._today(), emit=True))
        super().__init__([self.label, W.HBox([self.field, self.today_button]).add_class("mm-wrap"), self.problem])
        self.add_class("mm-conv-date-box")
        self.set_lang(lang)

    def on_change(self, handler: Callable[[dt.date], Any]) -> None:
        self._handlers.append(handler)

    def parse(self, text: str) -> dt.date:
        raw = text.strip().lower()
        if raw in TODAY_WORDS:
            return self._today()
        day = parse_date(raw)
        if day > self._today():
            raise InvalidInput(Problem("date", "future_date", {"input": text.strip()[:40]}))
        return day

    def _typed(self, change: dict[str, Any]) -> None:
        try:
            day = self.parse(change["new"])
        except InvalidInput as error:
            self.problem.value = f"<div class='mm-msg mm-msg-error'>{html.escape(self._message(error))}</div>"
            return
        self.problem.value = ""
        if day != self.day:
            self.day = day
            for handler in self._handlers:
                handler(day)

    def _message(self, error: InvalidInput) -> str:
        if error.problem.code == "future_date":
            return t("conversation.date_future", self.lang)
        return t("conversation.date_bad", self.lang, input=(self.field.value or "")[:40])

    def set_day(self, day: dt.date, emit: bool = False) -> None:
        """Show ``day``; emit only for the coach's own action."""
        changed = day != self.day
        self.day = day
        self.problem.value = ""
        self.field.unobserve(self._typed, "value")
        self.field.value = dutch_date(day)
        self.field.observe(self._typed, "value")
        if changed and emit:
            for handler in self._handlers:
                handler(day)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.label.value = f"<b>{html.escape(t('conversation.date', lang))}</b>"
        self.field.placeholder = t("conversation.date_placeholder", lang)
        self.today_button.description = t("conversation.date_today", lang)

