"""The workbook score: our own formula, checked by hand on small bridges."""

from __future__ import annotations

import datetime as dt

import pytest

from mmwidgets.model.assessment import Assessment, Choice, InvalidInput, check_step, parse_date
from mmwidgets.model.client import check_pseudonym, looks_like_bsn
from mmwidgets.model.bridge.definition import definition_from_text
from mmwidgets.model.score import change, format_score, formula_sentence, score, step_score

STEP = "{label: {nl: L, en: L}, text: {nl: T, en: T}}"


def bridge(weights=False):
    pw = ["weight: 75", "weight: 25"] if weights else ["", ""]
    return definition_from_text(
        f"""
id: proef
version: 1
name: {{nl: Proef, en: Test}}
pillars:
  - id: a
    name: {{nl: A, en: A}}
    colour: "#112233"
    {pw[0]}
    subpillars:
      - id: a1
        name: {{nl: A1, en: A1}}
        steps: [{STEP}, {STEP}, {STEP}, {STEP}, {STEP}]
      - id: a2
        name: {{nl: A2, en: A2}}
        steps: [{STEP}, {STEP}, {STEP}]
  - id: b
    name: {{nl: B, en: B}}
    colour: "#445566"
    {pw[1]}
    subpillars:
      - id: b1
        name: {{nl: B1, en: B1}}
        steps: [{STEP}, {STEP}]
"""
    )


def assessment(**steps):
    return Assessment(client_id=1, date=dt.date(2026, 3, 9), definition_id="proef", definition_version=1,
                      choices={k: Choice(step=v) for k, v in steps.items()})


def test_bottom_step_is_zero_and_top_step_is_hundred_whatever_the_count():
    assert step_score(1, 5) == 0
    assert step_score(5, 5) == 100
    assert step_score(2, 3) == 50
    assert step_score(2, 2) == 100


def test_pillar_is_the_mean_of_its_answered_subpillars_and_unanswered_do_not_count():
    result = score(bridge(), assessment(a1=3, a2=3))
    assert result.subpillars == {"a1": 50, "a2": 100, "b1": None}
    assert result.pillars == {"a": 75, "b": None}
    assert result.total == 75  # pillar b has no answer yet: it does not pull the score to 0


def test_total_uses_pillar_weights():
    result = score(bridge(weights=True), assessment(a1=1, a2=1, b1=2))
    assert result.pillars == {"a": 0, "b": 100}
    assert result.total == pytest.approx(25)
    equal = score(bridge(), assessment(a1=1, a2=1, b1=2))
    assert equal.total == pytest.approx(50)


def test_no_answers_no_score():
    assert score(bridge(), assessment()).total is None
    assert score(bridge(), None).total is None
    assert format_score(None) == "–"


def test_change_between_two_assessments_is_like_for_like():
    # before: a1 step 2 of 5 = 25, b1 step 1 of 2 = 0; after: a1 4 of 5 = 75, a2 2 of 3 = 50 (new), b1 2 of 2 = 100.
    # Only a1 and b1 were answered both times: pillar a 25 -> 75 (+50), b 0 -> 100 (+100),
    # total (equal pillar weights) 12.5 -> 87.5 = +75. a2 (answered only after) does not count.
    d = bridge()
    delta = change(d, assessment(a1=2, b1=1), assessment(a1=4, a2=2, b1=2))
    assert delta.steps == {"a1": 2, "a2": None, "b1": 1}
    assert delta.pillars == {"a": pytest.approx(50), "b": pytest.approx(100)}
    assert delta.total == pytest.approx(75)
    assert (delta.based_on, delta.of) == (2, 3)
    assert delta.pillar_based_on == {"a": 1, "b": 1}


def test_formula_sentence_names_the_weights_in_both_languages():
    d = bridge(weights=True)
    nl, en = formula_sentence(d, "nl"), formula_sentence(d, "en")
    assert "A 75%" in nl and "B 25%" in nl and "trede" in nl
    assert "A 75%" in en and "step" in en
    assert formula_sentence(bridge(), "nl").count("50%") == 2


def test_steps_outside_the_definition_are_refused():
    d = bridge()
    assert check_step(d, "a2", 3) == 3
    for bad in (0, 4, -1, True, "2"):
        with pytest.raises(InvalidInput) as err:
            check_step(d, "a2", bad)
        assert "1" in err.value.message("nl") and "3" in err.value.message("nl")
    with pytest.raises(InvalidInput) as err:
        check_step(d, "zz", 1)
    assert "zz" in err.value.message("en")


def test_dates_in_dutch_and_iso_form_and_a_clear_message_otherwise():
    assert parse_date("9-3-2026") == dt.date(2026, 3, 9)
    assert parse_date("2026-03-09") == dt.date(2026, 3, 9)
    assert parse_date("09/03/2026") == dt.date(2026, 3, 9)
    with pytest.raises(InvalidInput) as err:
        parse_date("31-02-2026")
    assert "geen datum" in err.value.message("nl")
    assert "not a date" in err.value.message("en")


def test_pseudonyms_never_a_bsn():
    assert check_pseudonym("  Zonne   bloem ") == "Zonne bloem"
    assert looks_like_bsn("123 456 782")
    assert looks_like_bsn("Jan 12345678")
    assert not looks_like_bsn("Huis 12")
    for bad in ("", "   ", "123456782", "x" * 61):
        with pytest.raises(InvalidInput):
            check_pseudonym(bad)
