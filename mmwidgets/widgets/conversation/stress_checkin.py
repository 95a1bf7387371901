"""A short stress check-in at the start of the conversation: 0-10 and one open question."""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as W


from mmwidgets.i18n import t
from mmwidgets.widgets.a11y import name_control
from mmwidgets.widgets.speech import speak_html


class StressCheckin(W.VBox):
    """Emits ``(stress, note)`` through ``on_change`` for user actions only."""

    def __init__(self, lang: str = "nl"):
        self._handlers: list[Callable[[dict[str, Any]], Any]] = []
        self._loading = False
        self._unset = True  # nothing chosen yet (load says otherwise)
        self.heading = W.HTML()
        self.level = W.IntSlider(min=0, max=10, value=0, continuous_update=False,
                                 layout=W.Layout(width="100%", max_width="420px")).add_class("mm-stress-level")
        self.level_label = W.HTML()
        self.unset = W.HTML().add_class("mm-unset-text")  # also the handle's spoken value (mm-a11y.js)
        self.note = W.Textarea(rows=2, continuous_update=True, layout=W.Layout(width="100%"))
        self.note.add_class("mm-stress-note")
        self.note_error = W.HTML().add_class("mm-field-error")  # a refused note: said under it
        self.previous = W.HTML().add_class("mm-stress-previous")
        self._previous: tuple[Any, int | None, str] | None = None
        self.level.observe(self._level_changed, "value")
        self.note.observe(self._note_changed, "value")
        super().__init__([self.heading, self.previous, self.level_label,
                          W.HBox([self.level, self.unset]).add_class("mm-wrap"), self.note,
                          self.note_error])
        self.add_class("mm-stress")
        self.set_lang(lang)

    def on_change(self, handler: Callable[[dict[str, Any]], Any]) -> None:
        self._handlers.append(handler)

    def _emit(self, changes: dict[str, Any]) -> None:
        for handler in self._handlers:
            handler(changes)

    def _level_changed(self, change) -> None:
        if not self._loading:
            self._show_unset(False)
            self._emit({"stress": int(change["new"])})

    def _show_unset(self, unset: bool) -> None:
        """Nothing chosen yet: no number beside the slider (its 0 would read as an answer),
        "Nog niet ingevuld" beside it, and the slider's name says so to a screen reader; once
        chosen, the number is shown and read (aria-valuenow) again."""
        self._unset = unset
        self.level.readout = not unset
        if unset:
            self.level.add_class("mm-stress-unset")
            self.unset.value = f"<small>{html.escape(t('stress.unset', self.lang))}</small>"
        else:
            self.level.remove_class("mm-stress-unset")
            self.unset.value = ""
        name = t("a11y.label_stress", self.lang)
        name_control(self.level, f"{name}: {t('stress.unset', self.lang).lower()}" if unset else name)

    def _note_changed(self, change) -> None:
        if not self._loading:
            self._emit({"stress_note": change["new"]})

    def note_refused(self, message: str | None) -> None:
        """Say under the note why it was not saved (None: saved; the mark goes)."""
        if message:
            self.note_error.value = f"<span role='alert'>{html.escape(message)}</span>"
            self.note.add_class("mm-field-invalid")
        else:
            self.note_error.value = ""
            self.note.remove_class("mm-field-invalid")

    def load(self, stress: int | None, note: str) -> None:
        self._loading = True
        try:
            self.level.value = stress if stress is not None else 0
            self._show_unset(stress is None)
            if self.note.value != note:
                self.note.value = note
        finally:
            self._loading = False

    def show_previous(self, day: Any, stress: int | None, note: str) -> None:
        """Last conversation's check-in beside this one ('Vorige keer (3-11-2026): 7 — "drukke week"')."""
        self._previous = (day, stress, note) if day is not None else None
        self._show_previous()

    def _show_previous(self) -> None:
        if self._previous is None:
            self.previous.value = ""
            return
        day, stress, note = self._previous
        when = f"{day.day}-{day.month}-{day.year}"
        level = str(stress) if stress is not None else t("stress.unset", self.lang).lower()
        text = t("stress.previous", self.lang, date=when, stress=level)
        quoted = f" — ‘{html.escape(note)}’" if note else ""
        self.previous.value = f"<div class='mm-stress-previous-text'>{html.escape(text)}{quoted}</div>"

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._show_previous()
        self.heading.value = f"<h2>{html.escape(t('stress.heading', lang))}</h2>" + speak_html(
            t("stress.heading", lang), lang)
        self.level_label.value = html.escape(t("stress.level", lang))
        self.note.placeholder = t("stress.note", lang)
        self._show_unset(self._unset)
