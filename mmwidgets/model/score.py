"""The workbook score (0-100): our own formula, shown openly to the user.

A step counts as (step - 1) / (steps - 1) x 100, so the bottom rung is 0 and the top 100
whatever the number of steps. A pillar's score is the weighted mean of its answered
sub-pillars; the workbook score is the weighted mean of the pillars that have an answer.
Unanswered sub-pillars do not count (they are not read as zero).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.definition import BridgeDefinition


def step_score(step: int, steps: int) -> float:
    return (step - 1) / (steps - 1) * 100


@dataclass(frozen=True)
class Score:
    total: float | None
    pillars: dict[str, float | None]
    subpillars: dict[str, float | None]


def _weighted(pairs: list[tuple[float, float]]) -> float | None:
    weight = sum(w for _, w in pairs)
    if not pairs or weight <= 0:
        return None
    return sum(v * w for v, w in pairs) / weight


def score(definition: BridgeDefinition, assessment: Assessment | None) -> Score:
    subs: dict[str, float | None] = {}
    pillars: dict[str, float | None] = {}
    for pillar in definition.pillars:
        pairs = []
        for sub in pillar.subpillars:
            step = assessment.step(sub.id) if assessment else None
            value = step_score(step, sub.step_count) if step else None
            subs[sub.id] = value
            if value is not None:
                pairs.append((value, pillar.subpillar_share(sub.id)))
        pillars[pillar.id] = _weighted(pairs)
    total = _weighted(
        [(v, definition.pillar_share(pid)) for pid, v in pillars.items() if v is not None]
    )
    return Score(total=total, pillars=pillars, subpillars=subs)


@dataclass(frozen=True)
class Change:
    """From one assessment to a later one: steps per sub-pillar and score points."""

    steps: dict[str, int | None]
    pillars: dict[str, float | None]
    total: float | None


def change(definition: BridgeDefinition, before: Assessment, after: Assessment) -> Change:
    a, b = score(definition, before), score(definition, after)
    steps = {}
    for sub_id in definition.subpillar_ids():
        s0, s1 = before.step(sub_id), after.step(sub_id)
        steps[sub_id] = None if s0 is None or s1 is None else s1 - s0
    pillars = {
        pid: None if a.pillars[pid] is None or b.pillars[pid] is None else b.pillars[pid] - a.pillars[pid]
        for pid in a.pillars
    }
    total = None if a.total is None or b.total is None else b.total - a.total
    return Change(steps=steps, pillars=pillars, total=total)


def format_score(value: float | None, lang: str | None = None) -> str:
    if value is None:
        return "–"
    return format_decimal(round(value), locale=normalise_language(lang))


def formula_sentence(definition: BridgeDefinition, lang: str | None = None) -> str:
    """The formula in one plain sentence, with this definition's weights."""
    loc = normalise_language(lang)
    parts = [
        f"{p.name.get(lang)} {format_decimal(round(definition.pillar_share(p.id) * 100, 1), locale=loc)}%"
        for p in definition.pillars
    ]
    return t("score.formula", lang, weights=", ".join(parts))
