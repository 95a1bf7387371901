"""The language switch: Dutch (default) or English."""

from __future__ import annotations

import ipywidgets as W

from mmwidgets.i18n import normalise_language


class LanguageSwitch(W.ToggleButtons):
    def __init__(self, value: str = "nl", **kwargs):
        super().__init__(
            options=[("NL", "nl"), ("EN", "en")],
            value=normalise_language(value),
            style={"button_width": "48px"},
            **kwargs,
        )
        self.add_class("mm-lang")
