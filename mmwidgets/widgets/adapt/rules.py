"""RulesEditor: the step rules of a sub-pillar (a suggestion from the client's figures), edited
in the workbook: choose the figure, then per rule the step and its thresholds.

The rules are kept as the file's plain data and checked by the same validation as the file
(:func:`mmwidgets.model.bridge.edit.validate`); this widget only turns typed text into numbers.
"""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.bridge import edit
from mmwidgets.model.bridge.step_rules import CATEGORIES, METRICS
from mmwidgets.widgets.feedback import MessageArea, guarded

NONE = ""


def parse_number(text: str) -> Any:
    """``40`` -> 40, ``33,5`` -> 33.5, empty -> None; anything else as typed (validation names it)."""
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return raw
    return int(value) if value.is_integer() else value


def show_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


class RulesEditor(W.VBox):
    """Emits ``on_change(suggest)`` with the new ``suggest`` block (None: no suggestion)."""

    lang = traitlets.Unicode("nl")

    def __init__(self, messages: MessageArea, lang: str = "nl"):
        self.heading = W.HTML()
        self.hint = W.HTML()
        self.metric = W.Dropdown(options=[], layout=W.Layout(width="auto")).add_class("mm-adapt-rules-metric")
        self.rows = W.VBox().add_class("mm-adapt-rules-rows")
        self.add = W.Button(icon="plus", layout=W.Layout(width="auto")).add_class("mm-adapt-rules-add")
        self._suggest: dict[str, Any] | None = None
        self._steps = 0
        self._loading = False
        self._handlers: list[Callable[[Any], Any]] = []
        self._guard = guarded(messages, lambda: self.lang)
        super().__init__([self.heading, self.metric, self.hint, self.rows, self.add])
        self.add_class("mm-adapt-rules")
        self.metric.observe(self._guard(self._on_metric), "value")
        self.add.on_click(self._guard(lambda _b: self._edit(lambda d: edit.add_rule(d, 0, 0)[0])))
        self.lang = lang
        self._texts()

    # -- public ------------------------------------------------------------------------------
    def on_change(self, handler: Callable[[Any], Any]) -> None:
        self._handlers.append(handler)

    def load(self, suggest: Any, steps: int) -> None:
        """Show ``suggest`` (plain data or None) for a sub-pillar with ``steps`` steps, without emitting."""
        self._suggest = suggest if isinstance(suggest, dict) else None
        self._steps = steps
        self._render()

    @property
    def suggest(self) -> dict[str, Any] | None:
        return self._suggest

    # -- editing on the file's own data --------------------------------------------------------
    def _wrap(self) -> dict[str, Any]:
        sub: dict[str, Any] = {"steps": [{}] * max(self._steps, 1)}
        if self._suggest is not None:
            sub["suggest"] = self._suggest
        return {"pillars": [{"subpillars": [sub]}]}

    def _edit(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        data = change(self._wrap())
        self._suggest = edit.get_at(data, (*edit.subpillar_path(0, 0), "suggest"))
        self._render()
        for handler in self._handlers:
            handler(self._suggest)

    def _on_metric(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        metric = change["new"] or None
        self._edit(lambda d: edit.set_rule_metric(d, 0, 0, metric))

    def _on_value(self, index: int, field: str, value: Any) -> None:
        if self._loading:
            return
        self._edit(lambda d: edit.set_rule_field(d, 0, 0, index, field, value))

    # -- showing ---------------------------------------------------------------------------------
    @traitlets.observe("lang")
    def _lang(self, _change: dict[str, Any]) -> None:
        if hasattr(self, "rows"):
            self._texts()
            self._render()

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = f"<b>{html.escape(t('adapt.rules.heading', lang))}</b>"
        self.hint.value = f"<small>{html.escape(t('adapt.rules.hint', lang))}</small>"
        self.metric.description = t("adapt.rules.metric", lang)
        self.add.description = t("adapt.rules.add", lang)
        self._loading = True
        try:
            options = [(t("adapt.rules.none", lang), NONE)] + [(t(f"adapt.metric.{m}", lang), m) for m in METRICS]
            value = self.metric.value
            self.metric.options = options
            self.metric.value = value if value in METRICS else NONE
        finally:
            self._loading = False

    def _render(self) -> None:
        lang = self.lang
        suggest = self._suggest or {}
        metric = suggest.get("metric") if suggest.get("metric") in METRICS else NONE
        self._loading = True
        try:
            if self.metric.value != metric:
                self.metric.value = metric
        finally:
            self._loading = False
        rules = suggest.get("rules") if isinstance(suggest.get("rules"), list) else []
        self.hint.layout.display = None if metric else "none"
        self.add.layout.display = None if metric else "none"
        self.rows.children = [self._row(i, rule, metric, lang) for i, rule in enumerate(rules) if isinstance(rule, dict)]

    def _row(self, index: int, rule: dict[str, Any], metric: str, lang: str) -> W.Widget:
        step_options = [(str(n), n) for n in range(1, max(self._steps, 1) + 1)]
        step_value = rule.get("step")
        if step_value not in [v for _, v in step_options]:
            step_options.append((str(step_value), step_value))
        step = W.Dropdown(options=step_options, value=step_value, description=t("adapt.rules.step", lang),
                          layout=W.Layout(width="auto"), style={"description_width": "auto"})
        step.add_class(f"mm-adapt-rule-step-{index}")
        parts: list[W.Widget] = [step]
        step.observe(self._guard(lambda c, i=index: self._on_value(i, "step", c["new"])), "value")
        if metric in CATEGORIES:
            options = [(t(f"adapt.{'debt_stage' if metric == 'debt_stage' else 'education'}.{v}", lang), v)
                       for v in CATEGORIES[metric]]
            chosen = tuple(v for v in (rule.get("one_of") or []) if v in CATEGORIES[metric])
            kinds = W.SelectMultiple(options=options, value=chosen, rows=4, description=t("adapt.rules.one_of", lang),
                                     layout=W.Layout(width="auto"), style={"description_width": "auto"})
            kinds.add_class(f"mm-adapt-rule-one-of-{index}")
            kinds.observe(self._guard(lambda c, i=index: self._on_value(i, "one_of", list(c["new"]))), "value")
            parts.append(kinds)
        else:
            for field in ("at_least", "below"):
                box = W.Text(value=show_number(rule.get(field)), description=t(f"adapt.rules.{field}", lang),
                             continuous_update=False, layout=W.Layout(width="12em"), style={"description_width": "auto"})
                box.add_class(f"mm-adapt-rule-{field.replace('_', '-')}-{index}")
                box.observe(self._guard(lambda c, i=index, f=field: self._on_value(i, f, parse_number(c["new"]))), "value")
                parts.append(box)
        remove = W.Button(description=t("adapt.rules.remove", lang), icon="trash", layout=W.Layout(width="auto"))
        remove.add_class(f"mm-adapt-rule-remove-{index}")
        remove.on_click(self._guard(lambda _b, i=index: self._edit(lambda d: edit.remove_rule(d, 0, 0, i))))
        parts.append(remove)
        return W.HBox(parts, layout=W.Layout(flex_flow="row wrap", align_items="center")).add_class("mm-adapt-rule")
