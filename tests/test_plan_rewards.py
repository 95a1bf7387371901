"""The reward scheme (data/rewards/default.yaml), suggestions and the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.model.plan import Action, Goal, RewardGiven
from mmwidgets.model.plan.rewards import (
    default_scheme_path,
    ledger_by_period,
    ledger_total,
    load_reward_scheme,
    money,
    period_of,
    scheme_from_text,
    suggest_reward,
)

TODAY = dt.date(2026, 3, 11)


@pytest.fixture(scope="module")
def scheme():
    return load_reward_scheme()


def shipped_data() -> dict:
    return yaml.safe_load(default_scheme_path().read_text(encoding="utf-8"))


def test_shipped_scheme_is_valid_and_ordered(scheme):
    assert default_scheme_path().name == "default.yaml"
    assert [t.min_points for t in scheme.tiers] == sorted(t.min_points for t in scheme.tiers)
    assert scheme.tiers[0].min_points == 0
    for tier in scheme.tiers:
        assert tier.name.get("nl") and tier.name.get("en")


def test_a_small_goal_gets_the_smallest_tier(scheme):
    goal = Goal(text="Bel de huisarts", start_step=2, target_step=3)
    suggestion = suggest_reward(scheme, goal, TODAY)
    assert suggestion.tier.id == scheme.tiers[0].id
    assert suggestion.points == 1
    assert suggestion.value_cents == scheme.tiers[0].amount_cents


def test_a_harder_goal_gets_a_bigger_tier_with_its_reasons(scheme):
    goal = Goal(
        text="Een baan vinden",
        start_step=1,
        target_step=4,
        target_date=TODAY + dt.timedelta(weeks=20),
        actions=[Action(what=f"stap {i}") for i in range(7)],
        waits_for="abcdef123456",
    )
    suggestion = suggest_reward(scheme, goal, TODAY)
    rules = scheme.difficulty
    expected = 3 * rules.per_step + rules.many_actions_points + rules.long_points + rules.waits_points
    assert suggestion.points == expected
    assert suggestion.tier == scheme.tier_for(expected)
    assert suggestion.tier.id == scheme.tiers[-1].id
    codes = [code for code, _ in suggestion.reasons]
    assert codes == ["steps", "many_actions", "long", "waits"]
    assert suggestion.interim_cents % 100 == 0 and 0 < suggestion.interim_cents < suggestion.value_cents
    nl = suggestion.sentence("nl", scheme)
    en = suggestion.sentence("en", scheme)
    assert "3 trede" in nl and "7 acties" in nl and "€" in nl
    assert "3 step" in en and "7 actions" in en


def test_the_current_step_from_the_bridge_counts_when_the_goal_has_no_start(scheme):
    goal = Goal(text="Schulden in een regeling", target_step=4)
    assert suggest_reward(scheme, goal, TODAY, current_step=2).points == 2 * scheme.difficulty.per_step
    assert suggest_reward(scheme, goal, TODAY).points == scheme.difficulty.per_step


def test_amounts_come_from_the_editable_file(tmp_path: Path):
    data = shipped_data()
    data["tiers"][0]["amount"] = 7.5
    path = tmp_path / "ours.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scheme = load_reward_scheme(path)
    suggestion = suggest_reward(scheme, Goal(text="x"), TODAY)
    assert suggestion.value_cents == 750
    assert money(750, "nl") == "€\u00a07,50" and money(750, "en") == "€7.50"
    assert money(2500, "nl") == "€\u00a025"


def test_env_override_of_the_scheme(tmp_path, monkeypatch):
    data = shipped_data()
    data["id"] = "gemeente-x"
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("MM_REWARD_SCHEME", str(path))
    assert load_reward_scheme().id == "gemeente-x"


@pytest.mark.parametrize(
    "change, code",
    [
        (lambda d: d["tiers"].reverse(), "plan_tier_start"),
        (lambda d: d["tiers"][1].__setitem__("min_points", 0), "plan_tier_order"),
        (lambda d: d["tiers"][1].__setitem__("id", d["tiers"][0]["id"]), "duplicate_id"),
        (lambda d: d["tiers"][0].__setitem__("amount", -1), "pyd_greater_than_equal"),
        (lambda d: d.__setitem__("tiers", []), "pyd_too_short"),
        (lambda d: d.__setitem__("bonus", 3), "pyd_extra_forbidden"),
        (lambda d: d["tiers"][0].pop("name"), "pyd_missing"),
    ],
)
def test_a_broken_scheme_gives_a_clear_message(change, code):
    data = shipped_data()
    change(data)
    with pytest.raises(DataFileError) as info:
        scheme_from_text(yaml.safe_dump(data, allow_unicode=True), "kapot.yaml")
    assert code in [p.code for p in info.value.problems]
    for lang in ("nl", "en"):
        for message in info.value.messages(lang):
            assert message.startswith("kapot.yaml") and "val." not in message


def test_not_yaml_and_missing_file(tmp_path):
    with pytest.raises(DataFileError) as info:
        scheme_from_text("tiers: [", "x.yaml")
    assert info.value.problems[0].code == "not_yaml"
    with pytest.raises(DataFileError) as info:
        load_reward_scheme(tmp_path / "weg.yaml")
    assert info.value.problems[0].code == "file_missing"


def ledger():
    return [
        RewardGiven(date=dt.date(2026, 1, 5), for_what="a", value_cents=1000),
        RewardGiven(date=dt.date(2026, 1, 30), for_what="b", value_cents=500),
        RewardGiven(date=dt.date(2026, 3, 31), for_what="c", value_cents=2500),
        RewardGiven(date=dt.date(2026, 4, 1), for_what="d", value_cents=0, kind="intangible"),
        RewardGiven(date=dt.date(2025, 12, 31), for_what="e", value_cents=700),
    ]


def test_ledger_totals_per_client_and_period():
    entries = ledger()
    assert ledger_total(entries) == 4700
    assert ledger_total(entries, dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == 4000
    months = ledger_by_period(entries, "month")
    assert [(p.start, p.cents, p.count) for p in months] == [
        (dt.date(2025, 12, 1), 700, 1),
        (dt.date(2026, 1, 1), 1500, 2),
        (dt.date(2026, 3, 1), 2500, 1),
        (dt.date(2026, 4, 1), 0, 1),
    ]
    quarters = ledger_by_period(entries, "quarter")
    assert [(p.start, p.end, p.cents) for p in quarters] == [
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31), 700),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31), 4000),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30), 0),
    ]
    years = ledger_by_period(entries, "year")
    assert [(p.start.year, p.cents) for p in years] == [(2025, 700), (2026, 4000)]
    assert months[1].label("nl", "month") == "januari 2026"
    assert months[1].label("en", "month") == "January 2026"
    assert quarters[1].label("nl", "quarter") == "kwartaal 1 van 2026"


def test_period_bounds():
    assert period_of(dt.date(2026, 2, 14), "month") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_of(dt.date(2026, 12, 14), "month") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert period_of(dt.date(2026, 11, 1), "quarter") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    with pytest.raises(ValueError):
        period_of(dt.date(2026, 1, 1), "week")
