"""The plan editor: goals in the client's words, small actions, rewards, checks, history.

Works without a store (the training exercise "cut a goal into small actions") and with
one (the conversation's Plan tab). It never saves: every user change becomes a
:class:`~mmwidgets.model.plan.PlanEdit` that is first checked on a copy of the plan, then
handed to the ``on_change`` callbacks (which may save it, or refuse it by raising), and only
then shown. So the screen never shows what was not saved.

    editor = PlanEditor("nl")
    editor.load(plan)              # show a plan; emits nothing
    editor.on_change(callback)     # callback(edit: PlanEdit)
    editor.plan                    # the current plan (a model object)
    editor.checks                  # the plan checks shown right now

Keyboard only: type a goal, Enter; type an action, Enter, the next one. Who and the date
of the quick-add row stay for the next action. Every text typed by a person is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable

import ipywidgets as W
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.definition import BridgeDefinition
from mmwidgets.model.files import DataFileError
from mmwidgets.model.plan import (
    GOAL_STATUSES,
    WHO,
    Action,
    Goal,
    HistoryEntry,
    Plan,
    PlanEdit,
    apply_edit,
    copy_plan,
    has_time,
    history_sentence,
    meeting_text,
    new_key,
    parse_due,
    parse_meeting,
    value_text,
    who_label,
)
from mmwidgets.model.plan_checks import PlanCheck, check_plan
from mmwidgets.model.rewards import RewardScheme, default_scheme_path, load_reward_scheme
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.plan_rewards import RewardsView

_e = html.escape
ChangeHandler = Callable[[PlanEdit], Any]
MAX_HISTORY_SHOWN = 40
GOAL_LABEL = 70

STYLE = """
<style>
.mm-plan-editor h3, .mm-plan-editor h4 { margin: 10px 0 4px 0; }
.mm-plan-editor .widget-label { min-width: 9em; }
.mm-plan-action-row { border-bottom: 1px solid #e3e6ea; align-items: center; }
.mm-plan-action-text { min-width: 14em; }
.mm-plan-action-text .mm-done { text-decoration: line-through; color: #555; }
.mm-plan-check-row { align-items: center; }
.mm-plan-check-text { background: #fff7e0; border-left: 4px solid #b07d00; padding: 4px 8px; }
.mm-plan-hint { color: #555; }
</style>
"""


_SCHEME_CACHE: dict[tuple[str, float], RewardScheme] = {}


def shipped_scheme() -> RewardScheme:
    """The reward scheme file, read again only when it changed (every page opens an editor)."""
    path = default_scheme_path()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return load_reward_scheme(path)  # raises DataFileError saying the file is missing
    key = (str(path), stamp)
    if key not in _SCHEME_CACHE:
        _SCHEME_CACHE.clear()
        _SCHEME_CACHE[key] = load_reward_scheme(path)
    return _SCHEME_CACHE[key]


class ActionRowView(W.HBox):
    """One action: tick done, what and who, its date (moving it is re-routing), remove."""

    def __init__(self, editor: "PlanEditor"):
        self.editor = editor
        self.key: str | None = None
        self._loading = False
        shared = editor.row_parts  # layouts and styles shared by all rows: fewer widget models
        self.done = W.Checkbox(value=False, indent=False, layout=shared["done"], style=shared["done_style"])
        self.done.add_class("mm-plan-action-done")
        self.text = W.HTML(layout=shared["text"], style=shared["text_style"]).add_class("mm-plan-action-text")
        self.due = W.DatePicker(layout=shared["due"], style=shared["due_style"]).add_class("mm-plan-action-due")
        self.remove = W.Button(icon="trash", layout=shared["remove"], style=shared["remove_style"])
        self.remove.add_class("mm-plan-action-remove")
        guard = editor.guard
        self.done.observe(guard(self._on_done), "value")
        self.due.observe(guard(self._on_due), "value")
        self.remove.on_click(guard(self._on_remove))
        super().__init__([self.done, self.text, self.due, self.remove])
        self.add_class("mm-plan-action-row")

    def show(self, action: Action | None, lang: str, today: dt.date) -> None:
        self._loading = True
        try:
            if action is None:
                self.key = None
                self.layout.display = "none"
                return
            self.key = action.key
            self.layout.display = ""
            self.done.value = action.done
            self.due.value = action.due
            state = action.state(today)
            who = who_label(action.who, action.who_name, lang)
            what = _e(action.what)
            if state == "done":
                when = t("plan.ui.done_on", lang, date=value_text("done_on", action.done_on, lang))
                what = f'<span class="mm-done">{what}</span>'
            elif state == "overdue":
                when = t("plan.ui.overdue", lang)
            elif state == "open":
                when = t("plan.ui.no_date", lang)
            else:
                when = ""
            extra = f" · <i>{_e(when)}</i>" if when else ""
            self.text.value = f"<div>{what}<br><small>{_e(who)}{extra}</small></div>"
            self.remove.tooltip = t("plan.ui.remove_action", lang)
            self.done.description = ""
        finally:
            self._loading = False

    def _on_done(self, change: dict[str, Any]) -> None:
        if not self._loading and self.key:
            self.editor.tick(self.key, bool(change["new"]))

    def _on_due(self, change: dict[str, Any]) -> None:
        if not self._loading and self.key:
            self.editor.move_due(self.key, change["new"])

    def _on_remove(self, *_args: Any) -> None:
        if self.key:
            self.editor.remove_action(self.key)


class CheckRowView(W.HBox):
    """A check's sentence and a button to ignore it."""

    def __init__(self, editor: "PlanEditor"):
        self.editor = editor
        self.check_id: str | None = None
        self.text = W.HTML(layout=W.Layout(flex="1 1 auto")).add_class("mm-plan-check-text")
        self.ignore = W.Button(layout=W.Layout(width="auto", min_width="100px", flex="0 0 auto"))
        self.ignore.add_class("mm-plan-check-ignore")
        self.ignore.on_click(editor.guard(self._on_ignore))
        super().__init__([self.text, self.ignore])
        self.add_class("mm-plan-check-row")

    def show(self, check: PlanCheck | None, lang: str) -> None:
        if check is None:
            self.check_id = None
            self.layout.display = "none"
            return
        self.check_id = check.id
        self.layout.display = ""
        self.text.value = f"<span>{_e(check.message(lang))}</span>"
        self.ignore.description = t("plan.ui.ignore", lang)

    def _on_ignore(self, *_args: Any) -> None:
        if self.check_id:
            self.editor.ignore(self.check_id)


class PlanEditor(W.VBox):
    """Goals, actions, rewards and checks of one plan. See the module docstring."""

    lang = traitlets.Unicode("nl")
    #: the key of the goal shown (None: no goal yet)
    selected = traitlets.Unicode(None, allow_none=True)
    #: counts applied changes: observe it to redraw pictures or downloads
    version = traitlets.Int(0)

    def __init__(
        self,
        lang: str = "nl",
        definition: BridgeDefinition | None = None,
        scheme: RewardScheme | None | bool = True,
        messages: MessageArea | None = None,
        today: dt.date | None = None,
    ):
        """``scheme=True`` loads the shipped reward scheme; ``None``/``False``: no suggestions.
        ``today`` fixes the date (tests, exercises); default: the real date each time."""
        super().__init__()
        self.add_class("mm-plan-editor")
        self._plan = Plan()
        self._handlers: list[ChangeHandler] = []
        self._today = today
        self._loading = False
        self._pending_focus: tuple[str, int | None] | None = None
        self.definition = definition
        self.assessment: Assessment | None = None
        self.checks: list[PlanCheck] = []
        self.messages = messages if messages is not None else MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        self.scheme: RewardScheme | None = None
        if scheme is True:
            try:
                self.scheme = shipped_scheme()
            except DataFileError as exc:
                self.messages.show_lines(exc.messages(lang), "warning")
        elif isinstance(scheme, RewardScheme):
            self.scheme = scheme

        # goals
        self.heading = W.HTML()
        self.focus_hint = W.HTML()
        self.focus_buttons = W.HBox(layout=W.Layout(flex_flow="row wrap")).add_class("mm-plan-focus")
        self.goal_select = W.Dropdown(options=[], layout=W.Layout(width="100%")).add_class("mm-plan-goal-select")
        self.new_goal = W.Text(continuous_update=False, layout=W.Layout(width="100%")).add_class("mm-plan-new-goal")
        self.new_goal_hint = W.HTML().add_class("mm-plan-hint")

        # the selected goal
        self.goal_text = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%"))
        self.goal_text.add_class("mm-plan-goal-text")
        self.subpillar = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-subpillar")
        self.target_step = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-target-step")
        self.why = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%")).add_class("mm-plan-why")
        self.done_when = W.Text(continuous_update=False, layout=W.Layout(flex="1 1 20em")).add_class("mm-plan-done-when")
        self.target_date = W.DatePicker(layout=W.Layout(width="auto")).add_class("mm-plan-target-date")
        self.review_date = W.DatePicker(layout=W.Layout(width="auto")).add_class("mm-plan-review-date")
        self.status = W.Dropdown(options=[(s, s) for s in GOAL_STATUSES], value="open", layout=W.Layout(width="auto"))
        self.status.add_class("mm-plan-status")
        self.waits_for = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-waits")
        self.barriers = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%"))
        self.barriers.add_class("mm-plan-barriers")
        self.barrier_plan = W.Textarea(continuous_update=False, rows=2, layout=W.Layout(width="100%"))
        self.barrier_plan.add_class("mm-plan-barrier-plan")
        self.goal_labels = {name: W.HTML() for name in ("text", "why", "done_when", "barriers", "barrier_plan")}

        # actions
        self.row_parts: dict[str, W.Widget] = {
            "done": W.Layout(width="32px"), "text": W.Layout(flex="1 1 auto"),
            "due": W.Layout(width="170px"), "remove": W.Layout(width="44px"),
            "done_style": CheckboxStyle(), "text_style": HTMLStyle(),
            "due_style": DescriptionStyle(), "remove_style": ButtonStyle(),
        }  # fmt: skip
        self.actions_heading = W.HTML()
        self.action_rows: list[ActionRowView] = []
        self.actions_box = W.VBox().add_class("mm-plan-actions")
        self.quick_who = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-plan-quick-who")
        self.quick_name = W.Text(continuous_update=True, layout=W.Layout(width="160px", display="none"))
        self.quick_name.add_class("mm-plan-quick-name")
        self.quick_due = W.Text(continuous_update=False, layout=W.Layout(width="180px")).add_class("mm-plan-quick-due")
        self.quick_due_shown = W.HTML().add_class("mm-plan-quick-due-shown")
        self.quick_what = W.Text(continuous_update=False, layout=W.Layout(width="100%")).add_class("mm-plan-quick-what")
        self.quick_hint = W.HTML().add_class("mm-plan-hint")

        # checks, meeting, history
        self.checks_heading = W.HTML()
        self.check_rows: list[CheckRowView] = []
        self.checks_box = W.VBox().add_class("mm-plan-checks")
        self.checks_more = W.HTML()
        self.meeting = W.Text(continuous_update=False, layout=W.Layout(width="220px")).add_class("mm-plan-meeting")
        self.meeting_note = W.Text(continuous_update=False, layout=W.Layout(width="260px"))
        self.meeting_note.add_class("mm-plan-meeting-note")
        self.meeting_shown = W.HTML()
        self.history_html = W.HTML().add_class("mm-plan-history-list")
        self.history_box = W.VBox([self.history_html]).add_class("mm-plan-history")
        self.rewards = RewardsView(self)
        self.meeting_heading = W.HTML()

        # one thing at a time: the goal, its checks and its small steps in view; the rest folded
        about = W.VBox(
            [
                W.HBox([self.subpillar, self.target_step], layout=W.Layout(flex_flow="row wrap")),
                self.goal_labels["why"], self.why,
                W.HBox([self.review_date, self.status], layout=W.Layout(flex_flow="row wrap")),
                self.waits_for,
            ]
        ).add_class("mm-plan-about")  # fmt: skip
        barriers = W.VBox(
            [self.goal_labels["barriers"], self.barriers, self.goal_labels["barrier_plan"], self.barrier_plan]
        ).add_class("mm-plan-barriers-box")
        self.more = W.Accordion([about, barriers, self.rewards, self.history_box], selected_index=None)
        self.more.add_class("mm-plan-more")
        self.goal_box = W.VBox(
            [
                self.goal_labels["text"], self.goal_text,
                self.goal_labels["done_when"],
                W.HBox([self.done_when, self.target_date], layout=W.Layout(flex_flow="row wrap", align_items="center")),
                self.checks_heading, self.checks_box, self.checks_more,
                self.actions_heading, self.actions_box, self.quick_hint,
                W.HBox([self.quick_who, self.quick_name, self.quick_due, self.quick_due_shown],
                       layout=W.Layout(flex_flow="row wrap", align_items="center")),
                self.quick_what,
                self.more,
            ],
        ).add_class("mm-plan-goal")  # fmt: skip
        self.children = [
            W.HTML(STYLE),
            self.heading,
            self.messages,
            self.focus_hint,
            self.focus_buttons,
            self.goal_select,
            self.new_goal,
            self.new_goal_hint,
            self.goal_box,
            self.meeting_heading,
            W.HBox([self.meeting, self.meeting_note, self.meeting_shown],
                   layout=W.Layout(flex_flow="row wrap", align_items="center")),
        ]  # fmt: skip

        guard = self.guard
        self.goal_select.observe(guard(self._on_select), "value")
        self.new_goal.observe(guard(self._on_new_goal), "value")
        for name in ("goal_text", "why", "done_when", "barriers", "barrier_plan"):
            getattr(self, name).observe(guard(lambda c, n=name: self._on_goal_field(n, c)), "value")
        for name in ("subpillar", "target_step", "target_date", "review_date", "status", "waits_for"):
            getattr(self, name).observe(guard(lambda c, n=name: self._on_goal_field(n, c)), "value")
        self.quick_who.observe(guard(self._on_quick_who), "value")
        self.quick_due.observe(guard(self._on_quick_due), "value")
        self.quick_what.observe(guard(self._on_quick_what), "value")
        self.meeting.observe(guard(self._on_meeting), "value")
        self.meeting_note.observe(guard(self._on_meeting_note), "value")
        self.lang = normalise_language(lang)
        self.messages.lang = self.lang
        self._texts()
        self._refresh()

    # -- public API ----------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        """The plan as shown (a model object; change it only through edits)."""
        return self._plan

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @property
    def selected_goal(self) -> Goal | None:
        return self._plan.goal(self.selected)

    def on_change(self, handler: ChangeHandler) -> None:
        """``handler(edit)`` for every user change, before it is shown; raise to refuse it."""
        self._handlers.append(handler)

    def load(self, plan: Plan, select: str | None = None) -> None:
        """Show ``plan`` (copied); emits nothing. Selects ``select`` or the first open goal."""
        self._plan = copy_plan(plan)
        keys = [g.key for g in self._plan.goals]
        if select not in keys:
            active = [g.key for g in self._plan.goals if g.active]
            select = (active or keys or [None])[0]
        self._pending_focus = None
        self.selected = select
        self._refresh()

    def set_lang(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        self.messages.lang = self.lang
        self._texts()
        self._refresh()

    def set_definition(self, definition: BridgeDefinition | None) -> None:
        self.definition = definition
        self._refresh()

    def set_scheme(self, scheme: RewardScheme | None) -> None:
        self.scheme = scheme
        self._refresh()

    def set_focus(self, definition: BridgeDefinition | None, assessment: Assessment | None) -> None:
        """The sub-pillars marked "hier wil ik aan werken" become buttons to start a goal."""
        self.definition = definition
        self.assessment = assessment
        self._refresh()

    def current_step(self, sub_id: str | None) -> int | None:
        if not sub_id or self.assessment is None:
            return None
        return self.assessment.step(sub_id)

    def select_goal(self, key: str | None) -> None:
        if key is not None and self._plan.goal(key) is None:
            return
        self.selected = key
        self._refresh()

    def start_goal_for(self, sub_id: str) -> None:
        """Prepare a new goal for a sub-pillar (from the bridge); the goal text comes next."""
        step = self.current_step(sub_id)
        self._pending_focus = (sub_id, step)
        self._show_new_goal_hint()

    # edits, as a user makes them; each raises InvalidInput when refused
    def add_goal(self, text: str, **values: Any) -> str:
        key = new_key()
        if self._pending_focus is not None:
            sub_id, step = self._pending_focus
            values.setdefault("subpillar_id", sub_id)
            if step is not None:
                values.setdefault("start_step", step)
                top = self._step_count(sub_id)
                if top is not None and step < top:
                    values.setdefault("target_step", step + 1)
        self._emit(PlanEdit("goal.add", key=key, values={"text": text, **values}))
        self._pending_focus = None
        self.selected = key
        self._refresh()
        return key

    def set_goal(self, key: str, **values: Any) -> None:
        self._emit(PlanEdit("goal.set", key=key, values=values))
        self._refresh()

    def add_action(self, what: str, goal_key: str | None = None, **values: Any) -> str:
        goal_key = goal_key or self.selected
        key = new_key()
        self._emit(PlanEdit("action.add", key=key, parent=goal_key, values={"what": what, **values}))
        self._refresh()
        return key

    def tick(self, key: str, done: bool = True, on: dt.date | None = None) -> None:
        self._emit(PlanEdit("action.set", key=key, values={"done_on": (on or self.today) if done else None}))
        self._refresh()

    def move_due(self, key: str, due: dt.date | None) -> None:
        self._emit(PlanEdit("action.set", key=key, values={"due": due}))
        self._refresh()

    def remove_action(self, key: str) -> None:
        self._emit(PlanEdit("action.remove", key=key))
        self._refresh()

    def agree_reward(self, what: str, goal_key: str | None = None, **values: Any) -> str:
        key = new_key()
        self._emit(PlanEdit("reward.add", key=key, parent=goal_key or self.selected, values={"what": what, **values}))
        self._refresh()
        return key

    def give_reward(self, for_what: str, value_cents: int = 0, date: dt.date | None = None, **values: Any) -> str:
        key = new_key()
        values.setdefault("goal_key", self.selected)
        edit = PlanEdit(
            "given.add",
            key=key,
            values={"for_what": for_what, "value_cents": value_cents, "date": date or self.today, **values},
        )
        self._emit(edit)
        self._refresh()
        return key

    def ignore(self, check_id: str) -> None:
        """The coach chose to ignore a check; it stays hidden for this plan."""
        self._emit(PlanEdit("plan.set", values={"ignored": [*self._plan.ignored, check_id]}))
        self._refresh()

    def set_meeting(self, when: dt.datetime | str | None, note: str | None = None) -> None:
        values: dict[str, Any] = {"next_meeting": parse_meeting(when, self.today) if isinstance(when, str) else when}
        if note is not None:
            values["next_meeting_note"] = note
        self._emit(PlanEdit("plan.set", values=values))
        self._refresh()

    # -- internals: applying --------------------------------------------------------------
    def _emit(self, edit: PlanEdit) -> list[HistoryEntry]:
        trial = copy_plan(self._plan)
        entries = apply_edit(trial, edit, today=self.today)  # refused input raises here
        if not entries and edit.kind.endswith(".set") and edit.kind != "plan.set":
            return entries  # nothing changed: nothing to save
        for handler in self._handlers:
            handler(edit)
        self._plan = trial
        self.version += 1
        self.messages.clear()
        return entries

    def _step_count(self, sub_id: str | None) -> int | None:
        if self.definition is None or not sub_id or not self.definition.has_subpillar(sub_id):
            return None
        return self.definition.subpillar(sub_id).step_count

    # -- internals: user actions -----------------------------------------------------------
    def _on_select(self, change: dict[str, Any]) -> None:
        if not self._loading and change["new"]:
            self.select_goal(change["new"])

    def _on_new_goal(self, change: dict[str, Any]) -> None:
        if self._loading or not change["new"].strip():
            return
        self.add_goal(change["new"])
        self._set_quietly(self.new_goal, "")

    def _on_goal_field(self, name: str, change: dict[str, Any]) -> None:
        if self._loading or self.selected is None:
            return
        field = {"goal_text": "text"}.get(name, name)
        value = change["new"]
        if field == "subpillar":
            field = "subpillar_id"
        if field in ("subpillar_id", "waits_for") and value == "":
            value = None
        if field == "target_step" and value == 0:
            value = None
        try:
            self.set_goal(self.selected, **{field: value})
        except Exception:
            self._refresh()  # show the saved value again, then report
            raise

    def _on_quick_who(self, change: dict[str, Any]) -> None:
        self.quick_name.layout.display = "" if change["new"] == "other" else "none"

    def _on_quick_due(self, change: dict[str, Any]) -> None:
        text = change["new"].strip()
        if not text:
            self.quick_due_shown.value = ""
            return
        try:
            due = parse_due(text, self.today)
        except Exception:
            self.quick_due_shown.value = ""
            raise
        self.quick_due_shown.value = f"<small>→ {_e(value_text('due', due, self.lang))}</small>"

    def _on_quick_what(self, change: dict[str, Any]) -> None:
        what = change["new"]
        if self._loading or not what.strip():
            return
        due = parse_due(self.quick_due.value, self.today)  # a wrong date: message, text stays
        who = self.quick_who.value or None
        self.add_action(what, who=who, who_name=self.quick_name.value if who == "other" else "", due=due)
        self._set_quietly(self.quick_what, "")

    def _on_meeting(self, change: dict[str, Any]) -> None:
        if not self._loading:
            self.set_meeting(change["new"])

    def _on_meeting_note(self, change: dict[str, Any]) -> None:
        if not self._loading:
            self._emit(PlanEdit("plan.set", values={"next_meeting_note": change["new"]}))
            self._refresh()

    def _set_quietly(self, widget: W.Widget, value: Any) -> None:
        self._loading = True
        try:
            widget.value = value
        finally:
            self._loading = False

    # -- internals: showing ----------------------------------------------------------------
    def _texts(self) -> None:
        lang = self.lang
        self._loading = True
        try:
            self.heading.value = f"<h3>{_e(t('plan.ui.heading', lang))}</h3>"
            self.new_goal.placeholder = t("plan.ui.new_goal", lang)
            self.goal_select.description = ""
            labels = {
                "text": "plan.ui.goal_text", "why": "plan.field.why", "done_when": "plan.field.done_when",
                "barriers": "plan.field.barriers", "barrier_plan": "plan.field.barrier_plan",
            }  # fmt: skip
            for name, key in labels.items():
                self.goal_labels[name].value = f"<b>{_e(t(key, lang))}</b>"
            self.why.placeholder = t("plan.ui.why_hint", lang)
            self.done_when.placeholder = t("plan.ui.done_when_hint", lang)
            self.barriers.placeholder = t("plan.ui.barriers_hint", lang)
            self.barrier_plan.placeholder = t("plan.ui.barrier_plan_hint", lang)
            self.subpillar.description = t("plan.field.subpillar_id", lang)
            self.target_step.description = t("plan.ui.target_step", lang)
            self.target_date.description = t("plan.field.target_date", lang)
            self.review_date.description = t("plan.field.review_date", lang)
            self.status.description = t("plan.field.status", lang)
            self.status.options = [(t(f"plan.status.{s}", lang), s) for s in GOAL_STATUSES]
            self.waits_for.description = t("plan.field.waits_for", lang)
            self.actions_heading.value = f"<h4>{_e(t('plan.ui.actions', lang))}</h4>"
            who = self.quick_who.value if self.quick_who.options else "client"
            self.quick_who.options = [(t(f"plan.who.{w}", lang), w) for w in WHO] + [(t("plan.who.none", lang), "")]
            self.quick_who.value = who
            self.quick_who.description = t("plan.field.who", lang)
            self.quick_name.placeholder = t("plan.ui.who_name", lang)
            self.quick_due.placeholder = t("plan.ui.due_hint", lang)
            self.quick_what.placeholder = t("plan.ui.action_hint", lang)
            self.quick_hint.value = f"<small>{_e(t('plan.ui.quick_hint', lang))}</small>"
            self.checks_heading.value = ""
            self.meeting.placeholder = t("plan.ui.meeting_hint", lang)
            self.meeting.description = t("plan.field.next_meeting", lang)
            self.meeting_note.placeholder = t("plan.ui.meeting_place", lang)
            for index, key in enumerate(("plan.ui.more", "plan.ui.barriers", "plan.ui.rewards", "plan.ui.history")):
                self.more.set_title(index, t(key, lang))
            self.meeting_heading.value = f"<h4>{_e(t('plan.field.next_meeting', lang))}</h4>"
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
        self.target_date.value = goal.target_date
        self.review_date.value = goal.review_date
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
        ordered = sorted(
            goal.actions, key=lambda a: (a.done, a.due or far if not a.done else a.done_on or far)
        )
        while len(self.action_rows) < len(ordered):
            self.action_rows.append(ActionRowView(self))
        for row, action in zip(self.action_rows, ordered + [None] * (len(self.action_rows) - len(ordered))):
            row.show(action, self.lang, today)
        if len(self.actions_box.children) != len(self.action_rows):
            self.actions_box.children = tuple(self.action_rows)
        if not ordered:
            self.actions_heading.value = (
                f"<h4>{_e(t('plan.ui.actions', self.lang))}</h4>"
                f"<p><i>{_e(t('plan.ui.no_actions', self.lang))}</i></p>"
            )
        else:
            self.actions_heading.value = f"<h4>{_e(t('plan.ui.actions', self.lang))}</h4>"

    def _show_checks(self, goal: Goal | None) -> None:
        lang = self.lang
        self.checks = check_plan(self._plan, self.today)
        mine = [c for c in self.checks if c.goal_key is None or (goal is not None and c.goal_key == goal.key)]
        others = len(self.checks) - len(mine)
        while len(self.check_rows) < len(mine):
            self.check_rows.append(CheckRowView(self))
        for row, check in zip(self.check_rows, mine + [None] * (len(self.check_rows) - len(mine))):
            row.show(check, lang)
        if len(self.checks_box.children) != len(self.check_rows):
            self.checks_box.children = tuple(self.check_rows)
        self.checks_heading.value = f"<h4>{_e(t('plan.ui.checks', lang))}</h4>" if mine else ""
        self.checks_more.value = (
            f"<small>{_e(t('plan.ui.checks_more', lang, count=others))}</small>" if others else ""
        )

    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
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
            f"<li><small>{_e(value_text('at', h.at, lang))}</small> {_e(history_sentence(h, lang, names))}</li>"
            for h in shown
        )
        self.history_html.value = f"<ul class='mm-plan-history-items'>{items}</ul>"

    def _show_meeting(self) -> None:
        when = self._plan.next_meeting
        if when is None:
            self.meeting.value = ""
            self.meeting_shown.value = ""
        else:
            typed = f"{when.day}-{when.month}-{when.year}"
            if has_time(when):
                typed += f" {when.hour:02d}:{when.minute:02d}"
            self.meeting.value = typed
            self.meeting_shown.value = f"<small>→ {_e(meeting_text(when, self.lang))}</small>"
        self.meeting_note.value = self._plan.next_meeting_note
