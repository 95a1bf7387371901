"""The group's answers to exercises 2 to 4, counted as the trainer's view shows them."""

from __future__ import annotations

import pytest

from mmwidgets.model.training.group_answers import answered_count, option_shares, plan_actions


def test_shares_per_option_with_nicknames_in_join_order():
    answers = [("Ada", "1"), ("Ben", "0"), ("Cas", "1"), ("Dee", "1")]
    shares = option_shares(answers, 3)
    assert [s.count for s in shares] == [1, 3, 0]
    assert [s.share for s in shares] == pytest.approx([0.25, 0.75, 0.0])
    assert shares[1].names == ("Ada", "Cas", "Dee") and answered_count(shares) == 4


def test_values_that_are_no_option_are_left_out():
    shares = option_shares([("Ada", "7"), ("Ben", "x"), ("Cas", "-1"), ("Dee", "2")], 3)
    assert [s.count for s in shares] == [0, 0, 1] and shares[2].share == 1.0
    assert all(s.share == 0.0 for s in option_shares([], 2))


def test_plan_actions_read_back_from_what_exercise_3_saves():
    value = '[["Bel de BSO", "client", "2026-12-04"], ["Zoek het formulier", null, null]]'
    actions = plan_actions(value)
    assert [a.what for a in actions] == ["Bel de BSO", "Zoek het formulier"]
    assert actions[0].who == "client" and actions[0].due == "2026-12-04" and actions[1].due is None
    assert plan_actions("not json") == [] and plan_actions('{"a": 1}') == []
