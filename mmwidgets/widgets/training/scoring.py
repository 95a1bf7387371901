"""Exercise 1: score a vignette's bridge with the real bridge editor, then get feedback.

The editor is the conversation's own :class:`BridgeEditor` (composed, never copied), so the
exercise looks exactly like the real conversation. Feedback per sub-pillar: exact, one step
off or further off, with the reference step and its one-line rationale, and overall figures
(exact, within one step, linear weighted kappa). "Try again" clears the bridge.

    ex = ScoringExercise(vignettes, definitions, "nl")
    ex.on_step(cb)      # cb(vignette_id, sub_id, step): save it (raise InvalidInput to refuse)
    ex.on_check(cb)     # cb(vignette_id): the trainee saw the reference
    ex.on_again(cb)     # cb(vignette_id): a new attempt
    ex.on_vignette(cb)  # cb(vignette_id): another vignette chosen (load saved answers with show_answers)
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable, Mapping

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.dates import local_today
from mmwidgets.model.training.agreement import agreement, feedback, weighted_kappa
from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.training.content import Vignette
from mmwidgets.widgets.conversation.bridge_editor import BridgeEditor
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.training.common import STYLE, VignetteCard, VignettePanel, badge, decimal

_e = html.escape


class ScoringExercise(VignettePanel):
    """``vignette_id``: the vignette being scored."""

    #: True once the feedback is shown for the current attempt
    checked = traitlets.Bool(False)

    def __init__(
        self,
        vignettes: Mapping[str, Vignette],
        definitions: Mapping[str, BridgeDefinition],
        lang: str = "nl",
        messages: MessageArea | None = None,
    ):
        super().__init__("mm-train-scoring", vignettes, definitions, lang, messages)
        self._handlers: dict[str, list[Callable[..., Any]]] = {"step": [], "check": [], "again": [], "vignette": []}

        self.heading = W.HTML()
        self.card = VignetteCard(self.vignette, self.lang)
        self.task = W.HTML()
        self.editor = BridgeEditor(self.definition, self.lang, echo=True, steps_only=True)
        self.editor.add_class("mm-train-editor")
        self.progress = W.HTML().add_class("mm-train-progress")
        self.check_button = W.Button(button_style="primary", layout=W.Layout(width="auto")).add_class("mm-train-check")
        self.again_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-again")
        self.feedback_html = W.HTML().add_class("mm-train-feedback")
        self.children = [
            W.HTML(STYLE),
            self.heading,
            self.choice,
            # the case beside the bridge where the screen is wide (it stays in view while
            # scoring), above it and foldable where narrow (mm-train-scoring-grid in STYLE)
            W.Box(
                [
                    W.VBox([self.card]).add_class("mm-train-case-column"),
                    W.VBox(
                        [self.task, self.editor, self.progress, W.HBox([self.check_button, self.again_button]).add_class("mm-wrap"),
                         self.messages, self.feedback_html]
                    ).add_class("mm-train-work-column"),
                ]
            ).add_class("mm-train-scoring-grid"),
        ]
        self.editor.on_change(self.guard(self._on_editor))
        self.editor.observe(self.guard(lambda _c: self._show_progress()), "steps")
        self.check_button.on_click(self.guard(lambda _b: self.check()))
        self.again_button.on_click(self.guard(lambda _b: self.again()))
        self._texts()

    # -- public API ----------------------------------------------------------------------
    def on_step(self, handler: Callable[[str, str, int | None], Any]) -> None:
        self._handlers["step"].append(handler)

    def on_check(self, handler: Callable[[str], Any]) -> None:
        self._handlers["check"].append(handler)

    def on_again(self, handler: Callable[[str], Any]) -> None:
        self._handlers["again"].append(handler)

    def on_vignette(self, handler: Callable[[str], Any]) -> None:
        self._handlers["vignette"].append(handler)

    @property
    def answers(self) -> dict[str, int]:
        return dict(self.editor.steps)

    def show_answers(self, steps: Mapping[str, int]) -> None:
        """Show saved steps (a resumed trainee); emits nothing."""
        defn = self.definition
        choices = {s: Choice(step=v) for s, v in steps.items() if defn.has_subpillar(s)}
        self.editor.load(
            Assessment(0, local_today(), defn.id, defn.version, choices=choices) if choices else None
        )
        self._show_progress()

    def check(self) -> None:
        """Show the feedback against the reference."""
        for handler in self._handlers["check"]:
            handler(self.vignette_id)
        self.checked = True
        self._show_feedback()

    def again(self) -> None:
        """Clear the bridge for a new attempt."""
        for handler in self._handlers["again"]:
            handler(self.vignette_id)
        self.editor.load(None)
        self.checked = False
        self.feedback_html.value = ""
        self.messages.clear()
        self._show_progress()

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.card.set_lang(self.lang)
        self.editor.set_lang(self.lang)
        self._fill_choice()
        self._texts()
        if self.checked:
            self._show_feedback()

    # -- internals -----------------------------------------------------------------------
    def _vignette_changed(self, previous: Vignette) -> None:
        if self.definition is not self._definition(previous):
            self.editor.set_definition(self.definition, self.lang)
        self.card.show(self.vignette)
        self.editor.load(None)
        self.checked = False
        self.feedback_html.value = ""
        self.messages.clear()
        for handler in self._handlers["vignette"]:
            handler(self.vignette_id)
        self._show_progress()

    def _on_editor(self, sub_id: str, changes: dict[str, Any]) -> None:
        if "step" not in changes:
            return  # who chose, focus and notes do not count in this exercise
        for handler in self._handlers["step"]:
            handler(self.vignette_id, sub_id, changes["step"])

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = (
            f"<h2>{_e(t('train.ex1_title', lang))}</h2><p>{_e(t('train.ex1_intro', lang))}</p>"
        )
        self.task.value = f"<p><b>{_e(t('train.ex1_task', lang))}</b></p>"
        self.check_button.description = t("train.check", lang)
        self.again_button.description = t("train.again", lang)
        self._show_progress()

    def _show_progress(self) -> None:
        total = len(self.definition.subpillar_ids())
        done = sum(1 for s in self.definition.subpillar_ids() if s in self.editor.steps)
        self.progress.value = f"<p class='mm-train-muted'>{_e(t('train.progress', self.lang, done=done, total=total))}</p>"

    def _show_feedback(self) -> None:
        lang, defn, vignette = self.lang, self.definition, self.vignette
        reference = vignette.reference_steps()
        answer = self.answers
        order = defn.subpillar_ids()
        items = feedback(reference, answer, order)
        agree = agreement(reference, answer)
        kappa = weighted_kappa([reference[s] for s in order], [answer.get(s) for s in order])
        summary = t(
            "train.ex1_summary",
            lang,
            exact=agree.exact_count,
            within=agree.within_one_count,
            total=agree.compared,
            kappa=decimal(kappa, lang),
        )
        parts = [f"<p class='mm-train-summary-line'>{_e(summary)}</p>"]
        if agree.missing:
            parts.append(f"<p class='mm-train-muted'>{_e(t('train.ex1_missing', lang, n=agree.missing))}</p>")
        parts.append(f"<p class='mm-train-muted'>{_e(t('train.kappa_explain', lang))}</p>")
        head = "".join(
            f"<th>{_e(t(key, lang))}</th>"
            for key in ("train.col_part", "train.col_yours", "train.col_reference", "train.col_verdict", "train.col_why")
        )
        rows = []
        for item in items:
            sub = defn.subpillar(item.sub_id)
            mine = (
                f"{item.answer}. {_e(sub.steps[item.answer - 1].label.get(lang))}" if item.answer is not None else "–"
            )
            ref = f"{item.reference}. {_e(sub.steps[item.reference - 1].label.get(lang))}"
            why = _e(vignette.reference[item.sub_id].why.get(lang))
            rows.append(
                f"<tr class='mm-train-row mm-train-row-{item.verdict}' data-sub='{_e(item.sub_id)}'>"
                f"<td>{_e(sub.name.get(lang))}</td><td>{mine}</td><td>{ref}</td>"
                f"<td>{badge(item.verdict, lang)}</td><td>{why}</td></tr>"
            )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
        parts.append(f"<p class='mm-train-muted'>{_e(t('train.ex1_reminder', lang))}</p>")
        self.feedback_html.value = "".join(parts)
