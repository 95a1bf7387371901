"""DefinitionEditor: edit a bridge definition's pillars, sub-pillars and steps, field by field.

The editor holds the definition as plain data (see :mod:`mmwidgets.model.bridge.edit`) and a
selection (pillar, sub-pillar, step). Three lists show the structure, with buttons to add,
remove and move; three forms show the selected pillar, sub-pillar and step in Dutch and
English. Every change (a keystroke included) goes through a pure edit operation and is
emitted with :meth:`on_change` as the new data; whether it is valid is decided outside
(:meth:`show_problems` marks the fields and list items a problem points at).
"""

from __future__ import annotations

import html
from typing import Any, Callable, Sequence

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.bridge import edit
from mmwidgets.model.bridge.files import Problem
from mmwidgets.model.bridge.palette import PALETTE, colour_advice, is_hex, palette_key
from mmwidgets.widgets.a11y import name_control
from mmwidgets.widgets.adapt.rules import RulesEditor, parse_number
from mmwidgets.widgets.feedback import MessageArea, guarded

INVALID = "mm-adapt-invalid"
TODO = "mm-adapt-todo"  # still to fill in: a calm mark, not an error
FLAG = " ⚠"
TODO_FLAG = " ✎"
CUSTOM = "custom"
_WIDE = W.Layout(width="98%")
_STYLE = {"description_width": "8.5em"}


def _text(node: Any, field: str, lang: str) -> str:
    value = node.get(field) if isinstance(node, dict) else None
    if isinstance(value, dict):
        return str(value.get(lang) or "")
    return ""


def _shown(node: Any, field: str, lang: str) -> str:
    """The text as the ``lang`` view shows it: the Dutch text where it is not translated yet."""
    return _text(node, field, lang).strip() or _text(node, field, "nl").strip() or _text(node, field, "en").strip()


def _plain(node: Any, field: str) -> str:
    value = node.get(field) if isinstance(node, dict) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _listed(label: str, fallback: str) -> str:
    label = " ".join(str(label).split())
    return label if label else fallback


class RowList(W.VBox):
    """A list of rows, each a button at least 44 px high (a finger's target; a ``<select>``'s
    rows are about 18 px). ``options``: (label, value) pairs; ``value``: the chosen value.
    Clicking the chosen row again calls the :meth:`on_repick` handlers (it opens its form)."""

    value = traitlets.Any(None, allow_none=True)

    def __init__(self, cls: str):
        super().__init__(layout=W.Layout(width="98%", max_height="24em", overflow="hidden auto"))
        self.add_class("mm-adapt-rows")
        self.add_class(cls)
        self.description = ""  # a name for assistive technology (mm-a11y's name_control sets it)
        self._options: list[tuple[str, Any]] = []
        self._buttons: list[W.Button] = []
        self._repick: list[Callable[[Any], Any]] = []

    @property
    def options(self) -> tuple[tuple[str, Any], ...]:
        return tuple(self._options)

    @options.setter
    def options(self, options: Sequence[tuple[str, Any]]) -> None:
        options = [(str(label), value) for label, value in options]
        while len(self._buttons) < len(options):
            button = W.Button(layout=W.Layout(width="100%")).add_class("mm-adapt-row")
            button.on_click(lambda b, i=len(self._buttons): self._clicked(i))
            self._buttons.append(button)
        for button, (label, _value) in zip(self._buttons, options):
            if button.description != label:
                button.description = label
                button.tooltip = label
        self._options = options
        shown = self._buttons[: len(options)]
        if list(self.children) != shown:
            self.children = shown
        if self.value not in [v for _l, v in options]:
            self.value = None
        self._mark()

    def on_repick(self, handler: Callable[[Any], Any]) -> None:
        self._repick.append(handler)

    def click(self, index: int) -> None:
        """As a click on row ``index`` (tests)."""
        self._clicked(index)

    def _clicked(self, index: int) -> None:
        if not 0 <= index < len(self._options):
            return
        value = self._options[index][1]
        if value == self.value:
            for handler in self._repick:
                handler(value)
        else:
            self.value = value

    @traitlets.observe("value")
    def _value_changed(self, _change: dict[str, Any]) -> None:
        self._mark()

    def _mark(self) -> None:
        for button, (_label, value) in zip(self._buttons, self._options):
            chosen = value == self.value and self.value is not None
            style = "info" if chosen else ""
            if button.button_style != style:
                button.button_style = style
            if chosen and "mm-adapt-row-selected" not in button._dom_classes:
                button.add_class("mm-adapt-row-selected")
            elif not chosen and "mm-adapt-row-selected" in button._dom_classes:
                button.remove_class("mm-adapt-row-selected")


class _Level:
    """A list of one level (pillars, sub-pillars or steps) with add/remove/up/down buttons."""

    def __init__(self, name: str):
        self.name = name
        self.list = RowList(f"mm-adapt-{name}-list")
        self.heading = W.HTML()
        self.add = W.Button(icon="plus", layout=W.Layout(width="auto", flex="0 0 auto")).add_class(f"mm-adapt-{name}-add")
        self.remove = W.Button(icon="trash", layout=W.Layout(width="auto", flex="0 0 auto")).add_class(f"mm-adapt-{name}-remove")
        self.up = W.Button(icon="arrow-up", layout=W.Layout(width="auto", flex="0 0 auto")).add_class(f"mm-adapt-{name}-up")
        self.down = W.Button(icon="arrow-down", layout=W.Layout(width="auto", flex="0 0 auto")).add_class(f"mm-adapt-{name}-down")
        self.box = W.VBox(
            [self.heading, self.list,
             W.HBox([self.add, self.remove, self.up, self.down], layout=W.Layout(flex_flow="row wrap"))],
            layout=W.Layout(width="33%", padding="0 6px 0 0"),
        )
        self.box.add_class(f"mm-adapt-{name}")
        self._labels: list[str] = []

    def set_items(self, labels: list[str], index: int | None) -> None:
        """Show ``labels``; select ``index``. Sends nothing when nothing changed."""
        if labels != self._labels:
            self._labels = labels
            self.list.options = [(label, i) for i, label in enumerate(labels)]
        value = index if index is not None and 0 <= index < len(labels) else None
        if self.list.value != value:
            self.list.value = value


class DefinitionEditor(W.VBox):
    """Edits definition data; emits every change. ``lang`` is the language of the editor's own texts."""

    lang = traitlets.Unicode("nl")

    def __init__(self, messages: MessageArea, lang: str = "nl"):
        self.messages = messages
        self._data: dict[str, Any] = {}
        self._p, self._s, self._n = 0, 0, 0
        self._loading = False
        self._handlers: list[Callable[[dict[str, Any]], Any]] = []
        self._problems: tuple[Problem, ...] = ()
        self._flags: tuple[set, set, set] = (set(), set(), set())
        guard = guarded(messages, lambda: self.lang)
        self._guard = guard

        def text(cls: str, area: bool = False) -> W.Widget:
            widget = (W.Textarea(rows=2) if area else W.Text())
            widget.continuous_update = True
            widget.layout = W.Layout(width="98%")
            widget.style = _STYLE
            return widget.add_class(cls)

        # the bridge itself
        self.def_heading = W.HTML()
        self.def_id = text("mm-adapt-def-id")
        self.def_version = text("mm-adapt-def-version")
        self.def_name_nl = text("mm-adapt-def-name-nl")
        self.def_name_en = text("mm-adapt-def-name-en")
        self.pillar_spread = W.Button(layout=W.Layout(width="auto")).add_class("mm-adapt-pillar-spread")
        self.pillar_clear = W.Button(layout=W.Layout(width="auto")).add_class("mm-adapt-pillar-clear")

        # the three levels
        self.pillars = _Level("pillar")
        self.subs = _Level("subpillar")
        self.steps = _Level("step")

        # pillar form
        self.pillar_heading = W.HTML()
        self.pillar_id = text("mm-adapt-pillar-id")
        self.pillar_name_nl = text("mm-adapt-pillar-name-nl")
        self.pillar_name_en = text("mm-adapt-pillar-name-en")
        self.pillar_colour = W.ColorPicker(concise=False, layout=W.Layout(width="98%"), style=_STYLE)
        self.pillar_colour.add_class("mm-adapt-pillar-colour")
        self.pillar_palette = W.Dropdown(options=[], layout=W.Layout(width="auto"), style=_STYLE)
        self.pillar_palette.add_class("mm-adapt-pillar-palette")
        self.pillar_swatch = W.HTML().add_class("mm-adapt-pillar-swatch")
        self.colour_note = W.HTML().add_class("mm-adapt-colour-note")
        #: the darker colour the contrast check suggests, one click away
        self.colour_fix = W.Button(icon="adjust", layout=W.Layout(width="auto", display="none"))
        self.colour_fix.add_class("mm-adapt-colour-fix")
        self._suggested: str | None = None
        self.pillar_weight = text("mm-adapt-pillar-weight")

        # sub-pillar form
        self.sub_heading = W.HTML()
        self.sub_id = text("mm-adapt-sub-id")
        self.sub_name_nl = text("mm-adapt-sub-name-nl")
        self.sub_name_en = text("mm-adapt-sub-name-en")
        self.sub_question_nl = text("mm-adapt-sub-question-nl", area=True)
        self.sub_question_en = text("mm-adapt-sub-question-en", area=True)
        self.sub_weight = text("mm-adapt-sub-weight")
        self.sub_spread = W.Button(layout=W.Layout(width="auto")).add_class("mm-adapt-sub-spread")
        self.sub_clear = W.Button(layout=W.Layout(width="auto")).add_class("mm-adapt-sub-clear")
        self.sub_move_to = W.Dropdown(options=[], layout=W.Layout(width="auto"), style=_STYLE)
        self.sub_move_to.add_class("mm-adapt-sub-move-to")
        self.sub_move = W.Button(layout=W.Layout(width="auto")).add_class("mm-adapt-sub-move")
        self.sub_rules = W.HTML().add_class("mm-adapt-sub-rules")
        self.sub_rules_remove = W.Button(layout=W.Layout(width="auto", display="none"))
        self.sub_rules_remove.add_class("mm-adapt-sub-rules-remove")

        self.rules = RulesEditor(messages, lang)
        self.todo_here = W.HTML().add_class("mm-adapt-todo-here")

        # step form
        self.step_heading = W.HTML()
        self.step_label_nl = text("mm-adapt-step-label-nl")
        self.step_label_en = text("mm-adapt-step-label-en")
        self.step_text_nl = text("mm-adapt-step-text-nl", area=True)
        self.step_text_en = text("mm-adapt-step-text-en", area=True)
        self.step_icon = text("mm-adapt-step-icon")

        def advanced(*widgets: W.Widget) -> W.Accordion:
            """Ids and custom colours: only for those who open it."""
            box = W.Accordion([W.VBox([W.HTML().add_class("mm-adapt-advanced-hint"), *widgets])])
            box.selected_index = None
            return box.add_class("mm-adapt-advanced")

        self.def_advanced = advanced(self.def_id, self.def_version)
        self.pillar_advanced = advanced(self.pillar_id, self.pillar_colour)
        self.sub_advanced = advanced(self.sub_id)
        half = W.Layout(width="50%")
        bridge_box = W.VBox(
            [self.def_heading,
             W.HBox([W.VBox([self.def_name_nl], layout=half),
                     W.VBox([self.def_name_en], layout=half)]),
             W.HBox([self.pillar_spread, self.pillar_clear], layout=W.Layout(flex_flow="row wrap")),
             self.def_advanced],
        ).add_class("mm-adapt-bridge-fields")
        pillar_form = W.VBox(
            [self.pillar_heading, self.pillar_name_nl, self.pillar_name_en,
             W.HBox([self.pillar_palette, self.pillar_swatch], layout=W.Layout(align_items="center")),
             self.colour_note, self.colour_fix, self.pillar_weight, self.pillar_advanced],
        ).add_class("mm-adapt-pillar-form")
        sub_form = W.VBox(
            [self.sub_heading, self.sub_name_nl, self.sub_name_en, self.sub_question_nl,
             self.sub_question_en, self.sub_weight,
             W.HBox([self.sub_spread, self.sub_clear], layout=W.Layout(flex_flow="row wrap")),
             W.HBox([self.sub_move_to, self.sub_move], layout=W.Layout(flex_flow="row wrap")),
             self.sub_rules, self.rules, self.sub_rules_remove, self.sub_advanced],
        ).add_class("mm-adapt-sub-form")
        step_form = W.VBox(
            [self.step_heading, self.step_label_nl, self.step_label_en, self.step_text_nl, self.step_text_en,
             self.step_icon],
        ).add_class("mm-adapt-step-form")
        #: the form of the level last chosen is shown (a tab per level)
        self.forms = W.Tab([pillar_form, sub_form, step_form]).add_class("mm-adapt-forms")
        levels = W.HBox([self.pillars.box, self.subs.box, self.steps.box]).add_class("mm-adapt-levels")
        super().__init__([bridge_box, levels, self.todo_here, self.forms])
        self.add_class("mm-adapt-editor")

        # what each field edits: widget -> (path below the selection, kind)
        self._fields: dict[W.Widget, tuple[str, tuple[str, ...], str | None]] = {
            self.def_id: ("bridge", ("id",), None),
            self.def_version: ("bridge", ("version",), "int"),
            self.def_name_nl: ("bridge", ("name",), "nl"),
            self.def_name_en: ("bridge", ("name",), "en"),
            self.pillar_id: ("pillar", ("id",), None),
            self.pillar_name_nl: ("pillar", ("name",), "nl"),
            self.pillar_name_en: ("pillar", ("name",), "en"),
            self.pillar_colour: ("pillar", ("colour",), None),
            self.pillar_weight: ("pillar", ("weight",), "number"),
            self.sub_id: ("sub", ("id",), None),
            self.sub_name_nl: ("sub", ("name",), "nl"),
            self.sub_name_en: ("sub", ("name",), "en"),
            self.sub_question_nl: ("sub", ("question",), "nl?"),
            self.sub_question_en: ("sub", ("question",), "en?"),
            self.sub_weight: ("sub", ("weight",), "number"),
            self.step_label_nl: ("step", ("label",), "nl"),
            self.step_label_en: ("step", ("label",), "en"),
            self.step_text_nl: ("step", ("text",), "nl"),
            self.step_text_en: ("step", ("text",), "en"),
            self.step_icon: ("step", ("icon",), "optional"),
        }
        for widget in self._fields:
            widget.observe(guard(self._on_field), "value")
        self.pillars.list.observe(guard(self._on_pick_pillar), "value")
        self.subs.list.observe(guard(self._on_pick_sub), "value")
        self.steps.list.observe(guard(self._on_pick_step), "value")
        # the chosen row clicked again: its form opens (the list shows it highlighted already)
        self.pillars.list.on_repick(guard(lambda _v: self._open_form(0)))
        self.subs.list.on_repick(guard(lambda _v: self._open_form(1)))
        self.steps.list.on_repick(guard(lambda _v: self._open_form(2)))
        for level, kind in ((self.pillars, "pillar"), (self.subs, "sub"), (self.steps, "step")):
            level.add.on_click(guard(lambda _b, k=kind: self._structure(k, "add")))
            level.remove.on_click(guard(lambda _b, k=kind: self._structure(k, "remove")))
            level.up.on_click(guard(lambda _b, k=kind: self._structure(k, "up")))
            level.down.on_click(guard(lambda _b, k=kind: self._structure(k, "down")))
        self.pillar_spread.on_click(guard(lambda _b: self._apply(edit.spread_weights(self._data))))
        self.pillar_clear.on_click(guard(lambda _b: self._apply(edit.clear_weights(self._data))))
        self.sub_spread.on_click(guard(lambda _b: self._apply(edit.spread_weights(self._data, self._p))))
        self.sub_clear.on_click(guard(lambda _b: self._apply(edit.clear_weights(self._data, self._p))))
        self.sub_move.on_click(guard(self._on_move_sub))
        self.sub_rules_remove.on_click(guard(self._on_remove_rules))
        self.pillar_palette.observe(guard(self._on_palette), "value")
        self.colour_fix.on_click(guard(self._on_colour_fix))
        self.rules.on_change(guard(self._on_rules))
        self._fixed_ids: set[str] = set()
        self.lang = lang
        self._texts()

    # -- public API ------------------------------------------------------------------------
    @property
    def data(self) -> dict[str, Any]:
        return self._data

    @property
    def selection(self) -> tuple[int, int, int]:
        return self._p, self._s, self._n

    def on_change(self, handler: Callable[[dict[str, Any]], Any]) -> None:
        """``handler(data)`` after every user edit (not after :meth:`load`)."""
        self._handlers.append(handler)

    def load(self, data: dict[str, Any]) -> None:
        """Show ``data`` (plain definition data) from the first pillar on, without emitting."""
        self._data = data
        self._problems = ()
        self._flags = (set(), set(), set())
        self._fixed_ids = edit.all_ids(data)  # ids assessments may refer to: never changed by a rename
        self._p = self._s = self._n = 0
        self._show_all()

    def select(self, p: int | None, s: int | None = None, n: int | None = None) -> None:
        """Show pillar ``p`` (and sub-pillar ``s``, step ``n``) in the forms."""
        pillars = self._pillars()
        if p is not None and 0 <= p < len(pillars):
            self._p = p
            self._s = s if s is not None and 0 <= s < len(self._subs()) else 0
            self._n = n if n is not None and 0 <= n < len(self._steps()) else 0
            self.forms.selected_index = 2 if n is not None else (1 if s is not None else 0)
        self._show_all()

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Mark the list items and the fields (of the selection) that a problem points at."""
        self._problems = tuple(problems)
        flags: tuple[set, set, set] = (set(), set(), set())
        for problem in problems:
            if edit.is_todo(problem):
                continue  # shown calmly: the checklist and the dashed fields
            p, s, n, _rest = edit.problem_target(problem.location)
            if p is None:
                continue
            flags[0].add(p)
            if s is not None:
                flags[1].add((p, s))
                if n is not None:
                    flags[2].add((p, s, n))
        todo = {edit.problem_target(p.location)[:2] for p in problems if edit.is_todo(p)}
        if flags != self._flags or todo != getattr(self, "_todo_parts", set()):
            self._flags = flags
            self._todo_parts = todo
            self._show_lists()
        self._mark_fields()
        self._show_todo_here()

    def show_untranslated(self, problems: Sequence[Problem]) -> None:
        """Texts with no English yet: calm, never in the way (the English fields say so)."""
        self._untranslated = tuple(problems)

    def set_lang(self, lang: str) -> None:
        self.lang = lang

    @traitlets.observe("lang")
    def _lang_changed(self, _change: dict[str, Any]) -> None:
        if hasattr(self, "_fields"):
            self.rules.lang = self.lang
            self._texts()
            self._show_lists()
            self._show_rules()
            self._show_colour()
            self._show_todo_here()

    def _show_todo_here(self) -> None:
        """What is still to fill in for the pillar being edited, next to its forms."""
        todo = [p for p in self._problems if edit.is_todo(p) and edit.problem_target(p.location)[0] == self._p]
        lines = edit.todo_lines(self._data, todo, self.lang) if todo else []
        if not lines:
            value = ""
        else:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
            head = html.escape(t("adapt.todo.heading", self.lang))
            value = f'<div class="mm-adapt-todo-list" role="status"><b>{head}</b><ul>{items}</ul></div>'
        if self.todo_here.value != value:
            self.todo_here.value = value

    # -- texts -------------------------------------------------------------------------------
    def _texts(self) -> None:
        lang = self.lang
        h = lambda key: f"<b>{html.escape(t(key, lang))}</b>"  # noqa: E731
        self.def_heading.value = h("adapt.ui.bridge")
        self.pillars.heading.value = h("adapt.ui.pillars")
        name_control(self.pillars.list, t("adapt.ui.pillars", lang))
        name_control(self.subs.list, t("adapt.ui.subpillars", lang))
        name_control(self.steps.list, t("adapt.ui.steps", lang))
        self.subs.heading.value = h("adapt.ui.subpillars")
        self.steps.heading.value = f"{h('adapt.ui.steps')} <small>{html.escape(t('adapt.ui.steps_hint', lang))}</small>"
        self.forms.set_title(0, t("adapt.ui.pillar", lang))
        self.forms.set_title(1, t("adapt.ui.subpillar", lang))
        self.forms.set_title(2, t("adapt.ui.step", lang))
        self._headings()
        for level, what in ((self.pillars, "pillar"), (self.subs, "subpillar"), (self.steps, "step")):
            level.add.description = t("adapt.ui.add", lang)
            level.remove.description = t("adapt.ui.remove_short", lang)
            level.up.description = t("adapt.ui.up_short", lang)
            level.down.description = t("adapt.ui.down_short", lang)
            level.add.tooltip = t(f"adapt.ui.add_{what}", lang)
            level.remove.tooltip = t(f"adapt.ui.remove_{what}", lang)
            level.up.tooltip = t("adapt.ui.up", lang)
            level.down.tooltip = t("adapt.ui.down", lang)
        labels = {
            self.def_id: "adapt.ui.id", self.def_version: "adapt.ui.version",
            self.def_name_nl: "adapt.ui.name_nl", self.def_name_en: "adapt.ui.name_en",
            self.pillar_id: "adapt.ui.id", self.pillar_name_nl: "adapt.ui.name_nl",
            self.pillar_name_en: "adapt.ui.name_en", self.pillar_colour: "adapt.ui.colour",
            self.pillar_weight: "adapt.ui.weight", self.sub_id: "adapt.ui.id",
            self.sub_name_nl: "adapt.ui.name_nl", self.sub_name_en: "adapt.ui.name_en",
            self.sub_question_nl: "adapt.ui.question_nl", self.sub_question_en: "adapt.ui.question_en",
            self.sub_weight: "adapt.ui.weight", self.step_label_nl: "adapt.ui.label_nl",
            self.step_label_en: "adapt.ui.label_en", self.step_text_nl: "adapt.ui.text_nl",
            self.step_text_en: "adapt.ui.text_en", self.step_icon: "adapt.ui.icon",
            self.sub_move_to: "adapt.ui.move_to",
        }
        for widget, key in labels.items():
            widget.description = t(key, lang)
        self.pillar_weight.placeholder = self.sub_weight.placeholder = t("adapt.ui.weight_placeholder", lang)
        self.step_icon.placeholder = t("adapt.ui.icon_placeholder", lang)
        self.pillar_spread.description = t("adapt.ui.spread_pillars", lang)
        self.pillar_clear.description = t("adapt.ui.clear_pillars", lang)
        self.sub_spread.description = t("adapt.ui.spread_subs", lang)
        self.sub_clear.description = t("adapt.ui.clear_subs", lang)
        self.sub_move.description = t("adapt.ui.move", lang)
        self.sub_rules_remove.description = t("adapt.ui.remove_rules", lang)
        for box in (self.def_advanced, self.pillar_advanced, self.sub_advanced):
            box.set_title(0, t("adapt.ui.advanced", lang))
            box.children[0].children[0].value = f"<small>{html.escape(t('adapt.ui.advanced_hint', lang))}</small>"
        for widget in (self.def_name_nl, self.def_name_en, self.pillar_name_nl, self.pillar_name_en,
                       self.sub_name_nl, self.sub_name_en):
            widget.placeholder = t("adapt.ui.name_placeholder", lang)
        self.step_text_nl.placeholder = t("adapt.ui.step_text_placeholder", lang)
        for widget in (self.def_name_en, self.pillar_name_en, self.sub_name_en, self.sub_question_en,
                       self.step_label_en, self.step_text_en):
            widget.placeholder = t("adapt.lang.placeholder_en", lang)
        self.pillar_colour.description = t("adapt.ui.custom_colour", lang)
        self.pillar_palette.description = t("adapt.ui.colour", lang)
        options = [(t(f"adapt.colour.{c.key}", lang), c.hex) for c in PALETTE]
        options.append((t("adapt.ui.colour_choice_custom", lang), CUSTOM))
        was = self._loading
        self._loading = True
        try:
            current = self.pillar_palette.value
            self.pillar_palette.options = options
            self.pillar_palette.value = current if current in [v for _, v in options] else None
        finally:
            self._loading = was

    def _form_heading(self, level: str) -> str:
        """``Onderdeel 2 van 3: Schulden`` (escaped), for the form of ``level``."""
        lang = self.lang
        if level == "pillar":
            items, index, key, field = self._pillars(), self._p, "adapt.ui.pillar", "name"
        elif level == "sub":
            items, index, key, field = self._subs(), self._s, "adapt.ui.subpillar", "name"
        else:
            items, index, key, field = self._steps(), self._n, "adapt.ui.step", "label"
        if not 0 <= index < len(items):
            return ""
        name = _shown(items[index], field, lang)
        text = t("adapt.ui.form_heading", lang, what=t(key, lang), n=index + 1, count=len(items), name=name)
        return f"<b>{html.escape(text)}</b>"

    def _headings(self) -> None:
        for widget, level in ((self.pillar_heading, "pillar"), (self.sub_heading, "sub"), (self.step_heading, "step")):
            value = self._form_heading(level)
            if widget.value != value:
                widget.value = value

    # -- reading the data ----------------------------------------------------------------------
    def _pillars(self) -> list[Any]:
        value = self._data.get("pillars") if isinstance(self._data, dict) else None
        return value if isinstance(value, list) else []

    def _subs(self, p: int | None = None) -> list[Any]:
        pillars = self._pillars()
        p = self._p if p is None else p
        pillar = pillars[p] if 0 <= p < len(pillars) else None
        subs = pillar.get("subpillars") if isinstance(pillar, dict) else None
        return subs if isinstance(subs, list) else []

    def _steps(self) -> list[Any]:
        subs = self._subs()
        sub = subs[self._s] if 0 <= self._s < len(subs) else None
        steps = sub.get("steps") if isinstance(sub, dict) else None
        return steps if isinstance(steps, list) else []

    def _node(self, level: str) -> Any:
        if level == "bridge":
            return self._data
        return edit.get_at(self._data, self._base(level))

    def _base(self, level: str) -> tuple[Any, ...]:
        if level == "bridge":
            return ()
        if level == "pillar":
            return edit.pillar_path(self._p)
        if level == "sub":
            return edit.subpillar_path(self._p, self._s)
        return edit.step_path(self._p, self._s, self._n)

    # -- showing --------------------------------------------------------------------------------
    def _show_all(self) -> None:
        self._loading = True
        try:
            self._show_lists()
            self._show_fields()
            self._show_rules()
        finally:
            self._loading = False
        self._show_colour()
        self._mark_fields()
        self._show_todo_here()

    def _show_lists(self) -> None:
        lang = self.lang
        was = self._loading
        self._loading = True
        try:
            todo = getattr(self, "_todo_parts", set())
            pillar_labels = [
                _listed(_shown(p, "name", lang), t("adapt.ui.unnamed", lang)) + (FLAG if i in self._flags[0] else "")
                + (TODO_FLAG if any(tp == i for tp, _ts in todo) else "")
                for i, p in enumerate(self._pillars())
            ]
            self.pillars.set_items(pillar_labels, self._p)
            sub_labels = [
                _listed(_shown(s, "name", lang), t("adapt.ui.unnamed", lang))
                + (FLAG if (self._p, i) in self._flags[1] else "")
                + (TODO_FLAG if (self._p, i) in todo else "")
                for i, s in enumerate(self._subs())
            ]
            self.subs.set_items(sub_labels, self._s)
            step_labels = [
                f"{i + 1}. " + ((s.get("icon") + " ") if isinstance(s, dict) and s.get("icon") else "")
                + _listed(_shown(s, "label", lang), "…") + (FLAG if (self._p, self._s, i) in self._flags[2] else "")
                + (" · " + t("adapt.ui.step_empty", lang) if not _text(s, "text", "nl").strip() else "")
                for i, s in enumerate(self._steps())
            ]
            self.steps.set_items(step_labels, self._n)
            self._headings()
            moves = [(_listed(_shown(p, "name", lang), str(i + 1)), i) for i, p in enumerate(self._pillars()) if i != self._p]
            if [o for o in self.sub_move_to.options] != moves:
                self.sub_move_to.options = moves
                self.sub_move_to.value = moves[0][1] if moves else None
        finally:
            self._loading = was

    def _show_fields(self) -> None:
        for widget, (level, path, kind) in self._fields.items():
            node = self._node(level)
            if kind in ("nl", "en", "nl?", "en?"):
                value = _text(node, path[0], kind[:2])
            elif widget is self.pillar_colour:
                value = _plain(node, path[0]) or "#000000"
            else:
                value = _plain(node, path[0])
            if widget.value != value:
                try:
                    widget.value = value
                except traitlets.TraitError:  # e.g. a colour the picker cannot show
                    widget.value = "#000000" if widget is self.pillar_colour else ""

    def _show_colour(self) -> None:
        pillar = self._node("pillar")
        colour = str(pillar.get("colour") or "") if isinstance(pillar, dict) else ""
        was = self._loading
        self._loading = True
        try:
            value = colour.lower() if palette_key(colour) else CUSTOM
            if self.pillar_palette.value != value:
                self.pillar_palette.value = value
        finally:
            self._loading = was
        swatch = colour if is_hex(colour) else "#ffffff"
        self.pillar_swatch.value = f'<span class="mm-adapt-colour-swatch" style="background:{swatch}"></span>'
        advice = colour_advice(colour)
        lines = "".join(f"<li>{html.escape(t(key, self.lang, **values))}</li>" for key, values in advice.problems)
        self.colour_note.value = (
            f'<div class="mm-msg mm-msg-warning" role="status"><ul class="mm-adapt-colour-problems">{lines}</ul></div>'
            if lines else ""
        )
        self._suggested = advice.suggestion
        if advice.suggestion:
            self.colour_fix.description = t("adapt.colour.use_darker", self.lang)
            self.colour_fix.style.button_color = advice.suggestion
            self.colour_fix.style.text_color = "#ffffff"  # the suggestion carries white text (4.5:1)
            self.colour_fix.layout.display = None
        else:
            self.colour_fix.layout.display = "none"

    def _on_colour_fix(self, _button: Any) -> None:
        colour = self._suggested
        if not colour or edit.get_at(self._data, self._base("pillar")) is None:
            return
        self._apply(edit.set_at(self._data, (*self._base("pillar"), "colour"), colour), lists=False)
        self._loading = True
        try:
            self.pillar_colour.value = colour
        finally:
            self._loading = False
        self._show_colour()

    def _on_palette(self, change: dict[str, Any]) -> None:
        if self._loading or change["new"] in (None, CUSTOM):
            if change["new"] == CUSTOM and not self._loading:
                self.pillar_advanced.selected_index = 0  # the picker for an own colour
            return
        if edit.get_at(self._data, self._base("pillar")) is None:
            return
        self._apply(edit.set_at(self._data, (*self._base("pillar"), "colour"), change["new"]), lists=False)
        self._loading = True
        try:
            self.pillar_colour.value = change["new"]
        finally:
            self._loading = False
        self._show_colour()

    def _on_rules(self, suggest: Any) -> None:
        if edit.get_at(self._data, self._base("sub")) is None:
            return
        self._apply(edit.set_at(self._data, (*self._base("sub"), "suggest"), suggest), lists=False, fields=False)
        self._show_rules(redraw_editor=False)

    def _show_rules(self, redraw_editor: bool = True) -> None:
        sub = self._node("sub")
        if redraw_editor:
            steps = len(sub.get("steps") or []) if isinstance(sub, dict) else 0
            self.rules.load(sub.get("suggest") if isinstance(sub, dict) else None, steps)
        suggest = sub.get("suggest") if isinstance(sub, dict) else None
        if isinstance(suggest, dict):
            metric = str(suggest.get("metric", ""))
            name = t(f"adapt.metric.{metric}", self.lang)
            count = len(suggest.get("rules") or []) if isinstance(suggest.get("rules"), list) else 0
            self.sub_rules.value = html.escape(t("adapt.ui.rules", self.lang, metric=name, count=count))
            self.sub_rules_remove.layout.display = None
        else:
            self.sub_rules.value = ""
            self.sub_rules_remove.layout.display = "none"

    def _field_widgets_for(self, problem: Problem) -> list[W.Widget]:
        p, s, n, rest = edit.problem_target(problem.location)
        head, _, tail = rest.partition(".")
        lang = tail.split(".")[0] if tail else ""
        pairs = {
            "name": ("name_nl", "name_en"), "label": ("label_nl", "label_en"), "text": ("text_nl", "text_en"),
            "question": ("question_nl", "question_en"),
        }
        weights = problem.code in ("weights_sum", "weights_partial")

        def pick(prefix: str) -> list[W.Widget]:
            if head in pairs:
                names = [x for x in pairs[head] if not lang or x.endswith("_" + lang)]
                return [getattr(self, f"{prefix}_{x}") for x in names]
            single = {"id": "id", "colour": "colour", "weight": "weight", "icon": "icon", "version": "version"}
            if head in single and hasattr(self, f"{prefix}_{single[head]}"):
                return [getattr(self, f"{prefix}_{single[head]}")]
            if head == "suggest" and prefix == "sub":
                return [self.sub_rules, self.rules]
            if head == "steps" and prefix == "sub":
                return [self.steps.list]
            return []

        if p is None:
            if head == "pillars" and weights:
                return [self.pillar_weight]
            return pick("def")
        if p != self._p:
            return []
        if s is None:
            if head == "subpillars" and weights:
                return [self.sub_weight]
            return pick("pillar")
        if s != self._s:
            return []
        if n is None:
            return pick("sub")
        return pick("step") if n == self._n else []

    def _mark_fields(self) -> None:
        marked: dict[str, set[int]] = {INVALID: set(), TODO: set()}
        for problem in self._problems:
            kind = TODO if edit.is_todo(problem) else INVALID
            for widget in self._field_widgets_for(problem):
                marked[kind].add(id(widget))
        candidates = [*self._fields, self.sub_rules, self.steps.list, self.rules]
        for cls, ids in marked.items():
            for widget in candidates:
                has = cls in widget._dom_classes
                if id(widget) in ids and not has:
                    widget.add_class(cls)
                elif id(widget) not in ids and has:
                    widget.remove_class(cls)

    # -- editing -------------------------------------------------------------------------------
    def _apply(self, data: dict[str, Any], lists: bool = True, fields: bool = True) -> None:
        self._data = data
        self._loading = True
        try:
            if lists:
                self._show_lists()
            if fields:
                self._show_fields()
                self._show_rules()
        finally:
            self._loading = False
        for handler in self._handlers:
            handler(self._data)

    def _on_field(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        widget = change["owner"]
        level, path, kind = self._fields[widget]
        base = self._base(level)
        if level != "bridge" and edit.get_at(self._data, base) is None:
            return  # nothing selected at this level
        full = (*base, *path)
        value = change["new"]
        if kind in ("nl", "en"):
            data = edit.set_text(self._data, full, kind, value)
        elif kind in ("nl?", "en?"):
            data = edit.set_text(self._data, full, kind[:2], value)
            texts = edit.get_at(data, full) or {}
            if not any(str(v).strip() for v in texts.values()):
                data = edit.clear_text(data, full)
        elif kind == "number":
            data = edit.set_field(self._data, full, parse_number(value))
        elif kind == "int":
            number = parse_number(value)
            data = edit.set_at(self._data, full, number if number is not None else "")
        elif kind == "optional":
            data = edit.set_field(self._data, full, value.strip() or None)
        else:
            data = edit.set_at(self._data, full, value.strip())
            if path[0] == "id" and value.strip():
                self._fixed_ids.add(value.strip())  # typed by hand: no longer follows the name
        id_widget = {"pillar": self.pillar_id, "sub": self.sub_id}.get(level)
        if path[0] == "name" and id_widget is not None:
            data = edit.follow_name(data, base, self._fixed_ids)
        renames_list = path[0] in ("name", "label", "icon", "text") and kind not in ("en?", "nl?")
        self._apply(data, lists=renames_list, fields=False)
        if path[0] == "colour":
            self._show_colour()  # the palette choice and the contrast warning follow an own colour
        if id_widget is not None and path[0] == "name":
            new_id = _plain(edit.get_at(self._data, base), "id")
            if id_widget.value != new_id:
                self._loading = True
                try:
                    id_widget.value = new_id
                finally:
                    self._loading = False

    def _open_form(self, index: int) -> None:
        self.forms.selected_index = index

    def _on_pick_pillar(self, change: dict[str, Any]) -> None:
        if self._loading or change["new"] is None:
            return
        self._p, self._s, self._n = change["new"], 0, 0
        self.forms.selected_index = 0
        self._show_all()

    def _on_pick_sub(self, change: dict[str, Any]) -> None:
        if self._loading or change["new"] is None:
            return
        self._s, self._n = change["new"], 0
        self.forms.selected_index = 1
        self._show_all()

    def _on_pick_step(self, change: dict[str, Any]) -> None:
        if self._loading or change["new"] is None:
            return
        self._n = change["new"]
        self.forms.selected_index = 2
        self._show_all()

    def _structure(self, kind: str, action: str) -> None:
        data = self._data
        p, s, n = self._p, self._s, self._n
        if kind == "pillar":
            if action == "add":
                data, p = edit.add_pillar(data, p + 1 if self._pillars() else None)
                s = n = 0
            elif action == "remove":
                data = edit.remove_pillar(data, p)
                p, s, n = max(0, min(p, len(data["pillars"]) - 1)), 0, 0
            else:
                data, p = edit.move_pillar(data, p, -1 if action == "up" else 1)
        elif kind == "sub":
            if action == "add":
                data, s = edit.add_subpillar(data, p, s + 1 if self._subs() else None)
                n = 0
            elif action == "remove":
                data = edit.remove_subpillar(data, p, s)
                s, n = max(0, min(s, len(edit.get_at(data, (*edit.pillar_path(p), "subpillars"))) - 1)), 0
            else:
                data, s = edit.move_subpillar(data, p, s, -1 if action == "up" else 1)
        else:
            if action == "add":
                data, n = edit.add_step(data, p, s, n + 1 if self._steps() else None)
            elif action == "remove":
                data = edit.remove_step(data, p, s, n)
                n = max(0, min(n, len(edit.get_at(data, (*edit.subpillar_path(p, s), "steps"))) - 1))
            else:
                data, n = edit.move_step(data, p, s, n, -1 if action == "up" else 1)
        self._p, self._s, self._n = p, s, n
        self.forms.selected_index = {"pillar": 0, "sub": 1, "step": 2}[kind]
        self._apply(data)

    def _on_move_sub(self, _button: Any) -> None:
        target = self.sub_move_to.value
        if target is None:
            return
        data, s = edit.move_subpillar_to_pillar(self._data, self._p, self._s, target)
        self._p, self._s, self._n = target, s, 0
        self._apply(data)

    def _on_remove_rules(self, _button: Any) -> None:
        self._apply(edit.set_at(self._data, (*self._base("sub"), "suggest"), None))
