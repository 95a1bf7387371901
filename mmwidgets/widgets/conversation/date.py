"""The date of a conversation: today by default, another date when one is recorded afterwards,
typed the way a coach says it (``1-12``, ``gisteren``, ``vrijdag``, ``eind november``), read by
the one date reader (:mod:`mmwidgets.model.dates`) going back in time, and said back in words.
Emits the parsed date; a wrong date gets a message next to the field."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t
from babel.dates import format_date

from mmwidgets.model.dates import BACK, local_today, parse_user_date
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.files import Problem

TODAY_WORDS = {"vandaag", "today", "nu", "now"}


def dutch_date(day: dt.date) -> str:
    """3-11-2026: the way a date is written on a Dutch screen (and typed back)."""
    return f"{day.day}-{day.month}-{day.year}"


class ConversationDate(W.VBox):
    def __init__(self, lang: str = "nl", today: Callable[[], dt.date] = local_today):
        self._today = today
        self._handlers: list[Callable[[dt.date], Any]] = []
        self.day = today()
        self.label = W.HTML().add_class("mm-conv-date-label")
        self.field = W.Text(value=dutch_date(self.day), continuous_update=False,
                            layout=W.Layout(width="11em")).add_class("mm-conv-date")
        self.today_button = W.Button().add_class("mm-conv-date-today")
        self.shown = W.HTML().add_class("mm-conv-date-shown")  # the date as read, in words
        self.problem = W.HTML().add_class("mm-conv-date-problem")
        self.field.observe(self._typed, "value")
        self.today_button.on_click(lambda _b: self.set_day(self._today(), emit=True))
        super().__init__([self.label, W.HBox([self.field, self.today_button]).add_class("mm-wrap"), self.shown,
                          self.problem])
        self.add_class("mm-conv-date-box")
        self.set_lang(lang)

    def on_change(self, handler: Callable[[dt.date], Any]) -> None:
        self._handlers.append(handler)

    def parse(self, text: str) -> dt.date:
        raw = text.strip().lower()
        today = self._today()
        if raw in TODAY_WORDS:
            return today
        day = parse_user_date(raw, today, where="date", direction=BACK, earliest=dt.date(1900, 1, 1),
                              latest=dt.date(2100, 12, 31))
        if day is None:
            raise InvalidInput(Problem("date", "bad_date", {"input": ""}))
        if day > today:
            raise InvalidInput(Problem("date", "future_date", {"input": text.strip()[:40]}))
        return day

    def _typed(self, change: dict[str, Any]) -> None:
        try:
            day = self.parse(change["new"])
        except InvalidInput as error:
            self.problem.value = f"<div class='mm-msg mm-msg-error'>{html.escape(self._message(error))}</div>"
            self.shown.value = ""
            return
        self.problem.value = ""
        self._say(day)
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
        self._say(day)
        if changed and emit:
            for handler in self._handlers:
                handler(day)

    def _say(self, day: dt.date) -> None:
        """The date as read, in words: '→ zaterdag 5 december 2026'."""
        words = format_date(day, "EEEE d MMMM y", locale=getattr(self, "lang", "nl"))
        self.shown.value = f"<small>→ {html.escape(words)}</small>"

    def tell(self, text: str) -> None:
        """A plain note under the date (e.g. 'this day already has a conversation')."""
        self.problem.value = f"<div class='mm-msg mm-msg-info'>{html.escape(text)}</div>" if text else ""

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._say(self.day)
        self.label.value = f"<b>{html.escape(t('conversation.date', lang))}</b>"
        self.field.placeholder = t("conversation.date_placeholder", lang)
        self.today_button.description = t("conversation.date_today", lang)

