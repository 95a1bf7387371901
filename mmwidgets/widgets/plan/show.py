"""How the plan editor shows a plan: texts, the goal list, the selected goal, actions, checks,
history and the next appointment. A mixin of :class:`~mmwidgets.widgets.plan.editor.PlanEditor`."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.plan import GOAL_STATUSES, WHO, Goal, history_sentence, meeting_text, value_text
from mmwidgets.model.dates import local_time
from mmwidgets.model.plan.checks import check_plan
from mmwidgets.widgets.a11y import name_control
from mmwidgets.widgets.plan.rows import ActionRowView, CheckRowView
from mmwidgets.widgets.speech import goal_reading, speak_html

_e = html.escape
MAX_HISTORY_SHOWN = 40
GOAL_LABEL = 70


class PlanEditorShow:
    """The showing half of the editor (no edits are made here)."""

    lang: str
    selected: Any
    definition: Any
    assessment: Any
    _loading: bool
    checks_requested: bool

    # -- internals: showing ----------------------------------------------------------------
    def _texts(self) -> None:
        lang = self.lang
        self._loading = True
        try:
            self.heading.value = f"<h2>{_e(t('plan.ui.heading', lang))}</h2>"
            self.new_goal.placeholder = t("plan.ui.new_goal", lang)
            self.goal_select.description = ""
            labels = {
                "text": "plan.ui.goal_text", "why": "plan.field.why", "done_when": "plan.field.done_when",
                "barriers": "plan.field.barriers", "barrier_plan": "plan.field.barrier_plan",
            }  # fmt: skip
            for name, key in labels.items():
                self.goal_labels[name].value = f"<label>{_e(t(key, lang))}</label>"
            self.why.placeholder = t("plan.ui.why_hint", lang)
            self.done_when.placeholder = t("plan.ui.done_when_hint", lang)
            self.barriers.placeholder = t("plan.ui.barriers_hint", lang)
            self.barrier_plan.placeholder = t("plan.ui.barrier_plan_hint", lang)
            self.subpillar.description = t("plan.field.subpillar_id", lang)
            self.target_step.description = t("plan.ui.target_step", lang)
            self.target_date.set_texts(t("plan.field.target_date", lang), t("plan.ui.date_hint", lang))
            self.review_date.set_texts(t("plan.field.review_date", lang), t("plan.ui.date_hint", lang))
            self.quick_due_field.set_texts(t("plan.ui.when", lang), t("plan.ui.due_hint", lang))
            self.check_button.description = t("plan.ui.check_plan", lang)
            self.goal_remove.description = t("plan.ui.remove_goal", lang)
            self.goal_remove.tooltip = t("plan.ui.remove_goal_hint", lang)
            self.undo_button.description = t("plan.ui.undo", lang)
            self.meeting_note_label.value = f"<label>{_e(t('plan.field.next_meeting_note', lang))}</label>"
            self.status.description = t("plan.field.status", lang)
            self.status.options = [(t(f"plan.status.{s}", lang), s) for s in GOAL_STATUSES]
            self.waits_for.description = t("plan.field.waits_for", lang)
            self.actions_heading.value = f"<h3>{_e(t('plan.ui.actions', lang))}</h3>"
            who = self.quick_who.value if self.quick_who.options else "client"
            self.quick_who.options = [(t(f"plan.who.{w}", lang), w) for w in WHO] + [(t("plan.who.none", lang), "")]
            self.quick_who.value = who
            name_control(self.quick_who, t("plan.field.who", lang))
            self.quick_who.description = ""
            self.quick_who_label.value = f"<label>{_e(t('plan.field.who', lang))}</label>"
            self.quick_name.placeholder = t("plan.ui.who_name", lang)
            self.quick_what.placeholder = t("plan.ui.action_hint", lang)
            self.quick_hint.value = f"<small>{_e(t('plan.ui.quick_hint', lang))}</small>"
            self.checks_heading.value = ""
            self.meeting_field.set_texts(t("plan.ui.meeting_when", lang), t("plan.ui.meeting_hint", lang))
            self.meeting_note.placeholder = t("plan.ui.meeting_place", lang)
            for index, key in enumerate(("plan.ui.more", "plan.ui.barriers", "plan.ui.rewards", "plan.ui.history")):
                self.more.set_title(index, t(key, lang))
            self.meeting_heading.value = f"<h3>{_e(t('plan.field.next_meeting', lang))}</h3>"
            self.rewards.set_texts(lang)
        finally:
            self._loading = False

    def _show_new_goal_hint(self) -> None:
        lang = self.lang
        if self._pending_focus is not None and self.definition is not None:
            sub_id, _ = self._pending_focus
            name = self.definition.subpillar(sub_id).name.get(lang) if self.definition.has_subpillar(sub_id) else sub_id
            self.new_goal_hint.value = f"<small>{_e(t('plan.ui.new_goal_for', lang, name=name))}</small>"
        elif not self._plan.goals:
            self.new_goal_hint.value = f"<small>{_e(t('plan.ui.first_goal', lang))}</small>"
        else:
            self.new_goal_hint.value = ""

    def _refresh(self) -> None:
        """Show the plan: goal list, the selected goal, its actions, checks, rewards, history."""
        self._loading = True
        try:
            self._show_goal_list()
            self._show_focus()
            self._show_new_goal_hint()
            goal = self.selected_goal
            self.goal_box.layout.display = "" if goal is not None else "none"
            self.goal_remove.layout.display = "" if goal is not None and not goal.actions else "none"
            if goal is not None:
                self._show_goal(goal)
                self._show_actions(goal)
                self._show_history(goal)
            self._show_checks(goal)
            self.rewards.show(goal, self.lang, self.today)
            self._show_meeting()
        finally:
            self._loading = False

    def _show_goal_list(self) -> None:
        options = []
        for goal in self._plan.goals:
            mark = "" if goal.active else f" ({t(f'plan.status.{goal.status}', self.lang)})"
            text = " ".join(goal.text.split())
            if len(text) > GOAL_LABEL:
                text = text[: GOAL_LABEL - 1] + "…"
            options.append((text + mark, goal.key))
        if tuple(options) != tuple(self.goal_select.options):
            self.goal_select.options = options
        self.goal_select.value = self.selected if options else None
        self.goal_select.layout.display = "" if options else "none"
        self.goal_select.description = t("plan.ui.goal", self.lang) if options else ""

    def _show_focus(self) -> None:
        lang = self.lang
        if self.definition is None or self.assessment is None:
            self.focus_buttons.children = []
            self.focus_hint.value = ""
            return
        buttons = []
        for sub_id in self.assessment.focus_ids():
            if not self.definition.has_subpillar(sub_id):
                continue
            name = self.definition.subpillar(sub_id).name.get(lang)
            step = self.assessment.step(sub_id)
            label = t("plan.ui.focus_button", lang, name=name) if step is None else t(
                "plan.ui.focus_button_step", lang, name=name, step=step
            )
            button = W.Button(description=label, layout=W.Layout(width="auto"), icon="star")
            button.add_class("mm-plan-focus-button")
            button.add_class(f"mm-plan-focus-{sub_id}")
            button.on_click(self.guard(lambda _b, s=sub_id: self.start_goal_for(s)))
            buttons.append(button)
        self.focus_buttons.children = buttons
        self.focus_hint.value = f"<small>{_e(t('plan.ui.focus_hint', lang))}</small>" if buttons else ""

    def _show_goal(self, goal: Goal) -> None:
        lang = self.lang
        self.goal_text.value = goal.text
        self.why.value = goal.why
        self.done_when.value = goal.done_when
        self.barriers.value = goal.barriers
        self.barrier_plan.value = goal.barrier_plan
        self.target_date.show_value(goal.target_date, lang)
        self.review_date.show_value(goal.review_date, lang)
        self.status.value = goal.status
        subs: list[tuple[str, str]] = [(t("plan.ui.no_subpillar", lang), "")]
        if self.definition is not None:
            subs += [(f"{p.name.get(lang)}: {s.name.get(lang)}", s.id) for p, s in self.definition.subpillars()]
        if goal.subpillar_id and goal.subpillar_id not in [v for _, v in subs]:
            subs.append((goal.subpillar_id, goal.subpillar_id))
        self.subpillar.options = subs
        self.subpillar.value = goal.subpillar_id or ""
        steps: list[tuple[str, int]] = [(t("plan.ui.no_step", lang), 0)]
        count = self._step_count(goal.subpillar_id)
        if count is not None and self.definition is not None:
            sub = self.definition.subpillar(goal.subpillar_id)  # type: ignore[arg-type]
            steps += [(f"{n}. {sub.steps[n - 1].label.get(lang)}", n) for n in range(1, count + 1)]
        else:
            steps += [(str(n), n) for n in range(1, 11)]
        if goal.target_step and goal.target_step not in [v for _, v in steps]:
            steps.append((str(goal.target_step), goal.target_step))
        self.target_step.options = steps
        self.target_step.value = goal.target_step or 0
        others = [(t("plan.ui.waits_none", lang), "")]
        others += [(g.text[:GOAL_LABEL], g.key) for g in self._plan.goals if g.key != goal.key]
        self.waits_for.options = others
        self.waits_for.value = goal.waits_for or ""

    def _show_actions(self, goal: Goal) -> None:
        today = self.today
        far = dt.date.max
        fresh = sorted(goal.actions, key=lambda a: (a.done, a.due or far if not a.done else a.done_on or far))
        shown_goal, shown = self._action_order
        if shown_goal != goal.key:
            shown = []
        by_key = {a.key: a for a in goal.actions}
        # rows keep their place while the list is open (a tick does not move a row under the finger);
        # a new action joins at its place among the open ones only when the list is opened again
        keys = [k for k in shown if k in by_key] + [a.key for a in fresh if a.key not in shown]
        self._action_order = (goal.key, keys)
        ordered = [by_key[k] for k in keys]
        while len(self.action_rows) < len(ordered):
            self.action_rows.append(ActionRowView(self))
        for row, action in zip(self.action_rows, ordered + [None] * (len(self.action_rows) - len(ordered))):
            row.show(action, self.lang, today)
        if len(self.actions_box.children) != len(self.action_rows):
            self.actions_box.children = tuple(self.action_rows)
        if not ordered:
            self.actions_heading.value = (
                f"<h3>{_e(t('plan.ui.actions', self.lang))}</h3>"
                f"<p><i>{_e(t('plan.ui.no_actions', self.lang))}</i></p>"
            )
        else:
            self.actions_heading.value = f"<h3>{_e(t('plan.ui.actions', self.lang))}</h3>"
        # "Voorlezen" (issue 19): the goal, why, when reached and every small step, read aloud
        self.actions_heading.value += speak_html(goal_reading(goal, self.lang, today), self.lang, what=goal.text)

    def _show_checks(self, goal: Goal | None) -> None:
        lang = self.lang
        self.checks = check_plan(self._plan, self.today) if self.checks_requested else []
        mine = [c for c in self.checks if c.goal_key is None or (goal is not None and c.goal_key == goal.key)]
        others = len(self.checks) - len(mine)
        while len(self.check_rows) < len(mine):
            self.check_rows.append(CheckRowView(self))
        for row, check in zip(self.check_rows, mine + [None] * (len(self.check_rows) - len(mine))):
            row.show(check, lang)
        if len(self.checks_box.children) != len(self.check_rows):
            self.checks_box.children = tuple(self.check_rows)
        if mine:
            self.checks_heading.value = f"<h3>{_e(t('plan.ui.checks', lang))}</h3>"
        elif self.checks_requested:
            self.checks_heading.value = f"<p class='mm-plan-checks-none'>{_e(t('plan.ui.checks_none', lang))}</p>"
        else:
            self.checks_heading.value = ""
        self.checks_more.value = (
            f"<small>{_e(t('plan.ui.checks_more', lang, count=others))}</small>" if others else ""
        )

    def _names(self) -> dict[str, str]:
        """Texts of goals, actions and rewards by key; removed ones by the text they had (history)."""
        names: dict[str, str] = {}
        for entry in self._plan.history:
            if entry.field == "added" and isinstance(entry.new, str):
                names[entry.key] = entry.new
            elif entry.field == "removed" and isinstance(entry.old, str):
                names[entry.key] = entry.old
            elif entry.field in ("what", "text") and isinstance(entry.new, str):
                names[entry.key] = entry.new
        for goal in self._plan.goals:
            names[goal.key] = goal.text
            for action in goal.actions:
                names[action.key] = action.what
            for reward in goal.rewards:
                names[reward.key] = reward.what
        return names

    def _show_history(self, goal: Goal) -> None:
        lang = self.lang
        entries = [h for h in self._plan.history if h.goal_key == goal.key or h.key == goal.key]
        if not entries:
            self.history_html.value = f"<p><i>{_e(t('plan.ui.history_empty', lang))}</i></p>"
            return
        names = self._names()
        shown = entries[-MAX_HISTORY_SHOWN:][::-1]  # newest first
        items = "".join(
            f"<li><small>{_e(value_text('at', local_time(h.at), lang))}</small> "
            f"{_e(history_sentence(h, lang, names))}</li>"
            for h in shown
        )
        self.history_html.value = f"<ul class='mm-plan-history-items'>{items}</ul>"

    def _show_meeting(self) -> None:
        when = self._plan.next_meeting
        self.meeting_field.show_value(when, self.lang)
        if when is not None:
            self.meeting_shown.value = f"<small>→ {_e(meeting_text(when, self.lang))}</small>"
        self.meeting_note.value = self._plan.next_meeting_note
