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
from typing import Any, Callable, Mapping, Sequence

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.group_answers import option_shares, plan_actions
from mmwidgets.model.training import TrainingContent
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.training_common import STYLE, TrainingPanel, percent

_e = html.escape
Source = Callable[[str], Mapping[str, Sequence[tuple[str, str]]]]
EXERCISES = ("coach", "coach_open", "plan", "quiz")


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
        self.children = [
            W.HTML(STYLE),
            W.HBox([self.exercise, self.refresh_button], layout=W.Layout(flex_flow="row wrap", align_items="center")),
            self.body,
        ]
        self.exercise.observe(self.guard(lambda _c: self.refresh()), "value")
        self.refresh_button.on_click(self.guard(lambda _b: self.refresh()))
        self._texts()

    def set_source(self, source: Source) -> None:
        self._source = source

    def refresh(self) -> None:
        kind = self.exercise.value or EXERCISES[0]
        self.data[kind] = dict(self._source(kind)) if self._source else {}
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
        data = self.data.get(kind, {})
        render = {"coach": self._coach, "coach_open": self._coach_open, "plan": self._plan, "quiz": self._quiz}[kind]
        parts = render(data)
        if not parts:
            parts = [f"<p class='mm-train-muted'>{_e(t('train.answers_none', self.lang))}</p>"]
        self.body.value = "".join(parts)

    def _coach(self, data: Mapping[str, Sequence[tuple[str, str]]]) -> list[str]:
        lang, out = self.lang, []
        for item in self.content.coach.items:
            answers = data.get(item.id, [])
            if not answers:
                continue
            shares = option_shares(answers, len(item.replies))
            rows = []
            for share, reply in zip(shares, item.replies):
                kind = "train.coaches" if reply.coaches else "train.steers"
                css = "mm-train-good" if reply.coaches else "mm-train-bad"
                names = ", ".join(share.names)
                rows.append(
                    f"<tr><td>{_e(reply.text.get(lang))}</td><td class='{css}'>{_e(t(kind, lang))}</td>"
                    f"<td>{percent(share.share, lang)} ({share.count})</td><td>{_e(names)}</td></tr>"
                )
            out.append(
                f"<div class='mm-train-feedback mm-train-answers-item'><p class='mm-train-quote'>{_e(item.client_says.get(lang))}</p>"
                f"<table><tbody>{''.join(rows)}</tbody></table></div>"
            )
        return out

    def _coach_open(self, data: Mapping[str, Sequence[tuple[str, str]]]) -> list[str]:
        lang, out = self.lang, []
        for item in self.content.coach.items:
            answers = data.get(item.id, [])
            if not answers:
                continue
            cells = "".join(
                f"<div class='mm-train-open-answer'><b>{_e(name)}</b><p>{_e(text)}</p></div>" for name, text in answers
            )
            out.append(
                f"<div class='mm-train-answers-item'><p class='mm-train-quote'>{_e(item.client_says.get(lang))}</p>"
                f"<div class='mm-train-side-by-side'>{cells}</div></div>"
            )
        return out

    def _plan(self, data: Mapping[str, Sequence[tuple[str, str]]]) -> list[str]:
        lang, out = self.lang, []
        for vignette_id, vignette in self.content.vignettes.items():
            answers = data.get(vignette_id, [])
            if not answers:
                continue
            cells = []
            for name, value in answers:
                items = "".join(f"<li>{_e(a.what)}</li>" for a in plan_actions(value))
                cells.append(f"<div class='mm-train-open-answer'><b>{_e(name)}</b><ol>{items}</ol></div>")
            out.append(
                f"<div class='mm-train-answers-item'><h3>{_e(vignette.title.get(lang))}</h3>"
                f"<div class='mm-train-side-by-side'>{''.join(cells)}</div></div>"
            )
        return out

    def _quiz(self, data: Mapping[str, Sequence[tuple[str, str]]]) -> list[str]:
        lang, out = self.lang, []
        for question in self.content.quiz.questions:
            answers = data.get(question.id, [])
            if not answers:
                continue
            rows = []
            for share, option in zip(option_shares(answers, len(question.options)), question.options):
                mark = f"<span class='mm-train-good'>{_e(t('train.answers_right', lang))}</span>" if option.correct else ""
                rows.append(
                    f"<tr><td>{_e(option.text.get(lang))} {mark}</td>"
                    f"<td>{percent(share.share, lang)} ({share.count})</td><td>{_e(', '.join(share.names))}</td></tr>"
                )
            out.append(
                f"<div class='mm-train-feedback mm-train-answers-item'><p><b>{_e(question.question.get(lang))}</b></p>"
                f"<table><tbody>{''.join(rows)}</tbody></table></div>"
            )
        return out

