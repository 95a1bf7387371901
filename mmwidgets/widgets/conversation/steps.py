"""One thing at a time: the conversation's steps as a step bar (tabs the coach can jump
between) with large "Vorige" / "Volgende" buttons under the step shown.

Pages are only built when first shown when they are a ``DeferredPanel`` (the app does that).
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t


class ConversationSteps(W.VBox):
    def __init__(self, pages: list[W.Widget], lang: str = "nl"):
        self.tabs = W.Tab(list(pages)).add_class("mm-tabs")
        self.tabs.add_class("mm-steps")
        self.prev_button = W.Button(icon="arrow-left").add_class("mm-nav-prev")
        self.next_button = W.Button(icon="arrow-right", button_style="primary").add_class("mm-nav-next")
        self.where = W.HTML().add_class("mm-nav-where")
        self.nav = W.HBox([self.prev_button, self.where, self.next_button]).add_class("mm-nav")
        self.prev_button.on_click(lambda _b: self.go(-1))
        self.next_button.on_click(lambda _b: self.go(+1))
        self.tabs.observe(lambda _c: self._nav_texts(), "selected_index")
        self._title_keys: list[str] = []
        super().__init__([self.tabs, self.nav])
        self.add_class("mm-conv-steps")
        self.lang = lang

    def wrap(self, guard: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        """Put the app's error guard around the buttons (replaces the plain handlers)."""
        self.prev_button._click_handlers.callbacks.clear()
        self.next_button._click_handlers.callbacks.clear()
        self.prev_button.on_click(guard(lambda _b: self.go(-1)))
        self.next_button.on_click(guard(lambda _b: self.go(+1)))

    def go(self, delta: int) -> None:
        index = (self.tabs.selected_index or 0) + delta
        if 0 <= index < len(self.tabs.children):
            self.tabs.selected_index = index

    def set_titles(self, titles: list[str], lang: str) -> None:
        self.lang = lang
        self.tabs.titles = tuple(titles)
        self._nav_texts()

    def _nav_texts(self) -> None:
        index = self.tabs.selected_index or 0
        count = len(self.tabs.children)
        titles = self.tabs.titles
        self.prev_button.description = t("steps.previous", self.lang)
        self.next_button.description = t("steps.next", self.lang)
        self.prev_button.disabled = index == 0
        self.next_button.disabled = index >= count - 1
        following = titles[index + 1] if index + 1 < count and index + 1 < len(titles) else ""
        self.next_button.tooltip = following
        self.where.value = (
            f"<span class='mm-nav-count'>{t('steps.where', self.lang, n=index + 1, total=count)}</span>"
        )
