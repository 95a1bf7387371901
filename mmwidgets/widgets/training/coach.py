"""Exercise 2: coach, don't direct.

A resident's sentence from a vignette and three or four replies: the trainee picks one and
reads, for every reply, why it coaches or steers. The open variant: the trainee first writes
a reply, then compares it with model answers, the points to look for, and a rough word check
(a hint, never a grade). Typed text is escaped wherever it is shown.

    ex = CoachExercise(coach_exercises, vignettes, "nl")
    ex.on_answer(cb)   # cb(kind, item_id, value): kind "coach" (reply index) or "coach_open" (text)
    ex.show_vignette(vignette_id)   # the first sentence from that vignette (following the trainer)
"""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.training.content import CoachExercises, CoachItem, Vignette, check_response, reply_signals
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.speech import speak_html
from mmwidgets.widgets.training.common import STYLE, TrainingPanel

_e = html.escape
MODES = ("choose", "open")


class CoachExercise(TrainingPanel):
    index = traitlets.Int(0)
    mode = traitlets.Unicode("choose")

    def __init__(
        self,
        exercises: CoachExercises,
        vignettes: Mapping[str, Vignette],
        lang: str = "nl",
        messages: MessageArea | None = None,
    ):
        super().__init__("mm-train-coach", lang, messages)
        self.exercises = exercises
        self.vignettes = dict(vignettes)
        self._handlers: list[Callable[[str, str, str], Any]] = []
        #: per item: the reply chosen first (for the score), and the reply shown now
        self.first_choice: dict[str, int] = {}
        self.chosen: dict[str, int] = {}
        self.open_answers: dict[str, str] = {}
        self.compared: set[str] = set()

        self.heading = W.HTML()
        self.mode_switch = W.ToggleButtons(style={"button_width": "auto"}).add_class("mm-train-coach-mode")
        self.counter = W.HTML().add_class("mm-train-coach-counter")
        self.prev_button = W.Button(icon="", layout=W.Layout(width="auto")).add_class("mm-train-coach-prev")
        self.next_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-coach-next")
        self.case = W.HTML().add_class("mm-train-coach-case")
        self.reply_buttons = [
            W.Button(layout=W.Layout(width="100%", height="auto")).add_class("mm-train-reply").add_class(f"mm-train-reply-{i}")
            .add_class("mm-choice")  # its chosen state (mm-chosen) is told to a screen reader: mm-a11y.js
            for i in range(4)
        ]
        self.replies_box = W.VBox(self.reply_buttons).add_class("mm-train-replies")
        self.open_intro = W.HTML()
        self.open_text = W.Textarea(rows=3, layout=W.Layout(width="100%")).add_class("mm-train-open")
        self.compare_button = W.Button(button_style="primary", layout=W.Layout(width="auto")).add_class("mm-train-compare")
        self.open_box = W.VBox([self.open_intro, self.open_text, self.compare_button]).add_class("mm-train-open-box")
        self.feedback_html = W.HTML().add_class("mm-train-feedback")
        self.score_html = W.HTML().add_class("mm-train-score")
        self.children = [
            W.HTML(STYLE),
            self.heading,
            self.mode_switch,
            W.HBox([self.prev_button, self.counter, self.next_button], layout=W.Layout(align_items="center")),
            self.case,
            self.replies_box,
            self.open_box,
            self.messages,
            self.feedback_html,
            self.score_html,
        ]
        for i, button in enumerate(self.reply_buttons):
            button.on_click(self.guard(lambda _b, i=i: self.choose(i)))
        self.prev_button.on_click(self.guard(lambda _b: self.go(self.index - 1)))
        self.next_button.on_click(self.guard(lambda _b: self.go(self.index + 1)))
        self.compare_button.on_click(self.guard(lambda _b: self.compare()))
        self._texts()
        self.mode_switch.observe(self.guard(self._on_mode), "value")
        self._show()

    # -- public API ----------------------------------------------------------------------
    def on_answer(self, handler: Callable[[str, str, str], Any]) -> None:
        self._handlers.append(handler)

    @property
    def item(self) -> CoachItem:
        return self.exercises.items[self.index]

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.exercises.items) - 1))
        self.open_text.value = self.open_answers.get(self.item.id, "")
        self.messages.clear()
        self._show()

    def show_saved(self, saved: Mapping[str, str], kind: str = "coach") -> None:
        """This trainee's answers saved before (a reloaded page): chosen replies or own words."""
        items = {item.id: item for item in self.exercises.items}
        for item_id, value in saved.items():
            item = items.get(item_id)
            if item is None:
                continue
            if kind == "coach" and value.isdigit() and int(value) < len(item.replies):
                self.first_choice.setdefault(item_id, int(value))
                self.chosen[item_id] = int(value)
            elif kind == "coach_open" and value:
                self.open_answers[item_id] = value
                self.compared.add(item_id)
        self.go(self.index)

    def show_vignette(self, vignette_id: str) -> bool:
        """Go to the first sentence from this vignette (the trainer's vignette); True if it moved."""
        if self.item.vignette == vignette_id:
            return False
        for i, item in enumerate(self.exercises.items):
            if item.vignette == vignette_id:
                self.go(i)
                return True
        return False

    def set_mode(self, mode: str) -> None:
        self.mode_switch.value = mode

    def choose(self, reply: int) -> None:
        """The trainee picks a reply: feedback for every reply, the chosen one marked."""
        item = self.item
        if not 0 <= reply < len(item.replies):
            return
        self._emit("coach", item.id, str(reply))
        self.first_choice.setdefault(item.id, reply)
        self.chosen[item.id] = reply
        self._show()

    def compare(self) -> None:
        """Open variant: show the typed reply beside the model answers."""
        item = self.item
        text = check_response(self.open_text.value)
        if not text:
            raise InvalidInput(Problem("", "train_answer_empty"))
        self._emit("coach_open", item.id, text)
        self.open_answers[item.id] = text
        self.compared.add(item.id)
        self._show()

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self._texts()
        self._show()

    # -- internals -----------------------------------------------------------------------
    def _emit(self, kind: str, item_id: str, value: str) -> None:
        for handler in self._handlers:
            handler(kind, item_id, value)

    def _on_mode(self, change: dict[str, Any]) -> None:
        if change["new"] in MODES:
            self.mode = change["new"]
            self.messages.clear()
            self._show()

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = (
            f"<h2>{_e(self.exercises.title.get(lang))}</h2><p>{_e(self.exercises.intro.get(lang))}</p>"
        )
        value = self.mode_switch.value or self.mode
        self.mode_switch.options = [(t(f"train.coach_mode_{m}", lang), m) for m in MODES]
        self.mode_switch.value = value if value in MODES else "choose"
        self.prev_button.description = t("train.previous", lang)
        self.next_button.description = t("train.next", lang)
        self.open_intro.value = f"<p>{_e(self.exercises.open_intro.get(lang))}</p>"
        self.open_text.placeholder = t("train.open_placeholder", lang)
        self.compare_button.description = t("train.compare", lang)

    def _show(self) -> None:
        lang, item = self.lang, self.item
        total = len(self.exercises.items)
        self.counter.value = f"<span>{_e(t('train.item_of', lang, n=self.index + 1, total=total))}</span>"
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index >= total - 1
        vignette = self.vignettes.get(item.vignette)
        who = vignette.title.get(lang) if vignette else item.vignette
        self.case.value = (
            f"<p class='mm-train-muted'>{_e(who)}</p>"
            f"<p>{_e(item.situation.get(lang))}</p>"
            f"<div class='mm-train-quote'>“{_e(item.client_says.get(lang))}”</div>"
            + speak_html(f"{item.situation.get(lang)} {item.client_says.get(lang)}", lang, what=who)
        )
        open_mode = self.mode == "open"
        self.open_box.layout.display = "" if open_mode and item.id not in self.compared else "none"
        show_replies = not open_mode or item.id in self.compared
        self.replies_box.layout.display = "" if show_replies else "none"
        for i, button in enumerate(self.reply_buttons):
            if i < len(item.replies):
                button.layout.display = ""
                button.description = item.replies[i].text.get(lang)
                button.tooltip = item.replies[i].text.get(lang)
                button.button_style = "info" if self.chosen.get(item.id) == i else ""
                (button.add_class if self.chosen.get(item.id) == i else button.remove_class)("mm-chosen")
            else:
                button.layout.display = "none"
        parts = []
        if open_mode and item.id in self.compared:
            parts.append(self._open_feedback(item))
        # writing first: no verdict on the choices before the trainee compared their own words
        if item.id in self.chosen and (not open_mode or item.id in self.compared):
            parts.append(self._reply_feedback(item, self.chosen[item.id]))
        self.feedback_html.value = "".join(parts)
        self._show_score()

    def _reply_feedback(self, item: CoachItem, chosen: int) -> str:
        lang = self.lang
        rows = []
        for i, reply in enumerate(item.replies):
            kind = "good" if reply.coaches else "bad"
            label = t("train.coaches" if reply.coaches else "train.steers", lang)
            mark = f" <b>({_e(t('train.your_choice', lang))})</b>" if i == chosen else ""
            rows.append(
                f"<tr class='mm-train-reply-feedback{' mm-train-chosen' if i == chosen else ''}'>"
                f"<td>“{_e(reply.text.get(lang))}”{mark}</td>"
                f"<td><span class='mm-train-{kind}'>{_e(label)}</span><br>{_e(reply.feedback.get(lang))}</td></tr>"
            )
        verdict = item.replies[chosen].coaches
        head = t("train.chose_coaching" if verdict else "train.chose_steering", lang)
        cls = "mm-train-good" if verdict else "mm-train-bad"
        return f"<p class='{cls}'>{_e(head)}</p><table>{''.join(rows)}</table>"

    def _open_feedback(self, item: CoachItem) -> str:
        lang = self.lang
        text = self.open_answers.get(item.id, "")
        signals = reply_signals(text, self.exercises.steering_words, lang)
        hints = []
        if signals.steering:
            words = ", ".join(f"‘{w}’" for w in signals.steering)
            hints.append(t("train.hint_steering", lang, words=words))
        if not signals.asks:
            hints.append(t("train.hint_no_question", lang))
        if signals.asks and not signals.steering:
            hints.append(t("train.hint_fine", lang))
        if signals.words > 45:
            hints.append(t("train.hint_long", lang))
        models = "".join(f"<li>“{_e(m.get(lang))}”</li>" for m in item.model_answers)
        look = "".join(f"<li>{_e(p.get(lang))}</li>" for p in item.look_for)
        look_html = f"<h3>{_e(t('train.look_for', lang))}</h3><ul>{look}</ul>" if look else ""
        return (
            f"<h3>{_e(t('train.your_reply', lang))}</h3><div class='mm-train-quote mm-train-own'>{_e(text)}</div>"
            f"<p class='mm-train-muted'>{_e(' '.join(hints))}</p>"
            f"<h3>{_e(t('train.model_answers', lang))}</h3><ul>{models}</ul>{look_html}"
            f"<p class='mm-train-muted'>{_e(t('train.now_choose', lang))}</p>"
        )

    def _show_score(self) -> None:
        if not self.first_choice:
            self.score_html.value = ""
            return
        good = sum(
            1 for item in self.exercises.items if item.id in self.first_choice and item.replies[self.first_choice[item.id]].coaches
        )
        text = t("train.coach_score", self.lang, good=good, done=len(self.first_choice), total=len(self.exercises.items))
        self.score_html.value = f"<p class='mm-train-summary-line'>{_e(text)}</p>"
