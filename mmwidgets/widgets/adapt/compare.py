"""Compare two definitions side by side: both bridge pictures and a table of differences."""

from __future__ import annotations

import html
import re
from typing import Any, Callable

import ipywidgets as W
import traitlets

from mmwidgets.figures.bridge import bridge_figure
from mmwidgets.figures.bridge_marks import mark_bridge
from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.bridge.diff import DefinitionDiff, DiffRow, KINDS, diff_definitions, pillar_groups, what_text, where_text
from mmwidgets.model.bridge.edit import PLACEHOLDER
from mmwidgets.model.bridge.palette import is_hex, palette_key
from mmwidgets.widgets.feedback import MessageArea, guarded
from mmwidgets.widgets.plotly_view import PlotlyView

Resolve = Callable[[str], "BridgeDefinition | None"]


#: rows only for those who open "Geavanceerd": ids and version numbers are tool words
TECHNICAL_FIELDS = ("id", "version")


def _todo_marked(text: str, lang: str) -> str:
    """``text`` escaped, with every "…" (a text still to fill in) said in words."""
    if PLACEHOLDER not in text:
        return html.escape(text)
    todo = f'<span class="mm-diff-todo">{html.escape(t("adapt.diff.todo", lang))}</span>'
    return todo.join(html.escape(part) for part in text.split(PLACEHOLDER))


def _part_todo(definition: BridgeDefinition, row: DiffRow) -> bool:
    """Does the added part of ``row`` still have a text to fill in ("…")?"""
    if row.kind != "added":
        return False
    if row.level == "subpillar" and row.subpillar and definition.has_subpillar(row.subpillar):
        subs = [definition.subpillar(row.subpillar)]
    elif row.level == "pillar":
        subs = [s for p in definition.pillars if p.id == row.pillar for s in p.subpillars]
    else:
        return False
    texts: list = []
    for sub in subs:
        texts += [sub.name, sub.question] + [x for step in sub.steps for x in (step.label, step.text)]
    return any(text is not None and PLACEHOLDER in (text.nl or "") for text in texts)


def _cell(row: DiffRow, side: str, lang: str) -> str:
    """A before/after cell: a colour as a swatch with its name (never its code), else the text."""
    text = row.before_text(lang) if side == "before" else row.after_text(lang)
    if row.field == "colour" and is_hex(text):
        key = palette_key(text)
        name = t(f"adapt.colour.{key}", lang) if key else t("adapt.diff.own_colour", lang)
        return (f'<span class="mm-adapt-colour-swatch" style="background:{text}" aria-hidden="true"></span> '
                f"{html.escape(name)}")
    return _todo_marked(text, lang)


def diff_table_html(diff: DefinitionDiff, lang: str, advanced: bool = False) -> str:
    """The differences as an HTML table, one block per pillar; every text escaped. Ids and
    version numbers only when ``advanced``; colours as swatches; "…" as "nog in te vullen"."""
    rows_shown = [r for r in diff.rows if advanced or r.field not in TECHNICAL_FIELDS]
    if not rows_shown:
        return f'<p class="mm-diff-none">{html.escape(t("adapt.diff.none", lang))}</p>'
    diff = DefinitionDiff(diff.before, diff.after, tuple(rows_shown), diff.sub_renames, diff.pillar_renames)
    esc = html.escape
    head = "".join(
        f"<th>{esc(t(key, lang))}</th>"
        for key in ("adapt.diff.col_where", "adapt.diff.col_what", "adapt.diff.col_before", "adapt.diff.col_after")
    )
    body = []
    for pillar_id, rows in pillar_groups(diff):
        title = where_text(diff, rows[0], lang).split(" › ")[0] if pillar_id else t("adapt.diff.where_definition", lang)
        body.append(f'<tr class="mm-diff-group"><th colspan="4">{_todo_marked(title, lang)}</th></tr>')
        for row in rows:
            todo = PLACEHOLDER in row.after_text(lang) or PLACEHOLDER in where_text(diff, row, lang)
            after = _cell(row, "after", lang)
            if not todo and _part_todo(diff.after, row):
                todo = True
                after += f' <span class="mm-diff-todo">{esc(t("adapt.diff.todo", lang))}</span>'
            body.append(
                f'<tr class="mm-diff-{esc(row.kind)}{" mm-diff-row-todo" if todo else ""}">'
                f"<td>{_todo_marked(where_text(diff, row, lang), lang)}</td>"
                f"<td>{esc(what_text(row, lang))}</td><td>{_cell(row, 'before', lang)}</td>"
                f"<td>{after}</td></tr>"
            )
    counts = diff.counts()
    summary = ", ".join(f"{t(f'adapt.diff.kind.{k}', lang)}: {counts[k]}" for k in KINDS if k in counts)
    return (
        f'<table class="mm-diff"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        f'<p class="mm-diff-summary">{esc(t("adapt.diff.summary", lang, summary=summary))}</p>'
    )


TICK_FONT = 11
TICK_CHAR_PX = 6.6  # average width of a character of a column name at TICK_FONT


def readable_for_compare(figure: dict[str, Any]) -> dict[str, Any]:
    """A bridge picture for half the screen: every column's name on one line, turned upright
    (names side by side run into each other when eleven columns share 450 px), and no
    widths-dependent variants (they would put the crowded labels back)."""
    layout = figure.setdefault("layout", {})
    layout.pop("meta", None)
    axis = dict(layout.get("xaxis") or {})
    texts = [str(x).replace("-<br>", "").replace("<br>", " ") for x in axis.get("ticktext") or []]
    plain = [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in texts]
    longest = max((len(x) for x in plain), default=0)
    bottom = int(16 + TICK_CHAR_PX * longest)
    margin = dict(layout.get("margin") or {})
    old_bottom = int(margin.get("b", 0) or 0)
    margin["b"] = bottom
    axis.update({"ticktext": texts, "tickangle": -90, "tickfont": {**(axis.get("tickfont") or {}), "size": TICK_FONT},
                 "automargin": False})
    layout.update({"xaxis": axis, "margin": margin})
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = int(layout["height"] - old_bottom + bottom)
    return figure


class CompareView(W.VBox):
    """Two dropdowns (A, B), the two bridges side by side, and the difference table."""

    lang = traitlets.Unicode("nl")

    def __init__(self, messages: MessageArea, resolve: Resolve, lang: str = "nl", editing_key: str = ""):
        self._resolve = resolve
        self.editing_key = editing_key
        #: what to say about the bridge being edited (still to fill in, or drawn without errors)
        self.editing_note = ""
        self.note = W.HTML().add_class("mm-adapt-compare-note")
        self.heading = W.HTML()
        self.choice_a = W.Dropdown(options=[], layout=W.Layout(width="48%")).add_class("mm-adapt-compare-a")
        self.choice_b = W.Dropdown(options=[], layout=W.Layout(width="48%")).add_class("mm-adapt-compare-b")
        self.view_a = PlotlyView().add_class("mm-adapt-compare-bridge-a")
        self.view_b = PlotlyView().add_class("mm-adapt-compare-bridge-b")
        self.table = W.HTML().add_class("mm-adapt-diff")
        self.legend = W.HTML().add_class("mm-adapt-compare-legend")
        self.diff: DefinitionDiff | None = None
        # side by side where wide, one above the other where narrow (mm-adapt.css)
        side_a = W.VBox([self.view_a]).add_class("mm-adapt-compare-side")
        side_b = W.VBox([self.view_b]).add_class("mm-adapt-compare-side")
        super().__init__(
            [
                self.heading,
                W.HBox([self.choice_a, self.choice_b]).add_class("mm-adapt-compare-choices"),
                self.note,
                self.legend,
                W.Box([side_a, side_b]).add_class("mm-adapt-compare-pair"),
                self.table,
            ]
        )
        self.add_class("mm-adapt-compare")
        guard = guarded(messages, lambda: self.lang)
        self.choice_a.observe(guard(self._changed), "value")
        self.choice_b.observe(guard(self._changed), "value")
        self._quiet = False
        self.lang = lang
        self._lang({})

    def set_options(self, options: list[tuple[str, str]], a: str | None = None, b: str | None = None) -> None:
        """``options``: (label, key) pairs; keep the chosen keys where they still exist."""
        keys = [key for _, key in options]
        a = a if a in keys else (self.choice_a.value if self.choice_a.value in keys else (keys[0] if keys else None))
        b = b if b in keys else (self.choice_b.value if self.choice_b.value in keys else (keys[-1] if keys else None))
        self._quiet = True
        try:
            self.choice_a.options = options
            self.choice_b.options = options
            self.choice_a.value = a
            self.choice_b.value = b
        finally:
            self._quiet = False
        self.refresh()

    def refresh(self) -> None:
        """Draw both bridges and the table for the chosen pair (e.g. after an edit)."""
        lang = self.lang
        a = self._resolve(self.choice_a.value) if self.choice_a.value else None
        b = self._resolve(self.choice_b.value) if self.choice_b.value else None
        same = self.choice_a.value == self.choice_b.value
        self.diff = diff_definitions(a, b) if a is not None and b is not None and not same else None
        for definition, view, side in ((a, self.view_a, "before"), (b, self.view_b, "after")):
            if definition is None:
                continue
            figure = bridge_figure(definition, None, None, lang)
            if self.diff is not None and not self.diff.same:
                subs, pillars = self.diff.marks(side)
                figure = mark_bridge(figure, definition, subs, pillars, lang)
            view.figure = readable_for_compare(figure)
        editing = self.editing_key and self.editing_key in (self.choice_a.value, self.choice_b.value)
        note = self.editing_note if editing else ""
        self.note.value = f'<p class="mm-msg mm-msg-info">{html.escape(note)}</p>' if note else ""
        legend = t("adapt.diff.legend", lang) if self.diff is not None and not self.diff.same else ""
        if legend and editing and self.editing_note:
            legend += " " + t("adapt.diff.legend_todo", lang)
        self.legend.value = f"<p>{html.escape(legend)}</p>" if legend else ""
        if a is None or b is None:
            self.table.value = ""
            return
        if same:
            self.table.value = f"<p>{html.escape(t('adapt.diff.same_bridge', lang))}</p>"
            return
        self.table.value = diff_table_html(self.diff, lang)  # type: ignore[arg-type]

    def _changed(self, _change: dict[str, Any]) -> None:
        if not self._quiet:
            self.refresh()

    @traitlets.observe("lang")
    def _lang(self, _change: dict[str, Any]) -> None:
        self.heading.value = (
            f"<h2>{html.escape(t('adapt.ui.compare_heading', self.lang))}</h2>"
            f"<p>{html.escape(t('adapt.ui.compare_hint', self.lang))}</p>"
        )
        self.choice_a.description = "A"
        self.choice_b.description = "B"
        if self.choice_a.options:
            self.refresh()
