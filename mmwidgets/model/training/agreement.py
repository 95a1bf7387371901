"""How close a trainee's bridge scoring is to the reference, and how much a group agrees.

Pure Python (no numpy), so that it runs in the model layer and can be read line by line.

Feedback per sub-pillar
    ``exact`` (same step), ``one_off`` (one step above or below), ``further`` (two or more
    steps apart) or ``missing`` (no answer).

Exact and within-one agreement
    The share of answered sub-pillars on the reference step, and within one step of it.
    Unanswered sub-pillars are left out of the share and counted separately.

Weighted kappa (Cohen), trainee against the reference: LINEAR weights by default.
    The disagreement between step *i* and step *j* is ``|i - j|``: two steps off costs
    twice as much as one step off. That is how the feedback and the training talk about
    a scoring ("one step too high"). Quadratic weights (``(i - j)**2``) would give a
    one-step miss on a five-step scale 94 % credit, which hides exactly the small,
    systematic misses a calibration session is meant to discuss. ``weights="quadratic"``
    is available for comparison. Scaling the weights does not change kappa, so the number
    of steps does not enter the formula. With ten sub-pillars per trainee kappa is a rough
    figure: read it beside the exact and within-one shares.

Krippendorff's alpha across the group: ORDINAL metric by default.
    Steps are ordered, but the distance between "crisis" and "unstable" need not equal the
    distance between "stable" and "self-sufficient"; the ordinal metric uses only the order
    (and how often each step is used), not equal spacing. ``"interval"`` (equal spacing)
    and ``"nominal"`` are available. Coders are the trainees, units are the sub-pillars;
    the reference is not a coder (each trainee's kappa covers the reference). A
    sub-pillar counts only when at least two trainees answered it (Krippendorff 2011).

Undefined figures are ``None``, never NaN: no pairs to compare; one trainee (alpha needs
two coders on a unit); or no variation at all in the data (everyone chose the same step
on every sub-pillar, so agreement cannot be told apart from chance). Screens show "–"
with the exact agreement beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal, Mapping, Sequence

Verdict = Literal["exact", "one_off", "further", "missing"]
KappaWeights = Literal["linear", "quadratic"]
AlphaLevel = Literal["nominal", "ordinal", "interval"]

DEFAULT_KAPPA_WEIGHTS: KappaWeights = "linear"
DEFAULT_ALPHA_LEVEL: AlphaLevel = "ordinal"


# -- feedback per sub-pillar ----------------------------------------------------------
@dataclass(frozen=True)
class SubFeedback:
    sub_id: str
    answer: int | None
    reference: int

    @property
    def distance(self) -> int | None:
        """Signed: positive when the answer is above (more self-sufficient than) the reference."""
        return None if self.answer is None else self.answer - self.reference

    @property
    def verdict(self) -> Verdict:
        return verdict(self.answer, self.reference)


def verdict(answer: int | None, reference: int) -> Verdict:
    if answer is None:
        return "missing"
    gap = abs(answer - reference)
    if gap == 0:
        return "exact"
    if gap == 1:
        return "one_off"
    return "further"


def feedback(
    reference: Mapping[str, int],
    answer: Mapping[str, int | None],
    order: Sequence[str] | None = None,
) -> list[SubFeedback]:
    """One :class:`SubFeedback` per sub-pillar of the reference, in ``order`` if given."""
    ids = list(order) if order is not None else list(reference)
    return [SubFeedback(sub_id, answer.get(sub_id), reference[sub_id]) for sub_id in ids if sub_id in reference]


@dataclass(frozen=True)
class Agreement:
    """Exact and within-one agreement of one answer with the reference."""

    compared: int  # sub-pillars with both an answer and a reference
    missing: int  # sub-pillars of the reference without an answer
    exact_count: int
    within_one_count: int

    @property
    def exact(self) -> float | None:
        return self.exact_count / self.compared if self.compared else None

    @property
    def within_one(self) -> float | None:
        return self.within_one_count / self.compared if self.compared else None


def agreement(reference: Mapping[str, int], answer: Mapping[str, int | None]) -> Agreement:
    items = feedback(reference, answer)
    verdicts = [item.verdict for item in items]
    compared = sum(1 for v in verdicts if v != "missing")
    exact = verdicts.count("exact")
    return Agreement(
        compared=compared,
        missing=verdicts.count("missing"),
        exact_count=exact,
        within_one_count=exact + verdicts.count("one_off"),
    )


# -- weighted kappa -------------------------------------------------------------------
def _kappa_weight(i: float, j: float, weights: KappaWeights) -> float:
    if weights == "linear":
        return abs(i - j)
    if weights == "quadratic":
        return (i - j) ** 2
    raise ValueError(f"unknown kappa weights {weights!r}")


def weighted_kappa(
    rater_a: Sequence[int | None],
    rater_b: Sequence[int | None],
    weights: KappaWeights = DEFAULT_KAPPA_WEIGHTS,
) -> float | None:
    """Cohen's weighted kappa of two raters over the same items (``None`` = no answer).

    ``kappa = 1 - sum(w * observed) / sum(w * expected)``, with disagreement weights ``w``,
    the observed proportions of (a, b) pairs, and the expected proportions from the
    product of the two raters' marginal distributions. Items one rater left open are
    dropped. ``None`` when no item is left or when the expected disagreement is zero.
    """
    if len(rater_a) != len(rater_b):
        raise ValueError("both raters must rate the same items")
    pairs = [(a, b) for a, b in zip(rater_a, rater_b) if a is not None and b is not None]
    n = len(pairs)
    if n == 0:
        return None
    categories = sorted({v for pair in pairs for v in pair})
    index = {c: i for i, c in enumerate(categories)}
    size = len(categories)
    observed = [[0.0] * size for _ in range(size)]
    for a, b in pairs:
        observed[index[a]][index[b]] += 1 / n
    row = [sum(observed[i]) for i in range(size)]
    col = [sum(observed[i][j] for i in range(size)) for j in range(size)]
    disagree_observed = 0.0
    disagree_expected = 0.0
    for i, ci in enumerate(categories):
        for j, cj in enumerate(categories):
            w = _kappa_weight(ci, cj, weights)
            disagree_observed += w * observed[i][j]
            disagree_expected += w * row[i] * col[j]
    if disagree_expected <= 1e-12:
        return None
    return 1 - disagree_observed / disagree_expected


# -- Krippendorff's alpha -------------------------------------------------------------
def _delta_squared(
    c: float, k: float, level: AlphaLevel, counts: Mapping[float, float], values: Sequence[float]
) -> float:
    if level == "nominal":
        return 0.0 if c == k else 1.0
    if level == "interval":
        return (c - k) ** 2
    if level == "ordinal":
        if c == k:
            return 0.0
        low, high = (c, k) if c < k else (k, c)
        between = sum(counts[g] for g in values if low <= g <= high)
        return (between - (counts[low] + counts[high]) / 2) ** 2
    raise ValueError(f"unknown level of measurement {level!r}")


def krippendorff_alpha(
    reliability_data: Sequence[Sequence[float | None]],
    level: AlphaLevel = DEFAULT_ALPHA_LEVEL,
) -> float | None:
    """Krippendorff's alpha; ``reliability_data[coder][unit]``, ``None`` for a missing value.

    Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": a coincidence
    matrix over the pairable values (units with at least two values), then
    ``alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)``.
    ``None`` when fewer than two pairable values exist or all pairable values are equal.
    """
    if not reliability_data:
        return None
    width = len(reliability_data[0])
    if any(len(row) != width for row in reliability_data):
        raise ValueError("every coder needs a value (or None) for every unit")
    coincidence: dict[tuple[float, float], float] = {}
    for unit in range(width):
        present = [row[unit] for row in reliability_data if row[unit] is not None]
        m = len(present)
        if m < 2:
            continue
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            key = (present[i], present[j])
            coincidence[key] = coincidence.get(key, 0.0) + 1 / (m - 1)
    counts: dict[float, float] = {}
    for (c, _k), o in coincidence.items():
        counts[c] = counts.get(c, 0.0) + o
    n = sum(counts.values())
    values = sorted(counts)
    if n < 2 or len(values) < 2:
        return None
    observed = sum(o * _delta_squared(c, k, level, counts, values) for (c, k), o in coincidence.items())
    expected = sum(
        counts[c] * counts[k] * _delta_squared(c, k, level, counts, values)
        for c in values
        for k in values
    )
    if expected <= 1e-12:
        return None
    return 1 - (n - 1) * observed / expected


# -- a group of trainees against one reference ---------------------------------------
@dataclass(frozen=True)
class TraineeStats:
    name: str
    agreement: Agreement
    kappa: float | None


@dataclass(frozen=True)
class Division:
    """How much the group differs on one sub-pillar."""

    sub_id: str
    reference: int
    answers: tuple[int, ...]  # the steps the trainees chose, in trainee order, no gaps
    spread: float | None  # mean absolute difference over all pairs of trainees (None: < 2 answers)
    off_reference: float | None  # mean absolute distance of the answers to the reference

    @property
    def low(self) -> int | None:
        return min(self.answers) if self.answers else None

    @property
    def high(self) -> int | None:
        return max(self.answers) if self.answers else None


@dataclass(frozen=True)
class GroupSummary:
    sub_ids: tuple[str, ...]
    trainees: tuple[TraineeStats, ...]
    alpha: float | None
    divisions: tuple[Division, ...]  # in sub-pillar order
    kappa_weights: KappaWeights = DEFAULT_KAPPA_WEIGHTS
    alpha_level: AlphaLevel = DEFAULT_ALPHA_LEVEL
    most_divisive: str | None = None  # None when no sub-pillar divides the group
    furthest_from_reference: str | None = None  # None when everybody is on the reference
    ranking: tuple[str, ...] = field(default=())  # sub-pillars, most divisive first


def _mean_pair_difference(values: Sequence[int]) -> float | None:
    if len(values) < 2:
        return None
    pairs = list(combinations(values, 2))
    return sum(abs(a - b) for a, b in pairs) / len(pairs)


def divisions(
    reference: Mapping[str, int],
    answers: Mapping[str, Mapping[str, int | None]],
    sub_ids: Sequence[str],
) -> list[Division]:
    out = []
    for sub_id in sub_ids:
        chosen = tuple(a.get(sub_id) for a in answers.values())
        present = tuple(v for v in chosen if v is not None)
        ref = reference[sub_id]
        off = sum(abs(v - ref) for v in present) / len(present) if present else None
        out.append(Division(sub_id, ref, present, _mean_pair_difference(present), off))
    return out


def rank_divisions(items: Sequence[Division]) -> list[Division]:
    """Most divisive first: larger spread, then further from the reference, then bridge order."""
    position = {d.sub_id: i for i, d in enumerate(items)}
    return sorted(
        items,
        key=lambda d: (-(d.spread or 0.0), -(d.off_reference or 0.0), position[d.sub_id]),
    )


def group_summary(
    reference: Mapping[str, int],
    answers: Mapping[str, Mapping[str, int | None]],
    sub_ids: Sequence[str] | None = None,
    kappa_weights: KappaWeights = DEFAULT_KAPPA_WEIGHTS,
    alpha_level: AlphaLevel = DEFAULT_ALPHA_LEVEL,
) -> GroupSummary:
    """Everything the trainer's view shows for one vignette.

    ``answers`` maps each trainee's nickname to their steps (in join order).
    """
    ids = tuple(sub_ids) if sub_ids is not None else tuple(reference)
    ref_row = [reference[s] for s in ids]
    trainees = tuple(
        TraineeStats(
            name=name,
            agreement=agreement({s: reference[s] for s in ids}, steps),
            kappa=weighted_kappa(ref_row, [steps.get(s) for s in ids], kappa_weights),
        )
        for name, steps in answers.items()
    )
    data = [[steps.get(s) for s in ids] for steps in answers.values()]
    alpha = krippendorff_alpha(data, alpha_level) if len(data) >= 2 else None
    divs = divisions(reference, answers, ids)
    ranked = rank_divisions(divs)
    top = ranked[0] if ranked else None
    most = top.sub_id if top is not None and (top.spread or 0) > 0 else None
    by_off = sorted(divs, key=lambda d: (-(d.off_reference or 0.0), ids.index(d.sub_id)))
    furthest = by_off[0].sub_id if by_off and (by_off[0].off_reference or 0) > 0 else None
    return GroupSummary(
        sub_ids=ids,
        trainees=trainees,
        alpha=alpha,
        divisions=tuple(divs),
        kappa_weights=kappa_weights,
        alpha_level=alpha_level,
        most_divisive=most,
        furthest_from_reference=furthest,
        ranking=tuple(d.sub_id for d in ranked),
    )
