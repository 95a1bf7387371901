"""The workbook score, per pillar, and the formula in a sentence."""

from __future__ import annotations

import html

import ipywidgets as W
from babel.dates import format_date

from mmwidgets.i18n import t
from mmwidgets.model.definition import BridgeDefinition
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
    ) -> None:
        esc = html.escape
        if score.total is None:
            head = f"<b>{esc(t('score.heading', lang))}</b>: {esc(t('score.none', lang))}"
        else:
            value = t("score.value", lang, score=format_score(score.total, lang))
            head = f"<b>{esc(t('score.heading', lang))}</b>: <span class='mm-score-value'>{esc(value)}</span>"
            if change is not None and change.total is not None and since is not None:
                delta = ("+" if change.total > 0 else "") + format_score(change.total, lang)
                when = format_date(since, "medium", locale=lang)
                head += f" <small>({esc(t('score.change', lang, delta=delta, date=when))})</small>"
        total = len(definition.subpillar_ids())
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
