"""Exercise 4: stress and executive functions, a short quiz with explanations.

One question at a time; after "check" the trainee reads whether the answer was right and
why. At the end: the score per topic (working memory, impulse control, flexibility, what
the coach does).

    quiz = StressQuiz(quiz_data, "nl")
    quiz.on_answer(cb)   # cb("quiz", question_id, option_index)
"""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.training.content import QUIZ_TOPICS, Quiz, QuizQuestion
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.speech import speak_html
from mmwidgets.widgets.training.common import STYLE, TrainingPanel

_e = html.escape


class StressQuiz(TrainingPanel):
    index = traitlets.Int(0)

    def __init__(self, quiz: Quiz, lang: str = "nl", messages: MessageArea | None = None):
        super().__init__("mm-train-quiz", lang, messages)
        self.quiz = quiz
        self._handlers: list[Callable[[str, str, str], Any]] = []
        #: question id -> the option the trainee checked first (counts for the score)
        self.answers: dict[str, int] = {}

        self.heading = W.HTML()
        self.counter = W.HTML().add_class("mm-train-quiz-counter")
        self.question = W.HTML().add_class("mm-train-quiz-question")
        self.options = W.RadioButtons(options=[], value=None, layout=W.Layout(width="100%")).add_class("mm-train-quiz-options")
        self.check_button = W.Button(button_style="primary", layout=W.Layout(width="auto")).add_class("mm-train-quiz-check")
        self.prev_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-quiz-prev")
        self.next_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-quiz-next")
        self.explanation = W.HTML().add_class("mm-train-quiz-explanation")
        self.score_html = W.HTML().add_class("mm-train-score")
        self.children = [
            W.HTML(STYLE),
            self.heading,
            self.counter,
            self.question,
            self.options,
            W.HBox([self.prev_button, self.check_button, self.next_button]),
            self.messages,
            self.explanation,
            self.score_html,
        ]
        self.check_button.on_click(self.guard(lambda _b: self.check()))
        self.prev_button.on_click(self.guard(lambda _b: self.go(self.index - 1)))
        self.next_button.on_click(self.guard(lambda _b: self.go(self.index + 1)))
        self._texts()
        self._show()

    # -- public API ----------------------------------------------------------------------
    def on_answer(self, handler: Callable[[str, str, str], Any]) -> None:
        self._handlers.append(handler)

    @property
    def current(self) -> QuizQuestion:
        return self.quiz.questions[self.index]

    def pick(self, option: int) -> None:
        """Select an option (tests; a click on a radio button does the same)."""
        self.options.value = option

    def check(self) -> None:
        question = self.current
        choice = self.options.value
        if choice is None:
            raise InvalidInput(Problem("", "train_pick_one"))
        if not isinstance(choice, int) or not 0 <= choice < len(question.options):
            return
        for handler in self._handlers:
            handler("quiz", question.id, str(choice))
        self.answers.setdefault(question.id, choice)
        self._show_explanation(choice)
        self._show_score()

    def show_saved(self, saved: Mapping[str, str], kind: str = "quiz") -> None:
        """This trainee's answers saved before (a reloaded page): ``{question_id: option}``."""
        known = {q.id: len(q.options) for q in self.quiz.questions}
        for qid, value in saved.items():
            if qid in known and value.isdigit() and int(value) < known[qid]:
                self.answers.setdefault(qid, int(value))
        self._show()

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.quiz.questions) - 1))
        self.messages.clear()
        self._show()

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self._texts()
        self._show()

    def topic_scores(self) -> dict[str, tuple[int, int]]:
        """Per topic: (right at the first try, answered)."""
        out: dict[str, tuple[int, int]] = {}
        for q in self.quiz.questions:
            if q.id in self.answers:
                right, done = out.get(q.topic, (0, 0))
                out[q.topic] = (right + (self.answers[q.id] == q.correct_index), done + 1)
        return out

    # -- internals -----------------------------------------------------------------------
    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = f"<h2>{_e(self.quiz.title.get(lang))}</h2><p>{_e(self.quiz.intro.get(lang))}</p>"
        self.check_button.description = t("train.check_answer", lang)
        self.prev_button.description = t("train.previous", lang)
        self.next_button.description = t("train.next", lang)

    def _show(self) -> None:
        lang, q = self.lang, self.current
        total = len(self.quiz.questions)
        topic = t(f"train.topic_{q.topic}", lang)
        self.counter.value = (
            f"<p class='mm-train-muted'>{_e(t('train.item_of', lang, n=self.index + 1, total=total))} · {_e(topic)}</p>"
        )
        said = " ".join([q.question.get(lang)] + [f"{n}. {o.text.get(lang)}" for n, o in enumerate(q.options, start=1)])
        self.question.value = (f"<p class='mm-train-summary-line'>{_e(q.question.get(lang))}</p>"
                               + speak_html(said, lang, what=t("train.item_of", lang, n=self.index + 1, total=total)))
        self.options.options = [(o.text.get(lang), i) for i, o in enumerate(q.options)]
        self.options.value = self.answers.get(q.id)
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index >= total - 1
        if q.id in self.answers:
            self._show_explanation(self.options.value)
        else:
            self.explanation.value = ""
        self._show_score()

    def _show_explanation(self, choice: int | None) -> None:
        lang, q = self.lang, self.current
        right = choice == q.correct_index
        verdict = t("train.quiz_right" if right else "train.quiz_wrong", lang, answer=q.options[q.correct_index].text.get(lang))
        cls = "mm-train-good" if right else "mm-train-bad"
        self.explanation.value = (
            f"<p class='{cls}'>{_e(verdict)}</p><p>{_e(q.explanation.get(lang))}</p>"
        )

    def _show_score(self) -> None:
        scores = self.topic_scores()
        if not scores:
            self.score_html.value = ""
            return
        lang = self.lang
        right = sum(r for r, _ in scores.values())
        done = sum(d for _, d in scores.values())
        items = "".join(
            f"<li>{_e(t(f'train.topic_{topic}', lang))}: {scores[topic][0]} / {scores[topic][1]}</li>"
            for topic in QUIZ_TOPICS
            if topic in scores
        )
        head = t("train.quiz_score", lang, right=right, done=done, total=len(self.quiz.questions))
        self.score_html.value = f"<p class='mm-train-summary-line'>{_e(head)}</p><ul>{items}</ul>"
