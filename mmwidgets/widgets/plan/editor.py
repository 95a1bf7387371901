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

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.model.plan import (
    GOAL_FIELDS,
    GOAL_STATUSES,
    Goal,
    HistoryEntry,
    Plan,
    PlanEdit,
    apply_edit,
    copy_plan,
    new_key,
    parse_due,
    parse_meeting,
)
from mmwidgets.model.plan.types import _bad
from mmwidgets.model.dates import local_today
from mmwidgets.model.plan.checks import PlanCheck
from mmwidgets.model.plan.rewards import RewardScheme, default_scheme_path, load_reward_scheme
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.plan.date_field import DateField, spelled
from mmwidgets.widgets.plan.layout import build_editor
from mmwidgets.widgets.plan.rows import ActionRowView, CheckRowView  # noqa: F401  (re-exported)
from mmwidgets.widgets.plan.show import PlanEditorShow

_e = html.escape
ChangeHandler = Callable[[PlanEdit], Any]


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


class PlanEditor(PlanEditorShow, W.VBox):
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
        self._undo: list[PlanEdit] = []
        #: the order the selected goal's actions were shown in when its list was opened: a ticked
        #: action stays where it is (no row moves under the finger) until the list is opened again
        self._action_order: tuple[str | None, list[str]] = (None, [])
        #: the checks show when the coach asks ("Controleer het plan"), not while typing
        self.checks_requested = False
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
        build_editor(self)

        guard = self.guard
        self.goal_select.observe(guard(self._on_select), "value")
        self.new_goal.observe(guard(self._on_new_goal), "value")
        for name in ("goal_text", "why", "done_when", "barriers", "barrier_plan"):
            getattr(self, name).observe(guard(lambda c, n=name: self._on_goal_field(n, c)), "value")
        for name in ("subpillar", "target_step", "status", "waits_for"):
            getattr(self, name).observe(guard(lambda c, n=name: self._on_goal_field(n, c)), "value")
        for name in ("target_date", "review_date"):
            getattr(self, name).text.observe(guard(lambda c, n=name: self._on_goal_date(n, c)), "value")
        self.check_button.on_click(guard(self._on_check))
        self.undo_button.on_click(guard(lambda _b: self.undo()))
        self.goal_remove.on_click(guard(lambda _b: self.selected and self.remove_goal(self.selected)))
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
        return self._today or local_today()  # Dutch date, whatever the server clock

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
        self.checks_requested = False
        self._undo = []
        self.undo_bar.layout.display = "none"
        self._action_order = (None, [])
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
        self.checks_requested = False
        self._action_order = (None, [])  # the list is opened again: done actions go to the end
        self.selected = key
        self._refresh()

    def start_goal_for(self, sub_id: str) -> str:
        """Start a goal for a sub-pillar (the focus button from the bridge): made at once, linked to
        the sub-pillar and its step, with a first text the coach then puts in the client's words."""
        step = self.current_step(sub_id)
        self._pending_focus = (sub_id, step)
        name = sub_id
        if self.definition is not None and self.definition.has_subpillar(sub_id):
            name = self.definition.subpillar(sub_id).name.get(self.lang)
        return self.add_goal(t("plan.ui.goal_start", self.lang, name=name))

    def check(self) -> list[PlanCheck]:
        """What "Controleer het plan" does: show the checks (they then follow each change)."""
        self.checks_requested = True
        self._refresh()
        return self.checks

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
        """Take an action away; "Ongedaan maken" puts it back as it was."""
        found = self._plan.find_action(key)
        self._emit(PlanEdit("action.remove", key=key))
        if found is not None:
            goal, action = found
            values = {"what": action.what, "who": action.who, "who_name": action.who_name, "due": action.due,
                      "done_on": action.done_on, "created_on": action.created_on}
            self._offer_undo(t("plan.ui.removed_action", self.lang, item=action.what),
                             PlanEdit("action.add", key=action.key, parent=goal.key, values=values))
        self._refresh()

    def can_remove_goal(self, key: str | None) -> bool:
        """Only a goal without actions (one made by mistake) can be removed; others are stopped."""
        goal = self._plan.goal(key) if key else None
        return goal is not None and not goal.actions

    def remove_goal(self, key: str) -> None:
        """Take away a goal that has no actions yet; "Ongedaan maken" brings it back."""
        goal = self._plan.goal(key)
        if goal is None or not self.can_remove_goal(key):
            raise _bad("goal", "plan_goal_has_actions")
        values = {name: getattr(goal, name) for name in GOAL_FIELDS if name != "status_date"}
        values["status"] = "open" if goal.status not in GOAL_STATUSES else goal.status
        self._emit(PlanEdit("goal.remove", key=key))
        undo = [PlanEdit("goal.add", key=goal.key, values=values)]
        undo += [PlanEdit("reward.add", key=r.key, parent=goal.key,
                          values={"what": r.what, "kind": r.kind, "for_what": r.for_what, "interim": r.interim,
                                  "tier": r.tier, "value_cents": r.value_cents}) for r in goal.rewards]
        self._offer_undo(t("plan.ui.removed_goal", self.lang, item=goal.text), *undo)
        if self.selected == key:
            active = [g.key for g in self._plan.goals if g.active]
            self.selected = (active or [g.key for g in self._plan.goals] or [None])[0]
        self._refresh()

    def undo(self) -> None:
        """Put back what was removed last (what "Ongedaan maken" does)."""
        edits, self._undo = self._undo, []
        self.undo_bar.layout.display = "none"
        for edit in edits:
            self._emit(edit)
        if edits and edits[0].kind == "goal.add":
            self.selected = edits[0].key
        self._refresh()

    def _offer_undo(self, text: str, *edits: PlanEdit) -> None:
        self._undo = list(edits)
        self.undo_text.value = f"<span role='status'>{_e(text)}</span>"
        self.undo_button.description = t("plan.ui.undo", self.lang)
        self.undo_bar.layout.display = ""

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
        error = self.field_errors.get(name)
        try:
            self.set_goal(self.selected, **{field: value})
        except InvalidInput as exc:
            if error is None:
                self._refresh()  # show the saved value again, then report
                raise
            # a refused text stays in its field, marked, with the reason under it; no "Bewaard"
            # (an emptied goal gets its saved words back, with the reason under them)
            if not str(value).strip():
                self._refresh()
            error.value = f"<span role='alert'>{_e(t(f'val.{exc.problem.code}', self.lang, **exc.problem.values))}</span>"
            getattr(self, name).add_class("mm-field-invalid")
            self.saved.clear()
            return
        except Exception:
            self._refresh()  # show the saved value again, then report
            raise
        if error is not None and error.value:
            error.value = ""
            getattr(self, name).remove_class("mm-field-invalid")

    def _on_quick_who(self, change: dict[str, Any]) -> None:
        self.quick_name.layout.display = "" if change["new"] == "other" else "none"

    def _read_date(self, field: DateField, where: str) -> tuple[bool, dt.date | None]:
        """``(ok, date)`` of a date field; a refusal is shown beside the field, not at the top."""
        try:
            day = parse_due(field.text.value, self.today, where=where)
        except InvalidInput as exc:
            field.fail(exc, self.lang)
            return False, None
        field.clear_error()
        field.shown.value = f"<small>→ {_e(spelled(day, self.lang))}</small>" if day else ""
        return True, day

    def _on_quick_due(self, _change: dict[str, Any]) -> None:
        self._read_date(self.quick_due_field, "due")

    def _on_goal_date(self, name: str, _change: dict[str, Any]) -> None:
        if self._loading or self.selected is None:
            return
        ok, day = self._read_date(getattr(self, name), name)
        if ok:
            self.set_goal(self.selected, **{name: day})

    def _on_check(self, *_args: Any) -> None:
        self.check()

    def _on_quick_what(self, change: dict[str, Any]) -> None:
        what = change["new"]
        if self._loading or not what.strip():
            return
        ok, due = self._read_date(self.quick_due_field, "due")  # a wrong date: message beside it, text stays
        if not ok:
            return
        who = self.quick_who.value or None
        self.add_action(what, who=who, who_name=self.quick_name.value if who == "other" else "", due=due)
        self._set_quietly(self.quick_what, "")

    def _on_meeting(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        try:
            when = parse_meeting(change["new"], self.today)
        except InvalidInput as exc:
            self.meeting_field.fail(exc, self.lang)
            return
        self.set_meeting(when)

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
