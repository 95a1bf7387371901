"""The trainer's view of exercises 2 to 4: what the group answered, to discuss together.

- Coach, don't direct (choices): per client sentence, every reply with the share of the group
  who picked it and their nicknames; coaching replies marked.
- Coach, don't direct (own words): every trainee's reply side by side.
- From goal to small steps: each trainee's actions per vignette.
- Stress and thinking: per question the share who picked each option; the right one marked.

Only nicknames are shown; every text a trainee typed is escaped.

    answers = GroupAnswers(content, "nl")
    answers.set_source(fn)   # fn(exercise) -> {item_id: [(nickname, value), ...]}
    answers.refresh()
"""

from __future__ import annotations

import html
from typing import Callable, Mapping, Sequence

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.training.content import TrainingContent
from mmwidgets.model.training.report import EXERCISES, answers_html
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.training.common import STYLE, TrainingPanel

_e = html.escape
Source = Callable[[str], Mapping[str, Sequence[tuple[str, str]]]]


class GroupAnswers(TrainingPanel):
    def __init__(self, content: TrainingContent, lang: str = "nl", messages: MessageArea | None = None):
        super().__init__("mm-train-answers", lang, messages)
        self.content = content
        self._source: Source | None = None
        self.data: dict[str, Mapping[str, Sequence[tuple[str, str]]]] = {}
        self.exercise = W.ToggleButtons(style={"button_width": "auto"}).add_class("mm-train-answers-exercise")
        self.refresh_button = W.Button(button_style="primary", layout=W.Layout(width="auto")).add_class(
            "mm-train-answers-refresh"
        )
        self.body = W.HTML().add_class("mm-train-answers-body")
        #: the exercises (answer kinds) whose verdicts and names the trainer has revealed
        self.revealed: set[str] = set()
        self.reveal_button = W.Button(button_style="warning", layout=W.Layout(width="auto")).add_class(
            "mm-train-answers-reveal"
        )
        self.hidden_note = W.HTML().add_class("mm-train-answers-hidden-note")
        self.children = [
            W.HTML(STYLE),
            W.HBox([self.exercise, self.refresh_button], layout=W.Layout(flex_flow="row wrap", align_items="center")),
            W.HBox([self.reveal_button, self.hidden_note], layout=W.Layout(flex_flow="row wrap", align_items="center")),
            self.body,
        ]
        self.reveal_button.on_click(self.guard(lambda _b: self.toggle_reveal()))
        self.exercise.observe(self.guard(lambda _c: self.refresh()), "value")
        self.refresh_button.on_click(self.guard(lambda _b: self.refresh()))
        self._texts()

    def set_source(self, source: Source) -> None:
        self._source = source

    def refresh(self) -> None:
        kind = self.exercise.value or EXERCISES[0]
        self.data[kind] = dict(self._source(kind)) if self._source else {}
        self._show()

    def toggle_reveal(self) -> None:
        """Show (or hide again) the verdicts and names of the exercise on screen."""
        kind = self.exercise.value or EXERCISES[0]
        self.revealed ^= {kind}
        self._show()

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self._texts()
        self._show()

    # -- internals -----------------------------------------------------------------------
    def _texts(self) -> None:
        value = self.exercise.value or EXERCISES[0]
        self.exercise.options = [(t(f"train.answers_{kind}", self.lang), kind) for kind in EXERCISES]
        self.exercise.value = value
        self.refresh_button.description = t("train.refresh", self.lang)

    def _show(self) -> None:
        kind = self.exercise.value or EXERCISES[0]
        shown = kind in self.revealed
        self.body.value = answers_html(kind, self.content, self.data.get(kind, {}), self.lang, revealed=shown)
        self.reveal_button.description = t("train.answers_hide" if shown else "train.answers_reveal", self.lang)
        note = "train.answers_shown_note" if shown else "train.answers_hidden_note"
        self.hidden_note.value = f"<span class='mm-train-muted'>{_e(t(note, self.lang))}</span>"
