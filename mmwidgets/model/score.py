"""The workbook score (0-100): our own formula, shown openly to the user.

A step counts as (step - 1) / (steps - 1) x 100, so the bottom rung is 0 and the top 100
whatever the number of steps. A pillar's score is the weighted mean of its answered
sub-pillars; the workbook score is the weighted mean of the pillars that have an answer.
Unanswered sub-pillars do not count (they are not read as zero).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable

from babel.numbers import format_decimal

from mmwidgets.i18n import normalise_language, t
from mmwidgets.model.assessment import Assessment
from mmwidgets.model.dates import format_day
from mmwidgets.model.bridge.definition import BridgeDefinition


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
class Coverage:
    """How much of the bridge a score rests on.

    ``answered`` of ``total`` sub-pillars have a step; ``level`` is ``"none"`` (nothing
    answered), ``"few"`` (less than half), ``"partial"`` (half or more, not all) or
    ``"complete"``. A score that is not complete must say how much is answered
    (:func:`coverage_sentence`): "100 van 100" from one answer out of ten is not a whole score.
    """

    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered == self.total

    @property
    def level(self) -> str:
        if self.answered == 0:
            return "none"
        if self.complete:
            return "complete"
        return "few" if self.answered * 2 < self.total else "partial"


def coverage(
    definition: BridgeDefinition, assessment: Assessment | None, pillar_id: str | None = None
) -> Coverage:
    """How many sub-pillars (of the whole bridge, or of one pillar) are answered."""
    ids = (
        [s.id for s in definition.pillar(pillar_id).subpillars]
        if pillar_id is not None
        else definition.subpillar_ids()
    )
    answered = sum(1 for s in ids if assessment is not None and assessment.step(s) is not None)
    return Coverage(answered=answered, total=len(ids))


@dataclass(frozen=True)
class Change:
    """From one conversation to a later one, like-for-like.

    ``steps``: steps up (+) or down (-) per sub-pillar answered both times (None otherwise).
    ``pillars`` and ``total``: score points, computed ONLY over the sub-pillars answered both
    times (None when a pillar, or the whole bridge, has none). ``based_on`` is how many
    sub-pillars that is, of ``of`` in the bridge; ``pillar_based_on`` the same per pillar.
    So a client who went up on three sub-pillars and down on none never gets a negative change,
    whatever else was answered only once.
    """

    steps: dict[str, int | None]
    pillars: dict[str, float | None]
    total: float | None
    based_on: int = 0
    of: int = 0
    pillar_based_on: dict[str, int] = field(default_factory=dict)


def answered_both(definition: BridgeDefinition, *assessments: Assessment) -> list[str]:
    """The sub-pillar ids (definition order) answered in every one of ``assessments``."""
    return [
        s for s in definition.subpillar_ids() if all(a.step(s) is not None for a in assessments)
    ]


def only(assessment: Assessment, sub_ids: Iterable[str]) -> Assessment:
    """The assessment with only the choices of ``sub_ids`` (the rest counts as unanswered)."""
    keep = set(sub_ids)
    return replace(assessment, choices={k: v for k, v in assessment.choices.items() if k in keep})


def change(definition: BridgeDefinition, before: Assessment, after: Assessment) -> Change:
    """The like-for-like change from ``before`` to ``after`` (see :class:`Change`)."""
    both = answered_both(definition, before, after)
    a = score(definition, only(before, both))
    b = score(definition, only(after, both))
    steps: dict[str, int | None] = {}
    for sub_id in definition.subpillar_ids():
        s0, s1 = before.step(sub_id), after.step(sub_id)
        steps[sub_id] = None if s0 is None or s1 is None else s1 - s0
    pillars = {
        pid: None if a.pillars[pid] is None or b.pillars[pid] is None else b.pillars[pid] - a.pillars[pid]
        for pid in a.pillars
    }
    per_pillar = {
        p.id: sum(1 for s in p.subpillars if s.id in set(both)) for p in definition.pillars
    }
    total = None if a.total is None or b.total is None else b.total - a.total
    return Change(
        steps=steps,
        pillars=pillars,
        total=total,
        based_on=len(both),
        of=len(definition.subpillar_ids()),
        pillar_based_on=per_pillar,
    )


like_for_like = change


def format_points(value: float, lang: str | None = None) -> str:
    """A change in points with its sign and one decimal in the language's format:
    "+1,5" (nl), "-2.0" (en); "0" for no change (after rounding)."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0"
    text = format_decimal(abs(rounded), format="#,##0.0", locale=normalise_language(lang))
    return ("+" if rounded > 0 else "-") + text


def format_one_decimal(value: float | None, lang: str | None = None) -> str:
    """A score with one decimal in the language's format ("33,3" in Dutch); "–" for none."""
    if value is None:
        return "–"
    return format_decimal(round(value, 1), format="#,##0.0", locale=normalise_language(lang))


def coverage_sentence(cov: Coverage, lang: str | None = None) -> str:
    """ "3 van 10 onderdelen ingevuld" (nl) / "3 of 10 parts answered" (en)."""
    return t("change.answered", lang, n=cov.answered, total=cov.total)


def change_sentence(result: Change, since: dt.date, lang: str | None = None) -> str:
    """The change in one plain sentence with what it rests on, e.g.
    "+1,5 punten sinds 30-10-2026, gebaseerd op 3 van de 10 onderdelen die beide keren zijn ingevuld."
    With nothing answered both times it says so instead of showing a number."""
    when = format_day(since, lang)
    if result.total is None or result.based_on == 0:
        return t("change.none", lang, date=when)
    points = format_points(result.total, lang)
    key = "change.same" if points == "0" else "change.points"
    return t(key, lang, points=points, date=when, n=result.based_on, total=result.of)


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
