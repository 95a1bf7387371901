"""The workbook score, per pillar, and the formula in a sentence."""

from __future__ import annotations

import html

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.model.bridge.definition import BridgeDefinition
from mmwidgets.model.score import Change, Score, format_score, formula_sentence


class ScoreView(W.VBox):
    def __init__(self):
        self.summary = W.HTML().add_class("mm-score")
        self.formula = W.HTML().add_class("mm-score-formula")
        self.details = W.Accordion(children=[self.formula])
        super().__init__([self.summary, self.details])

    def show(
        self,
        definition: BridgeDefinition,
        score: Score,
        answered: int,
        lang: str,
        change: Change | None = None,
        since=None,
        based_on: int = 0,
    ) -> None:
        esc = html.escape
        if score.total is None:
            head = f"<b>{esc(t('score.heading', lang))}</b>: {esc(t('score.none', lang))}"
        else:
            value = t("score.value", lang, score=format_score(score.total, lang))
            head = f"<b>{esc(t('score.heading', lang))}</b>: <span class='mm-score-value'>{esc(value)}</span>"
        total = len(definition.subpillar_ids())
        if score.total is not None and answered < total:
            head += f"<div class='mm-score-partial'><small>{esc(t('score.partial', lang, n=answered, total=total))}</small></div>"
        if since is not None:
            when = f"{since.day}-{since.month}-{since.year}"
            if change is not None and change.total is not None and based_on:
                rounded = round(change.total)
                delta = ("+" if rounded > 0 else "") + format_score(change.total, lang)
                key = "score.change_same" if rounded == 0 else "score.change"
                head += (f"<div class='mm-score-change'>{esc(t(key, lang, delta=delta, date=when))} "
                         f"{esc(t('score.based_on', lang, n=based_on, total=total))}</div>")
            else:
                head += f"<div class='mm-score-change'>{esc(t('score.change_none', lang, date=when))}</div>"
        rows = "".join(
            f"<tr><td><span style='color:{p.colour}'>■</span> {esc(p.name.get(lang))}</td>"
            f"<td style='text-align:right'>{esc(format_score(score.pillars.get(p.id), lang))}</td></tr>"
            for p in definition.pillars
        )
        self.summary.value = (
            f"<div>{head}</div><div><small>{esc(t('score.answered', lang, n=answered, total=total))}</small></div>"
            f"<table class='mm-pillar-scores'>{rows}</table>"
        )
        self.details.set_title(0, t("score.how", lang))
        self.formula.value = f"<p>{esc(formula_sentence(definition, lang))}</p>"
