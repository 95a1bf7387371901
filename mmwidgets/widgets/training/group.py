"""The trainer's group view: one vignette, every trainee's step beside the reference.

Shows the session code to hand out, a heat map (trainees x sub-pillars, with the reference
on top), per trainee the exact and within-one agreement and the linear weighted kappa
against the reference, Krippendorff's ordinal alpha across the group, and the sub-pillar
that divides the group most, so the discussion can start there.

Refreshing: a refresh button, a refresh whenever the vignette changes, and an automatic
refresh every few seconds. The timer is an ipywidgets ``Play`` widget that ticks IN THE
BROWSER (hidden, and switched on and off with a toggle linked to it in the browser): each
tick is an ordinary widget message, so the refresh runs in the kernel's own thread like any
click. No background thread touches the widgets. A refresh that finds nothing new sends
nothing. The timer switches itself on once the heat map has been drawn in the browser
(``auto_start``): the Play widget's browser view only starts ticking when ``playing``
changes after it exists, and a drawn figure proves the page is there. The trainer can
switch it off with the same toggle.

    view = GroupView(vignettes, definitions, "nl")
    view.set_source(fn)          # fn(vignette_id) -> list[TraineeProgress]
    view.on_vignette(cb)         # cb(vignette_id)
    view.on_new_session(cb)      # cb() -> nothing; the app calls show_session(...)
    view.on_open_session(cb)     # cb(code)
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any, Callable, Mapping, Sequence

import ipywidgets as W
import traitlets
from babel.dates import format_time

from mmwidgets.figures.group import group_figure
from mmwidgets.i18n import t
from mmwidgets.model.training.agreement import GroupSummary, group_summary
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.training.content import TraineeProgress, Vignette
from mmwidgets.model.training.report import agreement_words, join_names
from mmwidgets.widgets.a11y import name_control
from mmwidgets.widgets.feedback import MessageArea
from mmwidgets.widgets.plotly_view import PlotlyView
from mmwidgets.widgets.training.common import STYLE, VignettePanel, decimal, percent

_e = html.escape
DEFAULT_INTERVAL_MS = 2000  # a trainee's click shows on the wall within ~2 s (one small query per tick)
#: Krippendorff's rule of thumb: rely on alpha >= .800; tentative conclusions from .667
ALPHA_GOOD, ALPHA_TENTATIVE = 0.8, 0.667

Source = Callable[[str], Sequence[TraineeProgress]]


class GroupView(VignettePanel):
    #: counts refreshes that changed what is shown (tests and benchmarks)
    shown_version = traitlets.Int(0)

    def __init__(
        self,
        vignettes: Mapping[str, Vignette],
        definitions: Mapping[str, BridgeDefinition],
        lang: str = "nl",
        messages: MessageArea | None = None,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        auto_start: bool = True,
    ):
        super().__init__(
            "mm-train-group", vignettes, definitions, lang, messages, choice_class="mm-train-group-vignette"
        )
        self._source: Source | None = None
        self._handlers: dict[str, list[Callable[..., Any]]] = {"vignette": [], "new": [], "open": [], "close": []}
        #: per vignette, the sub-pillars whose reference the trainer has revealed
        self.revealed: dict[str, set[str]] = {}
        self.trainer_key: str | None = None
        self.closed = False
        self._shown: tuple[Any, ...] | None = None
        self.progress: list[TraineeProgress] = []
        self.summary: GroupSummary | None = None
        self.code: str | None = None
        self.refreshed_at: dt.datetime | None = None

        self.heading = W.HTML()
        self.session_html = W.HTML().add_class("mm-train-session-code")
        self.new_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-new-session")
        self.open_code = W.Text(layout=W.Layout(width="290px", max_width="100%")).add_class("mm-train-open-code")
        self.open_key = W.Password(layout=W.Layout(width="240px", max_width="100%")).add_class("mm-train-open-key")
        self.open_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-open-session")
        self.close_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-close-session")
        # closing asks first: the trainees can no longer change anything afterwards
        self.close_question = W.HTML().add_class("mm-train-close-question")
        self.close_yes = W.Button(button_style="danger", layout=W.Layout(width="auto")).add_class("mm-train-close-yes")
        self.close_no = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-close-no")
        self.close_confirm = W.HBox(
            [self.close_question, self.close_yes, self.close_no],
            layout=W.Layout(flex_flow="row wrap", align_items="center", display="none"),
        ).add_class("mm-train-close-confirm")
        self.key_html = W.HTML().add_class("mm-train-key")
        self.key_box = W.Accordion([self.key_html], selected_index=None).add_class("mm-train-key-box")
        self.reveal_choice = W.Dropdown(layout=W.Layout(width="auto")).add_class("mm-train-reveal-choice")
        self.reveal_button = W.Button(button_style="warning", layout=W.Layout(width="auto")).add_class("mm-train-reveal")
        self.hide_button = W.Button(layout=W.Layout(width="auto")).add_class("mm-train-hide")
        self.hidden_note = W.HTML().add_class("mm-train-hidden-note")
        self.words_html = W.HTML().add_class("mm-train-words")
        self.refresh_button = W.Button(button_style="primary", icon="", layout=W.Layout(width="auto"))
        self.refresh_button.add_class("mm-train-refresh")
        self.auto = W.ToggleButton(value=False, layout=W.Layout(width="auto")).add_class("mm-train-autorefresh")
        self.timer = W.Play(
            value=0, min=0, max=10**9, step=1, interval=interval_ms, repeat=True, show_repeat=False,
            layout=W.Layout(display="none"),
        ).add_class("mm-train-timer")  # fmt: skip
        W.jslink((self.auto, "value"), (self.timer, "playing"))
        self.status = W.HTML().add_class("mm-train-status")
        self.figure = PlotlyView().add_class("mm-train-heatmap")
        self.stats_html = W.HTML().add_class("mm-train-stats")
        self.divisive_html = W.HTML().add_class("mm-train-divisive")
        self.notes_html = W.HTML()
        self.notes = W.Accordion([self.notes_html], selected_index=None).add_class("mm-train-notes")
        self.figures_box = W.Accordion([self.stats_html], selected_index=None).add_class("mm-train-figures")
        self.children = [
            W.HTML(STYLE),
            self.heading,
            self.session_html,
            W.HBox(
                [self.new_button, self.open_code, self.open_key, self.open_button],
                layout=W.Layout(flex_flow="row wrap"),
            ),
            self.key_box,
            W.HBox([self.close_button], layout=W.Layout(justify_content="flex-end")),
            self.close_confirm,
            self.messages,
            self.choice,
            W.HBox([self.refresh_button, self.auto, self.timer, self.status], layout=W.Layout(align_items="center", flex_flow="row wrap")),
            W.HBox([self.reveal_choice, self.reveal_button, self.hide_button], layout=W.Layout(align_items="center", flex_flow="row wrap")),
            self.hidden_note,
            self.figure,
            self.words_html,
            self.divisive_html,
            self.figures_box,
            self.notes,
        ]
        self.reveal_button.on_click(self.guard(lambda _b: self.reveal(self.reveal_choice.value)))
        self.hide_button.on_click(self.guard(lambda _b: self.hide()))
        self.close_button.on_click(self.guard(lambda _b: self._ask_close(True)))
        self.close_no.on_click(self.guard(lambda _b: self._ask_close(False)))
        self.close_yes.on_click(self.guard(lambda _b: self._confirm_close()))
        self.refresh_button.on_click(self.guard(lambda _b: self.refresh(force=True)))
        self.timer.observe(self.guard(lambda _c: self.refresh()), "value")
        self._auto_start = auto_start
        self.figure.observe(self.guard(self._on_drawn), "rendered")
        self.new_button.on_click(self.guard(lambda _b: self._emit("new")))
        self.open_button.on_click(self.guard(lambda _b: self._emit("open", self.open_code.value, self.open_key.value)))
        self._texts()
        self._show()

    # -- public API ----------------------------------------------------------------------
    def set_source(self, source: Source) -> None:
        self._source = source

    def on_vignette(self, handler: Callable[[str], Any]) -> None:
        self._handlers["vignette"].append(handler)

    def on_new_session(self, handler: Callable[[], Any]) -> None:
        self._handlers["new"].append(handler)

    def on_open_session(self, handler: Callable[[str, str], Any]) -> None:
        """``handler(code, key)``: the trainer's key as typed (empty: the app looks in the browser)."""
        self._handlers["open"].append(handler)

    def on_close_session(self, handler: Callable[[], Any]) -> None:
        self._handlers["close"].append(handler)

    def reveal(self, sub_id: str | None = "*") -> None:
        """Show the reference for one sub-pillar, or for the whole vignette (``"*"``)."""
        ids = set(self.vignette.reference_steps())
        shown = self.revealed.setdefault(self.vignette_id, set())
        shown |= ids if sub_id in (None, "*") else ({sub_id} & ids)
        self._shown = None
        self.refresh(force=True)

    def hide(self) -> None:
        self.revealed.pop(self.vignette_id, None)
        self._shown = None
        self.refresh(force=True)

    def _ask_close(self, asking: bool) -> None:
        self.close_confirm.layout.display = "" if asking else "none"

    def _confirm_close(self) -> None:
        self._ask_close(False)
        self._emit("close")

    def show_closed(self) -> None:
        self.closed = True
        self.auto.value = False
        self._session_text()

    def show_session(self, code: str, vignette_id: str | None = None, trainer_key: str | None = None) -> None:
        self.code = code
        self.closed = False
        self.trainer_key = trainer_key
        self.open_code.value = ""
        self.open_key.value = ""
        self._shown = None
        self._session_text()
        if vignette_id and vignette_id in self.vignettes and vignette_id != self.vignette_id:
            self.select(vignette_id)  # refreshes through the choice
        else:
            self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Re-read the answers; redraw only when something changed (or ``force``)."""
        if self._source is None:
            return
        progress = list(self._source(self.vignette_id))
        self.refreshed_at = dt.datetime.now()
        key = (self.vignette_id, self.lang, self.code, tuple(progress))
        if not force and key == self._shown:
            self._status()
            return
        self.progress = progress
        self._shown = key
        self._show()

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self._fill_choice()
        self._texts()
        self._show()

    # -- internals -----------------------------------------------------------------------
    def _on_drawn(self, change: dict[str, Any]) -> None:
        if self._auto_start and change["new"]:
            self._auto_start = False  # once: afterwards the toggle is the trainer's
            self.auto.value = True

    def _emit(self, kind: str, *args: Any) -> None:
        for handler in self._handlers[kind]:
            handler(*args)

    def _fill_reveal_choice(self) -> None:
        lang, defn = self.lang, self.definition
        reference = self.vignette.reference_steps()
        options = [(t("train.reveal_all", lang), "*")] + [
            (sub.name.get(lang), sub.id) for _, sub in defn.subpillars() if sub.id in reference
        ]
        value = self.reveal_choice.value if self.reveal_choice.value in {v for _, v in options} else "*"
        self.reveal_choice.options = options
        self.reveal_choice.value = value
        name_control(self.reveal_choice, t("a11y.label_reveal", lang))

    def _vignette_changed(self, previous: Vignette) -> None:
        self._fill_reveal_choice()
        self._emit("vignette", self.vignette_id)
        self.progress = []
        self.refresh(force=True)

    def _texts(self) -> None:
        lang = self.lang
        self.heading.value = f"<h2>{_e(t('train.group_title', lang))}</h2><p>{_e(t('train.group_intro', lang))}</p>"
        self.new_button.description = t("train.new_session", lang)
        self.open_code.placeholder = t("train.code_placeholder", lang)
        self.open_button.description = t("train.open_session", lang)
        self.open_key.placeholder = t("train.key_placeholder", lang)
        self.close_button.description = t("train.close_session", lang)
        self.close_question.value = f"<p class='mm-train-callout'>{_e(t('train.close_question', lang))}</p>"
        self.close_yes.description = t("train.close_yes", lang)
        self.close_no.description = t("train.close_no", lang)
        self.reveal_button.description = t("train.reveal", lang)
        self.hide_button.description = t("train.hide", lang)
        self.key_box.set_title(0, t("train.trainer_key_title", lang))
        self.figures_box.set_title(0, t("train.figures_title", lang))
        self._fill_reveal_choice()
        self.refresh_button.description = t("train.refresh", lang)
        self.auto.description = t("train.autorefresh", lang, seconds=round(self.timer.interval / 1000))
        self.auto.tooltip = self.auto.description
        self.notes.set_title(0, t("train.trainer_notes", lang))
        self._session_text()

    def _session_text(self) -> None:
        lang = self.lang
        key_text = t("train.trainer_key_text", lang, key=self.trainer_key) if self.trainer_key else ""
        self.key_html.value = f"<p>{_e(key_text)}</p>" if key_text else ""
        self.key_box.layout.display = "" if key_text else "none"
        self.close_button.layout.display = "" if self.code and not self.closed else "none"
        if self.code is None:
            self.session_html.value = f"<p class='mm-train-muted'>{_e(t('train.no_session', lang))}</p>"
            return
        if self.closed:
            self.session_html.value = f"<p class='mm-train-callout'>{_e(t('train.session_closed', lang, code=self.code))}</p>"
            return
        self.session_html.value = (
            f"<p>{_e(t('train.session_code', lang))}</p>"
            f"<p class='mm-train-code-big'>{_e(self.code)}</p>"
            f"<p class='mm-train-muted'>{_e(t('train.session_howto', lang))}</p>"
        )

    def _status(self) -> None:
        if self.refreshed_at is None:
            self.status.value = ""
            return
        when = format_time(self.refreshed_at, "HH:mm:ss", locale=self.lang)
        text = t("train.refreshed", self.lang, time=when, n=len(self.progress))
        self.status.value = f"<span class='mm-train-muted'>{_e(text)}</span>"

    def _show(self) -> None:
        lang, vignette, defn = self.lang, self.vignette, self.definition
        reference = vignette.reference_steps()
        answers = {p.nickname: p.steps for p in self.progress}
        ids = [s for s in defn.subpillar_ids() if s in reference]
        summary = group_summary(reference, answers, ids)
        self.summary = summary
        shown = self.revealed.get(self.vignette_id, set())
        self.figure.figure = group_figure(
            defn, reference, [(p.nickname, p.steps) for p in self.progress], lang, summary.most_divisive, shown
        )
        hidden = [s for s in ids if s not in shown]
        if hidden and any(s in shown for s in ids):  # a partial reveal: say which parts are shown
            names = join_names([defn.subpillar(s).name.get(lang) for s in ids if s in shown], lang)
            note = t("train.reference_partly", lang, names=names)
        else:
            note = t("train.reference_hidden", lang) if hidden else ""
        self.hidden_note.value = f"<p class='mm-train-muted'>{_e(note)}</p>" if note else ""
        self.hide_button.layout.display = "" if shown else "none"
        self.words_html.value = self._words(summary)
        self._show_stats(group_summary(reference, answers, [s for s in ids if s in shown]) if shown else None, summary)
        self._show_divisive(summary, shown)
        notes = "".join(f"<li>{_e(n.get(lang))}</li>" for n in vignette.trainer_notes)
        self.notes_html.value = f"<ul>{notes}</ul>" if notes else ""
        self._status()
        self.shown_version += 1

    def _words(self, summary: GroupSummary) -> str:
        """The group's agreement in words, for the discussion (the statistics are one click away)."""
        words = agreement_words(summary, self.definition, self.lang)
        return "".join(f"<p class='mm-train-summary-line'>{_e(w)}</p>" for w in words)

    def _show_stats(self, summary: GroupSummary | None, group: GroupSummary) -> None:
        """Per trainee against the REVEALED part of the reference (``summary``), alpha for the group."""
        lang = self.lang
        if summary is None:
            self.stats_html.value = self._alpha_html(group)
            return
        total = len(summary.sub_ids)
        head = "".join(
            f"<th>{_e(t(k, lang))}</th>"
            for k in ("train.col_name", "train.col_answered", "train.col_exact", "train.col_within", "train.col_kappa", "train.col_seen")
        )
        rows = []
        for progress, stats in zip(self.progress, summary.trainees):
            agree = stats.agreement
            seen = t("train.seen_yes", lang, attempt=progress.attempt) if progress.checks else t("train.seen_no", lang)
            rows.append(
                f"<tr class='mm-train-trainee'><td>{_e(progress.nickname)}</td>"
                f"<td>{agree.compared}/{total}</td><td>{percent(agree.exact, lang)}</td>"
                f"<td>{percent(agree.within_one, lang)}</td><td>{decimal(stats.kappa, lang)}</td>"
                f"<td>{_e(seen)}</td></tr>"
            )
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>" if rows else ""
        self.stats_html.value = self._alpha_html(group, table)

    def _alpha_html(self, summary: GroupSummary, table: str = "") -> str:
        lang = self.lang
        alpha = summary.alpha
        if alpha is None:
            verdict = t("train.alpha_none", lang)
        elif alpha >= ALPHA_GOOD:
            verdict = t("train.alpha_good", lang)
        elif alpha >= ALPHA_TENTATIVE:
            verdict = t("train.alpha_tentative", lang)
        else:
            verdict = t("train.alpha_low", lang)
        alpha_line = t("train.alpha_line", lang, alpha=decimal(alpha, lang), n=len(self.progress), verdict=verdict)
        return (
            f"<div class='mm-train-feedback'><p class='mm-train-summary-line mm-train-alpha'>{_e(alpha_line)}</p>"
            f"{table}<p class='mm-train-muted'>{_e(t('train.stats_explain', lang))}</p></div>"
        )

    def _show_divisive(self, summary: GroupSummary, shown: set[str]) -> None:
        """Where to start the discussion; the reference and its reason only once revealed."""
        lang, defn, vignette = self.lang, self.definition, self.vignette
        parts = []
        if summary.most_divisive is not None:
            division = next(d for d in summary.divisions if d.sub_id == summary.most_divisive)
            name = defn.subpillar(division.sub_id).name.get(lang)
            if division.sub_id in shown:
                parts.append(t("train.divisive", lang, name=name, low=division.low, high=division.high, ref=division.reference))
                parts.append(t("train.reference_why", lang, why=vignette.reference[division.sub_id].why.get(lang)))
            else:
                parts.append(t("train.divisive_hidden", lang, name=name, low=division.low, high=division.high))
        elif self.progress:
            parts.append(t("train.no_division", lang))
        furthest = summary.furthest_from_reference
        if furthest and furthest in shown and furthest != summary.most_divisive:
            division = next(d for d in summary.divisions if d.sub_id == summary.furthest_from_reference)
            name = defn.subpillar(division.sub_id).name.get(lang)
            parts.append(t("train.furthest", lang, name=name, gap=decimal(division.off_reference, lang, 1)))
        self.divisive_html.value = (
            "<div class='mm-train-callout'>" + "".join(f"<p>{_e(p)}</p>" for p in parts) + "</div>" if parts else ""
        )
