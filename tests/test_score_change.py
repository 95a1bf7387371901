"""Honest change: like-for-like between two conversations, and how much a score rests on.

Worked examples on a small bridge: pillar a (a1, a2, a3) and pillar b (b1, b2), 5 steps each,
so steps 1..5 count 0, 25, 50, 75, 100; equal pillar weights.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from mmwidgets.model.assessment import Assessment, Choice
from mmwidgets.model.bridge.definition import definition_from_text
from mmwidgets.model.score import (
    change,
    change_sentence,
    coverage,
    coverage_sentence,
    format_one_decimal,
    format_points,
    score,
)

STEP = "{label: {nl: L, en: L}, text: {nl: T, en: T}}"
STEPS = f"[{STEP}, {STEP}, {STEP}, {STEP}, {STEP}]"


def bridge():
    subs = lambda ids: "\n".join(f"      - {{id: {i}, name: {{nl: {i}, en: {i}}}, steps: {STEPS}}}" for i in ids)  # noqa: E731
    return definition_from_text(
        f"""
id: proef
version: 1
name: {{nl: Proef, en: Test}}
pillars:
  - id: a
    name: {{nl: A, en: A}}
    colour: "#112233"
    subpillars:
{subs(["a1", "a2", "a3"])}
  - id: b
    name: {{nl: B, en: B}}
    colour: "#445566"
    subpillars:
{subs(["b1", "b2"])}
"""
    )


def talk(day=dt.date(2026, 11, 30), **steps):
    return Assessment(client_id=1, date=day, definition_id="proef", definition_version=1,
                      choices={k: Choice(step=v) for k, v in steps.items()})


MONTH_AGO = dt.date(2026, 10, 30)


def test_up_on_three_and_down_on_none_is_never_a_negative_change():
    d = bridge()
    before = talk(MONTH_AGO, a1=4, a2=4, b1=4)  # 75, 75 | 75 -> total 75
    after = talk(a1=5, a2=5, b1=5, a3=1, b2=1)  # three up to 100; two answered for the first time, low
    # Plain totals over different sets would say 75 -> 58.3 (a: (100+100+0)/3, b: (100+0)/2): a drop.
    assert score(d, after).total < score(d, before).total
    result = change(d, before, after)
    assert result.total == pytest.approx(25)  # like-for-like: 75 -> 100 on a1, a2, b1
    assert result.pillars == {"a": pytest.approx(25), "b": pytest.approx(25)}
    assert (result.based_on, result.of) == (3, 5)
    assert result.pillar_based_on == {"a": 2, "b": 1}
    assert change_sentence(result, MONTH_AGO, "nl") == (
        "+25,0 punten sinds 30-10-2026, gebaseerd op 3 van de 5 onderdelen die beide keren zijn ingevuld."
    )
    assert change_sentence(result, MONTH_AGO, "en").startswith("+25.0 points since 30-10-2026, based on 3 of the 5 parts")


def test_a_mixed_change_counts_only_what_was_answered_both_times():
    d = bridge()
    before = talk(MONTH_AGO, a1=2, a3=5, b2=3)  # a1 25, a3 100, b2 50
    after = talk(a1=3, a3=4, b1=5)  # a1 50 (+25), a3 75 (-25); b2 not answered now, b1 new
    result = change(d, before, after)
    assert result.steps == {"a1": 1, "a2": None, "a3": -1, "b1": None, "b2": None}
    assert result.pillars == {"a": pytest.approx(0), "b": None}  # b has nothing answered both times
    assert result.total == pytest.approx(0)
    assert result.based_on == 2 and result.pillar_based_on == {"a": 2, "b": 0}
    assert change_sentence(result, MONTH_AGO, "nl").startswith("Gelijk gebleven sinds 30-10-2026, gebaseerd op 2 van de 5")


def test_a_drop_is_shown_as_a_drop_with_a_dutch_decimal_comma():
    d = bridge()
    result = change(d, talk(MONTH_AGO, a1=3, a2=3, b1=3), talk(a1=3, a2=2, b1=3))
    # a: 50 -> 37.5 (-12.5), b: 0 change; total -6.25
    assert result.total == pytest.approx(-6.25)
    assert format_points(result.total, "nl").startswith("-6,")
    assert format_points(-2.5, "nl") == "-2,5" and format_points(-2.5, "en") == "-2.5"
    assert change_sentence(result, MONTH_AGO, "nl").endswith("onderdelen die beide keren zijn ingevuld.")
    assert format_points(1.5, "nl") == "+1,5" and format_points(1.5, "en") == "+1.5"
    assert format_points(0.04, "nl") == "0"


def test_nothing_answered_both_times_gives_no_number():
    d = bridge()
    result = change(d, talk(MONTH_AGO, a1=5), talk(a2=1, b1=2))
    assert result.total is None and result.based_on == 0
    assert change_sentence(result, MONTH_AGO, "nl") == (
        "Nog geen vergelijking met 30-10-2026: geen onderdeel is beide keren ingevuld."
    )


def test_one_answer_out_of_five_is_not_a_whole_score():
    d = bridge()
    one = talk(a1=5)
    assert score(d, one).total == pytest.approx(100)  # the number alone would look like "100 van 100"
    cov = coverage(d, one)
    assert (cov.answered, cov.total, cov.complete, cov.level) == (1, 5, False, "few")
    assert coverage_sentence(cov, "nl") == "1 van 5 onderdelen ingevuld"
    assert coverage_sentence(cov, "en") == "1 of 5 parts answered"
    assert coverage(d, talk(a1=1, a2=1, a3=1)).level == "partial"
    full = coverage(d, talk(a1=1, a2=1, a3=1, b1=2, b2=2))
    assert full.complete and full.level == "complete"
    assert coverage(d, None).level == "none" and coverage(d, talk()).answered == 0
    assert coverage(d, one, "a").total == 3 and coverage(d, one, "b").answered == 0


def test_scores_shown_with_one_decimal_in_the_language_of_the_screen():
    assert format_one_decimal(100 / 3, "nl") == "33,3"
    assert format_one_decimal(100 / 3, "en") == "33.3"
    assert format_one_decimal(None, "nl") == "–"


def test_no_step_down_means_no_drop_for_many_random_pairs():
    d = bridge()
    ids = ["a1", "a2", "a3", "b1", "b2"]
    rng = random.Random(8)
    for _ in range(500):
        before = {i: rng.randint(1, 5) for i in ids if rng.random() < 0.6}
        after = {i: rng.randint(1, 5) for i in ids if rng.random() < 0.6}
        for i in set(before) & set(after):  # no sub-pillar goes down
            after[i] = max(after[i], before[i])
        result = change(d, talk(MONTH_AGO, **before), talk(**after))
        if result.total is not None:
            assert result.total >= 0
            assert all(v is None or v >= 0 for v in result.pillars.values())
        assert result.based_on == len(set(before) & set(after))
