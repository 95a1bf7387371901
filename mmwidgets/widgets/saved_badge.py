"""A short "bewaard" confirmation, shown after each saved change (with the time, so a
second save visibly renews it)."""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.dates import local_time


class SavedBadge(W.HTML):
    def __init__(self) -> None:
        super().__init__("")
        self.add_class("mm-saved")

    def show(self, lang: str, when: dt.datetime | None = None) -> None:
        moment = local_time(when).strftime("%H:%M:%S")  # Dutch time, not the server's clock
        text = t("conversation.saved_at", lang, time=moment)
        self.value = f"<span class='mm-saved-text' role='status'>✓ {html.escape(text)}</span>"

    def clear(self) -> None:
        self.value = ""
