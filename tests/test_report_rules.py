"""Report rules (issue 10) on hand-computed readings: each baseline rule, direction, small groups."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.model.errors import InvalidInput
from mmwidgets.model.reports.rules import (
    baseline_and_latest,
    check_minimum,
    pillar_pair,
    summarise,
)

D = dt.date
START, END = D(2026, 2, 1), D(2026, 12, 31)
READINGS = [(D(2026, 1, 10), 50.0), (D(2026, 3, 10), 25.0), (D(2026, 6, 10), 75.0)]


def test_first_rule_takes_the_first_conversation_even_before_the_period():
    assert baseline_and_latest(READINGS, "first", START, END) == (50.0, 75.0)


def test_first_in_period_rule_ignores_readings_before_the_period():
    assert baseline_and_latest(READINGS, "first_in_period", START, END) == (25.0, 75.0)


def test_lower_of_first_two_takes_the_lower():
    assert baseline_and_latest(READINGS, "lower_of_first_two", START, END) == (25.0, 75.0)
    rosy_second = [(D(2026, 1, 10), 25.0), (D(2026, 3, 10), 50.0), (D(2026, 6, 10), 75.0)]
    assert baseline_and_latest(rosy_second, "lower_of_first_two", START, END) == (25.0, 75.0)


def test_latest_is_the_last_reading_in_the_period_and_one_reading_does_not_count():
    assert baseline_and_latest(READINGS, "first", START, D(2026, 4, 1)) == (50.0, 25.0)
    assert baseline_and_latest(READINGS[:1], "first", D(2026, 1, 1), END) is None
    assert baseline_and_latest(READINGS, "first", D(2027, 1, 1), D(2027, 2, 1)) is None


def test_summary_means_and_shares_and_suppression():
    pairs = [(25, 75), (50, 75), (25, 50), (75, 25), (0, 50), (50, 50)]
    s = summarise("housing", pairs, minimum=5)
    assert (s.clients, s.shown, s.baseline, s.latest, s.change) == (6, True, 37.5, 54.2, 16.7)
    assert (s.up, s.same, s.down) == (0.667, 0.167, 0.167)
    hidden = summarise("housing", pairs)  # default minimum 10
    assert (hidden.clients, hidden.shown, hidden.baseline, hidden.up) == (6, False, None, None)


@pytest.mark.parametrize("value", [4, 0, -1, "10", 5.5, True])
def test_minimum_never_below_five(value):
    with pytest.raises(InvalidInput) as err:
        check_minimum(value)
    assert "5" in err.value.message("nl")


def test_pillar_pair_is_like_for_like_weighted():
    pair = pillar_pair({"a": (0.0, 100.0), "b": (50.0, 50.0)}, {"a": 3.0, "b": 1.0, "c": 1.0})
    assert pair == (12.5, 87.5)
    assert pillar_pair({"x": (1.0, 2.0)}, {"a": 1.0}) is None
