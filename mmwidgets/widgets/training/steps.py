"""Exercise 3: from a goal to small steps, with the real plan editor.

The vignette's first goal is put into the conversation's own :class:`PlanEditor` (composed,
never copied; kept in memory). The trainee adds actions exactly as in a real conversation;
the editor's plan checks comment as they go. "Look at my steps" adds remarks on the whole
(enough steps but no laundry list, a first step within a week, the resident doing a step
themselves); "Show an example" shows the vignette's model answer.

    ex = StepsExercise(vignettes, definitions, "nl")
    ex.on_answer(cb)    # cb("plan", vignette_id, json_text) after every change
    ex.show_vignette(vignette_id)   # open that vignette's goal (following the trainer)
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any, Callable, Mapping

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.dates import local_today
from mmwidgets.model.plan import Action, Goal, Plan
from mmwidgets.model.plan.checks import check_plan
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.plan.types import PlanEdit
from mmwidgets.model.training.group_answers import plan_actions
from mmwidgets.model.training.content import MAX_RESPONSE, Vignette, check_typed, steps_notes
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.speech import speak_html
from mmwidgets.widgets.plan.editor import PlanEditor
from mmwidgets.widgets.training.common import STYLE, VignetteCard, VignettePanel

_e = html.escape


def _goal_for(vignette: Vignette, definition: BridgeDefinition, lang: str) -> Goal:
    goal = vignette.first_goal
    start = vignette.reference[goal.subpillar].step if goal.subpillar in vignette.reference else None
    top = definition.subpillar(goal.subpillar).step_count
    target = min(start + 1, top) if start is not None else None
    return Goal(text=goal.goal.get(lang), subpillar_id=goal.subpillar, start_step=start, target_step=target)


class StepsExercise(VignettePanel):
    showing_model = traitlets.Bool(False)

    def __init__(
        self,
        vignettes: Mapping[str, Vignette],
        definitions: Mapping[str, BridgeDefinition],
        lang: str = "nl",
        messages: MessageArea | None = None,
        today: dt.date | None = None,
    ):
        super().__init__("mm-train-steps", vignettes, definitions, lang, messages)
        self._today = today
        self._handlers: list[Callable[[str, str, str], Any]] = []
        #: this trainee's saved answer per vignette (a reloaded page shows its small steps again)
        self.saved: dict[str, str] = {}

        self.heading = W.HTML()
        self.card = VignetteCard(self.vignette, self.lang)
        self.story = W.Accordion([self.card], selected_index=None).add_class("mm-train-story")
        self.goal_html = W.HTML().add_class("mm-train-goal")
        self.editor = PlanEditor(self.lang, definition=self.definition, today=today)
        self.editor.add_class("mm-train-plan")
        # a refused small step says which field and why right under the field it was typed in
        self.what_error = W.HTML().add_class("mm-plan-field-error").add_class("mm-train-what-error")
        box = list(self.editor.goal_box.children)
        box.insert(box.index(self.editor.quick_what) + 1, self.what_error)
        self.editor.goal_box.children = tuple(box)
        self.editor.on_change(self._check_typed_edit)
        # after the editor took (or refused) a typed small step: a refusal also stands under the field
        self.editor.quick_what.observe(self.guard(self._after_quick_what), "value")
        self.check_button = W.Button(button_style="primary", layout=W.Layout(width="auto")).add_class("mm-train-steps-check")
        self.model_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-steps-model")
        self.again_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-steps-again")
        self.feedback_html = W.HTML().add_class("mm-train-feedback")
        self.model_html = W.HTML().add_class("mm-train-model-answer")
        self.children = [
            W.HTML(STYLE),
            self.heading,
            self.choice,
            self.story,
            self.goal_html,
            self.editor,
            W.HBox([self.check_button, self.model_button, self.again_button], layout=W.Layout(flex_flow="row wrap")),
            self.messages,
            self.feedback_html,
            self.model_html,
        ]
        self.check_button.on_click(self.guard(lambda _b: self.check()))
        self.model_button.on_click(self.guard(lambda _b: self.toggle_model()))
        self.again_button.on_click(self.guard(lambda _b: self._again()))
        self.editor.observe(self.guard(self._on_plan_changed), "version")
        self._texts()
        self.start()

    # -- public API ----------------------------------------------------------------------
    def on_answer(self, handler: Callable[[str, str, str], Any]) -> None:
        self._handlers.append(handler)

    @property
    def today(self) -> dt.date:
        return self._today or local_today()

    def start(self, saved: str | None = None) -> None:
        """A fresh plan holding only the vignette's goal (and the small steps saved before, when
        ``saved`` holds this trainee's stored answer: a reloaded page shows them again)."""
        self.editor.set_definition(self.definition)
        goal = _goal_for(self.vignette, self.definition, self.lang)
        for action in plan_actions(saved or ""):
            try:
                due = dt.date.fromisoformat(action.due) if action.due else None
            except ValueError:
                due = None
            who = action.who if action.who in ("client", "coach", "other") else None
            goal.actions.append(Action(what=action.what, who=who, due=due))
        self.editor.load(Plan(goals=[goal]))
        self.what_error.value = ""
        self.feedback_html.value = ""
        self.showing_model = False
        self.model_html.value = ""
        self.messages.clear()
        self._show_goal()

    def actions(self) -> list[tuple[str, str | None, dt.date | None]]:
        """The open actions of the exercise's goal: ``(what, who, due)``."""
        goal = self.editor.selected_goal or (self.editor.plan.goals[0] if self.editor.plan.goals else None)
        if goal is None:
            return []
        return [(a.what, a.who, a.due) for a in goal.actions if not a.done]

    def check(self) -> None:
        lang = self.lang
        notes = steps_notes(self.actions(), self.today)
        checks = [c for c in check_plan(self.editor.plan, self.today) if c.code.startswith("action")]
        lines = [t(f"train.steps_{n.code}", lang, **n.values) for n in notes]
        parts = [f"<h3>{_e(t('train.steps_feedback', lang))}</h3>"]
        if lines:
            parts.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>")
        if checks:
            parts.append(f"<p>{_e(t('train.steps_checks', lang))}</p><ul>")
            parts.extend(f"<li>{_e(c.message(lang))}</li>" for c in checks)
            parts.append("</ul>")
        if not lines and not checks:
            parts.append(f"<p class='mm-train-good'>{_e(t('train.steps_good', lang))}</p>")
        parts.append(f"<p class='mm-train-muted'>{_e(t('train.steps_compare', lang))}</p>")
        self.feedback_html.value = "".join(parts)

    def toggle_model(self) -> None:
        self.showing_model = not self.showing_model
        self._show_model()

    def _again(self) -> None:
        """Begin again: an empty plan, saved as such (the trainer's view no longer shows the old steps)."""
        self.saved.pop(self.vignette_id, None)
        self.start()
        self._on_plan_changed({})

    def show_saved(self, saved: Mapping[str, str], kind: str = "plan") -> None:
        """Show what this trainee saved before (``{vignette_id: stored answer}``) for the open vignette."""
        self.saved.update(saved)
        if self.vignette_id in self.saved:
            self.start(self.saved[self.vignette_id])

    def show_vignette(self, vignette_id: str) -> bool:
        """Open this vignette's goal (the trainer's vignette); True if it moved."""
        if vignette_id not in self.vignettes or vignette_id == self.vignette_id:
            return False
        self.select(vignette_id)
        return True

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.card.set_lang(self.lang)
        self.editor.set_lang(self.lang)
        self._fill_choice()
        self._texts()
        self._show_goal()
        self._show_model()

    # -- internals -----------------------------------------------------------------------
    def _vignette_changed(self, previous: Vignette) -> None:
        self.card.show(self.vignette)
        self.start(self.saved.get(self.vignette_id))

    def _check_typed_edit(self, edit: PlanEdit) -> None:
        """Before the editor takes a small step: the BSN guard on the text the trainee typed
        (never on the date picked, which is stored as eight digits)."""
        if edit.kind not in ("action.add", "action.set"):
            return
        for name, where in (("what", "small_step"), ("who_name", "small_step_name")):
            value = edit.values.get(name)
            if isinstance(value, str):
                try:
                    check_typed(value, where)
                except InvalidInput as exc:
                    self.what_error.value = f"<span role='alert'>{_e(exc.message(self.lang))}</span>"
                    raise
        self.what_error.value = ""

    def _after_quick_what(self, change: dict[str, Any]) -> None:
        typed = change["new"]
        if not typed.strip():
            self.what_error.value = ""  # taken (the editor empties the field) or nothing typed
            return
        if self.editor.quick_what.value != typed or self.editor.messages.kind != "error":
            return
        try:  # our own words when it is the number guard, else the editor's message as it is
            check_typed(typed, "small_step")
        except InvalidInput as exc:
            self.what_error.value = f"<span role='alert'>{_e(exc.message(self.lang))}</span>"
            return
        self.what_error.value = self.editor.messages.value

    def _on_plan_changed(self, _change: dict[str, Any]) -> None:
        data = [[what, who, due.isoformat() if due else None] for what, who, due in self.actions()]
        text = json.dumps(data, ensure_ascii=False)
        while len(text) > MAX_RESPONSE and data:
            data.pop()
            text = json.dumps(data, ensure_ascii=False)
        self.saved[self.vignette_id] = text
        for handler in self._handlers:
            handler("plan", self.vignette_id, text)

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = f"<h2>{_e(t('train.ex3_title', lang))}</h2><p>{_e(t('train.ex3_intro', lang))}</p>"
        self.story.set_title(0, t("train.read_story", lang))
        self.check_button.description = t("train.steps_check", lang)
        self.model_button.description = t("train.steps_model", lang)
        self.again_button.description = t("train.again", lang)

    def _show_goal(self) -> None:
        lang, v = self.lang, self.vignette
        sub = self.definition.subpillar(v.first_goal.subpillar)
        self.goal_html.value = (
            f"<div class='mm-train-callout'><p class='mm-train-muted'>{_e(v.summary.get(lang))}</p>"
            f"<p>{_e(t('train.ex3_goal', lang, part=sub.name.get(lang)))}</p>"
            f"<div class='mm-train-quote'>{_e(v.first_goal.goal.get(lang))}</div>"
            f"<p>{_e(t('train.ex3_task', lang))}</p>"
            + speak_html(" ".join([t("train.ex3_goal", lang, part=sub.name.get(lang)), v.first_goal.goal.get(lang),
                                   t("train.ex3_task", lang)]), lang, what=sub.name.get(lang))
            + "</div>"
        )

    def _show_model(self) -> None:
        if not self.showing_model:
            self.model_html.value = ""
            self.model_button.description = t("train.steps_model", self.lang)
            return
        lang, goal = self.lang, self.vignette.first_goal
        items = "".join(
            f"<li>{_e(a.what.get(lang))} <span class='mm-train-muted'>— "
            f"{_e(t(f'train.who_{a.who}', lang))}, {_e(t('train.within_days', lang, days=a.days))}</span></li>"
            for a in goal.actions
        )
        reward = (
            f"<p><b>{_e(t('train.reward', lang))}</b> {_e(goal.reward.get(lang))}</p>" if goal.reward else ""
        )
        self.model_html.value = (
            f"<h3>{_e(t('train.model_answer', lang))}</h3><ol>{items}</ol>{reward}"
            f"<p><b>{_e(t('train.why_this_goal', lang))}</b> {_e(goal.why.get(lang))}</p>"
        )
        self.model_button.description = t("train.steps_model_hide", lang)
