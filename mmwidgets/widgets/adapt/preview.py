"""The live preview of a definition being edited: the bridge and the radar with a sample
assessment, and the list of validation problems (with a button that goes to the first one)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable, Sequence

import ipywidgets as W
import traitlets

from mmwidgets.figures.bridge import bridge_figure
from mmwidgets.figures.radar import radar_figure
from mmwidgets.i18n import t
from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.plotly_view import PlotlyView

SAMPLE_DATE = dt.date(2026, 1, 15)
MAX_SHOWN_PROBLEMS = 25
BRIDGE_HEIGHT = 400  # a little lower than in the conversation: the editor sits below it


def sample_assessments(definition: BridgeDefinition) -> tuple[Assessment, Assessment]:
    """An earlier and a later fictional assessment, so the pictures show something.

    Steps spread over each sub-pillar's own range, so a sub-pillar with more or fewer steps
    shows it; the earlier one is a step lower where it can be.
    """
    now: dict[str, Choice] = {}
    before: dict[str, Choice] = {}
    for index, (_pillar, sub) in enumerate(definition.subpillars()):
        count = sub.step_count
        step = 1 + (index * 3 + 1) % count
        now[sub.id] = Choice(step=step)
        before[sub.id] = Choice(step=max(1, step - 1))
    later = Assessment(0, SAMPLE_DATE, definition.id, definition.version, now)
    earlier = Assessment(0, SAMPLE_DATE - dt.timedelta(days=91), definition.id, definition.version, before)
    return earlier, later


class DefinitionPreview(W.VBox):
    """Bridge and radar of the last valid version of the definition being edited.

    The box holds the note and the bridge; ``radar`` is a separate view for the app to place
    (beside the editor), so the bridge can use the full width.
    """

    lang = traitlets.Unicode("nl")
    stale = traitlets.Bool(False)
    partial = traitlets.Bool(False)  # drawn with "…" where texts are still to come

    def __init__(self, lang: str = "nl"):
        self.note = W.HTML().add_class("mm-adapt-preview-note")
        self.bridge = PlotlyView().add_class("mm-adapt-bridge")
        self.radar = PlotlyView().add_class("mm-adapt-radar")
        self.definition: BridgeDefinition | None = None
        super().__init__([self.note, self.bridge])
        self.add_class("mm-adapt-preview")
        self.lang = lang
        self._note({})

    def show(self, definition: BridgeDefinition) -> None:
        """Draw ``definition`` (valid) with the sample assessments."""
        self.definition = definition
        earlier, later = sample_assessments(definition)
        figure = bridge_figure(definition, later, earlier, self.lang)
        figure["layout"]["height"] = BRIDGE_HEIGHT
        self.bridge.figure = figure
        self.radar.figure = radar_figure(definition, [earlier, later], self.lang)
        self.stale = False

    @traitlets.observe("stale", "lang", "partial")
    def _note(self, _change: dict[str, Any]) -> None:
        key = "adapt.ui.preview_stale" if self.stale else ("adapt.todo.preview" if self.partial else "adapt.ui.preview_note")
        kind = "warning" if self.stale else "info"
        self.note.value = f'<div class="mm-msg mm-msg-{kind}">{html.escape(t(key, self.lang))}</div>'
        if self.stale:
            self.add_class("mm-adapt-preview-stale")
        else:
            self.remove_class("mm-adapt-preview-stale")

    @traitlets.observe("lang")
    def _redraw(self, _change: dict[str, Any]) -> None:
        if self.definition is not None:
            stale = self.stale
            self.show(self.definition)
            self.stale = stale


class ProblemList(W.VBox):
    """Validation problems, live, in the user's language; "go to" selects the first one."""

    lang = traitlets.Unicode("nl")

    def __init__(self, messages: MessageArea, go_to: Callable[[int], Any], lang: str = "nl"):
        self.status = W.HTML().add_class("mm-adapt-status")
        self.goto = W.Button(icon="arrow-right", layout=W.Layout(width="auto", display="none"))
        self.goto.add_class("mm-adapt-goto")
        self._go_to = go_to
        self._lines: list[str] = []
        self._todo: list[str] = []
        self._untranslated: list[str] = []
        self._ok: bool | None = None
        super().__init__([self.status, self.goto])
        self.add_class("mm-adapt-problems")
        self.goto.on_click(guarded(messages, lambda: self.lang)(lambda _b: self._go_to(0)))
        self.lang = lang
        self._lang({})

    def show(self, lines: Sequence[str], todo: Sequence[str] = (), untranslated: Sequence[str] = ()) -> None:
        """``lines``: the mistakes as the user reads them; ``todo``: what is still to fill in
        (both empty: all fine); ``untranslated``: texts with no English yet (never in the way)."""
        self._lines = list(lines)
        self._todo = list(todo)
        self._untranslated = list(untranslated)
        self._ok = not lines and not todo
        self._render()

    def _translate_block(self) -> str:
        if not self._untranslated:
            return ""
        lang = self.lang
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self._untranslated[:MAX_SHOWN_PROBLEMS])
        more = len(self._untranslated) - MAX_SHOWN_PROBLEMS
        extra = f"<li>{html.escape(t('adapt.ui.more_problems', lang, count=more))}</li>" if more > 0 else ""
        head = html.escape(t("adapt.lang.heading", lang))
        hint = html.escape(t("adapt.lang.hint", lang))
        return (f'<details class="mm-adapt-untranslated"><summary><b>{head}</b> {hint}</summary>'
                f"<ul>{items}{extra}</ul></details>")

    @traitlets.observe("lang")
    def _lang(self, _change: dict[str, Any]) -> None:
        key = "adapt.ui.goto" if self._lines or not self._todo else "adapt.ui.goto_todo"
        self.goto.description = t(key, self.lang)
        if self._ok is not None:
            self._render()

    def _render(self) -> None:
        lang = self.lang
        if self._ok:
            self.status.value = (
                f'<div class="mm-msg mm-msg-success" role="status">{html.escape(t("adapt.ui.valid", lang))}</div>'
                + self._translate_block()
            )
            self.goto.layout.display = "none"
            self.remove_class("mm-adapt-has-problems")
            return
        parts = []
        if self._lines:
            shown = self._lines[:MAX_SHOWN_PROBLEMS]
            items = "".join(f"<li>{html.escape(line)}</li>" for line in shown)
            more = len(self._lines) - len(shown)
            extra = f"<p>{html.escape(t('adapt.ui.more_problems', lang, count=more))}</p>" if more > 0 else ""
            head = html.escape(t("adapt.ui.invalid", lang, count=len(self._lines)))
            parts.append(f'<div class="mm-msg mm-msg-error" role="alert"><b>{head}</b><ul>{items}</ul>{extra}</div>')
        if self._todo:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in self._todo[:MAX_SHOWN_PROBLEMS])
            head = html.escape(t("adapt.todo.heading", lang))
            parts.append(f'<div class="mm-adapt-todo-list mm-msg-info" role="status"><b>{head}</b><ul>{items}</ul></div>')
        self.status.value = "".join(parts) + self._translate_block()
        key = "adapt.ui.goto" if self._lines else "adapt.ui.goto_todo"
        self.goto.description = t(key, lang)
        self.goto.layout.display = None
        if self._lines:
            self.add_class("mm-adapt-has-problems")
        else:
            self.remove_class("mm-adapt-has-problems")
