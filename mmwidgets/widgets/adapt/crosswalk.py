"""CrosswalkMaker: how the parts and steps of the old bridge carry over to the new one.

One row per sub-pillar of the old bridge: where it goes in the new bridge ("geen plek": its
answers are not carried over) and, per old step, the new step. The app fills it with a
proposal (:func:`mmwidgets.model.bridge.crosswalk.propose_crosswalk`), checks every change
as a crosswalk file is checked and saves it; this widget only shows and collects.
"""

from __future__ import annotations

import html
import re
from typing import Any, Callable, Sequence

import ipywidgets as W
import traitlets

from mmwidgets.i18n import t
from mmwidgets.model.bridge.crosswalk import spread_steps
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.widgets.feedback import MessageArea, guarded

def plain_name(definition: BridgeDefinition, lang: str) -> str:
    """The bridge's name without a closing remark in brackets, such as '(standaard van mmwidgets)'."""
    name = definition.name.get(lang)
    return re.sub(r"\s*\([^)]*\)\s*$", "", name) or name


NONE = "-"  # the "no place" / "no counterpart" choice (a dropdown value cannot be None and unique)


class CrosswalkMaker(W.VBox):
    """Emits ``on_change(data)`` after every choice and ``on_save(data)`` for the save button."""

    lang = traitlets.Unicode("nl")

    def __init__(self, messages: MessageArea, lang: str = "nl"):
        self.heading = W.HTML()
        self.intro = W.HTML().add_class("mm-cw-intro")
        self.rows = W.VBox().add_class("mm-cw-rows")
        self.no_place = W.HTML().add_class("mm-cw-no-place")
        self.problems = W.HTML().add_class("mm-cw-problems")
        self.save = W.Button(button_style="primary", icon="save").add_class("mm-cw-save")
        self.status = MessageArea().add_class("mm-cw-status")
        self.old: BridgeDefinition | None = None
        self.new: BridgeDefinition | None = None
        self._meta: dict[str, Any] = {}
        self._targets: dict[str, W.Dropdown] = {}
        self._steps: dict[str, list[W.Dropdown]] = {}
        self._step_boxes: dict[str, W.Box] = {}
        self._change: list[Callable[[dict[str, Any]], Any]] = []
        self._save: list[Callable[[dict[str, Any]], Any]] = []
        self._quiet = False
        super().__init__([self.heading, self.intro, self.rows, self.no_place, self.problems, self.save, self.status])
        self.add_class("mm-cw-maker")
        self._guard = guarded(messages, lambda: self.lang)
        self.save.on_click(self._guard(lambda _b: [h(self.data) for h in self._save]))
        self.lang = lang
        self._texts()

    # -- public ----------------------------------------------------------------------------------
    def on_change(self, handler: Callable[[dict[str, Any]], Any]) -> None:
        self._change.append(handler)

    def on_save(self, handler: Callable[[dict[str, Any]], Any]) -> None:
        self._save.append(handler)

    @property
    def loaded(self) -> bool:
        return self.old is not None and self.new is not None

    def load(self, old: BridgeDefinition, new: BridgeDefinition, data: dict[str, Any]) -> None:
        """Show crosswalk ``data`` (file shape) from ``old`` to ``new``, without emitting."""
        self.old, self.new = old, new
        self._meta = {k: v for k, v in data.items() if k != "subpillars"}
        lines = {line["from"]: line for line in data.get("subpillars") or [] if isinstance(line, dict)}
        self._quiet = True
        try:
            rows = []
            self._targets, self._steps, self._step_boxes = {}, {}, {}
            for pillar, sub in old.subpillars():
                line = lines.get(sub.id)
                target = W.Dropdown(layout=W.Layout(width="100%", max_width="40em"))
                target.add_class("mm-cw-target").add_class(f"mm-cw-target-{sub.id}")
                target.options = self._target_options()
                target.value = line["to"] if line and new.has_subpillar(line["to"]) else NONE
                target.observe(self._guard(lambda c, s=sub.id: self._on_target(s)), "value")
                self._targets[sub.id] = target
                steps_box = W.Box().add_class("mm-cw-steps")
                self._step_boxes[sub.id] = steps_box
                name = f"{pillar.name.get(self.lang)} › {sub.name.get(self.lang)}"
                label = W.HTML(f'<span class="mm-cw-from">{html.escape(name)}</span>')
                row = W.VBox([label, target, steps_box]).add_class("mm-cw-row")
                rows.append(row)
                self._fill_steps(sub.id, line["steps"] if line else None)
            self.rows.children = rows
        finally:
            self._quiet = False
        self._texts()

    @property
    def data(self) -> dict[str, Any]:
        """The crosswalk as file data, from the choices on screen."""
        lines = []
        for sub_id, target in self._targets.items():
            if target.value in (None, NONE):
                continue
            steps = [None if d.value in (None, NONE) else int(d.value) for d in self._steps.get(sub_id, [])]
            lines.append({"from": sub_id, "to": target.value, "steps": steps})
        return {**self._meta, "subpillars": lines}

    def show_check(self, problems: Sequence[str], no_place: Sequence[str], not_fed: Sequence[str]) -> None:
        """What does not fit (mistakes) and what has no place (said plainly, not a mistake)."""
        lang = self.lang
        parts = []
        if no_place:
            items = "".join(f"<li>{html.escape(n)}</li>" for n in no_place)
            parts.append(f"<p><b>{html.escape(t('adapt.cwm.no_place', lang))}</b></p><ul>{items}</ul>")
        if not_fed:
            items = "".join(f"<li>{html.escape(n)}</li>" for n in not_fed)
            parts.append(f"<p><b>{html.escape(t('adapt.cwm.not_fed', lang))}</b></p><ul>{items}</ul>")
        self.no_place.value = f'<div class="mm-msg mm-msg-info">{"".join(parts)}</div>' if parts else ""
        if problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            head = html.escape(t("adapt.cwm.problems", lang, count=len(problems)))
            self.problems.value = f'<div class="mm-msg mm-msg-error" role="alert"><b>{head}</b><ul>{items}</ul></div>'
        else:
            self.problems.value = f'<div class="mm-msg mm-msg-success" role="status">{html.escape(t("adapt.cwm.ok", lang))}</div>'
        self.save.disabled = bool(problems)

    # -- inside ----------------------------------------------------------------------------------
    def _target_options(self) -> list[tuple[str, str]]:
        assert self.new is not None
        options = [(t("adapt.cwm.no_place_option", self.lang), NONE)]
        options += [(f"{p.name.get(self.lang)} › {s.name.get(self.lang)}", s.id) for p, s in self.new.subpillars()]
        return options

    def _fill_steps(self, sub_id: str, steps: Sequence[int | None] | None) -> None:
        assert self.old is not None and self.new is not None
        target = self._targets[sub_id].value
        box = self._step_boxes[sub_id]
        if target in (None, NONE):
            self._steps[sub_id] = []
            box.children = ()
            return
        old_sub, new_sub = self.old.subpillar(sub_id), self.new.subpillar(target)
        options = [(t("adapt.cwm.no_step", self.lang), NONE)] + [
            (f"{n + 1}. {step.label.get(self.lang)}", str(n + 1)) for n, step in enumerate(new_sub.steps)
        ]
        dropdowns, lines = [], []
        for n, step in enumerate(old_sub.steps):
            chosen = steps[n] if steps is not None and n < len(steps) else None
            value = str(chosen) if chosen is not None and 1 <= chosen <= new_sub.step_count else NONE
            dropdown = W.Dropdown(options=options, value=value, layout=W.Layout(width="22em", max_width="100%"))
            said = t("adapt.cwm.old_step", self.lang, n=n + 1, label=step.label.get(self.lang))
            dropdown.add_class("mm-cw-step").add_class(f"mm-cw-step-{sub_id}-{n + 1}")
            dropdown.observe(self._guard(lambda _c: self._emit()), "value")
            dropdowns.append(dropdown)
            lines.append(W.Box([W.HTML(f'<span class="mm-cw-old-step">{html.escape(said)}</span>'), dropdown])
                         .add_class("mm-cw-step-row"))
        self._steps[sub_id] = dropdowns
        box.children = tuple(lines)

    def _on_target(self, sub_id: str) -> None:
        if self._quiet:
            return
        target = self._targets[sub_id].value
        steps = None
        if target not in (None, NONE) and self.old is not None and self.new is not None:
            steps = spread_steps(self.old.subpillar(sub_id).step_count, self.new.subpillar(target).step_count)
        self._quiet = True
        try:
            self._fill_steps(sub_id, steps)
        finally:
            self._quiet = False
        self._emit()

    def _emit(self) -> None:
        if self._quiet:
            return
        data = self.data
        for handler in self._change:
            handler(data)

    @traitlets.observe("lang")
    def _lang(self, _change: dict[str, Any]) -> None:
        if self.loaded:
            self.load(self.old, self.new, self.data)  # type: ignore[arg-type]
        self._texts()

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = f"<h2>{html.escape(t('adapt.cwm.heading', lang))}</h2>"
        self.save.description = t("adapt.cwm.save", lang)
        if self.loaded:
            assert self.old is not None and self.new is not None
            text = t("adapt.cwm.intro", lang, old=plain_name(self.old, lang), new=plain_name(self.new, lang))
        else:
            text = t("adapt.cwm.save_first", lang)
        self.intro.value = f"<p>{html.escape(text)}</p>"
        self.save.layout.display = None if self.loaded else "none"
