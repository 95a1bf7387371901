"""A short stress check-in at the start of the conversation: 0-10 and one open question."""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as W


from mmwidgets.i18n import t


class StressCheckin(W.VBox):
    """Emits ``(stress, note)`` through ``on_change`` for user actions only."""

    def __init__(self, lang: str = "nl"):
        self._handlers: list[Callable[[dict[str, Any]], Any]] = []
        self._loading = False
        self.heading = W.HTML()
        self.level = W.IntSlider(min=0, max=10, value=0, continuous_update=False,
                                 layout=W.Layout(width="360px")).add_class("mm-stress-level")
        self.level_label = W.HTML()
        self.unset = W.HTML()
        self.note = W.Textarea(rows=2, continuous_update=True, layout=W.Layout(width="100%"))
        self.note.add_class("mm-stress-note")
        self.level.observe(self._level_changed, "value")
        self.note.observe(self._note_changed, "value")
        super().__init__([self.heading, self.level_label, W.HBox([self.level, self.unset]), self.note])
        self.add_class("mm-stress")
        self.set_lang(lang)

    def on_change(self, handler: Callable[[dict[str, Any]], Any]) -> None:
        self._handlers.append(handler)

    def _emit(self, changes: dict[str, Any]) -> None:
        for handler in self._handlers:
            handler(changes)

    def _level_changed(self, change) -> None:
        if not self._loading:
            self.unset.value = ""
            self._emit({"stress": int(change["new"])})

    def _note_changed(self, change) -> None:
        if not self._loading:
            self._emit({"stress_note": change["new"]})

    def load(self, stress: int | None, note: str) -> None:
        self._loading = True
        try:
            self.level.value = stress if stress is not None else 0
            self.unset.value = "" if stress is not None else f"<small>{html.escape(t('stress.unset', self.lang))}</small>"
            if self.note.value != note:
                self.note.value = note
        finally:
            self._loading = False

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.heading.value = f"<h4>{html.escape(t('stress.heading', lang))}</h4>"
        self.level_label.value = html.escape(t("stress.level", lang))
        self.note.placeholder = t("stress.note", lang)
        if self.unset.value:
            self.unset.value = f"<small>{html.escape(t('stress.unset', lang))}</small>"
