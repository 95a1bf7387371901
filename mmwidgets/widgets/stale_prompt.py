"""When another screen saved a newer value first: say what it is now and let the coach choose
("Gebruik mijn keuze" / "Houd de nieuwe"). Shown until a choice is made."""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t


class StalePrompt(W.VBox):
    def __init__(self, guard: Callable[[Callable[..., Any]], Callable[..., Any]]):
        self.text = W.HTML().add_class("mm-stale-text")
        self.mine = W.Button(button_style="primary").add_class("mm-stale-mine")
        self.theirs = W.Button().add_class("mm-stale-theirs")
        self._use_mine: Callable[[], Any] | None = None
        self._keep_theirs: Callable[[], Any] | None = None
        self.mine.on_click(guard(lambda _b: self._choose(self._use_mine)))
        self.theirs.on_click(guard(lambda _b: self._choose(self._keep_theirs)))
        super().__init__([self.text, W.HBox([self.mine, self.theirs]).add_class("mm-wrap")],
                         layout=W.Layout(display="none"))
        self.add_class("mm-stale")

    def ask(self, message: str, lang: str, use_mine: Callable[[], Any], keep_theirs: Callable[[], Any]) -> None:
        self._use_mine, self._keep_theirs = use_mine, keep_theirs
        self.text.value = f"<div class='mm-msg mm-msg-warning' role='alert'>{html.escape(message)}</div>"
        self.mine.description = t("stale.use_mine", lang)
        self.theirs.description = t("stale.keep_theirs", lang)
        self.layout.display = ""

    @property
    def is_open(self) -> bool:
        return self.layout.display != "none"

    def _choose(self, action: Callable[[], Any] | None) -> None:
        self.layout.display = "none"
        self._use_mine = self._keep_theirs = None
        if action is not None:
            action()
