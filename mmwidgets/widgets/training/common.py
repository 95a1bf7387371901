"""Pieces every training workbook shares: the vignette card, the join panel, number formats.

Every text comes from the catalogue or a validated training file, and is escaped before it
meets HTML (nicknames and typed answers above all).
"""

from __future__ import annotations

import html
from typing import Any, Callable, Mapping

import ipywidgets as W
import traitlets

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.training.content import Vignette
from mmwidgets.model.training.report import decimal, percent  # noqa: F401  (re-exported for the exercises)
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.speech import speak_html

_e = html.escape

STYLE = """
<style>
.mm-train h2 { margin: 4px 0 8px 0; font-weight: normal; }
.mm-train-vignette-card { background: #f7f8fa; border-left: 4px solid #3f5668; padding: 8px 14px; margin: 6px 0 10px 0; }
.mm-train-vignette-card h3 { margin: 4px 0; }
.mm-train-vignette-card .mm-train-summary { color: #555; margin: 0 0 8px 0; }
.mm-train-picture { display: flex; align-items: flex-start; gap: 14px; margin: 8px 0; }
.mm-train-picture .mm-train-icon { font-size: 2.4em; line-height: 1; min-width: 1.4em; text-align: center; }
.mm-train-quote { font-size: 1.15em; background: #fff; border-left: 4px solid #0072B2; padding: 8px 14px; margin: 8px 0; }
.mm-train-good { color: #006b4f; font-weight: bold; }
.mm-train-bad { color: #a03c00; font-weight: bold; }
.mm-train-feedback table { border-collapse: collapse; width: 100%; }
.mm-train-feedback td, .mm-train-feedback th { border-bottom: 1px solid #e3e6ea; padding: 6px 8px; text-align: left; vertical-align: top; }
.mm-train-badge { display: inline-block; padding: 2px 8px; border-radius: 10px; white-space: nowrap; }
.mm-train-badge-exact { background: #8cd4c0; }
.mm-train-badge-one_off { background: #f3d083; }
.mm-train-badge-further { background: #e39157; }
.mm-train-badge-missing { background: #e6e9ed; }
.mm-train-summary-line { font-size: 1.1em; margin: 8px 0; }
.mm-train-callout { background: #fff7e0; border-left: 4px solid #b07d00; padding: 8px 14px; margin: 8px 0; }
.mm-train-code-big { font-size: 2em; letter-spacing: 0.08em; font-weight: bold; }
.mm-train-muted { color: #666; }
.mm-train-reply { white-space: normal !important; height: auto !important; min-height: 44px; text-align: left !important;
  line-height: 1.4; padding: 8px 14px !important; justify-content: flex-start; }
.mm-train-quiz-options .widget-radio-box label { padding: 8px 0; line-height: 1.4; white-space: normal;
  height: auto !important; min-height: 44px; display: flex !important; align-items: center; box-sizing: border-box; }
.mm-train-quiz-options .widget-radio-box input { width: 24px; height: 24px; min-width: 24px; margin: 0 14px 0 4px; }
.mm-train-quiz-options .widget-radio-box { height: auto !important; }
.mm-train-code-bar { position: sticky; top: 0; z-index: 20; background: #fff; border-bottom: 1px solid #e3e6ea; padding: 2px 0; }
.mm-train-code-bar .mm-train-code-small { font-size: 1.35em; font-weight: bold; letter-spacing: 0.06em; }
.mm-train-where { font-size: 1.05em; }
.mm-train-side-by-side { display: flex; flex-wrap: wrap; gap: 10px; }
.mm-train-vignette-card summary { cursor: pointer; min-height: 44px; display: flex; align-items: center; }
.mm-train-vignette-card summary h3 { display: inline; margin: 0; }
.mm-train-scoring-grid { display: grid !important; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 16px; width: 100%; }
.mm-train-scoring-grid > .widget-vbox { min-width: 0; }
.mm-train-case-column .mm-train-vignette-card { position: sticky; top: 8px; max-height: calc(100vh - 24px); overflow-y: auto; }
.mm-train-case-column { align-self: start; position: sticky; top: 8px; }
@media (max-width: 1099px) {
  .mm-train-scoring-grid { grid-template-columns: minmax(0, 1fr); }
  .mm-train-case-column, .mm-train-case-column .mm-train-vignette-card { position: static; max-height: none; }
}
.mm-train-share { white-space: nowrap; }
.mm-train-open-answer { flex: 1 1 220px; background: #f7f8fa; padding: 8px 12px; border-radius: 6px; }
</style>
"""

VERDICT_KEYS = {
    "exact": "train.verdict_exact",
    "one_off": "train.verdict_one_off",
    "further": "train.verdict_further",
    "missing": "train.verdict_missing",
}


def badge(verdict: str, lang: str) -> str:
    return f'<span class="mm-train-badge mm-train-badge-{verdict}">{_e(t(VERDICT_KEYS[verdict], lang))}</span>'


def vignette_html(vignette: Vignette, lang: str) -> str:
    """The case as the trainee reads it; with ``pictures`` each paragraph is a picture card."""
    title = vignette.title.get(lang)
    said = " ".join([title, vignette.summary.get(lang), *(p.get(lang) for p in vignette.story)])
    parts = [f"<p class='mm-train-summary'>{_e(vignette.summary.get(lang))}</p>",
             speak_html(said, lang, what=title)]  # "Voorlezen": the whole case (issue 19)
    for paragraph in vignette.story:
        text = _e(paragraph.get(lang))
        if vignette.pictures and paragraph.icon:
            parts.append(
                f"<div class='mm-train-picture'><span class='mm-train-icon' aria-hidden='true'>"
                f"{_e(paragraph.icon)}</span><span>{text}</span></div>"
            )
        else:
            parts.append(f"<p>{text}</p>")
    # a <details> the trainee can fold away on a small screen; open by default
    return (
        f"<details class='mm-train-vignette-card' open><summary><h3>{_e(vignette.title.get(lang))}</h3></summary>"
        f"{''.join(parts)}</details>"
    )


class VignetteCard(W.HTML):
    def __init__(self, vignette: Vignette | None = None, lang: str = "nl"):
        super().__init__()
        self.add_class("mm-train-vignette")
        self.vignette, self.lang = vignette, lang
        self._render()

    def show(self, vignette: Vignette | None) -> None:
        self.vignette = vignette
        self._render()

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._render()

    def _render(self) -> None:
        self.value = vignette_html(self.vignette, self.lang) if self.vignette else ""


class TrainingPanel(W.VBox):
    """Base of every training widget: the language, the message area and the guard for callbacks.

    A subclass that shows more text in the language extends :meth:`set_lang`.
    """

    lang = traitlets.Unicode("nl")

    def __init__(self, css_class: str, lang: str = "nl", messages: MessageArea | None = None):
        super().__init__()
        self.add_class("mm-train")
        self.add_class(css_class)
        self.lang = normalise_language(lang)
        self.messages = messages if messages is not None else MessageArea()
        self.messages.lang = self.lang
        self.guard = guarded(self.messages, lambda: self.lang)

    def set_lang(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        self.messages.lang = self.lang


class VignettePanel(TrainingPanel):
    """A training widget about one vignette at a time, chosen in a dropdown (``choice``).

    Starts on the first vignette. A subclass puts ``self.choice`` among its children, reacts
    to another choice in :meth:`_vignette_changed`, and calls :meth:`_fill_choice` in its
    ``set_lang`` (refilling the list can pass through the first vignette, so where it is
    called matters).
    """

    vignette_id = traitlets.Unicode("")

    def __init__(
        self,
        css_class: str,
        vignettes: Mapping[str, Vignette],
        definitions: Mapping[str, BridgeDefinition],
        lang: str = "nl",
        messages: MessageArea | None = None,
        choice_class: str = "mm-train-vignette-choice",
    ):
        super().__init__(css_class, lang, messages)
        self.vignettes = dict(vignettes)
        self.definitions = dict(definitions)
        first = next(iter(self.vignettes.values()))
        self.vignette_id = first.id
        # wide enough for the longest case title (a cut-off title was seen at 1366 px)
        self.choice = W.Dropdown(layout=W.Layout(width="100%", max_width="780px")).add_class(choice_class)
        self._fill_choice()
        self.choice.value = first.id
        self.choice.observe(self.guard(self._on_choice), "value")

    @property
    def vignette(self) -> Vignette:
        return self.vignettes[self.vignette_id]

    @property
    def definition(self) -> BridgeDefinition:
        return self._definition(self.vignette)

    def select(self, vignette_id: str) -> None:
        """Show another vignette (as if chosen in the list)."""
        if vignette_id in self.vignettes:
            self.choice.value = vignette_id

    def _definition(self, vignette: Vignette) -> BridgeDefinition:
        return self.definitions[vignette.bridge.key]

    def _fill_choice(self) -> None:
        value = self.choice.value
        self.choice.options = [(v.title.get(self.lang), v.id) for v in self.vignettes.values()]
        if value in self.vignettes:
            self.choice.value = value
        self.choice.description = t("train.vignette", self.lang)

    def _on_choice(self, change: dict[str, Any]) -> None:
        vignette_id = change["new"]
        if vignette_id not in self.vignettes or vignette_id == self.vignette_id:
            return
        previous = self.vignette
        self.vignette_id = vignette_id
        self._vignette_changed(previous)

    def _vignette_changed(self, previous: Vignette) -> None:
        """Another vignette was chosen (``self.vignette``); ``previous`` was shown before."""


JoinHandler = Callable[[str, str], Any]


class JoinPanel(W.VBox):
    """Optional: join a trainer's session with its code and a first name or nickname.

    ``on_join(handler)``: ``handler(code, nickname)`` joins (raise ``InvalidInput`` to refuse);
    then call :meth:`show_joined`. Without joining, the exercise works for one trainee alone.
    """

    def __init__(self, lang: str = "nl", messages: MessageArea | None = None):
        super().__init__()
        self.add_class("mm-train-join-panel")
        self.lang = normalise_language(lang)
        self.messages = messages if messages is not None else MessageArea()
        self.guard = guarded(self.messages, lambda: self.lang)
        self._handlers: list[JoinHandler] = []
        self.joined_as: str | None = None
        self.joined_code: str | None = None
        self.ended_code: str | None = None
        self.intro = W.HTML()
        self.code = W.Text(layout=W.Layout(width="270px", max_width="100%")).add_class("mm-train-code")
        self.nickname = W.Text(layout=W.Layout(width="250px", max_width="100%")).add_class("mm-train-nick")
        self.join_button = W.Button(button_style="primary").add_class("mm-train-join")
        self.status = W.HTML().add_class("mm-train-joined")
        self.form = W.HBox([self.code, self.nickname, self.join_button], layout=W.Layout(flex_flow="row wrap"))
        self.children = [self.intro, self.form, self.messages, self.status]
        self._guarded_join = self.guard(self._on_join)
        self.join_button.on_click(self._guarded_join)
        self.set_lang(self.lang)

    def on_join(self, handler: JoinHandler) -> None:
        self._handlers.append(handler)

    def join(self, code: str, nickname: str) -> None:
        """Type and press (tests, and the same path as a click)."""
        self.code.value, self.nickname.value = code, nickname
        self._guarded_join()

    def _on_join(self, *_args: Any) -> None:
        for handler in self._handlers:
            handler(self.code.value, self.nickname.value)

    def show_joined(self, nickname: str, code: str, resumed: bool = False) -> None:
        self.joined_as, self.joined_code = nickname, code
        self.ended_code = None
        self.form.layout.display = "none"
        self.messages.clear()
        self._status()

    def show_ended(self, code: str) -> None:
        """The trainer closed the session: no more "je doet mee"; the answers stay saved."""
        self.joined_as = None
        self.ended_code = code
        self.form.layout.display = "none"
        self.messages.clear()
        self._status()

    def _status(self) -> None:
        if self.joined_as is None:
            ended = self.ended_code
            text = t("train.session_ended", self.lang, code=ended) if ended is not None else ""
            self.status.value = f"<div class='mm-train-callout mm-train-ended'>{_e(text)}</div>" if text else ""
            return
        text = t("train.joined", self.lang, name=self.joined_as, code=self.joined_code)
        self.status.value = f"<div class='mm-train-callout'>{_e(text)}</div>"

    def set_lang(self, lang: str) -> None:
        self.lang = normalise_language(lang)
        self.messages.lang = self.lang
        self.intro.value = f"<p class='mm-train-muted'>{_e(t('train.join_intro', self.lang))}</p>"
        self.code.placeholder = t("train.code_placeholder", self.lang)
        self.code.description = ""
        self.nickname.placeholder = t("train.nick_placeholder", self.lang)
        self.join_button.description = t("train.join", self.lang)
        self._status()
