"""Suggested steps from the client's own figures, with Dutch worked examples; and the norms file."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from mmwidgets.i18n import t
from mmwidgets.model.assessment import InvalidInput
from mmwidgets.model.bridge.definition import definition_from_data, definition_to_data, load_definition
from mmwidgets.model.bridge.files import DataFileError
from mmwidgets.model.bridge.norms import Norms, load_norm_table, load_norms, norm_table_from_data
from mmwidgets.model.bridge.step_rules import (
    DEBT_STAGES,
    EDUCATION_LEVELS,
    STARTKWALIFICATIE,
    Figures,
    figures_from_input,
    needed_figures,
    parse_amount,
    suggest_step,
)

REPO = Path(__file__).resolve().parents[1]
GEMEENTE = REPO / "data" / "bridges" / "gemeente-schulden.yaml"
NORMS = REPO / "data" / "norms" / "sociaal-minimum.yaml"


@pytest.fixture(scope="module")
def gemeente():
    return load_definition(GEMEENTE)


@pytest.fixture(scope="module")
def norms():
    return load_norms()


# -- the norms file ---------------------------------------------------------------------------
def test_shipped_norms_say_they_are_approximate_and_have_source_and_date():
    table = load_norm_table(NORMS)
    raw = NORMS.read_text(encoding="utf-8")
    assert table.approximate is True
    assert "VOORBEELDBEDRAGEN" in raw and "APPROXIMATE EXAMPLE AMOUNTS" in raw
    assert "januari" in table.warning.get("nl") and "January" in table.warning.get("en")
    entry = table.year_for(2026)
    assert entry.year == 2026 and entry.checked.year in (2025, 2026)
    assert entry.source.get("nl") and entry.source.get("en")
    # realistic order of magnitude for a single adult's social minimum, net per month
    assert 1200 < entry.amounts["alleenstaand"] < 1700
    assert entry.amounts["paar"] > entry.amounts["alleenstaand"]
    assert set(entry.amounts) == set(table.household_types)


def test_missing_year_falls_back_to_latest_earlier_year_and_none_before_the_first():
    table = load_norm_table(NORMS)
    assert table.year_for(2031).year == 2026
    assert table.year_for(2025).year == 2025
    assert table.year_for(2019) is None
    assert table.amount("alleenstaand", 2019) is None
    assert table.amount("onbekend", 2026) is None


def _norm_data():
    return yaml.safe_load(NORMS.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change, code",
    [
        (lambda d: d["years"].append(copy.deepcopy(d["years"][0])), "duplicate_year"),
        (lambda d: d["years"][0]["amounts"].__setitem__("eenoudergezin", 1500), "unknown_household"),
        (lambda d: d["years"][0]["amounts"].__setitem__("alleenstaand", -3), "pyd_greater_than"),
        (lambda d: d["years"][0].pop("source"), "pyd_missing"),
        (lambda d: d["years"][0].__setitem__("checked", "gisteren"), "date_form"),
    ],
)
def test_broken_norms_are_refused_with_a_message_in_both_languages(change, code):
    data = _norm_data()
    change(data)
    with pytest.raises(DataFileError) as info:
        norm_table_from_data(data, "normen.yaml")
    codes = [p.code for p in info.value.problems]
    assert code in codes or (code.startswith("pyd_date") and any(c.startswith("pyd_date") for c in codes))
    for lang in ("nl", "en"):
        for message in info.value.messages(lang):
            assert message.startswith("normen.yaml: ") and "val." not in message


def test_two_norm_files_with_one_id_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(NORMS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(NORMS.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_norms(tmp_path)
    assert info.value.problems[0].code == "duplicate_id"


# -- worked examples ----------------------------------------------------------------------------
def test_rent_after_huurtoeslag_example_from_the_issue(gemeente, norms):
    # € 800 rent, € 213,70 huurtoeslag, € 1.430 net: 586,30 / 1430 = 41,0%
    sub = gemeente.subpillar("woonlasten")
    s = suggest_step(sub, {"net_income": "1.430", "rent": "800", "huurtoeslag": "213,70"}, norms, "nl")
    assert s.step == 2 and s.label == "Te hoog"
    assert s.reason == "huur na huurtoeslag is 41% van het inkomen"
    assert "Reden: huur na huurtoeslag is 41% van het inkomen" in s.sentence()
    en = suggest_step(sub, {"net_income": "1430", "rent": "800", "huurtoeslag": "213.70"}, norms, "en")
    assert en.step == 2 and en.reason == "rent after housing benefit is 41% of income"
    assert en.sentence().startswith("Suggestion: step 2 (Too high).")


@pytest.mark.parametrize(
    "income, rent, toeslag, step, shown",
    [
        ("1500", "600", None, 2, "40"),  # exactly 40%: at_least 40 -> step 2
        ("1500", "599,40", None, 3, "39,9"),  # 39,96%: below 40, shown cut off, never "40"
        ("1500", "750", None, 1, "50"),  # exactly half: step 1
        ("2000", "700", "200", 4, "25"),  # exactly 25% after toeslag: at_least 25 -> step 4
        ("2000", "699,98", "200", 5, "24,9"),  # 24,999%: shown cut off, below 25 -> step 5
        ("1200", "500", "600", 5, "0"),  # toeslag larger than rent: no cost, not negative
    ],
)
def test_housing_cost_edges(gemeente, norms, income, rent, toeslag, step, shown):
    figures = {"net_income": income, "rent": rent, "huurtoeslag": toeslag}
    s = suggest_step(gemeente.subpillar("woonlasten"), figures, norms, "nl")
    assert s.step == step
    assert f" {shown}% " in s.reason


@pytest.mark.parametrize(
    "household, income, year, step, norm_text",
    [
        ("alleenstaand", "1430", 2026, 3, "€ 1.430"),  # exactly the norm: 100% -> "rond het minimum"
        ("alleenstaand", "1429,99", 2026, 2, "€ 1.430"),  # one cent below: under the minimum
        ("alleenstaande_ouder", "714,99", 2026, 1, "€ 1.430"),  # under half
        ("alleenstaande_ouder", "715", 2026, 2, "€ 1.430"),  # exactly half
        ("paar", "2451,60", 2026, 4, "€ 2.043"),  # exactly 120%
        ("paar", "2451", 2026, 3, "€ 2.043"),  # 119,97%: still below 120
        ("paar", "3064,50", 2026, 5, "€ 2.043"),  # exactly 150%
        ("alleenstaand", "1430", 2025, 3, "€ 1.401,50"),  # 2025 norm: 102%
        ("paar_aow", "2000", 2030, 2, "€ 2.158"),  # 2030 not in the file: the 2026 norm, said so
    ],
)
def test_income_against_the_norm_per_household(gemeente, norms, household, income, year, step, norm_text):
    s = suggest_step(
        gemeente.subpillar("inkomen"), {"household": household, "net_income": income, "year": year}, norms, "nl"
    )
    assert s.step == step
    table = norms.get("sociaal-minimum")
    used = table.year_for(year).year
    assert f"({used}: {norm_text})" in s.reason
    assert table.household_types[household].nl in s.reason


def test_income_reason_in_english(gemeente, norms):
    s = suggest_step(
        gemeente.subpillar("inkomen"), {"household": "paar", "net_income": 2043, "year": 2026}, norms, "en"
    )
    assert s.step == 3
    assert s.reason.startswith("net income €2,043 is 100% of the social minimum")


@pytest.mark.parametrize(
    "savings, costs, step",
    [("0", "1000", 1), ("249,99", "1000", 1), ("250", "1000", 2), ("1000", "1000", 3),
     ("2999,99", "1000", 4), ("3000", "1000", 5), ("12.000", "1.500", 5)],
)
def test_buffer_months_edges(gemeente, norms, savings, costs, step):
    s = suggest_step(gemeente.subpillar("buffer"), {"savings": savings, "monthly_costs": costs}, norms, "nl")
    assert s.step == step
    assert s.reason.startswith("het spaargeld is genoeg voor ")


def test_every_debt_stage_has_a_step(gemeente, norms):
    expected = {"geen_hulp": 1, "aanmelding": 2, "stabilisatie": 3, "regeling": 4, "wsnp": 4, "schuldenvrij": 5}
    assert set(expected) == set(DEBT_STAGES)
    for stage, step in expected.items():
        s = suggest_step(gemeente.subpillar("schuldhulp"), {"debt_stage": stage}, norms, "nl")
        assert s.step == step, stage
        assert s.reason == "fase van schuldhulp: " + t(f"adapt.debt_stage.{stage}", "nl")


def test_education_against_startkwalificatie(gemeente, norms):
    sub = gemeente.subpillar("diploma")
    steps = {level: suggest_step(sub, {"education": level}, norms, "nl").step for level in EDUCATION_LEVELS}
    assert steps["geen_diploma"] == 1 and steps["vmbo"] == 2 and steps["mbo1"] == 2
    assert steps["mbo2"] == steps["havo"] == steps["vwo"] == 3
    assert steps["mbo4"] == 4 and steps["wo"] == 5
    # below step 3 is exactly "no startkwalificatie"
    assert {lvl for lvl, st in steps.items() if st >= 3} == set(STARTKWALIFICATIE)
    assert "nog geen startkwalificatie" in suggest_step(sub, {"education": "mbo1"}, norms, "nl").reason
    assert "is a basic qualification" in suggest_step(sub, {"education": "havo"}, norms, "en").reason


def test_no_suggestion_without_rules_figures_or_norm(gemeente, norms):
    assert suggest_step(gemeente.subpillar("administratie"), {"net_income": 1000}, norms) is None
    assert suggest_step(gemeente.subpillar("woonlasten"), {"net_income": 1000}, norms) is None  # no rent
    assert suggest_step(gemeente.subpillar("woonlasten"), {"net_income": 0, "rent": 500}, norms) is None
    inkomen = gemeente.subpillar("inkomen")
    assert suggest_step(inkomen, {"household": "paar", "net_income": 2000, "year": 2026}, Norms()) is None
    assert suggest_step(inkomen, {"household": "paar", "net_income": 2000, "year": 2019}, norms) is None
    assert suggest_step(inkomen, {"household": "studentenhuis", "net_income": 900, "year": 2026}, norms) is None
    assert needed_figures(inkomen) == ("household", "net_income")
    assert needed_figures(gemeente.subpillar("administratie")) == ()


def test_no_rule_fits_means_no_suggestion():
    data = yaml.safe_load(GEMEENTE.read_text(encoding="utf-8"))
    sub = data["pillars"][3]["subpillars"][1]
    assert sub["id"] == "woonlasten"
    sub["suggest"]["rules"] = [{"step": 1, "at_least": 50}]
    defn = definition_from_data(data, "x")
    assert suggest_step(defn.subpillar("woonlasten"), {"net_income": 1000, "rent": 300}, Norms()) is None


@pytest.mark.parametrize(
    "figures, fragment_nl, fragment_en",
    [
        ({"net_income": "veel"}, "'veel' is geen bedrag", "'veel' is not an amount"),
        ({"rent": "-300"}, "kan niet kloppen", "cannot be right"),
        ({"net_income": "1,2,3"}, "geen bedrag", "not an amount"),
        ({"debt_stage": "failliet"}, "kies een van", "choose one of"),
        ({"household": "Alleen Staand"}, "niet de juiste vorm", "right form"),
        ({"monthly_costs": "0"}, "groter zijn dan 0", "greater than 0"),
    ],
)
def test_bad_figures_are_refused_with_a_translated_message(gemeente, norms, figures, fragment_nl, fragment_en):
    with pytest.raises(InvalidInput) as info:
        suggest_step(gemeente.subpillar("woonlasten"), figures, norms)
    assert fragment_nl in info.value.message("nl")
    assert fragment_en in info.value.message("en")


@pytest.mark.parametrize(
    "typed, value",
    [("1.430,50", 1430.5), ("1430.50", 1430.5), ("€ 1.430", 1430.0), ("1,430.50", 1430.5),
     ("1430,5", 1430.5), ("1.430", 1430.0), ("  ", None), (None, None), (800, 800.0)],
)
def test_amounts_typed_the_dutch_or_english_way(typed, value):
    assert parse_amount(typed) == value


def test_figures_accept_the_model_itself_and_skip_empty_fields():
    f = figures_from_input({"net_income": "", "rent": "700", "debt_stage": None})
    assert f == Figures(rent=700.0)
    assert figures_from_input(f) is f


# -- rules in a definition are validated where they stand ---------------------------------------------
def _gemeente_data():
    return yaml.safe_load(GEMEENTE.read_text(encoding="utf-8"))


def _suggest(data, sub_id):
    for pillar in data["pillars"]:
        for sub in pillar["subpillars"]:
            if sub["id"] == sub_id:
                return sub["suggest"]
    raise KeyError(sub_id)


@pytest.mark.parametrize(
    "sub_id, change, location, code",
    [
        ("woonlasten", lambda s: s.__setitem__("metric", "huurquote"), "pillars[3].subpillars[1].suggest.metric", "pyd_literal_error"),
        ("woonlasten", lambda s: s["rules"][0].__setitem__("step", 6), "pillars[3].subpillars[1].suggest.rules[0].step", "rule_step_missing"),
        ("woonlasten", lambda s: s["rules"][1].__setitem__("below", 30), "pillars[3].subpillars[1].suggest.rules[1]", "rule_empty_range"),
        ("woonlasten", lambda s: s["rules"][0].__setitem__("one_of", ["wsnp"]), "pillars[3].subpillars[1].suggest.rules[0].one_of", "rule_needs_numbers"),
        ("woonlasten", lambda s: s.__setitem__("norm", "sociaal-minimum"), "pillars[3].subpillars[1].suggest.norm", "rule_norm_unused"),
        ("woonlasten", lambda s: s["rules"].insert(0, {"step": 3}), "pillars[3].subpillars[1].suggest.rules", "rule_catch_all_not_last"),
        ("schuldhulp", lambda s: s["rules"][0].__setitem__("one_of", ["faillissement"]), "pillars[2].subpillars[0].suggest.rules[0].one_of", "rule_unknown_category"),
        ("schuldhulp", lambda s: s["rules"][0].__setitem__("at_least", 3), "pillars[2].subpillars[0].suggest.rules[0].at_least", "rule_needs_one_of"),
        ("schuldhulp", lambda s: s.__setitem__("rules", []), "pillars[2].subpillars[0].suggest.rules", "pyd_too_short"),
        ("schuldhulp", lambda s: s.__setitem__("regels", []), "pillars[2].subpillars[0].suggest.regels", "pyd_extra_forbidden"),
    ],
)
def test_broken_rules_point_at_the_field(sub_id, change, location, code):
    data = _gemeente_data()
    change(_suggest(data, sub_id))
    with pytest.raises(DataFileError) as info:
        definition_from_data(data, "gemeente.yaml")
    found = [(p.location, p.code) for p in info.value.problems]
    assert (location, code) in found
    for lang in ("nl", "en"):
        text = " ".join(info.value.messages(lang))
        assert location in text and "val." not in text


def test_rules_round_trip_through_plain_data(gemeente):
    data = definition_to_data(gemeente)
    woonlasten = _suggest(data, "woonlasten")
    assert woonlasten == {
        "metric": "housing_cost_share",
        "rules": [
            {"step": 1, "at_least": 50.0}, {"step": 2, "at_least": 40.0, "below": 50.0},
            {"step": 3, "at_least": 35.0, "below": 40.0}, {"step": 4, "at_least": 25.0, "below": 35.0},
            {"step": 5, "below": 25.0},
        ],
    }
    assert "context_steps" not in str(data)
    assert definition_from_data(data, "again") == gemeente


def test_removing_steps_makes_a_rule_point_nowhere():
    data = _gemeente_data()
    pillar = data["pillars"][2]
    pillar["subpillars"][0]["steps"] = pillar["subpillars"][0]["steps"][:3]
    with pytest.raises(DataFileError) as info:
        definition_from_data(data, "x")
    messages = info.value.messages("nl")
    assert any("trede 4 bestaat hier niet; dit onderdeel heeft 3 treden" in m for m in messages)
    assert any("step 5 does not exist here; this sub-pillar has 3 steps" in m for m in info.value.messages("en"))


def test_every_shipped_bridge_passes_its_own_colour_check():
    # a designer opening a shipped bridge must not be told its colours are too light (WCAG 1.4.11, 1.4.3)
    from mmwidgets.model.bridge.definition import load_definition
    from mmwidgets.model.bridge.files import shipped_data_dir
    from mmwidgets.model.bridge.palette import colour_advice

    paths = sorted((shipped_data_dir() / "bridges").glob("*.yaml"))
    assert paths
    for path in paths:
        for pillar in load_definition(path).pillars:
            advice = colour_advice(pillar.colour)
            assert advice.ok, f"{path.name}: {pillar.id} {pillar.colour} {advice.problems}"
