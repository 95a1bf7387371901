"""The client's own page (workbooks/zelf.ipynb): one part of the bridge at a time, phone first.

Per part: its life area and name, the question, the steps as large buttons (top step first, with
the bridge's pictogram where it has one), "Hier wil ik aan werken", and Vorige / Volgende; the
last part has "Klaar". Nothing else of the file is shown. The widget only shows and emits: the
app saves each tap first and then confirms it with :meth:`SelfBridgePage.show_choice`.

CSS hooks: ``mm-self-page``, ``mm-self-step`` and ``mm-self-step-<part>-<n>`` (selected:
``mm-step-selected``), ``mm-self-focus``, ``mm-self-prev``, ``mm-self-next``, ``mm-self-finish``,
``mm-self-part`` (data-mm-part), ``mm-self-thanks``, ``mm-self-refused``, ``mm-self-saved``.
"""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping

import ipywidgets as W

from mmwidgets.figures.icons import icon_css_class, icon_text
from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.self_view import OwnChoice, first_open_part
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.speech import speak_html

ChangeHandler = Callable[[str, dict[str, Any]], None]


class SelfBridgePage(W.VBox):
    def __init__(self, definition: BridgeDefinition, lang: str = "nl"):
        super().__init__()
        self.add_class("mm-self-page")
        self.definition = definition
        self.lang = lang
        self.parts = [(pillar, sub) for pillar, sub in definition.subpillars()]
        self.index = 0
        self.choices: dict[str, OwnChoice] = {}
        self._handlers: list[ChangeHandler] = []
        self._finish: list[Callable[[], None]] = []
        self._loading = False
        self.messages = MessageArea()
        self.header = W.HTML().add_class("mm-self-header")
        self.part = W.HTML().add_class("mm-self-part")
        self.steps_box = W.VBox().add_class("mm-self-steps")
        self.buttons: dict[int, W.Button] = {}
        self.focus = W.Checkbox(value=False, indent=False).add_class("mm-self-focus")
        self.focus.observe(self._focus_changed, "value")
        self.saved = W.HTML().add_class("mm-self-saved")
        self.prev_button = W.Button().add_class("mm-self-prev")
        self.next_button = W.Button(button_style="primary").add_class("mm-self-next")
        self.finish_button = W.Button(button_style="success").add_class("mm-self-finish")
        self.finish_hint = W.HTML().add_class("mm-self-finish-hint")
        self.prev_button.on_click(lambda _b: self.go(self.index - 1))
        self.next_button.on_click(lambda _b: self.go(self.index + 1))
        self.finish_button.on_click(lambda _b: self._finished())
        self.nav = W.Box([self.prev_button, self.next_button, self.finish_button]).add_class("mm-self-nav")
        self.form = W.VBox([self.part, self.steps_box, self.focus, self.saved, self.finish_hint, self.nav])
        self.form.add_class("mm-self-form")
        self.children = [self.header, self.messages, self.form]
        self._show_part()

    # -- the app's side --------------------------------------------------------
    def on_change(self, handler: ChangeHandler) -> None:
        """``handler(sub_id, {"step": n} or {"focus": bool})`` for each tap (user actions only)."""
        self._handlers.append(handler)

    def on_finish(self, handler: Callable[[], None]) -> None:
        self._finish.append(handler)

    def load(self, choices: Mapping[str, OwnChoice]) -> None:
        """Show the answers so far and go to the first part without a step (reopening the link)."""
        self.choices = dict(choices)
        self.index = first_open_part([sub.id for _p, sub in self.parts], self.choices)
        self._show_part()

    def show_choice(self, sub_id: str, choice: OwnChoice) -> None:
        """Confirm a saved answer."""
        self.choices[sub_id] = choice
        if self.parts[self.index][1].id == sub_id:
            self._mark(choice)
        self.saved.value = f"<span class='mm-saved-text' role='status'>✓ {html.escape(t('self.saved', self.lang))}</span>"

    def show_thanks(self) -> None:
        self.children = [W.HTML(
            f"<div class='mm-self-thanks-box'><h1>{html.escape(t('self.title', self.lang))}</h1>"
            f"<p>{html.escape(t('self.thanks', self.lang))}</p></div>"
        ).add_class("mm-self-thanks")]

    def _mark(self, choice: OwnChoice) -> None:
        for n, button in self.buttons.items():
            if n == choice.step:
                button.add_class("mm-step-selected")
                button.button_style = "primary"
            else:
                button.remove_class("mm-step-selected")
                button.button_style = ""
        self._loading = True
        try:
            self.focus.value = bool(choice.focus)
        finally:
            self._loading = False

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._show_part()

    def go(self, index: int) -> None:
        self.index = max(0, min(len(self.parts) - 1, index))
        self.saved.value = ""
        self._show_part()

    # -- taps --------------------------------------------------------------------
    def choose(self, step: int) -> None:
        sub = self.parts[self.index][1]
        for handler in self._handlers:
            handler(sub.id, {"step": step})

    def _focus_changed(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        sub = self.parts[self.index][1]
        for handler in self._handlers:
            handler(sub.id, {"focus": bool(change["new"])})

    def _finished(self) -> None:
        for handler in self._finish:
            handler()

    # -- drawing -----------------------------------------------------------------
    def _reading(self, sub: Any) -> str:
        """What "Voorlezen" reads for one part: its name, the question, then every step."""
        lang = self.lang
        lines = [sub.name.get(lang) + "."]
        if sub.question:
            lines.append(sub.question.get(lang))
        for n in range(sub.step_count, 0, -1):
            step = sub.steps[n - 1]
            lines.append(f"{t('self.step', lang, n=n)}: {step.label.get(lang)}. {step.text.get(lang)}")
        return " ".join(lines)

    def _show_part(self) -> None:
        lang, esc = self.lang, html.escape
        pillar, sub = self.parts[self.index]
        total = len(self.parts)
        first = self.index == 0
        intro = f"<p class='mm-self-intro'>{esc(t('self.intro', lang))}</p>" if first else ""
        self.header.value = f"<h1 class='mm-title'>{esc(t('self.title', lang))}</h1>{intro}"
        question = f"<p class='mm-question'>{esc(sub.question.get(lang))}</p>" if sub.question else ""
        self.part.value = (
            f"<div data-mm-part='{esc(sub.id)}'>"
            f"<p class='mm-self-count'>{esc(t('self.part_of', lang, n=self.index + 1, total=total))}"
            f" · {esc(pillar.name.get(lang))}</p>"
            f"<h2 class='mm-self-name'>{esc(sub.name.get(lang))}</h2>{question}"
            f"{speak_html(self._reading(sub), lang, what=sub.name.get(lang))}</div>"
        )
        chosen = self.choices.get(sub.id, OwnChoice())
        rows = []
        self.buttons = {}
        for n in range(sub.step_count, 0, -1):  # top step first, like the bridge
            step = sub.steps[n - 1]
            button = W.Button(description=f"{icon_text(step.icon)} {step.label.get(lang)}".strip())
            for css in ("mm-step", "mm-self-step", f"mm-self-step-{sub.id}-{n}"):
                button.add_class(css)
            picture = icon_css_class(step.icon)
            if picture:
                button.add_class("mm-icon")
                button.add_class(picture)
            if chosen.step == n:
                button.add_class("mm-step-selected")
                button.button_style = "primary"
            button.on_click(lambda _b, n=n: self.choose(n))
            self.buttons[n] = button
            text = step.text.get(lang)
            label = t("self.step", lang, n=n)
            rows.append(W.VBox([
                button,
                W.HTML(f"<div class='mm-self-step-text'><b>{esc(label)}</b> · {esc(text)}</div>"),
            ]).add_class("mm-self-step-row"))
        self.steps_box.children = rows
        self._loading = True
        try:
            self.focus.description = t("self.focus", lang)
            self.focus.value = bool(chosen.focus)
        finally:
            self._loading = False
        last = self.index == total - 1
        self.prev_button.description = t("self.previous", lang)
        self.next_button.description = t("self.next", lang)
        self.finish_button.description = t("self.finish", lang)
        self.prev_button.layout.display = "none" if first else ""
        self.next_button.layout.display = "none" if last else ""
        self.finish_button.layout.display = "" if last else "none"
        self.finish_hint.value = f"<p>{esc(t('self.finish_hint', lang))}</p>" if last else ""


def refusal_view(text: str) -> W.HTML:
    """The one sentence for a bad, expired or ended link: nothing else on the page. The sentence
    (from the catalogue, nl/en) is the page's one heading (H1), so a screen reader's heading list
    and the page title say it too (WCAG 1.3.1, 2.4.6)."""
    return W.HTML(
        f"<div class='mm-msg mm-msg-info' role='alert'><h1 class='mm-self-refused-title'>{html.escape(text)}</h1></div>"
    ).add_class("mm-self-refused")
