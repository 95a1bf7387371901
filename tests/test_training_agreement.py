"""Agreement statistics: checked by hand, against published values and against the
independent ``krippendorff`` package (a test dependency only)."""

from __future__ import annotations

import itertools
import math
import random

import krippendorff
import numpy as np
import pytest

from mmwidgets.model.training.agreement import (
    agreement,
    feedback,
    group_summary,
    krippendorff_alpha,
    verdict,
    weighted_kappa,
)

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the worked example with
# 4 observers x 12 units and missing values. Published: nominal .743, ordinal .815, interval .849.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def as_array(data):
    return np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)


def package_alpha(data, level):
    return krippendorff.alpha(reliability_data=as_array(data), level_of_measurement=level)


# -- feedback per sub-pillar --------------------------------------------------------------
def test_verdicts():
    assert verdict(3, 3) == "exact"
    assert verdict(2, 3) == "one_off"
    assert verdict(4, 3) == "one_off"
    assert verdict(1, 3) == "further"
    assert verdict(5, 2) == "further"
    assert verdict(None, 3) == "missing"


def test_feedback_follows_the_given_order_and_signs_the_distance():
    reference = {"a": 3, "b": 2, "c": 5}
    items = feedback(reference, {"a": 4, "c": 2}, order=["c", "b", "a"])
    assert [i.sub_id for i in items] == ["c", "b", "a"]
    assert [i.verdict for i in items] == ["further", "missing", "one_off"]
    assert [i.distance for i in items] == [-3, None, 1]


def test_agreement_leaves_missing_answers_out_of_the_shares():
    reference = {"a": 3, "b": 2, "c": 5, "d": 1}
    result = agreement(reference, {"a": 3, "b": 3, "c": 2})
    assert (result.compared, result.missing) == (3, 1)
    assert result.exact == pytest.approx(1 / 3)
    assert result.within_one == pytest.approx(2 / 3)


def test_agreement_without_any_answer_is_undefined():
    result = agreement({"a": 3}, {})
    assert result.exact is None and result.within_one is None and result.missing == 1


# -- weighted kappa -----------------------------------------------------------------------
def test_weighted_kappa_worked_example_by_hand():
    # Reference 1,2,3,3,2 and trainee 1,3,3,2,2. Both marginals: p(1)=.2, p(2)=.4, p(3)=.4.
    # Linear: observed disagreement (0+1+0+1+0)/5 = 0.4;
    #   expected = .2*.4*1 + .2*.4*2 + .4*.2*1 + .4*.4*1 + .4*.2*2 + .4*.4*1 = 0.80;  kappa = 1 - .4/.8 = 0.5
    # Quadratic: observed 0.4; expected = .08 + .32 + .08 + .16 + .32 + .16 = 1.12;   kappa = 1 - .4/1.12 = 9/14
    ref, trainee = [1, 2, 3, 3, 2], [1, 3, 3, 2, 2]
    assert weighted_kappa(ref, trainee) == pytest.approx(0.5)
    assert weighted_kappa(ref, trainee, "linear") == pytest.approx(0.5)
    assert weighted_kappa(ref, trainee, "quadratic") == pytest.approx(9 / 14)


def independent_kappa(a, b, power):
    """Expected disagreement as the mean over all n*n cross pairs (same as the marginals product)."""
    pairs = [(x, y) for x, y in zip(a, b) if x is not None and y is not None]
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    observed = sum(abs(x - y) ** power for x, y in pairs) / len(pairs)
    expected = sum(abs(x - y) ** power for x in xs for y in ys) / len(pairs) ** 2
    return 1 - observed / expected


@pytest.mark.parametrize("seed", range(25))
def test_weighted_kappa_matches_an_independent_formula(seed):
    rng = random.Random(seed)
    n = rng.randint(4, 15)
    a = [rng.randint(1, 5) for _ in range(n)]
    b = [min(5, max(1, x + rng.choice([-2, -1, 0, 0, 0, 1, 1]))) for x in a]
    if rng.random() < 0.5:
        b[rng.randrange(n)] = None  # a missing answer is dropped from both
    expected_linear = independent_kappa(a, b, 1)
    expected_quadratic = independent_kappa(a, b, 2)
    assert weighted_kappa(a, b, "linear") == pytest.approx(expected_linear)
    assert weighted_kappa(a, b, "quadratic") == pytest.approx(expected_quadratic)


def test_weighted_kappa_edge_cases():
    assert weighted_kappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]) == pytest.approx(1.0)  # everyone agrees
    assert weighted_kappa([1, 2, 3], [3, 2, 1]) < 0  # worse than chance
    assert weighted_kappa([3, 3, 3], [3, 3, 3]) is None  # no variation: undefined
    assert weighted_kappa([2, 4], [None, None]) is None  # nothing answered
    assert weighted_kappa([1, 2, 3, 4], [1, 2, 3, None]) == pytest.approx(1.0)  # missing dropped
    with pytest.raises(ValueError):
        weighted_kappa([1, 2], [1])


# -- Krippendorff's alpha -----------------------------------------------------------------
@pytest.mark.parametrize(
    "level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_alpha_reproduces_the_published_worked_example(level, published):
    ours = krippendorff_alpha(KRIPPENDORFF_2011, level)
    assert round(ours, 3) == published
    assert ours == pytest.approx(package_alpha(KRIPPENDORFF_2011, level), abs=1e-12)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("level", ["ordinal", "interval", "nominal"])
def test_alpha_matches_the_krippendorff_package(seed, level):
    rng = random.Random(seed * 7 + len(level))
    coders, units = rng.randint(2, 7), rng.randint(3, 12)
    truth = [rng.randint(1, 5) for _ in range(units)]
    data = [
        [None if rng.random() < 0.15 else min(5, max(1, t + rng.choice([-1, 0, 0, 1, 2]))) for t in truth]
        for _ in range(coders)
    ]
    try:
        expected = package_alpha(data, level)
    except ValueError:  # too little data for the package: we must say "undefined"
        assert krippendorff_alpha(data, level) is None
        return
    if math.isnan(expected):  # the package's "undefined" (e.g. one pairable value only)
        assert krippendorff_alpha(data, level) is None
        return
    assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-9)


def test_alpha_is_one_when_everyone_agrees():
    data = [[1, 3, 5, 2], [1, 3, 5, 2], [1, 3, 5, 2]]
    assert krippendorff_alpha(data) == pytest.approx(1.0)
    assert package_alpha(data, "ordinal") == pytest.approx(1.0)


def test_alpha_is_undefined_without_variation_or_with_one_coder():
    same = [[3, 3, 3], [3, 3, 3]]
    assert krippendorff_alpha(same) is None
    with pytest.raises(ValueError):  # the package refuses the same data
        package_alpha(same, "ordinal")
    one = [[1, 2, 3]]
    assert krippendorff_alpha(one) is None
    with pytest.raises(ValueError):
        package_alpha(one, "ordinal")


def test_alpha_ignores_units_with_a_single_value():
    with_gap = [[1, 2, 3, 4], [1, 2, 4, None]]
    without_unit = [[1, 2, 3], [1, 2, 4]]
    assert krippendorff_alpha(with_gap) == pytest.approx(krippendorff_alpha(without_unit))
    assert krippendorff_alpha(with_gap) == pytest.approx(package_alpha(with_gap, "ordinal"))


def test_alpha_ordinal_and_interval_differ_on_uneven_use_of_steps():
    data = [[1, 1, 1, 2, 5, 5], [1, 1, 2, 2, 4, 5]]
    ordinal, interval = krippendorff_alpha(data, "ordinal"), krippendorff_alpha(data, "interval")
    assert not math.isclose(ordinal, interval)
    assert ordinal == pytest.approx(package_alpha(data, "ordinal"))
    assert interval == pytest.approx(package_alpha(data, "interval"))


# -- a group against one reference ------------------------------------------------------
REFERENCE = {"housing": 4, "care": 3, "health": 2, "debts": 4}


def test_group_summary_per_trainee_and_across_the_group():
    answers = {
        "Anna": {"housing": 4, "care": 3, "health": 2, "debts": 4},
        "Bo": {"housing": 4, "care": 2, "health": 4, "debts": 1},
        "Cem": {"housing": 3, "care": 3, "health": 3, "debts": 2},
    }
    summary = group_summary(REFERENCE, answers, ["housing", "care", "health", "debts"])
    anna, bo, cem = summary.trainees
    assert (anna.name, anna.agreement.exact, anna.kappa) == ("Anna", 1.0, pytest.approx(1.0))
    assert bo.agreement.exact == pytest.approx(1 / 4) and bo.agreement.within_one == pytest.approx(2 / 4)
    assert cem.agreement.within_one == pytest.approx(3 / 4)
    ref = [4, 3, 2, 4]
    assert bo.kappa == pytest.approx(independent_kappa(ref, [4, 2, 4, 1], 1))
    data = [[4, 3, 2, 4], [4, 2, 4, 1], [3, 3, 3, 2]]
    assert summary.alpha == pytest.approx(package_alpha(data, "ordinal"))
    # debts: 4, 1, 2 -> pairs |4-1|,|4-2|,|1-2| = 3,2,1 -> spread 2; health: 2,4,3 -> 2,1,1 -> 4/3
    spreads = {d.sub_id: d.spread for d in summary.divisions}
    assert spreads == pytest.approx({"housing": 2 / 3, "care": 2 / 3, "health": 4 / 3, "debts": 2.0})
    assert summary.most_divisive == "debts"
    assert summary.ranking[0] == "debts" and summary.ranking[1] == "health"
    assert summary.furthest_from_reference == "debts"
    assert (summary.kappa_weights, summary.alpha_level) == ("linear", "ordinal")


def test_group_where_everyone_agrees_with_the_reference():
    answers = {name: dict(REFERENCE) for name in ("Anna", "Bo", "Cem")}
    summary = group_summary(REFERENCE, answers)
    assert summary.alpha == pytest.approx(1.0)
    assert all(t.agreement.exact == 1.0 and t.kappa == pytest.approx(1.0) for t in summary.trainees)
    assert summary.most_divisive is None and summary.furthest_from_reference is None


def test_group_that_agrees_but_not_with_the_reference():
    answers = {n: {"housing": 4, "care": 3, "health": 4, "debts": 4} for n in ("Anna", "Bo")}
    summary = group_summary(REFERENCE, answers)
    assert summary.most_divisive is None  # nobody differs from anybody
    assert summary.furthest_from_reference == "health"  # but everyone differs from the reference there


def test_group_with_one_trainee_has_no_alpha():
    summary = group_summary(REFERENCE, {"Anna": {"housing": 4, "care": 2}})
    assert summary.alpha is None
    assert summary.trainees[0].agreement.missing == 2
    assert summary.most_divisive is None
    assert all(d.spread is None for d in summary.divisions)


def test_group_with_a_missing_answer():
    answers = {
        "Anna": {"housing": 4, "care": 3, "health": 2, "debts": 4},
        "Bo": {"housing": 4, "care": 3, "health": None, "debts": 3},
    }
    summary = group_summary(REFERENCE, answers)
    assert summary.trainees[1].agreement.compared == 3
    health = next(d for d in summary.divisions if d.sub_id == "health")
    assert health.answers == (2,) and health.spread is None
    data = [[4, 3, 2, 4], [4, 3, None, 3]]
    assert summary.alpha == pytest.approx(package_alpha(data, "ordinal"))
    assert summary.most_divisive == "debts"


def test_empty_group():
    summary = group_summary(REFERENCE, {})
    assert summary.trainees == () and summary.alpha is None and summary.most_divisive is None


def test_ties_in_division_follow_the_bridge_order():
    ref = {"a": 3, "b": 3, "c": 3}
    answers = {"x": {"a": 1, "b": 1, "c": 3}, "y": {"a": 2, "b": 2, "c": 3}}
    summary = group_summary(ref, answers, ["b", "a", "c"])
    assert summary.most_divisive == "b"
    assert list(itertools.islice(summary.ranking, 2)) == ["b", "a"]
