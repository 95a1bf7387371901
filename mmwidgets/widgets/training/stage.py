"""The trainer's control for where the whole group works: exercise 1, 2, 3 or 4.

One row of big buttons (the exercises' short names from the catalogue); choosing one moves
every trainee's page to that exercise (the app saves the choice, the trainees' pages follow).

    stage = ExerciseChoice("nl")
    stage.on_change(cb)   # cb(exercise: int), the trainer's clicks only
    stage.show(2)         # show where the group is, without emitting
"""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.training.stage import EXERCISE_NUMBERS, NAME_KEYS
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.training.common import TrainingPanel

_e = html.escape


class ExerciseChoice(TrainingPanel):
    def __init__(self, lang: str = "nl", messages: MessageArea | None = None):
        super().__init__("mm-train-stage", lang, messages)
        self._handlers: list[Callable[[int], Any]] = []
        self._quiet = False
        self.label = W.HTML().add_class("mm-train-stage-label")
        self.buttons = W.ToggleButtons(options=[("1", 1)], value=1, style={"button_width": "auto"}).add_class(
            "mm-train-exercise-choice"
        )
        self.note = W.HTML().add_class("mm-train-stage-note")
        self.children = [self.label, self.buttons, self.note]
        self.buttons.observe(self.guard(self._on_value), "value")
        self.set_lang(self.lang)

    @property
    def exercise(self) -> int:
        return int(self.buttons.value)

    def on_change(self, handler: Callable[[int], Any]) -> None:
        self._handlers.append(handler)

    def choose(self, exercise: int) -> None:
        """As if the trainer clicked that exercise (tests, and the same path as a click)."""
        self.buttons.value = exercise

    def show(self, exercise: int) -> None:
        """Show where the group is (an opened session) without moving anyone."""
        self._quiet = True
        try:
            self.buttons.value = exercise if exercise in EXERCISE_NUMBERS else 1
        finally:
            self._quiet = False

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        value = self.buttons.value
        self._quiet = True
        try:
            self.buttons.options = [(t(NAME_KEYS[n], self.lang), n) for n in EXERCISE_NUMBERS]
            self.buttons.value = value
        finally:
            self._quiet = False
        self.buttons.tooltips = [t("train.stage_move_tip", self.lang, name=t(NAME_KEYS[n], self.lang)) for n in EXERCISE_NUMBERS]
        self.label.value = f"<b>{_e(t('train.stage_title', self.lang))}</b>"
        self.note.value = f"<p class='mm-train-muted'>{_e(t('train.stage_note', self.lang))}</p>"

    def _on_value(self, change: dict[str, Any]) -> None:
        if self._quiet or change["new"] == change["old"]:
            return
        try:
            for handler in self._handlers:
                handler(int(change["new"]))
        except Exception:
            self.show(change["old"])  # not moved: show where the group still is (the guard says why)
            raise
