"""The bridge editor: one tab per pillar; per sub-pillar its steps, top step first.

A click on a step chooses it. The editor only shows and emits: ``on_change`` callbacks get
``(sub_id, changes)`` for user actions; ``load`` shows an assessment without emitting.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Callable, Iterator

import ipywidgets as W
from ipywidgets.widgets.widget_string import HTMLStyle
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.assessment import CHOSEN_BY, Assessment, Choice
from mmwidgets.model.bridge.definition import BridgeDefinition, Pillar, SubPillar
from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.model.bridge.norms import Norms, load_norms
from mmwidgets.widgets.conversation.suggestion import StepSuggestion
from mmwidgets.widgets.speech import speak_html
from mmwidgets.figures.icons import icon_css_class, icon_text

ChangeHandler = Callable[[str, dict[str, Any]], Any]


class SubPillarEditor(W.VBox):
    """Steps of one sub-pillar as large buttons, who chose, a focus flag and a note."""

    def __init__(self, pillar: Pillar, sub: SubPillar, emit: Callable[[str, dict[str, Any]], None],
                 shared: "_Shared | None" = None):
        self.pillar, self.sub, self._emit = pillar, sub, emit
        shared = shared or _Shared()
        self.lang = "nl"
        self._loading = False
        self.step: int | None = None
        self.title = W.HTML().add_class("mm-sub-title")
        self.buttons: dict[int, W.Button] = {}
        self.texts: dict[int, W.HTML] = {}
        self.previous_marks: dict[int, W.HTML] = {}
        rows = []
        for n in range(sub.step_count, 0, -1):  # top step first: a ladder
            button = W.Button(layout=shared.button, style=shared.button_style)
            button.add_class("mm-step")
            button.add_class(f"mm-step-{sub.id}-{n}")
            button.on_click(lambda _b, n=n: self._clicked(n))
            self.buttons[n] = button
            self.texts[n] = W.HTML(layout=shared.text, style=shared.html_style).add_class("mm-step-text")
            self.previous_marks[n] = W.HTML(layout=shared.mark, style=shared.html_style).add_class("mm-step-previous")
            rows.append(W.HBox([button, self.texts[n], self.previous_marks[n]], layout=shared.row).add_class("mm-step-row"))
        self.clear_button = W.Button(layout=W.Layout(width="auto", min_width="100px")).add_class("mm-step-clear")
        self.clear_button.on_click(lambda _b: self._clicked(None))
        self.who = W.ToggleButtons(
            options=[(c, c) for c in CHOSEN_BY], value="together",
            style={"button_width": "auto"}, layout=W.Layout(width="auto"),
        ).add_class(f"mm-who-{sub.id}")
        self.who_label = W.HTML()
        self.focus = W.Checkbox(value=False, indent=False).add_class(f"mm-focus-{sub.id}")
        self.suggestion = (
            StepSuggestion(sub, shared.norms(), lambda n: self._clicked(n)) if sub.suggest else None
        )
        # 100% wide: no side margins (2 px each stuck out of the sub-pillar's box, which then scrolled)
        self.note = W.Textarea(continuous_update=True, rows=2, layout=W.Layout(width="100%", margin="2px 0"))
        self.note.add_class(f"mm-note-{sub.id}")
        self.note_error = W.HTML().add_class("mm-field-error")  # a refused note: said here, under it
        self.who.observe(self._who_changed, "value")
        self.focus.observe(self._focus_changed, "value")
        self.note.observe(self._note_changed, "value")
        conversation_only = [] if shared.steps_only else [
            *([self.suggestion] if self.suggestion else []),
            W.HBox([self.who_label, self.who], layout=W.Layout(flex_flow="row wrap", align_items="center")),
            W.HBox([self.focus, self.clear_button], layout=W.Layout(align_items="center")),
            self.note,
            self.note_error,
        ]
        super().__init__(
            [
                self.title,
                *rows,
                *(conversation_only or [self.clear_button]),
            ],
            layout=W.Layout(border="1px solid #ddd", padding="8px", margin="0 0 12px 0"),
        )
        self.add_class("mm-subpillar")
        self.add_class(f"mm-sub-{sub.id}")

    # -- user actions --------------------------------------------------------
    def _clicked(self, n: int | None) -> None:
        self._emit(self.sub.id, {"step": n})

    def _who_changed(self, change) -> None:
        if not self._loading:
            self._emit(self.sub.id, {"chosen_by": change["new"]})

    def _focus_changed(self, change) -> None:
        if not self._loading:
            self._emit(self.sub.id, {"focus": bool(change["new"])})

    def _note_changed(self, change) -> None:
        if not self._loading:
            self._emit(self.sub.id, {"note": change["new"]})

    # -- display -------------------------------------------------------------
    def note_refused(self, message: str | None) -> None:
        """Say under the note why it was not saved (None: it was saved; the mark goes)."""
        if message:
            self.note_error.value = f"<span role='alert'>{html.escape(message)}</span>"
            self.note.add_class("mm-field-invalid")
        else:
            self.note_error.value = ""
            self.note.remove_class("mm-field-invalid")
    def show_step(self, step: int | None) -> None:
        if step == self.step:
            return
        for n in (self.step, step):
            if n is None or n not in self.buttons:
                continue
            button = self.buttons[n]
            if n == step:
                button.button_style = "primary"
                button.add_class("mm-step-selected")
            else:
                button.button_style = ""
                button.remove_class("mm-step-selected")
        self.step = step

    def show_choice(self, choice: Choice, previous: int | None) -> None:
        self._loading = True
        try:
            self.show_step(choice.step)
            self.who.value = choice.chosen_by
            self.focus.value = choice.focus
            if self.note.value != choice.note:
                self.note.value = choice.note
            for n, mark in self.previous_marks.items():
                mark.value = (
                    f'<span class="mm-previous">{html.escape(t("bridge.previous", self.lang, n=n))}</span>'
                    if n == previous
                    else ""
                )
        finally:
            self._loading = False

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        sub = self.sub
        question = f"<div class='mm-question'>{html.escape(sub.question.get(lang))}</div>" if sub.question else ""
        read = [sub.name.get(lang), sub.question.get(lang) if sub.question else ""] + [
            t("a11y.speak_steps", lang, n=n, text=f"{s.label.get(lang)}. {s.text.get(lang)}")
            for n, s in enumerate(sub.steps, start=1)]
        self.title.value = (f"<h3 style='margin:4px 0'>{html.escape(sub.name.get(lang))}</h3>{question}"
                            + speak_html(" ".join(r for r in read if r), lang, sub.name.get(lang)))
        for n, button in self.buttons.items():
            step = sub.steps[n - 1]
            icon = f"{icon_text(step.icon)} " if icon_text(step.icon) else ""
            picture = icon_css_class(step.icon)  # our own SVG pictogram, not an emoji font's
            if picture:
                button.add_class("mm-icon")
                button.add_class(picture)
            button.description = f"{icon}{n}. {step.label.get(lang)}"
            button.tooltip = step.text.get(lang)
            self.texts[n].value = f"<div class='mm-step-desc'>{html.escape(step.text.get(lang))}</div>" + speak_html(
                t("a11y.speak_steps", lang, n=n, text=f"{step.label.get(lang)}. {step.text.get(lang)}"), lang,
                t("a11y.speak_steps", lang, n=n, text=step.label.get(lang)), compact=True)
        self.clear_button.description = t("bridge.clear", lang)
        self._loading = True
        try:
            current = self.who.value
            self.who.options = [(t(f"bridge.who_{code}", lang), code) for code in CHOSEN_BY]
            self.who.value = current
        finally:
            self._loading = False
        self.who_label.value = f"<span class='mm-who-label'>{html.escape(t('bridge.who', lang))}:&nbsp;</span>"
        self.focus.description = t("bridge.focus", lang)
        if self.suggestion is not None:
            self.suggestion.set_lang(lang)
        self.note.placeholder = t("bridge.note", lang)


class _Shared:
    """Layout and style models shared by every step row: one model each instead of one per
    widget, which keeps the page load small (hundreds of models fewer)."""

    def __init__(self) -> None:
        self.button = W.Layout(width="190px", min_width="150px", height="auto", flex="0 1 190px")
        self.button_style = W.ButtonStyle()
        self.text = W.Layout(flex="1 1 0%", width="auto")
        self.mark = W.Layout(width="auto", max_width="110px", flex="0 1 auto")  # empty when no 'last time'
        self.html_style = HTMLStyle()
        self.row = W.Layout()
        self._norms: Norms | None | bool = False
        #: only the steps (training): no who-chose, focus flag, note or suggestion
        self.steps_only = False

    def norms(self) -> Norms | None:
        """The norms for step suggestions, read once (None if the norms file is broken)."""
        if self._norms is False:
            try:
                self._norms = load_norms()
            except DataFileError:
                self._norms = None
        return self._norms  # type: ignore[return-value]


class _Editors(Mapping[str, SubPillarEditor]):
    """``editors[sub_id]``: the sub-pillar's editor, built (with its whole pillar) on first use."""

    def __init__(self, owner: "BridgeEditor"):
        self._owner = owner

    def __getitem__(self, sub_id: str) -> SubPillarEditor:
        owner = self._owner
        if sub_id not in owner._built:
            if not owner.definition.has_subpillar(sub_id):
                raise KeyError(sub_id)
            owner._build_pillar(owner.definition.pillar_of(sub_id).id)
        return owner._built[sub_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._owner.definition.subpillar_ids())

    def __len__(self) -> int:
        return len(self._owner.definition.subpillar_ids())


class BridgeEditor(W.VBox):
    """One tab per pillar. A pillar's sub-pillar editors are built when its tab is first
    shown, so the page opens quickly; ``editors[sub_id]`` builds on demand too."""

    lang = traitlets.Unicode("nl")
    steps = traitlets.Dict()

    def __init__(self, definition: BridgeDefinition, lang: str = "nl", echo: bool = False, steps_only: bool = False):
        """``echo=True``: show a chosen step at once (in-memory use, e.g. training).
        ``echo=False``: the owner saves first, then confirms with :meth:`show_step`.
        ``steps_only=True``: only the steps to click (a training exercise: no who-chose, no
        "hier wil ik aan werken", no note, no suggestion, no mention of the picture)."""
        super().__init__()
        self.echo = echo
        self.add_class("mm-bridge-editor")
        self._handlers: list[ChangeHandler] = []
        self._shared = _Shared()
        self._shared.steps_only = steps_only
        self.intro = W.HTML()
        self.tabs = W.Tab()
        self.tabs.observe(self._tab_shown, "selected_index")
        self.children = [self.intro, self.tabs]
        self.editors = _Editors(self)
        self.set_definition(definition, lang)

    # -- public API ----------------------------------------------------------
    def on_change(self, handler: ChangeHandler) -> None:
        self._handlers.append(handler)

    def set_definition(self, definition: BridgeDefinition, lang: str | None = None) -> None:
        self.definition = definition
        self._built: dict[str, SubPillarEditor] = {}
        self._pillar_headings: dict[str, W.HTML] = {}
        self._pages = {p.id: W.VBox().add_class(f"mm-pillar-{p.id}") for p in definition.pillars}
        self._choices: dict[str, Choice] = {}
        self._previous: dict[str, int | None] = {}
        self.lang = lang or self.lang
        self.tabs.children = list(self._pages.values())
        self.tabs.selected_index = None
        self.tabs.selected_index = 0 if self._pages else None
        self.steps = {}
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        # in an exercise the exercise itself says what to do: no second instruction here
        self.intro.value = "" if self._shared.steps_only else f"<p class='mm-intro'>{html.escape(t('bridge.intro', lang))}</p>"
        self.tabs.titles = tuple(p.name.get(lang) for p in self.definition.pillars)
        for pillar_id, heading in self._pillar_headings.items():
            heading.value = self._pillar_heading(pillar_id)
        for editor in self._built.values():
            editor.set_lang(lang)

    def load(self, assessment: Assessment | None, previous: Assessment | None = None) -> None:
        """Show an assessment (or an empty one); emits nothing."""
        self._choices = dict(assessment.choices) if assessment else {}
        self._previous = {s: previous.step(s) for s in self.definition.subpillar_ids()} if previous else {}
        for sub_id, editor in self._built.items():
            editor.show_choice(self._choices.get(sub_id, Choice()), self._previous.get(sub_id))
        self.steps = {s: c.step for s, c in self._choices.items() if c.step is not None}

    def show_step(self, sub_id: str, step: int | None) -> None:
        """Reflect a saved step (after the store accepted it)."""
        self._choices[sub_id] = replace(self._choices.get(sub_id, Choice()), step=step)
        if sub_id in self._built:
            self._built[sub_id].show_step(step)
        steps = dict(self.steps)
        if step is None:
            steps.pop(sub_id, None)
        else:
            steps[sub_id] = step
        self.steps = steps

    def note_refused(self, sub_id: str, message: str | None) -> None:
        """A note the store refused: the message under that note, the field marked."""
        if sub_id in self._built:
            self._built[sub_id].note_refused(message)

    def reveal(self, sub_id: str) -> None:
        """Open the tab of the pillar that holds ``sub_id``."""
        pillar = self.definition.pillar_of(sub_id)
        self.tabs.selected_index = [p.id for p in self.definition.pillars].index(pillar.id)

    def choose(self, sub_id: str, step: int | None) -> None:
        """A user's choice from elsewhere (a click on the bridge picture): as if clicked here."""
        self.reveal(sub_id)
        self._emit(sub_id, {"step": step})

    # -- internals -----------------------------------------------------------
    def _tab_shown(self, change: dict[str, Any]) -> None:
        index = change["new"]
        if index is not None and 0 <= index < len(self.definition.pillars):
            self._build_pillar(self.definition.pillars[index].id)

    def _build_pillar(self, pillar_id: str) -> None:
        page = self._pages[pillar_id]
        if page.children:
            return
        pillar = self.definition.pillar(pillar_id)
        editors = []
        for sub in pillar.subpillars:
            editor = SubPillarEditor(pillar, sub, self._emit, self._shared)
            editor.set_lang(self.lang)
            editor.show_choice(self._choices.get(sub.id, Choice()), self._previous.get(sub.id))
            self._built[sub.id] = editor
            editors.append(editor)
        # the pillar's name as a heading a screen reader finds (the tab shows it to the eye):
        # the sub-pillars' H3 headings then sit under an H2 (issue 19: no jump in the order)
        heading = W.HTML(self._pillar_heading(pillar_id))
        self._pillar_headings[pillar_id] = heading
        page.children = [heading, *editors]

    def _pillar_heading(self, pillar_id: str) -> str:
        name = self.definition.pillar(pillar_id).name.get(self.lang)
        return f"<h2 class='mm-sr-only'>{html.escape(name)}</h2>"

    def _emit(self, sub_id: str, changes: dict[str, Any]) -> None:
        # keep the remembered choice in step with what the user did in a built editor
        kept = {k: v for k, v in changes.items() if k in ("chosen_by", "note", "focus")}
        if kept:
            self._choices[sub_id] = replace(self._choices.get(sub_id, Choice()), **kept)
        for handler in self._handlers:
            handler(sub_id, changes)
        if self.echo and "step" in changes:
            self.show_step(sub_id, changes["step"])
