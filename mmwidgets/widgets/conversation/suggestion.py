"""A suggested step from the client's own figures, with its reason; the client chooses.

Shown under a sub-pillar whose definition has step rules (``suggest``). The figures are
used for the suggestion only and not saved: income and debts are sensitive, and what
matters for the bridge is the step the client chooses.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import SubPillar
from mmwidgets.model.bridge.norms import Norms
from mmwidgets.model.bridge.step_rules import DEBT_STAGES, EDUCATION_LEVELS, suggest_step
from mmwidgets.model.dates import local_today
from mmwidgets.widgets.feedback import MessageArea, guarded

CHOICE_FIGURES = {"debt_stage": ("adapt.debt_stage", DEBT_STAGES), "education": ("adapt.education", EDUCATION_LEVELS)}


class StepSuggestion(W.Accordion):
    """Fields for the figures a sub-pillar's rules use, a suggestion, and a button to choose it."""

    def __init__(self, sub: SubPillar, norms: Norms | None, choose: Callable[[int], Any], lang: str = "nl"):
        super().__init__()
        self.add_class("mm-suggest")
        self.add_class(f"mm-suggest-{sub.id}")
        self.sub, self.norms, self._choose = sub, norms, choose
        self.lang = lang
        self.suggestion = None
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang)
        spec = sub.suggest
        assert spec is not None, "only for sub-pillars with step rules"
        self.fields: dict[str, W.Widget] = {}
        for name in spec.used_figures():
            if name in CHOICE_FIGURES or name == "household":
                field: W.Widget = W.Dropdown(options=[("", None)])
            elif name == "year":
                field = W.BoundedIntText(value=local_today().year, min=2000, max=2100)
            else:
                field = W.Text(continuous_update=False)
            field.add_class(f"mm-suggest-field-{name}")
            self.fields[name] = field
        self.intro = W.HTML()
        self.compute = W.Button(button_style="info").add_class("mm-suggest-compute")
        self.result = W.HTML().add_class("mm-suggest-result")
        self.accept = W.Button(button_style="primary", layout=W.Layout(display="none")).add_class("mm-suggest-accept")
        self.compute.on_click(guard(lambda _b: self.work_out()))
        self.accept.on_click(guard(lambda _b: self._accept()))
        self.children = [
            W.VBox([self.intro, *self.fields.values(), self.compute, self.messages, self.result, self.accept])
        ]
        self.selected_index = None
        self.set_lang(lang)

    def values(self) -> dict[str, Any]:
        return {name: field.value for name, field in self.fields.items()}

    def work_out(self) -> None:
        self.messages.clear()
        self.suggestion = suggest_step(self.sub, self.values(), self.norms, self.lang)
        self._show()

    def _show(self) -> None:
        if self.suggestion is None:
            self.result.value = f"<p>{html.escape(t('suggest.none', self.lang))}</p>"
            self.accept.layout.display = "none"
            return
        self.result.value = f"<p class='mm-suggestion'>{html.escape(self.suggestion.sentence())}</p>"
        self.accept.description = t("suggest.choose", self.lang, n=self.suggestion.step)
        self.accept.layout.display = ""

    def _accept(self) -> None:
        if self.suggestion is not None:
            self._choose(self.suggestion.step)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.set_title(0, t("suggest.heading", lang))
        self.intro.value = (
            f"<p>{html.escape(t('suggest.intro', lang))}<br>"
            f"<small>{html.escape(t('suggest.private', lang))}</small></p>"
        )
        for name, field in self.fields.items():
            field.description = t(f"adapt.figure.{name}", lang)
            field.style.description_width = "260px"
            field.layout.width = "520px"
            if name == "household":
                types = self.norms.household_types(self.sub.suggest.norm_id) if self.norms else {}
                self._relabel(field, [(text.get(lang), code) for code, text in types.items()])
            elif name in CHOICE_FIGURES:
                prefix, codes = CHOICE_FIGURES[name]
                self._relabel(field, [(t(f"{prefix}.{code}", lang), code) for code in codes])
        self.compute.description = t("suggest.compute", lang)
        if self.result.value:
            if self.suggestion is not None:
                self.suggestion = suggest_step(self.sub, self.values(), self.norms, lang)
            self._show()

    def _relabel(self, field: W.Dropdown, options: list[tuple[str, str]]) -> None:
        current = field.value
        field.options = [(t("suggest.pick", self.lang), None), *options]
        field.value = current if current in [code for _, code in options] else None
