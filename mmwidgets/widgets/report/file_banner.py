"""A banner above a client's file: for a team lead who opened it (whose file, who opened it,
why, until when; read-only until "Ik neem dit over"), or for the coach (a team lead took the
file over). The widget only shows texts it is given; what may be changed is decided in the store.

CSS hooks: ``mm-file-banner`` (the box; also ``mm-file-banner-lead`` or ``mm-file-banner-coach``,
and ``mm-file-banner-taken`` once taken over), ``mm-file-banner-text``, ``mm-file-banner-state``,
``mm-take-over`` (the button).
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.widgets.feedback import MessageArea, guarded

_BOX = ("border:2px solid #0b4f8a;border-radius:6px;padding:8px 12px;background:#eef4fb;"
        "color:#111;overflow-wrap:anywhere")


class FileBanner(W.VBox):
    def __init__(self, lang: str = "nl"):
        super().__init__()
        self.add_class("mm-file-banner")
        self.lang = lang
        self.text = W.HTML().add_class("mm-file-banner-text")
        self.state = W.HTML().add_class("mm-file-banner-state")
        self.button = W.Button(button_style="", layout=W.Layout(width="auto", min_height="44px"))
        self.button.add_class("mm-take-over")
        self.button.style.button_color = "#0b4f8a"
        self.button.style.text_color = "white"
        self.messages = MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        self._callbacks: list[Callable[[], None]] = []
        self.button.on_click(self.guard(lambda _b: [cb() for cb in self._callbacks]))
        self.children = [self.text, self.state, self.button, self.messages]
        self.layout.width = "100%"
        self._texts()
        self.hide()

    def _texts(self) -> None:
        self.button.description = t("teams.banner.take_over", self.lang)

    def on_take_over(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def hide(self) -> None:
        self.layout.display = "none"
        self.text.value = self.state.value = ""
        for name in ("mm-file-banner-lead", "mm-file-banner-coach", "mm-file-banner-taken"):
            self.remove_class(name)

    def show_lead(self, text: str, state: str, taken: bool) -> None:
        """A team lead's opened file: ``text`` (whose, who, why, until when) and ``state`` (read-only,
        or taken over); the button only while not taken over."""
        self.remove_class("mm-file-banner-coach")
        self.add_class("mm-file-banner-lead")
        if taken:
            self.add_class("mm-file-banner-taken")
        else:
            self.remove_class("mm-file-banner-taken")
        self.text.value = f"<div style='{_BOX}' role='status'><strong>{html.escape(text)}</strong></div>"
        self.state.value = f"<p>{html.escape(state)}</p>"
        self.button.layout.display = "none" if taken else ""
        self.layout.display = ""

    def show_notice(self, text: str) -> None:
        """The coach's own file, taken over by a team lead lately."""
        self.remove_class("mm-file-banner-lead")
        self.remove_class("mm-file-banner-taken")
        self.add_class("mm-file-banner-coach")
        self.text.value = f"<div style='{_BOX}' role='status'>{html.escape(text)}</div>"
        self.state.value = ""
        self.button.layout.display = "none"
        self.layout.display = ""
